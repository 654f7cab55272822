"""Progression v2 (domain.md §3 v2, §2f, personas 11 and 13): one row per rule and boundary,
each id naming its section of the brief."""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from plans import rules
from plans.progression import (
    AFTER_A_FALL,
    AFTER_HEALTH_CHANGE,
    AFTER_ILLNESS,
    AFTER_LONG_BREAK,
    AFTER_RED_FLAG,
    NEEDS_REVIEW_NO_COACH,
    NEEDS_REVIEW_WITH_COACH,
    LogEntry,
    PlanState,
    break_dose,
    decide,
    paused_words,
    resume,
    review_words,
    stamped,
    usual_morning_pain,
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
    """Three good sessions at the level; the last one, new, changed by `last`."""
    return [good(1), good(3), good(5, is_new=True, **last)]


def codes(decision) -> set[str]:
    return {reason.code for reason in decision.reasons}


def paused_by(state: PlanState, logs: list[LogEntry], today: date = TODAY) -> PlanState:
    """Pause as the service does: save the decision and stamp the moment."""
    decision = decide(state, logs, today)
    assert decision.code == "pause"
    return stamped(decision.new_state, noon(today), today)


# --- Pain bands, effort and near-falls (§3 v2) -----------------------------------------------

BAND_ROWS = [
    pytest.param({"pain_during": 4}, "hold", "pain_some", id="§3 v2 pain during 4 holds"),
    pytest.param({"pain_during": 5}, "hold", "pain_some", id="§3 v2 pain during 5 holds"),
    pytest.param({"pain_during": 6}, "step_back", "pain_during", id="§3 pain during 6 steps back"),
    pytest.param({"pain_during": 7}, "pause", "pain_severe", id="§3 pain during 7 pauses"),
    pytest.param({"pain_next_morning": 7}, "pause", "pain_severe", id="§3 morning pain 7 pauses"),
    pytest.param({"rpe": 5}, "advance", "advance", id="§3 RPE at the MOD target advances"),
    pytest.param({"rpe": 6}, "hold", "rpe_above_target", id="§3 RPE above target holds"),
    pytest.param({"rpe": 8}, "hold", "rpe_above_target", id="§3 RPE 8 once holds"),
    pytest.param({"near_fall": True}, "hold", "near_fall", id="§3 one near-fall holds"),
    pytest.param({"rpe": None}, "hold", "missing_ratings", id="§3 v2 no effort rating holds"),
    pytest.param({"pain_during": None}, "hold", "missing_ratings", id="§3 v2 no pain holds"),
]


@pytest.mark.parametrize(("last", "code", "reason"), BAND_ROWS)
def test_pain_effort_and_near_fall_bands(last, code, reason):
    decision = decide(STATE, window(**last), TODAY)
    assert decision.code == code
    assert reason in codes(decision)


@pytest.mark.parametrize(
    ("logs", "code"),
    [
        pytest.param(
            [good(1), good(3, rpe=8), good(5, rpe=8, is_new=True)], "step_back", id="§3 RPE 8 twice"
        ),
        pytest.param(
            [good(1), good(3, near_fall=True), good(5, near_fall=True, is_new=True)],
            "step_back",
            id="§3 two near-falls",
        ),
    ],
)
def test_twice_in_the_window_steps_back(logs, code):
    assert decide(STATE, logs, TODAY).code == code


def test_pain_3_in_every_session_is_safe_and_advances():
    # §3 v2: S13 calls pain up to 3 safe.
    logs = [good(1, pain_during=3), good(3, pain_during=3), good(5, pain_during=3, is_new=True)]
    assert decide(STATE, logs, TODAY).code == "advance"


def test_a_log_without_ratings_says_to_add_them():
    decision = decide(STATE, window(rpe=None, pain_during=None), TODAY)
    message = next(r.message for r in decision.reasons if r.code == "missing_ratings")
    assert "add" in message.lower()
    assert decision.new_state == STATE


# --- Usual next-morning pain (§3 v2) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("entries", "pain_now", "usual"),
    [
        pytest.param((), 2, 2, id="§3 v2 no entries: pain at rest"),
        pytest.param((5, 5), 2, 2, id="§3 v2 two entries: still pain at rest"),
        pytest.param((5, 4, 6), 2, 5, id="§3 v2 three entries: their median"),
        pytest.param((1, 1, 1, 3, 3, 3), 0, 1, id="§3 v2 even count: the lower middle"),
        pytest.param((9, 9, 9, 1, 1, 1, 2, 2, 2), 0, 1, id="§3 v2 only the last 6 count"),
    ],
)
def test_usual_morning_pain(entries, pain_now, usual):
    assert usual_morning_pain(entries, pain_now) == usual
    assert replace(STATE, morning_pains=entries, pain_now=pain_now).usual_morning_pain == usual


