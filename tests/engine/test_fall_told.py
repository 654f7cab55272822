"""§9.7 a fall can be reported any time: the rules read a fall told on its own ("I had a fall",
outside any session) as they read a fall ticked on a log. One row per rule it meets, each id
naming its line of the brief.

The entry is what `plans.services.state.fall_entry` hands the rules (tests/test_fall_service.py
checks that it builds exactly this): a new entry on the fall's day, no session in it.
"""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from plans.progression import LogEntry, PlanState, break_dose, decide

MONDAY = date(2026, 3, 2)
TODAY = MONDAY + timedelta(days=8)
STATE = PlanState(
    tier="mod",
    stages=("pool", "handrail", "treadmill", "track"),
    stage="handrail",
    level=2,
    backward_minutes=10,
    level_started=MONDAY,
    stage_started=MONDAY - timedelta(days=30),
    minutes_available=60,
    pain_now=1,
)


def told(day: date = TODAY, **follow_ups) -> LogEntry:
    """A fall told on its own, as plans.services.state.fall_entry gives it to the rules."""
    return LogEntry(
        date=day,
        status="skipped",
        planned_backward_minutes=0,
        backward_minutes_done=0,
        fall=True,
        is_new=True,
        **follow_ups,
    )


def good(day: int) -> LogEntry:
    return LogEntry(MONDAY + timedelta(days=day), "done", 10, 10, 4, 1, 1)


def codes(decision) -> set[str]:
    return {reason.code for reason in decision.reasons}


PAUSED_FOR_PAIN = replace(
    STATE, status="paused", pause_needs="self", paused_for="pain", paused_on=TODAY
)
PAUSED_FOR_DOCTOR = replace(
    STATE, status="paused", pause_needs="physician", paused_for="red_flag", paused_on=TODAY
)

ROWS = [
    pytest.param(STATE, {}, "self", "fall", id="§9.7 unhurt: the 48-hour own wait (§3 v2)"),
    pytest.param(STATE, {"fall_injury": True}, "physician", "fall_injury", id="§9.7 hurt"),
    pytest.param(
        STATE, {"fall_head_strike": True}, "physician", "fall_head_strike", id="§9.7 head strike"
    ),
    pytest.param(
        replace(STATE, anticoagulants=True),
        {},
        "physician",
        "fall_anticoagulants",
        id="§9.7 on blood thinners",
    ),
    pytest.param(
        replace(STATE, falls_12m=1),
        {},
        "physician",
        "fall_second",
        id="§9.8 a told fall after one in the questions: the second in 12 months",
    ),
    pytest.param(
        PAUSED_FOR_PAIN,
        {"fall_head_strike": True},
        "physician",
        "fall_head_strike",
        id="§9.7 paused for pain, then a head strike: the stronger need",
    ),
    pytest.param(
        PAUSED_FOR_DOCTOR,
        {},
        "physician",
        "fall",
        id="§9.7 paused for a doctor, then an unhurt fall: the doctor's need stays (§2f)",
    ),
]


@pytest.mark.parametrize(("state", "follow_ups", "need", "reason"), ROWS)
def test_s9_7_a_told_fall_pauses_as_a_logged_fall(state, follow_ups, need, reason):
    decision = decide(state, [good(1), good(3), told(**follow_ups)], TODAY)
    assert decision.code == "pause"
    assert decision.needs_clearance == need
    assert decision.new_state.pause_needs == need
    assert {"fall", reason} <= codes(decision)


def test_s9_7_a_fall_told_months_later_still_pauses():
    """§9.7 with §3 v2: a new entry counts whatever its date, even before the plan began."""
    decision = decide(STATE, [told(MONDAY - timedelta(days=300))], TODAY)
    assert (decision.code, decision.new_state.paused_for) == ("pause", "fall")


def test_s9_7_a_fall_told_during_a_long_break_also_asks_the_questions_again():
    """§9.7 with §3: four weeks away and a fall: paused for the fall, questions due too."""
    state = replace(STATE, last_session_on=TODAY - timedelta(days=30))
    decision = decide(state, [told()], TODAY)
    assert decision.code == "pause" and decision.needs_rescreen


def test_s9_7_a_told_fall_is_not_a_session_for_the_break_rule():
    """§9.7: telling a fall is not walking; the break is measured as before it."""
    state = replace(STATE, last_session_on=TODAY - timedelta(days=10))
    assert break_dose(state, [told()], TODAY) == break_dose(state, [], TODAY)
