"""Plan rules of domain.md §1, one row per rule and per persona of §5, each naming its source."""

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from answer_factory import abc_all, make_answers

from plans import engine, rules
from plans.engine import Prescription, build_plan, initial_prescription, session_for, week_for
from plans.screening import Answers, screen

DATA = Path(__file__).resolve().parent.parent / "data"
MONDAY = date(2026, 3, 2)


def persona(number: int) -> Answers:
    return Answers.from_dict(json.loads((DATA / f"persona_{number}.json").read_text()))


def plan_for(answers: Answers, start: date = MONDAY, weeks: int = 4):
    return build_plan(answers, screen(answers), start, weeks)


def first(plan):
    return plan.weeks[0].sessions[0]


# --- Personas §5 -------------------------------------------------------------------------------

PERSONA_ROWS = [
    # number, tier, start stage, sessions/week, backward min, bouts, speed, rpe
    pytest.param(1, "low", "treadmill", 4, 10, (120, 60), 1.5, (4, 6), id="persona-1-S1-PD"),
    pytest.param(2, "mod", "handrail", 3, 8, (60, 60), None, (3, 5), id="persona-2-S9-PD"),
    pytest.param(3, "high", "pool", 3, 5, (30, 60), None, (3, 4), id="persona-3-S10-PD"),
    pytest.param(4, "high", "pool", 3, 5, (30, 60), None, (3, 4), id="persona-4-S12-PD"),
    pytest.param(5, "high", "handrail", 3, 5, (30, 60), None, (3, 4), id="persona-5-S3-PD"),
    pytest.param(6, "high", "handrail", 3, 4, (30, 60), None, (3, 4), id="persona-6-PD-cut"),
    pytest.param(8, "mod", "handrail", 3, 8, (60, 60), None, (3, 5), id="persona-8-PD"),
]


@pytest.mark.parametrize(
    ("number", "tier", "stage", "per_week", "backward", "bouts", "speed", "rpe"), PERSONA_ROWS
)
def test_persona_plan(number, tier, stage, per_week, backward, bouts, speed, rpe):
    plan = plan_for(persona(number))
    session = first(plan)
    assert (plan.tier, plan.start_stage, plan.sessions_per_week) == (tier, stage, per_week)
    assert (session.stage, session.level, session.backward_minutes) == (stage, 1, backward)
    assert (session.bout_backward_seconds, session.bout_forward_seconds) == bouts
    assert (session.speed_kmh, session.rpe_range) == (speed, rpe)
    assert all(len(week.sessions) == per_week for week in plan.weeks)


def test_persona_5_skips_the_treadmill_until_supervised():
    plan = plan_for(persona(5))
    assert "treadmill" in plan.skipped and "treadmill" not in plan.stages
    supervised = Answers.from_dict(persona(5).to_dict() | {"treadmill_supervised": True})
    assert "treadmill" in plan_for(supervised).stages


def test_persona_6_main_block_is_cut_to_12_minutes_with_4_backward():
    session = first(plan_for(persona(6)))
    assert session.backward_minutes + session.forward_minutes == 12
    assert session.backward_minutes == 4
    assert session.total_minutes == 20


def test_persona_7_still_gets_a_plan_for_once_cleared_but_hides_the_dose():
    answers = persona(7)
    assert plan_for(answers) is not None
    assert not screen(answers).show_dose


# --- §1 rules ----------------------------------------------------------------------------------

START_ROWS = [
    pytest.param({}, "treadmill", id="PD-low-treadmill"),
    pytest.param({"access_treadmill": False}, "handrail", id="PD-low-else-handrail"),
    pytest.param({"access_treadmill": False, "access_handrail": False}, "pool", id="PD-low-pool"),
    pytest.param({"age": 80}, "handrail", id="PD-mod-handrail"),
    pytest.param({"age": 80, "pain_walking": 4}, "pool", id="PD-mod-walking-pain-4-pool"),
    pytest.param({"age": 80, "pain_walking": 3}, "handrail", id="PD-mod-walking-pain-3-rail"),
    pytest.param(
        {"age": 80, "pain_walking": 4, "access_pool": False}, "handrail", id="PD-mod-no-pool"
    ),
    pytest.param({"falls_12m": 1}, "pool", id="S10-high-pool"),
    pytest.param({"falls_12m": 1, "access_pool": False}, "handrail", id="S9-high-else-rail"),
]