@pytest.mark.parametrize(
    ("entries", "pain_now", "morning", "code"),
    [
        pytest.param((4, 4), 1, 3, "step_back", id="§3 v2 2 entries: usual is pain at rest 1"),
        pytest.param((4, 4), 1, 2, "hold", id="§3 v2 2 entries: 1 above usual holds"),
        pytest.param((4, 4, 4), 1, 5, "hold", id="§3 v2 3 entries: 1 above median 4 holds"),
        pytest.param((4, 4, 4), 1, 6, "step_back", id="§3 v2 3 entries: 2 above median 4"),
        pytest.param((4, 4, 4), 1, 4, "advance", id="§3 v2 3 entries: at the usual advances"),
        pytest.param((8, 8, 8, 2, 2, 2, 2, 2, 2), 0, 4, "step_back", id="§3 v2 6+ entries"),
        pytest.param((8, 8, 8, 2, 2, 2, 2, 2, 2), 0, 3, "hold", id="§3 v2 6+ entries, 1 up"),
    ],
)
def test_next_morning_pain_against_the_usual(entries, pain_now, morning, code):
    state = replace(STATE, morning_pains=entries, pain_now=pain_now)
    logs = [good(1, pain_next_morning=0), good(3, pain_next_morning=0)]
    logs.append(good(5, pain_next_morning=morning, is_new=True))
    assert decide(state, logs, TODAY).code == code


def test_a_late_morning_pain_rise_still_steps_back_after_the_level_changed():
    # §3 v2: every entry since the last decision counts, whatever its level.
    state = replace(STATE, level_started=TODAY)
    late = good(5, pain_next_morning=4, is_new=True)  # usual 1 + 2 = 3
    decision = decide(state, [good(1), good(3), late], TODAY + timedelta(days=1))
    assert decision.code == "step_back" and "pain_next_morning" in codes(decision)


# --- Pause on every new entry (§3 v2, persona 11) ---------------------------------------------


def test_persona_11_morning_pain_8_the_day_after_a_step_up_pauses_at_once():
    pool = replace(STATE, stage="pool", level=1, backward_minutes=8)
    monday = MONDAY + timedelta(days=7)
    logs = [good(1), good(4), good(7, pain_next_morning=None)]
    advanced = decide(pool, logs, monday)
    assert advanced.code == "advance" and advanced.new_state.level == 2
    tuesday = monday + timedelta(days=1)
    logs[-1] = replace(logs[-1], pain_next_morning=8, is_new=True)
    decision = decide(advanced.new_state, logs, tuesday)
    assert decision.code == "pause"
    assert decision.new_state.paused_for == "pain" and decision.new_state.paused_on == tuesday
    assert "pain_severe" in codes(decision)


@pytest.mark.parametrize(
    ("late", "code"),
    [
        pytest.param({"fall": True}, "fall", id="§3 v2 a fall logged late for an earlier day"),
        pytest.param({"red_flag": True}, "red_flag", id="§3 v2 a late red flag"),
        pytest.param({"pain_during": 8}, "pain_severe", id="§3 v2 late pain 8"),
        pytest.param({"health_changed": True}, "health_change", id="§3 v2 late health change"),
    ],
)
def test_a_late_entry_for_an_earlier_level_pauses(late, code):
    state = replace(STATE, level_started=TODAY - timedelta(days=2))
    logs = [good(-10, is_new=True, **late), good(7)]  # dated before the current level
    decision = decide(state, logs, TODAY)
    assert decision.code == "pause" and code in codes(decision)


