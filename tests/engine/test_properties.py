"""Invariants of the plan rules, for any valid answers or logs (hypothesis)."""

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from plans import rules
from plans.engine import build_plan, supervised_only
from plans.progression import LogEntry, PlanState, decide
from plans.screening import (
    ABC_KEYS,
    BOOL_KEYS,
    STEADI_ONE_POINT,
    V2_KEYS,
    Answers,
    may_start_on_track,
    pause_need,
    screen,
)

MONDAY = date(2026, 3, 2)
STAGE_RANK = {stage: rank for rank, stage in enumerate(rules.STAGES)}

optional_int = st.none() | st.integers(0, 240)


@st.composite
def answers_dicts(draw):
    data = {key: draw(st.booleans()) for key in BOOL_KEYS}
    data |= {key: draw(st.integers(0, 10)) * 10 for key in ABC_KEYS}
    data |= {
        "age": draw(st.integers(rules.AGE_MIN, rules.AGE_MAX)),
        "pain_now": draw(st.integers(0, 10)),
        "pain_walking": draw(st.integers(0, 10)),
        # Weighted so that most drawn people can have a plan: the no-plan answers
        # (wheelchair, cannot stand) would otherwise filter out most examples.
        "walking_aid": draw(st.sampled_from(("none", "none", "cane", "walker", "wheelchair"))),
        "can_stand_unaided": draw(st.integers(0, 5)) > 0,
        "falls_12m": draw(st.integers(0, 4)),
        "stroke_months_ago": draw(optional_int),
        "replacement_weeks_ago": draw(optional_int),
        "surgery_weeks_ago": draw(optional_int),
        "days": draw(st.lists(st.sampled_from(rules.WEEKDAYS), min_size=1, unique=True)),
        "minutes": draw(st.integers(rules.MINUTES_MIN, rules.MINUTES_MAX)),
    }
    if data["falls_12m"] == 0:
        data["fall_injury"] = False
    if draw(st.booleans()):
        data |= {key: draw(st.none() | st.booleans()) for key in V2_KEYS}
    else:  # saved before v2: no v2 keys, maybe the old treadmill question
        legacy = draw(st.none() | st.booleans())
        if legacy is not None:
            data["treadmill_supervised"] = legacy
    return data


# Most random answers are paused; the plan is still built as it will be once cleared.
answers_st = answers_dicts().map(Answers.from_dict)
start_st = st.integers(0, 13).map(lambda n: MONDAY + timedelta(days=n))
supervised_st = st.frozensets(st.sampled_from(rules.STAGES))


