"""plans.event_words on plain (unsaved) events: the words the coach's alert and the printable
report share, for the events the services' own tests do not reach."""

from datetime import date

import pytest

from accounts.models import User
from plans import event_words
from plans.models import Plan, PlanEvent, SessionLog

TUESDAY = date(2026, 12, 1)
ACTIVE = {"status": "active", "pause_needs": "", "needs_review": False}
PAUSED = {"status": "paused", "pause_needs": "self", "needs_review": False}


def event(kind="hold", codes=(), before=ACTIVE, after=ACTIVE, note="", log=None, **plan):
    made = PlanEvent(
        kind=kind,
        source="rules",
        effective_on=TUESDAY,
        reasons=[{"code": code, "message": "", "source": "PD"} for code in codes],
        before=dict(before),
        after=dict(after),
        note=note,
    )
    made.plan = Plan(version=plan.get("version", 1), paused_for=plan.get("paused_for", ""))
    made.log = log
    made.made_by = plan.get("made_by")
    return made


def words(made, reader=None) -> str:
    return event_words.what_happened(made, "Ana", event_words.on_day, reader=reader)


REVIEW = {**ACTIVE, "needs_review": True}


@pytest.mark.parametrize(
    ("made", "line"),
    [
        (
            event("step_back", ["step_backs_28_days"], after=REVIEW),
            "Ana's plan needs a review: 3 step-backs in 4 weeks.",
        ),
        (
            event("needs_review", ["held_28_days"], after=REVIEW),
            "Ana's plan needs a review: 4 weeks at the same level.",
        ),
        (
            event("needs_review", ["at_floor"], after=REVIEW),
            "Ana's plan needs a review: it is at its easiest dose and needed to step back again.",
        ),
        (
            event("needs_review", ["test_backward-walk"], after=REVIEW),
            "Ana's plan needs a review: a result in the at-risk range on the 3-metre "
            "backward walk on 1 December.",
        ),
        (
            event("resume", ["resume"], before=PAUSED, note="Dr Lee on 1 Dec 2026."),
            "Ana's plan restarted. Cleared by: Dr Lee on 1 Dec 2026.",
        ),
        (event("resume", before=PAUSED), "Ana's plan restarted."),
        (
            event("clearance", before={**PAUSED, "status": "needs_clearance"}),
            "Ana was cleared to start.",
        ),
        (
            event("rescreen", before={}, version=3),
            "Ana answered the health questions again: a new plan (version 3).",
        ),
        (
            event("rescreen", before={}, after=PAUSED, version=2, paused_for="fall"),
            "Ana answered the health questions again: a new plan (version 2), still paused.",
        ),
        (
            event(
                "pause",
                ["pain_severe"],
                after=PAUSED,
                log=SessionLog(date=TUESDAY, pain_during=None, pain_next_morning=None),
            ),
            "Ana reported strong pain (7 or more out of 10) on 1 December. Their plan is "
            "paused until they tell us the pain has settled.",
        ),
        (
            event(
                "pause",
                ["fall", "pain_severe"],
                after={**PAUSED, "pause_needs": "self"},
                log=SessionLog(date=TUESDAY, fall=True, pain_during=8),
            ),
            "Ana fell on 1 December. Ana reported pain 8 during their session on 1 December. "
            "Their plan is paused for at least 48 hours; then they may restart it themselves, "
            "one stage easier.",
        ),
        (
            event("pause", ["coach_pause"], after={**PAUSED, "pause_needs": "coach"}, note="Sore"),
            "Their coach paused Ana's plan on 1 December: “Sore”.",
        ),
        (
            event(
                "pause",
                ["coach_pause"],
                after={**PAUSED, "pause_needs": "coach"},
                made_by=User(pk=7, display_name="Cora"),
            ),
            "Cora paused Ana's plan on 1 December.",
        ),
    ],
)
def test_each_event_in_one_line(made, line):
    assert words(made) == line


def test_a_new_cause_while_paused_is_a_pause_and_a_plain_hold_is_not():
    assert event_words.is_pause(event("pause", ["fall"], before=PAUSED, after=PAUSED))
    assert not event_words.is_pause(event("hold", ["still_paused"], before=PAUSED, after=PAUSED))
    assert not event_words.is_pause(event("hold"))


def test_a_new_plan_carrying_a_pause_is_no_new_pause():
    carried = event("rescreen", before={}, after=PAUSED, version=2, paused_for="fall")
    assert not event_words.is_pause(carried)
    waiting = event("rescreen", before={}, after={**PAUSED, "status": "needs_clearance"})
    assert event_words.is_pause(waiting)


@pytest.mark.parametrize(
    ("made", "subject"),
    [
        (event("pause", ["fall", "fall_head_strike"], after=PAUSED), "Ana: a fall"),
        (event("pause", ["pain_severe"], after=PAUSED), "Ana: plan paused"),
        (event("needs_review", ["held_28_days"], after=REVIEW), "Ana: plan needs a review"),
        (event("adjust"), "Ana: plan changed"),
    ],
)
def test_the_headline_names_the_event_only(made, subject):
    assert event_words.headline(made, "Ana") == subject