def test_an_old_entry_already_decided_on_does_not_pause_again():
    state = replace(STATE, level_started=TODAY - timedelta(days=2))
    assert decide(state, [good(-10, fall=True), good(7)], TODAY).code != "pause"


# --- Falls (§3 v2 falls, persona 13) ----------------------------------------------------------

FALL_ROWS = [
    pytest.param({"fall": True}, False, "self", id="§3 v2 falls: unhurt, own re-check"),
    pytest.param({"fall": True, "fall_injury": True}, False, "physician", id="§3 v2 falls: hurt"),
    pytest.param(
        {"fall": True, "fall_head_strike": True}, False, "physician", id="persona 13 head strike"
    ),
    pytest.param({"fall": True}, True, "physician", id="§3 v2 falls: on blood thinners"),
    pytest.param({"fall_head_strike": True}, False, "physician", id="§3 v2 falls: head, no tick"),
]


@pytest.mark.parametrize(("last", "anticoagulants", "needs"), FALL_ROWS)
def test_a_fall_pauses_with_the_need_its_answers_call_for(last, anticoagulants, needs):
    state = replace(STATE, anticoagulants=anticoagulants)
    decision = decide(state, window(**last), TODAY)
    assert decision.code == "pause" and decision.notify_coach
    assert decision.needs_clearance == needs == decision.new_state.pause_needs
    assert decision.new_state.paused_for == "fall"
    assert decision.what_to_do.startswith(str(AFTER_A_FALL))
    assert ("doctor has checked" in decision.what_to_do) is (needs == "physician")
    assert ("48 hours" in decision.what_to_do) is (needs == "self")


@pytest.mark.parametrize(
    ("hours", "code"),
    [
        pytest.param(0, "pause", id="§3 v2 falls: at once refused"),
        pytest.param(47, "pause", id="§3 v2 falls: 47 h refused"),
        pytest.param(48, "resume", id="§3 v2 falls: 48 h exactly"),
        pytest.param(72, "resume", id="§3 v2 falls: 72 h"),
    ],
)
def test_after_an_unhurt_fall_the_person_waits_48_hours(hours, code):
    paused = paused_by(STATE, window(fall=True))
    now = noon(TODAY) + timedelta(hours=hours)
    decision = resume(paused, "self", now.date(), now)
    assert decision.code == code
    if code == "pause":
        assert decision.new_state == paused and "fall_wait" in codes(decision)


def test_the_48_hours_are_never_shortened_a_second_early():
    paused = paused_by(STATE, window(fall=True))
    now = noon(TODAY) + timedelta(hours=48) - timedelta(seconds=1)
    assert resume(paused, "self", now.date(), now).code == "pause"


@pytest.mark.parametrize(
    ("stage", "level", "minutes", "expected"),
    [
        pytest.param("handrail", 2, 10, ("pool", 2, 10), id="§3 v2 falls: one stage down"),
        pytest.param("treadmill", 3, 10, ("handrail", 3, 10), id="§3 v2 falls: off the belt"),
        pytest.param("pool", 3, 10, ("pool", 2, 10), id="§3 v2 falls: first stage, level down"),
        pytest.param("pool", 1, 10, ("pool", 1, 8), id="§3 v2 falls: first level, fewer min"),
    ],
)
def test_a_fall_resumes_one_stage_down(stage, level, minutes, expected):
    state = replace(STATE, stage=stage, level=level, backward_minutes=minutes)
    paused = paused_by(state, window(fall=True))
    later = TODAY + timedelta(days=3)
    decision = resume(paused, "self", later, noon(later))
    new = decision.new_state
    assert decision.code == "resume" and new.status == "active"
    assert (new.stage, new.level, new.backward_minutes) == expected
    assert (new.pause_needs, new.paused_for, new.paused_at, new.paused_on) == (None,) * 4
    assert new.level_started == later + timedelta(days=1)


