"""What a plan event means, in one line: "Ana fell on Tuesday and hit their head — their plan
is paused until a doctor clears it."

Read from what the PlanEvent stored (its kind, reasons, before/after and its log), so the
coach's alert email and the printable report say the same thing. No queries here: the caller
loads `event.log`, `event.plan` and `event.made_by`. Dates are the client's local days, as the
log and the event store them; `when` turns one into words ("on Tuesday", "on 3 December").

The headline ("Ana: a fall") is what a locked phone shows: a name and an event, never a pain
score, an injury or a head strike.
"""

from collections.abc import Callable
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments import readings as assessments
from backward_walk.formats import local_date
from plans import rules
from plans.models.plan import Plan, PlanEvent
from plans.pauses import PAUSE_CAUSES, RESCREEN_CAUSES
from plans.said import render_all, sentences

PAUSED = (Plan.Status.PAUSED, Plan.Status.NEEDS_CLEARANCE)
# The reason codes the rules and services store, by the pause cause they stand for.
CAUSE_OF_CODE = {
    "fall": "fall",
    "fall_head_strike": "fall",
    "fall_injury": "fall",
    "fall_anticoagulants": "fall",
    "fall_second": "fall",
    "red_flag": "red_flag",
    "health_change": "health_change",
    "break_28_days": "long_break",
    "break_long": "long_break",
    "pain_severe": "pain",
    "recheck_pause": "screening",
    "coach_pause": "coach",
}
CAUSES = (*PAUSE_CAUSES, "coach")

When = Callable[[date], str]


def relative_day(day: date, today: date) -> str:
    """A day as the reader of an email says it on `today`: "today", "on Tuesday", "on 3 May"."""
    if day == today:
        return _("today")
    if day == today - timedelta(days=1):
        return _("yesterday")
    if today - timedelta(days=6) <= day < today:
        return _("on %(weekday)s") % {"weekday": date_format(day, "l")}
    return on_day(day, with_year=day.year != today.year)


def on_day(day: date, *, with_year: bool = False) -> str:
    return _("on %(day)s") % {"day": local_date(day, "LONG_DATE" if with_year else "DAY_MONTH")}


def _codes(event) -> list[str]:
    return [reason.get("code", "") for reason in event.reasons or ()]


def _was(event, field: str):
    return (event.before or {}).get(field)


def _is(event, field: str):
    return (event.after or {}).get(field)


def pause_causes(event) -> list[str]:
    """The causes this event paused the plan for, most telling first (progression's order);
    empty when the event stored none.

    A new plan version made paused by its answers (illness, a clearance) stores no cause in
    its reasons: the plan's own `paused_for` says it, and only a clearance changes it."""
    found = {CAUSE_OF_CODE[code] for code in _codes(event) if code in CAUSE_OF_CODE}
    if not found and is_new_plan(event) and _is(event, "status") in PAUSED:
        found = {event.plan.paused_for or "screening"}
    return [cause for cause in CAUSES if cause in found] or sorted(found)


def is_new_plan(event) -> bool:
    return not event.before


def is_pause(event) -> bool:
    """The event paused the plan, or gave a paused plan a new cause (a fall while paused).

    A new plan version is a pause only when its answers need a clearance: one that carries
    the old version's pause over is not a new one."""
    if _is(event, "status") not in PAUSED:
        return False
    if is_new_plan(event):
        return _is(event, "status") == Plan.Status.NEEDS_CLEARANCE
    if _was(event, "status") not in PAUSED:
        return True
    return any(code in CAUSE_OF_CODE for code in _codes(event))


def is_review(event) -> bool:
    """The event asked for a review (the coach's "needs a review" flag went up)."""
    return bool(_is(event, "needs_review")) and not _was(event, "needs_review")


def is_restart(event) -> bool:
    """A paused plan started (again): a clearance, a coach's restart."""
    return _was(event, "status") in PAUSED and _is(event, "status") == Plan.Status.ACTIVE


def is_new_answers(event) -> bool:
    """A new plan version from answering the questions again (a first plan is no news)."""
    return is_new_plan(event) and event.plan.version > 1


def headline(event, name: str) -> str:
    """A name and what happened, nothing more: an email's subject, a lock screen's line."""
    if is_pause(event):
        if "fall" in pause_causes(event):
            return _("%(name)s: a fall") % {"name": name}
        return _("%(name)s: plan paused") % {"name": name}
    if is_review(event):
        return _("%(name)s: plan needs a review") % {"name": name}
    return _("%(name)s: plan changed") % {"name": name}


