"""Codes shared by models, forms and the plan engine (names from the domain brief, §7)."""

from django.db import models


class Stage(models.TextChoices):
    POOL = "pool", "Pool"
    HANDRAIL = "handrail", "Handrail"
    TREADMILL = "treadmill", "Treadmill"
    TRACK = "track", "Open track"


class Tier(models.TextChoices):
    HIGH = "high", "Extra care"
    MOD = "mod", "Steady"
    LOW = "low", "Ready to build"


class Outcome(models.TextChoices):
    READY = "ready", "Ready to start"
    PAUSED_PHYSICIAN = "paused_physician", "Check with your doctor first"
    PAUSED_REVIEW = "paused_review", "A quick review first"
    PAUSED_SUPPORT = "paused_support", "Needs a safe place to practise"
    NO_PLAN = "no_plan", "Not suitable right now"
    PAUSED_ILLNESS = "paused_illness", "Get well first"


class Clearance(models.TextChoices):
    SELF = "self", "The person's own re-check"
    COACH = "coach", "Their linked coach"
    REVIEW = "review", "A physiotherapist's or doctor's review"
    PHYSICIAN = "physician", "Physician"
