"""The words of the codes the plan services store (plans.said): a coach's changes, a routine's
changes, a re-check, a new plan, a lapsed supervision, a clearance.

One whole sentence per code, or per case of a code; the parameters are plain values stored
with it (stage codes, dates as ISO text, numbers), put into words in the reader's language.
"""

from datetime import date
from decimal import Decimal

from django.utils import dates
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.units import speed_words
from plans import engine, rules
from plans.models.choices import Stage
from plans.said import Entry, listed, register, render, said, sentences


def stage_label(code: str) -> str:
    """The stage's label ("Treadmill"); an unknown code as it is."""
    try:
        return str(Stage(code).label)
    except ValueError:
        return code


def _lower_stage(code: str) -> str:
    return stage_label(code).lower()


def _day(iso: str, style: str = "j M Y") -> str:
    return date_format(date.fromisoformat(iso), style)


# --- A coach's changes (plans.services.adjustments) ------------------------------------------


def _coach_moved(params) -> str:
    return _("Your coach moved you to the %(stage)s stage.") % {
        "stage": stage_label(params["stage"])
    }


def _coach_dose(params) -> str:
    words = {"level": params["level"], "minutes": params["minutes"]}
    if params.get("today"):
        return (
            _(
                "Your coach set your dose: level %(level)s, %(minutes)s minutes backward, "
                "from today's session."
            )
            % words
        )
    return (
        _("Your coach set your dose: level %(level)s, %(minutes)s minutes backward, from tomorrow.")
        % words
    )


def _coach_supervised(params) -> str:
    stages = params.get("stages") or ()
    if not stages:
        return str(_("Stages with someone trained beside you: none."))
    names = [stage_label(stage) for stage in stages]
    return _("Stages with someone trained beside you: %(stages)s.") % {"stages": listed(names)}


def _coach_speed(params) -> str:
    if params.get("speed_kmh") is None:
        return str(_("Your coach handed the treadmill speed back to the plan."))
    # The client's unit when it was set: the history line is written for them.
    speed = speed_words(Decimal(params["speed_kmh"]), params.get("unit") or "kmh")
    return _("Your coach set your treadmill speed to %(speed)s.") % {"speed": speed}


# --- A routine's changes (plans.services.routine) ---------------------------------------------


def _routine_stage(params) -> str:
    return _(
        "You no longer have a place for the %(old)s stage, so you walk at the %(new)s stage, "
        "at the same level."
    ) % {"old": _lower_stage(params["old"]), "new": _lower_stage(params["new"])}


def _routine_summary(params) -> str:
    """What the person changed: their days, their minutes, their places (whole sentences)."""
    days = params.get("days")
    names = [dates.WEEKDAYS[rules.WEEKDAYS.index(day)] for day in days or ()]
    return sentences(
        _("You now walk on: %(days)s.") % {"days": listed(names)} if days else "",
        _("You have %(minutes)s minutes each time.") % {"minutes": params["minutes"]}
        if params.get("minutes")
        else "",
        _("Your list of places is updated.") if params.get("places") else "",
    )


def _routine_ceiling(params) -> str:
    count = params["count"]
    return ngettext(
        "To keep to %(count)s session in any 7 days, there is no session on %(days)s.",
        "To keep to %(count)s sessions in any 7 days, there is no session on %(days)s.",
        count,
    ) % {"count": count, "days": listed(_day(day, "l j F") for day in params["days"])}


# --- A re-check, a lapsed supervision (plans.services.recheck, .supervision) ------------------


def _recheck_supervised(params) -> str:
    if params.get("why"):
        # v3 §9.2 / §9.14: no coach can add it back; the skipped stage's own reason says why.
        return sentences(_("You move to an easier stage."), render(params["why"]))
    return str(
        _(
            "Your stage now needs someone trained beside you; you move to a stage you "
            "can do on your own until your coach arranges it."
        )
    )


def _supervision_lapsed(params) -> str:
    return _(
        "Your coach link ended, so the stages that need someone with you (%(stages)s) "
        "are out of the plan until a coach confirms them again."
    ) % {"stages": engine.stage_names(params["stages"])}


def _supervision_pause(params) -> str:
    return _(
        "The %(stage)s stage needs someone trained with you every time, and no coach has "
        "confirmed that now. Your plan waits until a coach confirms it again."
    ) % {"stage": _lower_stage(params["stage"])}