@pytest.mark.parametrize(
    ("clearance", "code"),
    [
        pytest.param("self", "pause", id="persona 13: own word refused"),
        pytest.param("coach", "pause", id="persona 13: coach refused"),
        pytest.param("review", "pause", id="persona 13: physio review refused"),
        pytest.param(None, "pause", id="persona 13: no clearance"),
        pytest.param("physician", "resume", id="persona 13: doctor clears"),
    ],
)
def test_persona_13_head_strike_needs_a_physician_then_one_stage_down(clearance, code):
    paused = paused_by(STATE, window(fall=True, fall_head_strike=True))
    later = TODAY + timedelta(days=1)  # no 48-hour wait once a doctor has seen the person
    decision = resume(paused, clearance, later, noon(later))
    assert decision.code == code
    if code == "resume":
        assert (decision.new_state.stage, decision.new_state.level) == ("pool", 2)
    else:
        assert decision.new_state == paused and decision.needs_clearance == "physician"
        assert "doctor" in decision.reasons[0].message


# --- Health change, red flags, illness (§3 v2, §2e, §2f) ---------------------------------------


@pytest.mark.parametrize("clearance", ["self", "coach", "review", "physician"])
def test_a_health_change_waits_for_new_answers_whoever_clears(clearance):
    decision = decide(STATE, window(health_changed=True), TODAY)
    assert decision.code == "pause" and decision.needs_rescreen
    assert decision.new_state.rescreen_due and decision.what_to_do == AFTER_HEALTH_CHANGE
    paused = stamped(decision.new_state, noon(TODAY), TODAY)
    later = TODAY + timedelta(days=10)
    refused = resume(paused, clearance, later, noon(later))
    assert refused.code == "pause" and refused.new_state == paused
    assert "needs_rescreen" in codes(refused) and refused.needs_rescreen


def test_a_health_change_with_a_fall_keeps_both_the_wait_and_the_new_answers():
    decision = decide(STATE, window(fall=True, health_changed=True), TODAY)
    state = decision.new_state
    assert (state.paused_for, state.pause_needs, state.rescreen_due) == ("fall", "self", True)
    assert str(AFTER_HEALTH_CHANGE) in decision.what_to_do


def test_a_red_flag_needs_a_physician():
    decision = decide(STATE, window(red_flag=True), TODAY)
    assert decision.needs_clearance == "physician"
    assert decision.what_to_do == AFTER_RED_FLAG


ILLNESS = replace(
    STATE, status="paused", pause_needs="self", paused_for="illness", paused_on=MONDAY
)


@pytest.mark.parametrize(
    ("days", "clearance", "code"),
    [
        pytest.param(0, "self", "pause", id="§2e v2 illness: same day"),
        pytest.param(6, "self", "pause", id="§2e v2 illness: 6 days"),
        pytest.param(7, "self", "resume", id="§2e v2 illness: 7 days, own word"),
        pytest.param(6, "coach", "pause", id="§2e v2 illness: 6 days, coach still waits"),
        pytest.param(7, None, "pause", id="§2e v2 illness: 7 days, no word"),
    ],
)
def test_an_illness_pause_is_lifted_by_the_person_after_7_days(days, clearance, code):
    today = MONDAY + timedelta(days=days)
    decision = resume(ILLNESS, clearance, today, noon(today))
    assert decision.code == code
    if code == "resume":
        assert decision.new_state.level == ILLNESS.level - 1
    else:
        assert decision.new_state == ILLNESS


def test_an_illness_pause_says_how_long_to_wait():
    assert "7 days" in paused_words(ILLNESS) and paused_words(ILLNESS) == AFTER_ILLNESS


def test_a_questionnaire_pause_restarts_as_planned_once_cleared():
    waiting = replace(STATE, status="paused", pause_needs="physician", paused_for="screening")
    decision = resume(waiting, "physician", TODAY, noon(TODAY))
    new = decision.new_state
    assert decision.code == "resume"
    assert (new.stage, new.level, new.backward_minutes) == ("handrail", 2, 10)
    assert new.level_started == TODAY + timedelta(days=1)
    assert decide(new, [], TODAY + timedelta(days=3)).code == "hold"  # waiting is no break


