"""Version 3 decisions of domain.md §9 owned by the engine: one row per rule, each naming its line
(§9.2 no pool → open track, §9.11 walking pain, §9.12 not enough time, §9.14 pregnancy and
track-only adults, §9.15 the person's own stop rule, §9.16 seated rest from the first bout,
§9.17 copy)."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from answer_factory import abc_all, make_answers
from hypothesis import given
from hypothesis import strategies as st

from plans import engine, player, rules
from plans.engine import Prescription, build_plan, initial_prescription, session_for
from plans.progression import LogEntry, PlanState, decide
from plans.said import render
from plans.screening import may_start_on_track, minutes_needed, screen

MONDAY = date(2026, 3, 2)


def plan_for(answers, weeks=4, supervised=frozenset(), clearance=None):
    result = screen(answers, clearance=clearance, supervised=supervised)
    return build_plan(answers, result, MONDAY, supervised, weeks=weeks)


def path(plan) -> list[tuple[str, int, date]]:
    return [(s.stage, s.level, s.date) for week in plan.weeks for s in week.sessions]


# --- §9.2 No pool → open track ------------------------------------------------------------------

HIGH = {"falls_12m": 1}  # one fall, no injury: HIGH, no pause
STAGE_ROWS = [
    # answers, supervised, stages in the plan, the track's skipped reason (a fragment)
    pytest.param(
        {**HIGH, "access_handrail": False, "access_treadmill": False},
        {"track"},
        ("pool",),
        "three weeks on a handrail or a treadmill",
        id="§9.2-high-pool-and-track-ends-at-the-pool-even-confirmed",
    ),
    pytest.param(
        {**HIGH, "access_handrail": False, "access_treadmill": False},
        set(),
        ("pool",),
        "three weeks on a handrail or a treadmill",
        id="§9.2-high-no-land-says-so-before-needs-someone",
    ),
    pytest.param(
        {**HIGH, "access_handrail": False},
        {"track"},
        ("pool",),
        "three weeks on a handrail or a treadmill",
        id="§9.2-high-treadmill-unconfirmed-is-no-land-stage",
    ),
    pytest.param(
        {**HIGH, "access_handrail": False},
        {"treadmill", "track"},
        ("pool", "treadmill", "track"),
        None,
        id="§9.2-high-confirmed-treadmill-is-a-land-stage",
    ),
    pytest.param(
        {**HIGH, "access_treadmill": False},
        {"track"},
        ("pool", "handrail", "track"),
        None,
        id="§9.2-high-handrail-before-the-track",
    ),
    pytest.param(
        {**HIGH, "access_treadmill": False},
        set(),
        ("pool", "handrail"),
        "needs someone with you",
        id="§9.2-high-with-land-still-needs-the-coach",
    ),
    pytest.param(
        {"access_handrail": False, "access_treadmill": False},
        set(),
        ("pool", "track"),
        None,
        id="§9.2-low-without-supervised-stages-may-go-pool-to-track",
    ),
]


@pytest.mark.parametrize(("overrides", "supervised", "stages", "track_reason"), STAGE_ROWS)
def test_s9_2_the_track_needs_a_land_stage_before_it(overrides, supervised, stages, track_reason):
    plan = plan_for(make_answers(**overrides), supervised=frozenset(supervised))
    assert plan.stages == stages
    if track_reason is None:
        assert "track" not in plan.skipped
    else:
        assert track_reason in render(plan.skipped["track"])


def test_s9_2_no_land_is_not_promised_by_a_coach():
    """§9.2: the plan ends at the pool and says why; it never says a coach can add the track."""
    plan = plan_for(make_answers(**HIGH, access_handrail=False, access_treadmill=False))
    assert "needs_supervision" not in {reason.code for reason in plan.reasons}
    assert "track is not part of your plan" in next(
        reason.message for reason in plan.reasons if reason.code == "no_track_first"
    )
    # With a treadmill a coach could confirm, the track waits for the coach after it.
    answers = make_answers(**HIGH, access_handrail=False)
    assert engine.awaiting_supervision(answers, "high", ("pool",)) == ["treadmill"]


def _prescription(stages, stage, tier="high") -> Prescription:
    return Prescription(tier, stages, stage, 4, 10, None, ("mon",), 1, 60)


@pytest.mark.parametrize(
    ("stages", "stage", "tier", "days", "moves_to"),
    [
        pytest.param(
            ("pool", "track"), "pool", "high", 60, "pool", id="§9.2-high-never-pool-to-track"
        ),
        pytest.param(
            ("pool", "handrail", "track"),
            "handrail",
            "high",
            20,
            "handrail",
            id="§9.2-high-20-days-on-land",
        ),
        pytest.param(
            ("pool", "handrail", "track"),
            "handrail",
            "high",
            21,
            "track",
            id="§9.2-high-21-days-on-land",
        ),
        pytest.param(
            ("handrail", "treadmill", "track"),
            "treadmill",
            "high",
            21,
            "track",
            id="§9.2-high-treadmill-is-land",
        ),
        pytest.param(
            ("pool", "handrail"), "pool", "high", 21, "handrail", id="§9.2-pool-to-rail-unchanged"
        ),
        pytest.param(("pool", "track"), "pool", "low", 14, "track", id="§9.2-low-unchanged"),
    ],
)
def test_s9_2_leaving_a_stage_for_the_track(stages, stage, tier, days, moves_to):
    assert engine.advance(_prescription(stages, stage, tier), days).stage == moves_to


def test_s9_2_progression_from_the_pool_never_reaches_the_track():
    """§9.2 through plans.progression.decide: a HIGH plan stored with (pool, track), at L4 for
    weeks with good sessions, keeps rising in the pool."""
    today = MONDAY + timedelta(days=60)
    state = PlanState(
        tier="high",
        stages=("pool", "track"),
        stage="pool",
        level=4,
        backward_minutes=10,
        level_started=MONDAY + timedelta(days=40),
        stage_started=MONDAY,
        minutes_available=60,
    )
    logs = [
        LogEntry(MONDAY + timedelta(days=day), "done", 10, 10, rpe=3, pain_during=0, is_new=True)
        for day in (50, 53, 56)
    ]
    decision = decide(state, logs, today)
    assert decision.new_state.stage == "pool"
    assert decision.new_state.backward_minutes > 10


def test_s9_2_preview_reaches_the_track_only_after_21_days_on_the_rail():
    answers = make_answers(**HIGH, access_pool=False, access_treadmill=False)
    plan = plan_for(answers, weeks=12, supervised=frozenset({"track"}))
    sessions = path(plan)
    first_track = next(day for stage, _, day in sessions if stage == "track")
    first_rail = sessions[0][2]
    assert (first_track - first_rail).days >= rules.TRACK_AFTER_LAND_DAYS


# --- §9.11 Walking pain ≥ 6 → review --------------------------------------------------------------


@pytest.mark.parametrize(
    ("pain_now", "pain_walking", "outcome"),
    [
        pytest.param(0, 5, "ready", id="§9.11-walking-5-no-review"),
        pytest.param(0, 6, "paused_review", id="§9.11-S13-walking-6-review"),
        pytest.param(6, 6, "paused_review", id="§9.11-rest-6-walking-6-review"),
        pytest.param(6, 5, "ready", id="§9.11-rest-6-alone-no-review"),
        pytest.param(7, 6, "paused_physician", id="§2e-rest-7-is-the-physicians"),
    ],
)
def test_s9_11_walking_pain_6_needs_a_review(pain_now, pain_walking, outcome):
    result = screen(make_answers(pain_now=pain_now, pain_walking=pain_walking))
    assert result.outcome == outcome
    assert screen(
        make_answers(pain_now=pain_now, pain_walking=pain_walking), clearance="physician"
    ).outcome in ("ready",)


def test_s9_11_the_flag_names_rest_and_walking_pain():
    flag = next(
        f
        for f in screen(make_answers(pain_now=6, pain_walking=6)).flags
        if f.code == "walking_pain_severe"
    )
    assert "6 out of 10" in flag.message and "resting" in flag.message
    assert rules.REVIEW_WALKING_PAIN == rules.STEP_BACK_PAIN_DURING + 1


# --- §9.12 Not enough time → no plan --------------------------------------------------------------


@pytest.mark.parametrize(
    ("tier", "seated", "minutes"),
    [
        pytest.param("high", False, 14, id="§9.12-high-30s:60s-is-14"),
        pytest.param("high", True, 14, id="§9.12-high-seated-30s:60s-sitting-is-14"),
        pytest.param("mod", False, 11, id="§9.12-mod-1:1-is-11"),
        pytest.param("mod", True, 11, id="§9.12-mod-seated-is-11"),
        pytest.param("low", False, 10, id="§9.12-low-2:1-is-10"),
    ],
)
def test_s9_12_shortest_safe_session(tier, seated, minutes):
    assert rules.shortest_session_minutes(tier, seated) == minutes
    # The engine's own floor agrees: it fits at that time and not a minute less.
    p = Prescription(tier, ("handrail",), "handrail", 1, 3, None, ("mon",), 1, minutes, seated)
    assert session_for(p, MONDAY).fits
    assert not session_for(replace(p, minutes_available=minutes - 1), MONDAY).fits


@pytest.mark.parametrize(
    ("overrides", "outcome", "once_cleared", "needed"),
    [
        pytest.param(
            {**HIGH, "minutes": 13}, "needs_more_time", "needs_more_time", 14, id="§9.12-high-13"
        ),
        pytest.param({**HIGH, "minutes": 14}, "ready", "ready", None, id="§9.12-high-14-fits"),
        pytest.param(
            {"can_walk_10_min": False, "minutes": 12},
            "needs_more_time",
            "needs_more_time",
            14,
            id="§9.12-seated-rest-12",
        ),
        pytest.param(
            {"age": 80, "minutes": 10}, "needs_more_time", "needs_more_time", 11, id="§9.12-mod-10"
        ),
        pytest.param({"minutes": 10}, "ready", "ready", None, id="§9.12-low-10-fits"),
        pytest.param(
            {**HIGH, "minutes": 10, "parq_heart": True},
            "paused_physician",
            "needs_more_time",
            14,
            id="§9.12-behind-a-physician-pause",
        ),
        pytest.param(
            {**HIGH, "minutes": 10, "access_pool": False, "access_handrail": False},
            "paused_support",
            "paused_support",
            None,
            id="§9.12-support-comes-first",
        ),
    ],
)
def test_s9_12_not_enough_time_is_no_plan(overrides, outcome, once_cleared, needed):
    answers = make_answers(**overrides)
    result = screen(answers)
    assert (result.outcome, result.outcome_once_cleared) == (outcome, once_cleared)
    assert result.minutes_needed == needed
    assert (plan_for(answers) is None) is (once_cleared != "ready")
    if needed:
        flag = next(f for f in result.flags if f.code == "needs_more_time")
        assert f"at least {needed} minutes" in flag.message
        assert minutes_needed(answers, result.tier) == needed
    if outcome == "needs_more_time":
        assert f"at least {needed} minutes" in result.message


@given(
    st.sampled_from([{}, HIGH, {"age": 80}, {"can_walk_10_min": False}, {"walking_aid": "cane"}]),
    st.integers(rules.MINUTES_MIN, rules.MINUTES_MAX),
)
def test_s9_12_never_a_session_longer_than_the_time_given(overrides, minutes):
    answers = make_answers(minutes=minutes, **overrides)
    result = screen(answers)
    plan = build_plan(answers, result, MONDAY, weeks=8)
    assert (plan is None) is (result.outcome_once_cleared == "needs_more_time")
    for week in plan.weeks if plan else ():
        for session in week.sessions:
            assert session.total_minutes <= minutes


# --- §9.14 Pregnancy; a fit adult with only an open track ------------------------------------


def test_s9_14_pregnancy_needs_a_physician_then_pool_and_handrail_only():
    answers = make_answers(pregnant=True)
    assert screen(answers).outcome == "paused_physician"
    plan = plan_for(answers, clearance="physician", supervised=frozenset({"treadmill", "track"}))
    assert plan.stages == ("pool", "handrail")
    assert plan.start_stage == "handrail"
    for stage in ("treadmill", "track"):
        assert "While you are pregnant" in render(plan.skipped[stage])
    assert {stage for stage, _, _ in path(plan_for(answers, weeks=12))} <= {"pool", "handrail"}


def test_s9_14_pregnancy_with_only_a_treadmill_needs_support_not_a_coach():
    answers = make_answers(pregnant=True, access_pool=False, access_handrail=False)
    result = screen(answers, clearance="physician", supervised=frozenset({"treadmill"}))
    assert result.outcome == "paused_support"
    assert {f.code for f in result.flags} >= {"needs_support"}
    assert plan_for(answers, clearance="physician") is None


TRACK_ONLY = {"access_pool": False, "access_handrail": False, "access_treadmill": False}


@pytest.mark.parametrize(
    ("overrides", "starts"),
    [
        pytest.param({}, True, id="§9.14-fit-45-starts-on-the-track"),
        pytest.param({"age": 64}, True, id="§9.14-64-starts"),
        pytest.param({"age": 65}, False, id="§9.14-65-does-not"),
        pytest.param({"falls_12m": 1}, False, id="§9.14-a-fall-does-not"),
        pytest.param(abc_all(70), False, id="§9.14-abc6-70-does-not"),
        pytest.param({"pregnant": True}, False, id="§9.14-pregnant-does-not"),
        pytest.param({"access_pool": True}, False, id="§9.14-with-a-pool-starts-in-the-pool"),
    ],
)
def test_s9_14_a_fit_adult_with_only_an_open_track(overrides, starts):
    answers = make_answers(**{**TRACK_ONLY, **overrides})
    plan = plan_for(answers, clearance="physician")
    started = plan is not None and plan.start_stage == "track"
    assert started is starts
    if starts:
        assert may_start_on_track(answers, plan.tier)
        assert plan.stages == ("track",) and plan.prescription.level == 1
        sessions = [s for week in plan.weeks for s in week.sessions]
        beside = [str(engine.TRACK_START_CUE) in s.cues for s in sessions]
        assert beside[:3] == [True, True, False] and not any(beside[2:])
        assert {"track_start", "start_track"} <= {reason.code for reason in plan.reasons}


# --- §9.15 The stop rule is the person's own ----------------------------------------------


@pytest.mark.parametrize(
    ("knee_oa", "shown", "hidden"),
    [
        pytest.param(True, "knee pain above 5 out of 10", None, id="§9.15-knee-oa-reads-5-of-10"),
        pytest.param(
            False,
            "any sharp pain, or pain that makes you limp",
            "5 out of 10",
            id="§9.15-everyone-else",
        ),
    ],
)
def test_s9_15_stop_rule(knee_oa, shown, hidden):
    for words in (engine.stop_cue(knee_oa), engine.stop_pain_words(knee_oa)):
        assert shown in words
        assert hidden is None or hidden not in words
    cues = engine.stage_cues("handrail", knee_oa=knee_oa)
    assert sum("Stop straight away" in cue for cue in cues) == 1


@pytest.mark.parametrize(
    ("aid", "shown"),
    [
        pytest.param(
            "walker",
            "holding the rail (in the pool, the edge), not with your walker",
            id="§9.15-walker",
        ),
        pytest.param(
            "cane", "holding the rail (in the pool, the edge), not with your cane", id="§9.15-cane"
        ),
        pytest.param("none", "", id="§9.15-no-aid-no-line"),
    ],
)
def test_s9_15_aid_cue(aid, shown):
    assert (shown in engine.aid_cue(aid)) if shown else engine.aid_cue(aid) == ""
    cues = " ".join(engine.stage_cues("pool", walking_aid=aid))
    assert ("not with your" in cues) is bool(shown)
    assert "If you use a cane or walker" not in cues


# --- §9.16 Seated rest from the first bout ------------------------------------------------------


def test_s9_16_no_walking_past_5_minutes_before_the_first_sit():
    for overrides in ({"can_walk_10_min": False}, {**HIGH, "walking_aid": "walker"}):
        for minutes in (14, 20, 30, 60, 90):
            plan = plan_for(make_answers(minutes=minutes, **overrides), weeks=12)
            for week in plan.weeks:
                for session in week.sessions:
                    assert session.seated_rest
                    phases = player.session_phases(session)
                    assert player.walking_before_first_sit(phases) <= 5 * 60
                    assert phases[1].kind == player.SEATED and phases[1].bout == 0
                    total = sum(phase.seconds for phase in phases)
                    assert total == session.total_minutes * 60


@pytest.mark.parametrize(
    ("level", "warmup", "walked"),
    [
        pytest.param(1, 5, 4 * 60, id="§9.16-L1-warm-up-4-walking-then-sit"),
        pytest.param(4, 5, 4 * 60, id="§9.16-L4-3-min-bouts-sit-first"),
        pytest.param(1, 3, 2 * 60, id="§9.16-short-warm-up-still-ends-sitting"),
    ],
)
def test_s9_16_the_warm_up_ends_sitting(level, warmup, walked):
    dose = session_for(
        Prescription("high", ("handrail",), "handrail", level, 6, None, ("mon",), 1, 90, True),
        MONDAY,
    )
    phases = player.session_phases(replace(dose, warmup_minutes=warmup))
    assert player.walking_before_first_sit(phases) == walked
    assert phases[1] == player.Phase(player.SEATED, rules.SEATED_REST_SECONDS, 0)


def test_s9_16_walking_sessions_keep_their_warm_up_whole():
    dose = first_session(make_answers())
    phases = player.session_phases(dose)
    assert phases[0].seconds == dose.warmup_minutes * 60
    assert player.SEATED not in {phase.kind for phase in phases}


def first_session(answers):
    return session_for(initial_prescription(answers, screen(answers)), MONDAY)


# --- §9.17 Copy -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tier", "talk"),
    [
        pytest.param(
            "low", "hard enough that you can speak only in short sentences", id="§9.17-borg-4-6"
        ),
        pytest.param("mod", "you can still talk in full sentences", id="§9.17-3-5"),
        pytest.param("high", "you can still talk in full sentences", id="§9.17-3-4"),
    ],
)
def test_s9_17_effort_words(tier, talk):
    assert engine.talk_test_words(rules.TIER_DOSE[tier].rpe_low) == talk


def test_s9_17_the_treadmill_start_is_the_persons_own_speed():
    plan = plan_for(make_answers())  # LOW, treadmill
    texts = " ".join(reason.message for reason in plan.reasons)
    assert "slowest" not in texts
    assert "speak only in short sentences" in texts
    assert "treadmill_speed" in {reason.code for reason in plan.reasons}
    assert "0.9 mph" in engine.treadmill_speed_words("0.9 mph")
