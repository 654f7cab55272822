"""Stacked pause causes (domain.md §9.4, §9.5, §9.8; §2f): one row per rule, each id naming its
line of the brief. Pure: the rules' own values, no database."""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from plans import pauses, rules
from plans.pauses import PauseCause
from plans.progression import (
    AFTER_A_FALL,
    LogEntry,
    PlanState,
    all_causes,
    decide,
    open_causes,
    resume,
    stamped,
    with_causes,
)

MONDAY = date(2026, 3, 2)
TODAY = MONDAY + timedelta(days=8)
STAGES = ("pool", "handrail", "treadmill", "track")
STATE = PlanState(
    tier="mod",
    stages=STAGES,
    stage="handrail",
    level=2,
    backward_minutes=10,
    level_started=MONDAY,
    stage_started=MONDAY - timedelta(days=30),
    minutes_available=60,
    pain_now=1,
)


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def good(day: int, **overrides) -> LogEntry:
    values = {"rpe": 4, "pain_during": 1, "pain_next_morning": 1}
    return LogEntry(MONDAY + timedelta(days=day), "done", 10, 10, **(values | overrides))


def window(**last) -> list[LogEntry]:
    return [good(1), good(3), good(5, is_new=True, **last)]


def codes(decision) -> set[str]:
    return {reason.code for reason in decision.reasons}


def paused(*causes: PauseCause, state: PlanState = STATE) -> PlanState:
    return with_causes(state, causes)


def cause(code: str, needs: str, day: date = TODAY, at: datetime | None = None) -> PauseCause:
    return PauseCause(code, needs, day, at or noon(day))


# --- §9.4 every cause needs its own clearance ---------------------------------------------------

ILLNESS_AND_REVIEW = paused(cause("illness", "self"), cause("screening", "coach"))

STACK_ROWS = [
    pytest.param(
        ILLNESS_AND_REVIEW,
        "review",
        0,
        "pause",
        {"illness"},
        id="§9.4 illness + review: a self-typed review the same day clears only the review",
    ),
    pytest.param(
        ILLNESS_AND_REVIEW,
        "self",
        7,
        "pause",
        {"screening"},
        id="§9.4 illness + review: the own word after 7 days clears only the illness",
    ),
    pytest.param(
        ILLNESS_AND_REVIEW,
        "coach",
        7,
        "resume",
        set(),
        id="§9.4 illness + review: the coach after 7 days clears both",
    ),
    pytest.param(
        ILLNESS_AND_REVIEW,
        "coach",
        6,
        "pause",
        {"illness"},
        id="§9.4 illness + review: the coach at 6 days clears the review, the illness waits",
    ),
    pytest.param(
        paused(cause("pain", "self"), cause("fall", "self")),
        "self",
        1,
        "pause",
        {"fall"},
        id="§9.4 pain + unhurt fall: the own word at 24 h clears the pain, the fall waits",
    ),
    pytest.param(
        paused(cause("pain", "self"), cause("fall", "self")),
        "self",
        2,
        "resume",
        set(),
        id="§9.4 pain + unhurt fall: the own word at 48 h clears both",
    ),
    pytest.param(
        paused(cause("red_flag", "physician"), cause("pain", "self")),
        "coach",
        1,
        "pause",
        {"red_flag"},
        id="§9.4 red flag + pain: the coach clears the pain only",
    ),
    pytest.param(
        paused(cause("coach", "coach"), cause("pain", "self")),
        "self",
        1,
        "pause",
        {"coach"},
        id="§9.4 coach's pause + pain: the own word clears the pain only",
    ),
]


@pytest.mark.parametrize(("state", "clearance", "days", "code", "still_open"), STACK_ROWS)
def test_a_clearance_closes_only_the_causes_it_can(state, clearance, days, code, still_open):
    later = TODAY + timedelta(days=days)
    decision = resume(state, clearance, later, noon(later), cleared_on=later)
    assert decision.code == code
    assert {c.cause for c in open_causes(decision.new_state)} == still_open
    if code == "pause":
        assert decision.new_state.status == "paused"
        assert {"cleared_some", "still_open"} <= codes(decision)
    else:
        assert decision.new_state.status == "active" and decision.new_state.causes == ()


def test_s9_4_a_clearance_that_closes_nothing_is_refused_and_changes_nothing():
    """§9.4: the own word on the day an illness and a review pause began: nothing closes."""
    decision = resume(ILLNESS_AND_REVIEW, "self", TODAY, noon(TODAY))
    assert decision.code == "pause" and decision.new_state == ILLNESS_AND_REVIEW
    assert {"needs_clearance", "illness_wait"} <= codes(decision)