# --- Clearance ranks and stacked pauses (§2f) -----------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "stronger"),
    [
        pytest.param(None, None, None, id="§2f nothing"),
        pytest.param(None, "self", "self", id="§2f self over none"),
        pytest.param("self", "coach", "coach", id="§2f coach over self"),
        pytest.param("review", "self", "review", id="§2f review over self"),
        pytest.param("coach", "review", "coach", id="§2f coach and review rank alike"),
        pytest.param("physician", "coach", "physician", id="§2f physician over coach"),
        pytest.param("self", "physician", "physician", id="§2f physician over self"),
    ],
)
def test_stronger_need(a, b, stronger):
    assert rules.stronger_need(a, b) == stronger
    if stronger is not None:
        assert rules.CLEARANCE_RANK[rules.stronger_need(b, a)] == rules.CLEARANCE_RANK[stronger]


@pytest.mark.parametrize(
    ("needs", "clearance", "code"),
    [
        pytest.param("coach", "self", "pause", id="§2f review pause: own word refused"),
        pytest.param("coach", "coach", "resume", id="§2f review pause: coach"),
        pytest.param("coach", "review", "resume", id="§2f review pause: physio review"),
        pytest.param("coach", "physician", "resume", id="§2f review pause: physician"),
        pytest.param("physician", "review", "pause", id="§2f physician pause: review refused"),
        pytest.param("self", "friend", "pause", id="§2f unknown clearance refused"),
    ],
)
def test_a_clearance_lifts_pauses_of_its_rank_or_less(needs, clearance, code):
    paused = replace(STATE, status="paused", pause_needs=needs, paused_for="pain")
    assert resume(paused, clearance, TODAY, noon(TODAY)).code == code


@pytest.mark.parametrize(
    ("first", "then", "needs", "cause"),
    [
        pytest.param(
            {"pain_during": 8},
            {"fall": True, "fall_head_strike": True},
            "physician",
            "fall",
            id="§2f pain, then a late head strike: physician",
        ),
        pytest.param(
            {"red_flag": True},
            {"pain_next_morning": 8},
            "physician",
            "red_flag",
            id="§2f red flag, then pain: still physician",
        ),
    ],
)
def test_new_entries_while_paused_keep_the_strongest_need(first, then, needs, cause):
    paused = paused_by(STATE, window(**first))
    later = TODAY + timedelta(days=1)
    decision = decide(paused, [good(6, is_new=True, **then)], later)
    assert decision.code == "pause"
    assert (decision.new_state.pause_needs, decision.new_state.paused_for) == (needs, cause)


def test_a_paused_plan_with_nothing_new_stays_exactly_as_it_is():
    paused = paused_by(STATE, window(fall=True, fall_injury=True))
    seen = [replace(log, is_new=False) for log in window(fall=True)]
    decision = decide(paused, seen, TODAY + timedelta(days=1))
    assert decision.code == "pause" and decision.new_state == paused


# --- Breaks, measured before the new log (§3 v2), in planned sessions missed (§9.9) ----------


def session_days(count: int) -> list[date]:
    """The next `count` Monday, Wednesday and Friday sessions after MONDAY."""
    days, day = [], MONDAY
    while len(days) < count:
        day += timedelta(days=1)
        if day.weekday() in (0, 2, 4):
            days.append(day)
    return days


def away(missed: int, *new: LogEntry) -> tuple[PlanState, list[LogEntry], date]:
    """Walked on MONDAY, then `missed` planned sessions missed; today is the next session's
    day, and `new` are logged today."""
    *gone, today = session_days(missed + 1)
    logs = [good(0), *(LogEntry(day, "missed", 10) for day in gone)]
    return STATE, [*logs, *(replace(log, date=today, is_new=True) for log in new)], today