@pytest.mark.parametrize(("overrides", "stage"), START_ROWS)
def test_start_stage(overrides, stage):
    assert plan_for(make_answers(**overrides)).start_stage == stage


def test_nobody_starts_on_the_track():
    answers = make_answers(access_pool=False, access_handrail=False, access_treadmill=False)
    assert screen(answers).outcome == "paused_support"
    assert plan_for(answers) is None


@pytest.mark.parametrize(
    ("days", "tier_overrides", "expected"),
    [
        pytest.param(["mon", "tue", "wed", "thu", "fri"], {}, 4, id="S1-low-cap-4"),
        pytest.param(["mon", "tue", "wed", "thu", "fri"], {"age": 80}, 3, id="S1-mod-cap-3"),
        pytest.param(["mon", "tue", "wed", "thu"], {"falls_12m": 1}, 3, id="S9-high-cap-3"),
        pytest.param(["sat", "sun"], {}, 2, id="S1-fewer-days-than-cap"),
    ],
)
def test_sessions_per_week_is_min_of_days_and_cap(days, tier_overrides, expected):
    plan = plan_for(make_answers(days=days, **tier_overrides))
    assert plan.sessions_per_week == expected


@pytest.mark.parametrize(
    ("days", "count", "chosen"),
    [
        (("mon", "tue", "wed", "thu", "fri", "sat", "sun"), 3, ("mon", "wed", "fri")),
        (("mon", "tue", "wed", "thu", "fri", "sat", "sun"), 4, ("mon", "tue", "thu", "sat")),
        (("mon", "tue", "wed", "thu", "fri"), 3, ("mon", "wed", "fri")),
        (("mon", "tue", "wed", "thu"), 3, ("mon", "tue", "thu")),
        (("sat", "sun"), 2, ("sat", "sun")),
    ],
)
def test_session_days_are_spread_out(days, count, chosen):
    assert engine.spread_days(days, count) == chosen


def test_session_layout_is_warmup_main_block_cooldown():
    session = first(plan_for(make_answers()))
    assert (session.warmup_minutes, session.cooldown_minutes) == (5, 3)
    assert session.total_minutes == 5 + 10 + 5 + 3


@pytest.mark.parametrize(
    ("minutes", "backward", "fits"),
    [
        pytest.param(23, 5, True, id="PD-23-min-no-cut"),
        pytest.param(22, 4, True, id="PD-22-min-cut"),
        pytest.param(20, 4, True, id="PD-20-min-persona-6"),
        pytest.param(17, 3, True, id="PD-17-min-floor-fits"),
        pytest.param(16, 3, False, id="PD-16-min-needs-more-time"),
        pytest.param(10, 3, False, id="PD-10-min-needs-more-time"),
    ],
)
def test_cut_to_fit_keeps_3_backward_minutes(minutes, backward, fits):
    plan = plan_for(make_answers(falls_12m=1, minutes=minutes))
    session = first(plan)
    assert session.backward_minutes == backward
    assert session.fits is fits
    assert plan.needs_more_time is not fits
    codes = {reason.code for reason in plan.reasons}
    assert ("needs_more_time" in codes) is not fits
    if fits:
        assert session.total_minutes <= minutes


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(5, 6), (9, 10), (10, 11), (19, 20), (20, 22), (25, 27), (29, 30), (30, 30)],
    ids=lambda value: f"S14-{value}",
)
def test_weekly_rise_is_10_percent_at_least_1_up_to_30(minutes, expected):
    assert rules.next_backward_minutes(minutes) == expected


@pytest.mark.parametrize(
    ("minutes", "expected"), [(5, 5), (8, 5), (10, 6), (13, 7), (30, 18), (4, 4)]
)
def test_next_stage_minutes_is_max_5_or_60_percent_never_more(minutes, expected):
    assert rules.next_stage_minutes(minutes) == expected


@pytest.mark.parametrize(
    ("tier", "level", "bouts"),
    [
        ("high", 1, (30, 60)),
        ("high", 2, (60, 60)),
        ("high", 3, (120, 60)),
        ("high", 4, (180, 60)),
        ("mod", 1, (60, 60)),
        ("low", 1, (120, 60)),
        ("low", 2, (120, 60)),  # never easier than the tier's own start
        ("low", 4, (180, 60)),
    ],
)
def test_level_ratios_PD(tier, level, bouts):
    assert engine.bouts_for(tier, level) == bouts