def what_happened(event, name: str, when: When, reader=None) -> str:
    """The event in one sentence. `reader` is the coach reading it ("You paused …"), if any."""
    if is_pause(event):
        causes = pause_causes(event)
        if causes == ["coach"]:
            return _coach_pause(event, name, when, reader)
        # One whole sentence per cause, then one for what lifts the pause.
        said = [_cause(cause, event, name, when) for cause in causes if cause != "coach"]
        if not said:
            said = [_("%(name)s had their plan paused %(when)s.") % _values(name, event, when)]
        return sentences(*said, until(event, causes))
    if is_review(event):
        return review_words(event, name, when)
    if is_restart(event):
        return restart_words(event, name)
    if is_new_answers(event):
        words = {"name": name, "version": event.plan.version}
        if _is(event, "status") in PAUSED:
            return (
                _(
                    "%(name)s answered the health questions again: a new plan (version "
                    "%(version)s), still paused."
                )
                % words
            )
        return (
            _("%(name)s answered the health questions again: a new plan (version %(version)s).")
            % words
        )
    return str(event.get_kind_display())


# --- Pauses -----------------------------------------------------------------------------------


def _log_day(event, flag: str | None = None):
    """The day of the session the event's log is for, when that log says `flag`."""
    log = event.log
    if log is not None and (flag is None or getattr(log, flag)):
        return log.date
    return event.effective_on


def _values(name: str, event, when: When, day=None) -> dict:
    return {"name": name, "when": when(day or event.effective_on)}


def _cause(cause: str, event, name: str, when: When) -> str:
    """One whole sentence for one cause of the pause."""
    codes = set(_codes(event))
    if cause == "fall":
        return _fall(codes, name, when(_log_day(event, "fall")))
    if cause == "red_flag":
        return _(
            "%(name)s noted a warning sign, like chest pain or dizziness, %(when)s."
        ) % _values(name, event, when, _log_day(event, "red_flag"))
    if cause == "pain":
        return _pain(event, name, when)
    if cause == "health_change":
        return _("%(name)s said %(when)s that their health has changed.") % _values(
            name, event, when, _log_day(event, "health_changed")
        )
    if cause == "long_break":
        return _("%(name)s has logged no session for four weeks or more.") % {"name": name}
    if cause == "illness":
        return _(
            "%(name)s answered the health questions %(when)s and is ill or getting over an illness."
        ) % _values(name, event, when)
    if event.kind == PlanEvent.Kind.RECHECK:
        return _("%(name)s has answers that need a check under the updated safety rules.") % {
            "name": name
        }
    return _(
        "%(name)s answered the health questions %(when)s, and the answers need a clearance."
    ) % _values(name, event, when)


def _fall(codes: set[str], name: str, when: str) -> str:
    hurt, head = "fall_injury" in codes, "fall_head_strike" in codes
    if hurt and head:
        fell = _("%(name)s fell %(when)s, was hurt and hit their head.")
    elif head:
        fell = _("%(name)s fell %(when)s and hit their head.")
    elif hurt:
        fell = _("%(name)s fell %(when)s and was hurt.")
    else:
        fell = _("%(name)s fell %(when)s.")
    fell = fell % {"name": name, "when": when}
    if "fall_anticoagulants" in codes:
        return sentences(fell, _("They take blood thinners."))
    return fell


def _pain(event, name: str, when: When) -> str:
    log = event.log
    during = log.pain_during if log is not None else None
    morning = log.pain_next_morning if log is not None else None
    during = during if during is not None and during >= rules.PAUSE_PAIN else None
    morning = morning if morning is not None and morning >= rules.PAUSE_PAIN else None
    if during is None and morning is None:
        return _("%(name)s reported strong pain (%(pain)s or more out of 10) %(when)s.") % {
            "name": name,
            "pain": rules.PAUSE_PAIN,
            "when": when(event.effective_on),
        }
    values = {"name": name, "during": during, "morning": morning, "when": when(log.date)}
    if during is not None and morning is not None:
        return (
            _(
                "%(name)s reported pain %(during)s during their session %(when)s and "
                "%(morning)s the morning after."
            )
            % values
        )
    if during is not None:
        return _("%(name)s reported pain %(during)s during their session %(when)s.") % values
    return _("%(name)s reported pain %(morning)s the morning after their session %(when)s.") % (
        values
    )