@pytest.mark.parametrize(
    ("missed", "level", "minutes", "status"),
    [
        pytest.param(1, 2, 10, "active", id="§9.9 1 missed: nothing"),
        pytest.param(2, 2, 8, "active", id="§9.9 2 missed: 80 %"),
        pytest.param(3, 2, 8, "active", id="§9.9 3 missed: 80 %"),
        pytest.param(4, 1, 8, "active", id="§9.9 4 missed: a level down"),
        pytest.param(7, 1, 8, "active", id="§9.9 7 missed: a level down"),
        pytest.param(8, 2, 10, "paused", id="§9.9 8 missed: new answers"),
    ],
)
def test_the_dose_today_shows_after_a_break(missed, level, minutes, status):
    state, logs, today = away(missed)
    shown, reasons = break_dose(state, logs, today)
    assert (shown.level, shown.backward_minutes, shown.status) == (level, minutes, status)
    assert bool(reasons) is (missed >= 2)
    if status == "paused":
        assert shown.paused_for == "long_break" and shown.rescreen_due
        assert shown.paused_on == today


@pytest.mark.parametrize("missed", [2, 4, 7, 8])
def test_logging_after_a_break_gives_the_dose_today_showed(missed):
    """§3 v2, §9.9: the log of the day counts after the break it comes back from."""
    state, logs, today = away(missed)
    shown, _ = break_dose(state, logs, today)
    _, logged, _ = away(missed, LogEntry(today, "done", 8, 8, 4, 1))
    decision = decide(state, logged, today)
    assert decision.new_state == shown
    if missed >= 8:
        assert decision.code == "pause" and decision.needs_rescreen


def test_the_break_dose_is_the_same_however_often_it_is_read_or_decided():
    state, logs, today = away(5)
    shown, reasons = break_dose(state, logs, today)
    assert reasons and break_dose(state, logs, today) == (shown, reasons)
    decided = decide(state, logs, today).new_state
    assert break_dose(decided, logs, today) == (decided, ())
    assert decide(decided, logs, today).new_state == decided
    # The next band still applies once, later.
    _, more, later = away(8)
    assert break_dose(decided, more, later)[0].status == "paused"


def test_a_painful_log_after_a_break_still_steps_back_from_the_break_dose():
    state, logs, today = away(2, LogEntry(TODAY, "done", 8, 8, 4, 6))
    decision = decide(state, logs, today)
    assert decision.code == "step_back"
    assert {"break_missed", "pain_during"} <= codes(decision)
    assert (decision.new_state.level, decision.new_state.backward_minutes) == (1, 8)


def test_a_break_is_measured_to_the_session_before_today():
    # The session logged today is the new one: after 2 missed, the break applies.
    state, logs, today = away(2, LogEntry(TODAY, "done", 8, 8, 4, 1))
    assert decide(state, logs, today).code == "resume"
    # Next-morning pain for yesterday's session does not hide yesterday's session.
    yesterday = replace(good(9), pain_next_morning=1, is_new=True)
    missed = [LogEntry(day, "missed", 10) for day in session_days(3)]
    decision = decide(STATE, [good(0), *missed, yesterday], MONDAY + timedelta(days=10))
    assert decision.code != "resume"


def test_a_long_break_pause_says_to_answer_again():
    state, logs, today = away(8)
    decision = decide(state, logs, today)
    assert decision.what_to_do == AFTER_LONG_BREAK and decision.new_state.pause_needs == "self"


def test_a_break_dose_of_a_paused_plan_is_the_paused_plan():
    paused = replace(STATE, status="paused", pause_needs="self", paused_for="pain")
    assert break_dose(paused, [good(1)], TODAY + timedelta(days=40)) == (paused, ())


# --- Escalation and the floor (§3 v2 escalation) ---------------------------------------------


@pytest.mark.parametrize(
    ("earlier", "review"),
    [
        pytest.param((), False, id="§3 v2 escalation: first step-back"),
        pytest.param((10,), False, id="§3 v2 escalation: 2 step-backs in 28 days"),
        pytest.param((10, 20), True, id="§3 v2 escalation: 3 step-backs in 28 days"),
        pytest.param((10, 27), True, id="§3 v2 escalation: one 27 days ago counts"),
        pytest.param((10, 28), False, id="§3 v2 escalation: one 28 days ago does not"),
    ],
)
def test_a_third_step_back_in_four_weeks_needs_review(earlier, review):
    state = replace(STATE, step_backs=tuple(TODAY - timedelta(days=d) for d in earlier))
    decision = decide(state, window(pain_during=6), TODAY)
    assert decision.code == "step_back"
    assert decision.needs_review is review is decision.new_state.needs_review
    assert decision.new_state.step_backs[-1] == TODAY
    assert ("needs_review" in codes(decision)) is review
    if review:
        assert decision.notify_coach