def _supervision_stage(params) -> str:
    if params.get("restart"):
        words = _("You walk at the %(stage)s stage from tomorrow, starting again at level 1.")
    else:
        words = _("You walk at the %(stage)s stage from tomorrow, at the same level.")
    return words % {"stage": _lower_stage(params["stage"])}


# --- A clearance (plans.services.clearances) --------------------------------------------------


def _cleared_by(params) -> str:
    """Who cleared the person, when, and who recorded it (one whole sentence per kind, with
    and without a day); the person's own re-check says what they checked."""
    kind, name = params.get("kind"), params.get("name", "")
    values = {
        "name": name,
        "profession": params.get("profession", ""),
        "recorder": params.get("recorder", ""),
        "day": _day(params["day"]) if params.get("day") else "",
    }
    dated = bool(values["day"])
    if kind == "self":
        words = (
            _("The person's own re-check on %(day)s; recorded by %(recorder)s.")
            if dated
            else _("The person's own re-check; recorded by %(recorder)s.")
        )
    elif kind == "coach":
        words = (
            _("Their coach on %(day)s; recorded by %(recorder)s.")
            if dated
            else _("Their coach; recorded by %(recorder)s.")
        )
    elif kind == "review":
        words = (
            _("A review by %(name)s (%(profession)s) on %(day)s; recorded by %(recorder)s.")
            if dated
            else _("A review by %(name)s (%(profession)s); recorded by %(recorder)s.")
        )
    elif name.lower().startswith(("dr ", "dr.")):  # the title typed already
        words = (
            _("%(name)s on %(day)s; recorded by %(recorder)s.")
            if dated
            else _("%(name)s; recorded by %(recorder)s.")
        )
    else:
        words = (
            _("Dr %(name)s on %(day)s; recorded by %(recorder)s.")
            if dated
            else _("Dr %(name)s; recorded by %(recorder)s.")
        )
    checked = ""
    if params.get("checked"):
        checked = _("The person's re-check: pain settled, no warning signs, no new fall.")
    return sentences(words % values, checked)


WORDS = {
    # adjustments
    "coach_advance": Entry(_coach_moved, {"stage": "treadmill"}),
    "coach_step_back": Entry(_coach_moved, {"stage": "pool"}),
    "coach_adjust": Entry(_coach_dose, {"level": 2, "minutes": 6, "today": True}),
    "coach_pause": gettext_lazy("Your coach paused your plan. They will restart it with you."),
    "coach_supervised": Entry(_coach_supervised, {"stages": ["treadmill", "track"]}),
    "coach_speed": Entry(_coach_speed, {"speed_kmh": "3.5", "unit": "mph"}),
    "do.coach_paused": gettext_lazy("Your coach paused your plan: %(reason)s"),
    # routine
    "routine_stage": Entry(_routine_stage, {"old": "pool", "new": "handrail"}),
    "routine_minutes": gettext_lazy(
        "Backward walking is now %(minutes)s minutes, so a session fits your time."
    ),
    "routine": Entry(_routine_summary, {"days": ["mon", "thu"], "minutes": 30, "places": True}),
    "routine_ceiling": Entry(_routine_ceiling, {"count": 2, "days": ["2026-03-05"]}),
    # recheck
    "recheck_pause": gettext_lazy(
        "Under the updated safety rules, your answers need a check first."
    ),
    "recheck_stages": gettext_lazy("The updated safety rules changed which stages suit you."),
    "recheck_supervised": Entry(_recheck_supervised, {"why": said("no_land_before_track")}),
    # intake
    "answered_again": gettext_lazy(
        "Health questions answered again; a new plan replaces this one."
    ),
    "new_plan": gettext_lazy("A new plan from your answers."),
    # supervision
    "supervision_lapsed": Entry(_supervision_lapsed, {"stages": ["treadmill", "track"]}),
    "supervision_pause": Entry(_supervision_pause, {"stage": "treadmill"}),
    "supervision_stage": Entry(_supervision_stage, {"stage": "handrail", "restart": True}),
    # clearances and sessions
    "cleared": gettext_lazy("Cleared to start."),
    "cleared_by": Entry(
        _cleared_by,
        {
            "kind": "review",
            "name": "Ana",
            "profession": "physio",
            "day": "2026-03-02",
            "recorder": "Ana",
            "checked": True,
        },
    ),
    "new_questions": gettext_lazy(
        "Please answer the new safety questions first; then your plan can move up."
    ),
    # the coach demo's history (seed_coach_demo)
    "demo": gettext_lazy("Demo history: placed here."),
}

register(WORDS)