def until(event, causes: list[str]) -> str:
    """What lifts the pause, from the need the plan has after the event: one whole sentence."""
    need = _is(event, "pause_needs") or Plan.PauseNeeds.SELF
    if need == Plan.PauseNeeds.PHYSICIAN:
        return _("Their plan is paused until a doctor clears it.")
    if need == Plan.PauseNeeds.COACH:
        return _("Their plan is paused until a coach, physiotherapist or doctor reviews it.")
    if any(cause in RESCREEN_CAUSES for cause in causes):
        return _("Their plan is paused until they answer the health questions again.")
    if causes[:1] == ["fall"]:
        return ngettext(
            "Their plan is paused for at least %(hours)s hour; then they may restart it "
            "themselves, one stage easier.",
            "Their plan is paused for at least %(hours)s hours; then they may restart it "
            "themselves, one stage easier.",
            rules.FALL_SELF_WAIT_HOURS,
        ) % {"hours": rules.FALL_SELF_WAIT_HOURS}
    if causes[:1] == ["illness"]:
        return ngettext(
            "Their plan waits at least %(days)s day; then they may start it themselves once "
            "they feel well.",
            "Their plan waits at least %(days)s days; then they may start it themselves once "
            "they feel well.",
            rules.ILLNESS_SELF_LIFT_DAYS,
        ) % {"days": rules.ILLNESS_SELF_LIFT_DAYS}
    if causes[:1] == ["pain"]:
        return _("Their plan is paused until they tell us the pain has settled.")
    return _("Their plan is paused until they check in again.")


def _coach_pause(event, name: str, when: When, reader) -> str:
    coach = event.made_by
    words = {"name": name, "when": when(event.effective_on), "note": event.note}
    if reader is not None and coach is not None and coach.pk == reader.pk:
        if event.note:
            return _("You paused %(name)s's plan %(when)s: “%(note)s”.") % words
        return _("You paused %(name)s's plan %(when)s.") % words
    words["coach"] = coach.display_name if coach is not None else _("Their coach")
    if event.note:
        return _("%(coach)s paused %(name)s's plan %(when)s: “%(note)s”.") % words
    return _("%(coach)s paused %(name)s's plan %(when)s.") % words


# --- Reviews and restarts --------------------------------------------------------------------


def review_words(event, name: str, when: When) -> str:
    """Why the plan needs a review, from the reasons the rules or a test stored: one whole
    sentence per reason."""
    for reason in event.reasons or ():
        code = reason.get("code", "")
        if code == "step_backs_28_days":
            return ngettext(
                "%(name)s's plan needs a review: %(count)s step-back in %(weeks)s weeks.",
                "%(name)s's plan needs a review: %(count)s step-backs in %(weeks)s weeks.",
                rules.ESCALATION_STEP_BACKS,
            ) % {
                "name": name,
                "count": rules.ESCALATION_STEP_BACKS,
                "weeks": rules.ESCALATION_DAYS // 7,
            }
        if code == "held_28_days":
            return ngettext(
                "%(name)s's plan needs a review: %(weeks)s week at the same level.",
                "%(name)s's plan needs a review: %(weeks)s weeks at the same level.",
                rules.ESCALATION_DAYS // 7,
            ) % {"name": name, "weeks": rules.ESCALATION_DAYS // 7}
        if code == "at_floor":
            return _(
                "%(name)s's plan needs a review: it is at its easiest dose and needed to step "
                "back again."
            ) % {"name": name}
        if code.removeprefix("test_") in assessments.KIND_NAMES:
            return _(
                "%(name)s's plan needs a review: a result in the at-risk range on the "
                "%(test)s %(when)s."
            ) % {
                "name": name,
                "test": assessments.KIND_NAMES[code.removeprefix("test_")],
                "when": when(event.effective_on),
            }
    return _("%(name)s's plan needs a review: see their page for why.") % {"name": name}


def restart_words(event, name: str) -> str:
    """A restart, with who cleared it when the event stored that (the clearance's reason, in
    the reader's language, and the note typed with it)."""
    cleared = [reason for reason in event.reasons or () if reason.get("code") == "cleared_by"]
    words = {"name": name, "note": sentences(render_all(cleared), event.note)}
    if _was(event, "status") == Plan.Status.NEEDS_CLEARANCE:
        if words["note"]:
            return _("%(name)s was cleared to start. Cleared by: %(note)s") % words
        return _("%(name)s was cleared to start.") % words
    if words["note"]:
        return _("%(name)s's plan restarted. Cleared by: %(note)s") % words
    return _("%(name)s's plan restarted.") % words