@pytest.mark.parametrize(
    ("days", "review"),
    [
        pytest.param(27, False, id="§3 v2 escalation: 27 days holding"),
        pytest.param(28, True, id="§3 v2 escalation: 28 days holding"),
    ],
)
def test_four_weeks_holding_at_one_level_needs_review(days, review):
    state = replace(STATE, level_started=TODAY - timedelta(days=days))
    logs = [replace(log, date=TODAY - timedelta(days=i)) for i, log in enumerate(window(rpe=6))]
    decision = decide(state, logs, TODAY)
    assert decision.code == "hold"
    assert decision.needs_review is review is decision.new_state.needs_review
    assert decision.notify_coach is review


def test_the_coach_is_told_once_about_a_long_hold():
    state = replace(STATE, level_started=TODAY - timedelta(days=40), needs_review=True)
    logs = [replace(log, date=TODAY - timedelta(days=i)) for i, log in enumerate(window(rpe=6))]
    decision = decide(state, logs, TODAY)
    assert decision.needs_review and not decision.notify_coach


@pytest.mark.parametrize(
    ("minutes", "code", "after"),
    [
        pytest.param(4, "step_back", 3, id="§3 v2 floor: down to 3 minutes"),
        pytest.param(3, "hold", 3, id="§3 v2 floor: at 3 minutes it holds"),
    ],
)
def test_the_plan_does_not_step_back_below_its_easiest_dose(minutes, code, after):
    state = replace(STATE, stage="pool", level=1, backward_minutes=minutes)
    decision = decide(state, window(pain_during=6), TODAY)
    assert decision.code == code
    assert decision.new_state.backward_minutes == after
    if code == "hold":
        assert {"at_floor", "needs_review"} <= codes(decision)
        assert decision.needs_review and decision.notify_coach
        assert decision.new_state == replace(state, needs_review=True)


def test_the_review_words_depend_on_a_linked_coach():
    assert review_words(has_coach=True) == NEEDS_REVIEW_WITH_COACH
    assert review_words(has_coach=False) == NEEDS_REVIEW_NO_COACH
    assert "coach" in NEEDS_REVIEW_WITH_COACH
    assert "physiotherapist" in NEEDS_REVIEW_NO_COACH and "coach" not in NEEDS_REVIEW_NO_COACH


# --- Words (§4) --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paused_for", "needs", "words"),
    [
        pytest.param("fall", "self", "48 hours", id="§4 after a fall: the wait"),
        pytest.param("fall", "physician", "doctor", id="§4 after a fall: the doctor"),
        pytest.param("red_flag", "physician", "emergency", id="§4 red flag: emergency number"),
        pytest.param("pain", "self", "rest", id="§4 pain: rest"),
        pytest.param("health_change", "self", "health questions", id="§4 health change"),
        pytest.param("long_break", "self", "health questions", id="§4 long break"),
        pytest.param("illness", "self", "7 days", id="§4 illness"),
    ],
)
def test_each_pause_says_what_to_do_in_plain_words(paused_for, needs, words):
    state = replace(STATE, status="paused", pause_needs=needs, paused_for=paused_for)
    text = paused_words(state)
    assert words in text
    assert "wheelchair" not in text


def test_a_painful_log_after_a_break_at_the_easiest_dose_keeps_the_trim_and_says_why():
    _, logs, today = away(2, LogEntry(TODAY, "done", 3, 3, 4, 6))
    state = replace(STATE, stage="pool", level=1, backward_minutes=3)
    decision = decide(state, logs, today)
    assert decision.code == "resume"
    assert {"break_missed", "pain_during", "at_floor"} <= codes(decision)
    assert decision.needs_review and decision.new_state.backward_minutes == 3
    assert decision.new_state.level_started == today + timedelta(days=1)