def test_s9_4_the_single_fields_follow_the_open_causes():
    """§9.4: pause_needs is the strongest open need, paused_for the most telling open cause,
    paused_on the earliest open start."""
    state = paused(
        cause("pain", "self", MONDAY), cause("red_flag", "physician", TODAY), cause("fall", "self")
    )
    assert (state.status, state.pause_needs, state.paused_for) == ("paused", "physician", "fall")
    assert (state.paused_on, state.paused_at) == (MONDAY, noon(MONDAY))
    cleared = with_causes(
        state, [replace(state.causes[1], cleared="physician"), *state.causes[::2]]
    )
    assert (cleared.pause_needs, cleared.paused_for) == ("self", "fall")


def test_s9_4_the_restart_after_a_cleared_fall_is_still_one_stage_down():
    """§9.4, §3 v2 falls: the fall's clearance came first, the pain's last; the plan restarts
    one stage easier all the same."""
    state = paused(cause("fall", "self", MONDAY), cause("pain", "self"))
    first = resume(state, "self", TODAY, noon(TODAY))  # the fall waited long enough, pain too
    assert first.code == "resume" and first.new_state.stage == "pool"
    only_fall_cleared = with_causes(
        state, [replace(state.causes[0], cleared="self"), state.causes[1]]
    )
    decision = resume(only_fall_cleared, "self", TODAY, noon(TODAY))
    assert decision.code == "resume" and decision.new_state.stage == "pool"


@pytest.mark.parametrize(
    ("days_before", "code"),
    [
        pytest.param(
            0, "resume", id="§9.4 screening pause: the doctor seen the day of the answers"
        ),
        pytest.param(30, "resume", id="§9.4 screening pause: a visit 30 days before the answers"),
        pytest.param(
            rules.SCREENING_CLEARANCE_LOOKBACK_DAYS,
            "resume",
            id="§9.4 [PD] screening pause: a visit 90 days before the answers",
        ),
        pytest.param(
            rules.SCREENING_CLEARANCE_LOOKBACK_DAYS + 1,
            "pause",
            id="§9.4 [PD] screening pause: 91 days before is too old",
        ),
    ],
)
def test_a_doctors_visit_shortly_before_the_answers_clears_the_questionnaires_pause(
    days_before, code
):
    state = paused(cause("screening", "physician"))
    decision = resume(state, "physician", TODAY, noon(TODAY), TODAY - timedelta(days=days_before))
    assert decision.code == code
    if code == "pause":
        assert "dated_before" in codes(decision)


@pytest.mark.parametrize(
    ("cleared_on", "still_open"),
    [
        pytest.param(TODAY - timedelta(days=1), {"fall"}, id="§2f §9.4 dated before the fall"),
        pytest.param(TODAY, set(), id="§2f §9.4 dated the day of the fall"),
    ],
)
def test_a_doctors_clearance_dated_before_a_fall_does_not_cover_the_fall(cleared_on, still_open):
    state = paused(
        cause("screening", "physician", TODAY - timedelta(days=20)),
        cause("fall", "physician", TODAY),
    )
    later = TODAY + timedelta(days=1)
    decision = resume(state, "physician", later, noon(later), cleared_on)
    assert {c.cause for c in open_causes(decision.new_state)} == still_open


def test_s9_4_a_doctor_who_saw_the_person_after_a_fall_covers_the_48_hours():
    state = paused(cause("fall", "self"))
    assert resume(state, "self", TODAY, noon(TODAY) + timedelta(hours=1)).code == "pause"
    decision = resume(state, "physician", TODAY, noon(TODAY) + timedelta(hours=1), TODAY)
    assert decision.code == "resume"


def test_s9_4_a_second_fall_while_paused_restarts_the_wait():
    first = PauseCause("fall", "self", MONDAY, noon(MONDAY))
    again = PauseCause("fall", "self", TODAY, None)
    merged = pauses.merge((first,), again)
    assert merged == (PauseCause("fall", "self", TODAY, None),)
    stacked = pauses.stamped(merged, noon(TODAY), TODAY)
    assert pauses.wait_ends(stacked[0]) == noon(TODAY) + timedelta(hours=48)


def test_s9_4_a_cause_already_open_keeps_the_stronger_need():
    first = PauseCause("fall", "physician", MONDAY, noon(MONDAY))
    merged = pauses.merge((first,), PauseCause("fall", "self", TODAY))
    assert merged[0].needs == "physician"


def test_s9_4_a_paused_state_saved_before_causes_reads_as_one_cause():
    legacy = replace(
        STATE, status="paused", pause_needs="coach", paused_for="pain", paused_on=MONDAY
    )
    assert all_causes(legacy) == (PauseCause("pain", "coach", MONDAY, None),)


# --- §9.5 a correction is a log: a fall added to a pain pause --------------------------------