@pytest.mark.parametrize(
    ("tier", "level", "speed"),
    [("low", 1, 1.5), ("low", 4, 2.1), ("mod", 1, 1.0), ("mod", 3, 1.4), ("high", 1, 1.0)],
)
def test_treadmill_speed_PD(tier, level, speed):
    assert engine.treadmill_speed(tier, level) == speed


def test_treadmill_speed_is_capped_at_3():
    assert rules.TREADMILL_CAP_KMH == 3.0
    assert engine.treadmill_speed("low", 10) == 3.0


def test_stroke_or_parkinsons_skip_the_treadmill_unless_supervised():
    for overrides in ({"stroke_months_ago": 12}, {"parkinsons": True}):
        plan = plan_for(make_answers(**overrides))
        assert "treadmill" in plan.skipped
        assert "treadmill_supervised" in {reason.code for reason in plan.reasons}
        supervised = plan_for(make_answers(treadmill_supervised=True, **overrides))
        assert "treadmill" in supervised.stages


def test_skipped_stages_each_have_a_reason():
    plan = plan_for(make_answers(access_pool=False, access_track=False))
    assert set(plan.skipped) == {"pool", "track"}
    assert plan.stages == ("handrail", "treadmill")


def test_preview_moves_one_level_a_week_and_leaves_a_stage_after_two_weeks():
    plan = plan_for(make_answers(age=80), weeks=8)  # MOD, mon/wed/fri
    path = [(week.sessions[0].stage, week.sessions[0].level) for week in plan.weeks]
    assert path[:5] == [
        ("handrail", 1),
        ("handrail", 2),
        ("handrail", 3),
        ("handrail", 4),
        ("treadmill", 1),
    ]
    first_treadmill = 4
    before = plan.weeks[first_treadmill - 1].sessions[0].backward_minutes
    assert plan.weeks[first_treadmill].sessions[0].backward_minutes <= before


def test_a_late_start_begins_on_the_start_date_and_a_sunday_start_next_week():
    wednesday = MONDAY + timedelta(days=2)
    plan = plan_for(make_answers(), start=wednesday)
    assert [s.date for s in plan.weeks[0].sessions] == [wednesday, MONDAY + timedelta(days=4)]
    sunday = MONDAY + timedelta(days=6)
    plan = plan_for(make_answers(), start=sunday)
    assert plan.weeks[0].start == MONDAY + timedelta(days=7)


def test_plan_carries_rules_version_and_sourced_reasons():
    plan = plan_for(make_answers())
    assert plan.rules_version == rules.RULES_VERSION == engine.RULES_VERSION
    assert plan.reasons and all(reason.source in rules.SOURCES for reason in plan.reasons)


def test_no_plan_for_wheelchair_users():
    assert plan_for(make_answers(walking_aid="wheelchair")) is None


def test_cues_are_for_the_stage():
    pool = first(plan_for(make_answers(falls_12m=1)))
    assert any("water" in cue for cue in pool.cues)
    assert pool.cues == engine.stage_cues("pool")


def test_week_for_refuses_a_non_monday_and_skips_days_before_not_before():
    p = initial_prescription(make_answers(), screen(make_answers()))
    with pytest.raises(ValueError, match="Monday"):
        week_for(p, MONDAY + timedelta(days=1))
    week = week_for(p, MONDAY, not_before=MONDAY + timedelta(days=1))
    assert [s.date.weekday() for s in week.sessions] == [2, 4]


def test_session_for_uses_the_prescription():
    p = Prescription("mod", ("handrail", "treadmill"), "treadmill", 2, 9, 1.8, ("mon",), 1, 60)
    session = session_for(p, MONDAY)
    assert (session.stage, session.level, session.backward_minutes) == ("treadmill", 2, 9)
    assert session.speed_kmh == 1.8


def test_abc_bands_change_the_dose():
    low = first(plan_for(make_answers(**abc_all(80))))
    mod = first(plan_for(make_answers(**abc_all(70))))
    assert low.backward_minutes > mod.backward_minutes