def allowed_rise(minutes: int) -> int:
    return max(rules.WEEKLY_RISE_MIN_MINUTES, minutes * rules.WEEKLY_RISE_PERCENT // 100)


@given(answers_st, start_st)
def test_every_valid_answers_give_a_valid_plan(answers, start):
    screening = screen(answers)
    plan = build_plan(answers, screening, start, weeks=10)
    if plan is None:
        assert screening.outcome_once_cleared in ("no_plan", "paused_support", "needs_more_time")
        return
    access = {stage: getattr(answers, f"access_{stage}") for stage in rules.STAGES}
    assert list(plan.stages) == sorted(plan.stages, key=STAGE_RANK.__getitem__)
    assert all(access[stage] for stage in plan.stages)
    assert plan.start_stage in plan.stages
    if plan.start_stage == "track":  # v3 §9.14: a fit adult with only an open track
        assert plan.stages == ("track",) and may_start_on_track(answers, plan.tier)
    assert set(plan.skipped) | set(plan.stages) == set(rules.STAGES)
    assert plan.sessions_per_week == min(len(answers.days), 4 if plan.tier == "low" else 3)
    assert plan.weeks[0].sessions
    for week in plan.weeks:
        assert week.start.weekday() == 0
        assert len(week.sessions) <= plan.sessions_per_week
        for session in week.sessions:
            assert session.date >= start
            assert week.start <= session.date < week.start + timedelta(days=7)
            assert rules.WEEKDAYS[session.date.weekday()] in answers.days
            assert session.stage in plan.stages and 1 <= session.level <= 4
            assert session.backward_minutes >= rules.MIN_BACKWARD_MINUTES
            assert (session.speed_kmh is None) is (session.stage != "treadmill")
            assert session.total_minutes <= answers.minutes  # v3 §9.12: never longer


@given(answers_st, start_st)
def test_weekly_volume_rises_at_most_10_percent_and_never_with_a_stage_change(answers, start):
    plan = build_plan(answers, screen(answers), start, weeks=12)
    assume(plan is not None)
    doses = [week.sessions[0] for week in plan.weeks if week.sessions]
    for before, after in zip(doses, doses[1:], strict=False):
        rise = after.backward_minutes - before.backward_minutes
        assert rise <= allowed_rise(before.backward_minutes)
        assert after.backward_minutes <= rules.MAX_BACKWARD_MINUTES
        # one usable stage at a time
        assert abs(plan.stages.index(after.stage) - plan.stages.index(before.stage)) <= 1
        if after.stage != before.stage:
            assert rise <= 0
    full = [week for week in plan.weeks[1:] if len(week.sessions) == plan.sessions_per_week]
    for before, after in zip(full, full[1:], strict=False):
        limit = allowed_rise(before.sessions[0].backward_minutes) * plan.sessions_per_week
        assert after.backward_minutes - before.backward_minutes <= limit


RISKIER = st.sampled_from(["steadi", "fall", "pain", "abc", "age", *V2_KEYS[:-1]])


def riskier(data: dict, how: str, pick: int) -> dict | None:
    data = dict(data)
    if how == "steadi":
        free = [key for key in STEADI_ONE_POINT if not data[key]]
        if not free:
            return None
        data[free[pick % len(free)]] = True
    elif how == "fall":
        data["falls_12m"] += 1
    elif how == "pain":
        if data["pain_walking"] == 10:
            return None
        data["pain_walking"] += 1
    elif how == "age":
        if data["age"] == rules.AGE_MAX:
            return None
        data["age"] += 1 + pick
        data["age"] = min(data["age"], rules.AGE_MAX)
    elif how in V2_KEYS:  # a v2 health question answered yes
        if data.get(how):
            return None
        data[how] = True
    else:
        key = ABC_KEYS[pick % len(ABC_KEYS)]
        if data[key] == 0:
            return None
        data[key] -= 10
    return data


def start_of(answers: Answers, supervised: frozenset[str] = frozenset()):
    plan = build_plan(answers, screen(answers), MONDAY, supervised)
    return None if plan is None else plan.weeks[0].sessions[0]


@given(answers_dicts(), RISKIER, st.integers(0, 20), supervised_st)
def test_more_risk_never_starts_harder_or_bigger(data, how, pick, supervised):
    more = riskier(data, how, pick)
    assume(more is not None)
    riskier_answers = Answers.from_dict(more)
    easy = start_of(Answers.from_dict(data), supervised)
    hard = start_of(riskier_answers, supervised)
    if hard is None:
        return
    assert easy is not None
    if STAGE_RANK[hard.stage] > STAGE_RANK[easy.stage]:
        # §1 v2: the one way "up" is that the easier start now needs someone with you (a
        # seizure takes the pool away until a coach confirms a helper in the water); the
        # riskier person then starts on the rail, the next stage their tier allows.
        locked = supervised_only(riskier_answers, screen(riskier_answers).tier) - supervised
        assert easy.stage in locked
    assert hard.backward_minutes <= easy.backward_minutes


@given(answers_st, start_st, supervised_st)
def test_v2_no_plan_holds_a_supervised_only_stage_a_coach_has_not_confirmed(
    answers, start, supervised
):
    result = screen(answers, supervised=supervised)
    plan = build_plan(answers, result, start, supervised, weeks=12)
    if plan is None:
        return
    locked = supervised_only(answers, plan.tier) - supervised
    assert not locked & set(plan.stages)
    walked = {s.stage for week in plan.weeks for s in week.sessions}
    assert not locked & walked
    if plan.tier == "high" and not supervised:
        assert not walked & {"treadmill", "track"}


@given(answers_st, start_st, supervised_st)
def test_v2_no_session_is_longer_than_the_minutes_given_unless_it_says_so(
    answers, start, supervised
):
    plan = build_plan(answers, screen(answers), start, supervised, weeks=12)
    assume(plan is not None)
    for week in plan.weeks:
        for session in week.sessions:
            assert session.total_minutes == (
                session.warmup_minutes
                + session.backward_minutes
                + session.forward_minutes
                + session.cooldown_minutes
            )
            assert session.warmup_minutes >= rules.WARMUP_MIN_MINUTES
            assert session.cooldown_minutes >= rules.COOLDOWN_MIN_MINUTES
            assert session.fits and session.total_minutes <= answers.minutes  # v3 §9.12
            if session.seated_rest:
                assert session.bout_forward_seconds == rules.SEATED_REST_SECONDS
                assert session.bout_backward_seconds <= rules.MAX_WALKING_BLOCK_MINUTES * 60


@given(answers_st, supervised_st)
def test_v2_screening_and_engine_agree_on_whether_there_is_a_stage(answers, supervised):
    result = screen(answers, supervised=supervised)
    plan = build_plan(answers, result, MONDAY, supervised)
    no_plan = ("no_plan", "paused_support", "needs_more_time")  # v3 §9.12: too little time
    assert (plan is None) is (result.outcome_once_cleared in no_plan)


CLEARANCE_ORDER = (None, *rules.CLEARANCES)


@given(answers_st)
def test_v2_a_stronger_clearance_never_leaves_a_stronger_pause(answers):
    needs = [pause_need(screen(answers, clearance=c).outcome) for c in CLEARANCE_ORDER]
    ranks = [-1 if need is None else rules.CLEARANCE_RANK[need] for need in needs]
    assert ranks[0] >= ranks[1] >= max(ranks[2], ranks[3]) >= ranks[4]
    assert screen(answers, clearance="physician").outcome not in (
        "paused_physician",
        "paused_review",
        "paused_illness",
    )


@given(answers_st, start_st)
def test_same_answers_same_plan(answers, start):
    again = Answers.from_dict(answers.to_dict())
    assert build_plan(answers, screen(answers), start) == build_plan(again, screen(again), start)


# --- Progression ---------------------------------------------------------------------------------

TODAY = MONDAY + timedelta(days=30)

state_st = st.builds(
    PlanState,
    tier=st.sampled_from(rules.TIERS),
    stages=st.just(rules.STAGES),
    stage=st.sampled_from(rules.STAGES),
    level=st.integers(1, 4),
    backward_minutes=st.integers(3, 30),
    level_started=st.integers(5, 20).map(lambda n: TODAY - timedelta(days=n)),
    stage_started=st.integers(20, 40).map(lambda n: TODAY - timedelta(days=n)),
    pain_now=st.integers(0, 4),
    minutes_available=st.none() | st.integers(10, 90),
)
pain = st.none() | st.integers(0, 10)
log_st = st.builds(
    LogEntry,
    date=st.integers(0, 5).map(lambda n: TODAY - timedelta(days=n)),
    status=st.sampled_from(("done", "partial", "skipped", "missed")),
    planned_backward_minutes=st.integers(3, 30),
    backward_minutes_done=st.integers(0, 30),
    rpe=pain,
    pain_during=pain,
    pain_next_morning=pain,
    fall=st.booleans(),
    near_fall=st.booleans(),
    red_flag=st.booleans(),
)


def breaches(log: LogEntry, state: PlanState) -> bool:
    return (
        log.fall
        or log.red_flag
        or log.near_fall
        or (log.pain_during or 0) > 2
        or (log.pain_next_morning or 0) >= max(state.usual_morning_pain + 1, rules.PAUSE_PAIN)
    )


@given(state_st, st.lists(log_st, min_size=1, max_size=5))
def test_decide_never_advances_on_a_pain_or_fall_breach(state, logs):
    assume(any(breaches(log, state) for log in logs))
    decision = decide(state, logs, TODAY)
    new = decision.new_state
    assert decision.code != "advance"
    assert (STAGE_RANK[new.stage], new.level) <= (STAGE_RANK[state.stage], state.level)
    assert new.backward_minutes <= state.backward_minutes


@given(state_st, st.lists(log_st, max_size=5), st.integers(0, 40))
def test_decide_moves_one_stage_at_a_time_and_is_deterministic(state, logs, later):
    today = TODAY + timedelta(days=later)
    decision = decide(state, logs, today)
    new = decision.new_state
    assert abs(STAGE_RANK[new.stage] - STAGE_RANK[state.stage]) <= 1
    assert 1 <= new.level <= 4
    assert rules.MIN_BACKWARD_MINUTES <= new.backward_minutes <= rules.MAX_BACKWARD_MINUTES
    assert new.backward_minutes - state.backward_minutes <= allowed_rise(state.backward_minutes)
    if new.stage != state.stage:
        assert new.backward_minutes <= state.backward_minutes
    assert decision == decide(state, logs, today)
    assert decision.code in rules.DECISIONS


@given(state_st, st.lists(log_st, max_size=5))
def test_a_paused_plan_never_moves(state, logs):
    paused = replace(state, status="paused", pause_needs="self", paused_for="pain")
    decision = decide(paused, logs, TODAY)
    assert decision.code == "pause" and decision.new_state == paused