def test_s9_5_a_fall_added_to_a_pain_pause_brings_its_own_48_hours_and_advice():
    pain = stamped(decide(STATE, window(pain_during=8), TODAY).new_state, noon(TODAY), TODAY)
    corrected = [good(1), good(3), good(5, is_new=True, pain_during=8, fall=True)]
    later = noon(TODAY) + timedelta(hours=3)
    decision = decide(replace(pain, status="active"), corrected, TODAY)
    assert decision.code == "pause"
    assert str(AFTER_A_FALL) in decision.what_to_do and "48 hours" in decision.what_to_do
    state = stamped(decision.new_state, later, TODAY)
    assert {c.cause for c in open_causes(state)} == {"pain", "fall"}
    # Counted from the pain pause the wait would be over; from the fall it is not.
    at_48_from_pain = noon(TODAY) + timedelta(hours=48, minutes=1)
    assert resume(state, "self", at_48_from_pain.date(), at_48_from_pain).code == "pause"
    at_48_from_fall = later + timedelta(hours=48)
    assert resume(state, "self", at_48_from_fall.date(), at_48_from_fall).code == "resume"


def test_s9_5_a_late_fall_while_paused_for_pain_adds_the_fall():
    pain = stamped(decide(STATE, window(pain_during=8), TODAY).new_state, noon(TODAY), TODAY)
    late = [good(-1, is_new=True, fall=True, fall_injury=True)]
    decision = decide(pain, late, TODAY + timedelta(days=1))
    needs = {c.cause: c.needs for c in open_causes(decision.new_state)}
    assert needs == {"pain": "self", "fall": "physician"}
    assert decision.new_state.pause_needs == "physician"


# --- §9.8 two falls -> physician ---------------------------------------------------------------

FALL_COUNT_ROWS = [
    pytest.param(0, 1, "self", id="§9.8 the first fall in 12 months: own re-check after 48 h"),
    pytest.param(1, 1, "physician", id="§9.8 one fall in the questionnaire + one logged"),
    pytest.param(0, 2, "physician", id="§9.8 two falls logged in one go"),
    pytest.param(3, 1, "physician", id="§9.8 a fourth fall"),
]


@pytest.mark.parametrize(("before", "new", "needs"), FALL_COUNT_ROWS)
def test_the_second_fall_in_12_months_needs_a_physician(before, new, needs):
    state = replace(STATE, falls_12m=before)
    logs = [good(1), *(good(2 + i, is_new=True, fall=True) for i in range(new))]
    decision = decide(state, logs, TODAY)
    assert decision.code == "pause" and decision.new_state.pause_needs == needs
    assert ("fall_second" in codes(decision)) is (needs == "physician")


def test_s9_8_two_falls_each_self_cleared_never_skip_the_doctor():
    """§9.8: the first fall was lifted by the person's own word; the second needs a doctor,
    whatever the first allowed."""
    first = stamped(decide(STATE, window(fall=True), TODAY).new_state, noon(TODAY), TODAY)
    later = TODAY + timedelta(days=3)
    restarted = resume(first, "self", later, noon(later)).new_state
    assert restarted.status == "active"
    counted = replace(restarted, falls_12m=1)  # the seam adds the logged fall
    second = decide(counted, [good(12, is_new=True, fall=True)], later + timedelta(days=2))
    assert second.new_state.pause_needs == "physician" and "fall_second" in codes(second)
    assert resume(second.new_state, "self", later + timedelta(days=9), noon(later)).code == "pause"


# --- §9.6 re-answering keeps what the rules learned ----------------------------------------------
# The new plan version starts from the state the service carries over (needs_review, the
# step-backs of the last 4 weeks on any version, the falls in 12 months); these rows pin what the
# rules then do with it.

RE_ANSWERED = replace(STATE, level=1, level_started=TODAY - timedelta(days=1))

LEARNED_ROWS = [
    pytest.param(
        replace(RE_ANSWERED, step_backs=(TODAY - timedelta(days=20), TODAY - timedelta(days=9))),
        [good(1), good(3), good(7, is_new=True, pain_during=6)],
        "needs_review",
        id="§9.6 two step-backs on the old version + one now: 3 in 4 weeks asks for a review",
    ),
    pytest.param(
        replace(RE_ANSWERED, needs_review=True),
        window(),
        "still_flagged",
        id="§9.6 a carried needs-review: good logs never clear it (only a coach does)",
    ),
    pytest.param(
        replace(RE_ANSWERED, falls_12m=1),
        window(fall=True),
        "physician",
        id="§9.6 with §9.8: a fall on the old version counts, so the next one needs a doctor",
    ),
]


@pytest.mark.parametrize(("state", "logs", "expected"), LEARNED_ROWS)
def test_s9_6_what_the_rules_learned_before_the_new_answers_still_counts(state, logs, expected):
    decision = decide(state, logs, TODAY)
    if expected == "needs_review":
        assert decision.needs_review and decision.new_state.needs_review
    elif expected == "still_flagged":
        assert decision.new_state.needs_review
    else:
        assert (decision.code, decision.needs_clearance) == ("pause", expected)
