"""Codes shared by models, forms and the plan engine (names from the domain brief, §7)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    POOL = "pool", _("Pool")
    HANDRAIL = "handrail", _("Handrail")
    TREADMILL = "treadmill", _("Treadmill")
    TRACK = "track", _("Open track")


class Tier(models.TextChoices):
    HIGH = "high", _("Extra care")
    MOD = "mod", _("Steady")
    LOW = "low", _("Ready to build")


class Outcome(models.TextChoices):
    READY = "ready", _("Ready to start")
    PAUSED_PHYSICIAN = "paused_physician", _("Check with your doctor first")
    PAUSED_REVIEW = "paused_review", _("A quick review first")
    PAUSED_SUPPORT = "paused_support", _("Needs a safe place to practise")
    NO_PLAN = "no_plan", _("Not suitable right now")
    PAUSED_ILLNESS = "paused_illness", _("Get well first")
    NEEDS_MORE_TIME = "needs_more_time", _("Needs more time each session")


class Clearance(models.TextChoices):
    SELF = "self", _("The person's own re-check")
    COACH = "coach", _("Their linked coach")
    REVIEW = "review", _("A physiotherapist's or doctor's review")
    PHYSICIAN = "physician", _("Physician")
