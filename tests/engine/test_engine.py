"""Plan rules of domain.md §1 (version 2), one row per rule and per persona of §5, each naming its
source. Rows marked "v2" are the rules version 2 of the brief added or changed."""

import json
import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from answer_factory import abc_all, make_answers

from plans import engine, rules
from plans.engine import (
    Prescription,
    build_plan,
    initial_prescription,
    needs_seated_rest,
    session_for,
    set_coach_speed,
    usable_stages,
    week_for,
)
from plans.said import render
from plans.screening import Answers, screen

DATA = Path(__file__).resolve().parent.parent / "data"
MONDAY = date(2026, 3, 2)


def persona(number: int) -> Answers:
    return Answers.from_dict(json.loads((DATA / f"persona_{number}.json").read_text()))


def plan_for(answers: Answers, start: date = MONDAY, weeks: int = 4, supervised=frozenset()):
    return build_plan(answers, screen(answers), start, frozenset(supervised), weeks=weeks)


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


def test_persona_5_skips_the_treadmill_until_a_coach_confirms_it():
    plan = plan_for(persona(5))
    assert "treadmill" in plan.skipped and "treadmill" not in plan.stages
    # v2: the person's own answer never unlocks a stage; only a coach's confirmation does.
    helper = Answers.from_dict(persona(5).to_dict() | {"helper_available": True})
    assert "treadmill" not in plan_for(helper).stages
    assert "treadmill" in plan_for(persona(5), supervised={"treadmill"}).stages


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


def test_nobody_65_or_over_starts_on_the_track():
    """§9.14: only a fit adult under 65 may start on a track; anyone else still needs support."""
    answers = make_answers(age=65, access_pool=False, access_handrail=False, access_treadmill=False)
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
    ("minutes", "backward", "warmup", "cooldown", "fits"),
    [
        pytest.param(23, 5, 5, 3, True, id="PD-23-min-no-cut"),
        pytest.param(22, 4, 5, 3, True, id="PD-22-min-cut"),
        pytest.param(20, 4, 5, 3, True, id="PD-20-min-persona-6"),
        pytest.param(17, 3, 5, 3, True, id="PD-17-min-floor-fits"),
        pytest.param(16, 3, 4, 3, True, id="§1-v2-16-min-warmup-cut"),
        pytest.param(15, 3, 3, 3, True, id="§1-v2-15-min-warmup-3"),
        pytest.param(14, 3, 3, 2, True, id="§1-v2-14-min-floor-3+3+2"),
        pytest.param(13, 3, 3, 2, False, id="§1-v2-13-min-needs-more-time"),
        pytest.param(10, 3, 3, 2, False, id="PD-10-min-needs-more-time"),
    ],
)
def test_cut_to_fit_keeps_3_backward_minutes(minutes, backward, warmup, cooldown, fits):
    answers = make_answers(falls_12m=1, minutes=minutes)  # HIGH: 30 s back : 60 s
    session = session_for(initial_prescription(answers, screen(answers)), MONDAY)
    assert session.backward_minutes == backward
    assert (session.warmup_minutes, session.cooldown_minutes) == (warmup, cooldown)
    assert session.fits is fits
    plan = plan_for(answers)
    # v3 §9.12: a session that does not fit is never planned ("needs more time", no plan).
    assert (plan is None) is not fits
    if fits:
        assert session.total_minutes <= minutes
        assert ("cut_to_fit" in {reason.code for reason in plan.reasons}) is (minutes < 23)


@pytest.mark.parametrize(
    ("overrides", "minutes", "fits"),
    [
        pytest.param({}, 10, True, id="§1-v2-low-2:1-floor-is-10"),
        pytest.param({"age": 80}, 11, True, id="§1-v2-mod-1:1-floor-is-11"),
        pytest.param({"age": 80}, 10, False, id="§1-v2-mod-10-min-too-short"),
    ],
)
def test_v2_floor_counts_the_easy_walking_of_the_3_backward_minutes(overrides, minutes, fits):
    answers = make_answers(minutes=minutes, **overrides)
    assert session_for(initial_prescription(answers, screen(answers)), MONDAY).fits is fits
    assert (plan_for(answers) is None) is not fits  # v3 §9.12


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


SUPERVISED_ROWS = [
    # overrides, stages a coach confirmed, stages skipped as needing someone
    pytest.param({"falls_12m": 1}, set(), {"treadmill", "track"}, id="§1-v2-high-open-ground"),
    pytest.param({"falls_12m": 1}, {"treadmill"}, {"track"}, id="§1-v2-high-treadmill-confirmed"),
    pytest.param({"falls_12m": 1}, {"treadmill", "track"}, set(), id="§1-v2-high-both-confirmed"),
    pytest.param(
        {"falls_12m": 1, "helper_available": True},
        set(),
        {"treadmill", "track"},
        id="§1-v2-own-helper-never-unlocks",
    ),
    pytest.param({"stroke_months_ago": 12}, set(), {"treadmill", "track"}, id="§1-v2-stroke"),
    pytest.param({"parkinsons": True}, set(), {"treadmill", "track"}, id="§1-v2-parkinsons"),
    pytest.param({"vestibular": True}, set(), {"treadmill", "track"}, id="§1-v2-vestibular"),
    pytest.param(
        {"seizures_12m": True}, set(), {"pool", "treadmill", "track"}, id="§1-v2-seizure-pool"
    ),
    pytest.param({"seizures_12m": True}, {"pool"}, {"treadmill", "track"}, id="§1-v2-pool-ok"),
    pytest.param({}, set(), set(), id="§1-v2-low-needs-nobody"),
]


@pytest.mark.parametrize(("overrides", "supervised", "needing"), SUPERVISED_ROWS)
def test_v2_supervised_only_stages_wait_for_a_coach(overrides, supervised, needing):
    plan = plan_for(make_answers(**overrides), supervised=supervised)
    waiting = {
        stage for stage, why in plan.skipped.items() if "needs someone with you" in render(why)
    }
    assert waiting == needing
    assert not needing & set(plan.stages)
    assert (supervised & {"treadmill", "track"}) <= set(plan.stages)
    assert ("needs_supervision" in {r.code for r in plan.reasons}) is bool(needing)
    assert plan.start_stage in ("pool", "handrail", "treadmill")


def test_v2_usable_stages_takes_the_tier_and_the_confirmed_stages():
    answers = make_answers()
    assert usable_stages(answers, "low")[0] == ("pool", "handrail", "treadmill", "track")
    stages, skipped = usable_stages(answers, "high", frozenset({"track"}))
    assert stages == ("pool", "handrail", "track") and set(skipped) == {"treadmill"}


def test_v2_no_plan_when_the_only_stage_needs_someone_and_the_screening_says_so():
    answers = make_answers(seizures_12m=True, access_handrail=False, access_treadmill=False)
    result = screen(answers)
    assert result.outcome == "paused_support"
    assert "needs_supervision" in {flag.code for flag in result.flags}
    assert build_plan(answers, result, MONDAY) is None
    plan = build_plan(answers, result, MONDAY, frozenset({"pool"}))
    assert plan.start_stage == "pool"


def test_v2_build_plan_refuses_weeks_in_the_supervised_place_and_unknown_stages():
    answers = make_answers()
    with pytest.raises(TypeError, match="supervised"):
        build_plan(answers, screen(answers), MONDAY, 4)
    with pytest.raises(ValueError, match="supervised"):
        build_plan(answers, screen(answers), MONDAY, frozenset({"stairs"}))
    high = make_answers(falls_12m=1)
    from_rows = build_plan(high, screen(high), MONDAY, ["treadmill"])  # a JSON list is fine
    assert "treadmill" in from_rows.stages


SEATED_ROWS = [
    pytest.param({"can_walk_10_min": False}, "high", True, id="§1-v2-cannot-walk-10-min"),
    pytest.param({"walking_aid": "cane"}, "high", True, id="§1-v2-high-cane"),
    pytest.param({"walking_aid": "walker"}, "high", True, id="§1-v2-high-walker"),
    pytest.param({}, "high", False, id="§1-v2-high-no-aid"),
    pytest.param({"walking_aid": "cane"}, "mod", False, id="§1-v2-cane-only-counts-for-high"),
    pytest.param({}, "low", False, id="§1-v2-low"),
]


@pytest.mark.parametrize(("overrides", "tier", "seated"), SEATED_ROWS)
def test_v2_seated_rest(overrides, tier, seated):
    assert needs_seated_rest(make_answers(**overrides), tier) is seated


def test_v2_seated_rest_sessions_sit_a_minute_after_each_bout_and_never_walk_over_5_min():
    plan = plan_for(make_answers(can_walk_10_min=False, minutes=60), weeks=12)
    assert plan.prescription.seated_rest
    assert "seated_rest" in {reason.code for reason in plan.reasons}
    for week in plan.weeks:
        for session in week.sessions:
            assert session.seated_rest
            assert session.bout_forward_seconds == rules.SEATED_REST_SECONDS == 60
            assert session.bout_backward_seconds <= rules.MAX_WALKING_BLOCK_MINUTES * 60
            assert session.warmup_minutes <= rules.MAX_WALKING_BLOCK_MINUTES
            assert any("sit down for 1 minute" in cue for cue in session.cues)


def test_v2_easy_walking_is_never_called_rest():
    for overrides in ({}, {"falls_12m": 1}, {"walking_aid": "cane"}, {"seizures_12m": True}):
        plan = plan_for(make_answers(**overrides), supervised={"pool"})
        texts = [reason.message for reason in plan.reasons] + list(first(plan).cues)
        # §9.3: on a treadmill nobody walks forward between bouts; they rest on a slowed belt.
        texts = [text for text in texts if text != engine.TREADMILL_REST_CUE]
        assert not [text for text in texts if re.search(r"\brest\b", text, re.IGNORECASE)]


COPY_ROWS = [
    pytest.param("pool", "non-slip pool shoes", id="§4-v2-pool-shoes"),
    pytest.param("pool", "Climb out slowly", id="§4-v2-pool-steps"),
    pytest.param("handrail", "stop, turn to face forward, then walk back", id="§1-v2-turn-rail"),
    pytest.param("track", "stop, turn to face forward, then walk back", id="§1-v2-turn-track"),
    pytest.param("treadmill", "facing the back of the treadmill", id="§1-v2-treadmill-face"),
    pytest.param("treadmill", "a foot on each side of the belt", id="§1-v2-treadmill-astride"),
    pytest.param("treadmill", "lowest speed", id="§1-v2-treadmill-lowest"),
    pytest.param("treadmill", "stop the belt first", id="§4-v2-treadmill-stop-first"),
    pytest.param("treadmill", "safety key", id="§1-treadmill-key"),
    *(
        pytest.param(stage, "leg swings and ankle circles while you hold", id=f"§1-v2-warmup-{s}")
        for s, stage in enumerate(rules.STAGES)
    ),
]


@pytest.mark.parametrize(("stage", "words"), COPY_ROWS)
def test_v2_stage_cues(stage, words):
    assert any(words.lower() in cue.lower() for cue in engine.stage_cues(stage))


def test_v2_land_shoes_are_not_offered_in_the_pool():
    assert engine.LAND_SHOES not in engine.stage_cues("pool")
    assert engine.LAND_SHOES in engine.stage_cues("track")


def test_v2_walking_aid_copy_for_cane_and_walker_users():
    plan = plan_for(make_answers(walking_aid="walker"))
    aid = next(reason for reason in plan.reasons if reason.code == "walking_aid")
    # v3 §9.15: the person's own aid, named.
    assert "Walk backward holding the rail (in the pool, the edge), not with your walker" in (
        aid.message
    )
    cues = engine.stage_cues(first(plan).stage, seated_rest=True, walking_aid="walker")
    assert any("not with your walker" in cue for cue in cues)
    assert not any("cane" in cue for cue in cues)
    assert "walking_aid" not in {reason.code for reason in plan_for(make_answers()).reasons}


def _reason(plan, code):
    return next(reason for reason in plan.reasons if reason.code == code).message


def test_v2_copy_follows_the_rules():
    plan = plan_for(make_answers())
    texts = " ".join(reason.message for reason in plan.reasons)
    assert "tenth" not in texts
    assert "about a minute, or a little more, each week, up to 30" in _reason(plan, "dose")
    assert "3 is moderate, 5 is hard and 7 is very hard" in _reason(plan, "effort")
    assert "works up to it" in _reason(plan, "no_track_first")


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"access_track": False}, id="§4-v2-no-track-access"),
        pytest.param({"falls_12m": 1}, id="§4-v2-track-needs-someone"),
    ],
)
def test_v2_no_promise_of_the_track_when_the_plan_cannot_reach_it(overrides):
    plan = plan_for(make_answers(**overrides))
    texts = " ".join(reason.message for reason in plan.reasons).lower()
    assert "you will get there" not in texts and "works up to it" not in texts


def _high_at_level_4(**changes) -> Prescription:
    p = initial_prescription(make_answers(falls_12m=1), screen(make_answers(falls_12m=1)))
    return replace(p, level=4, **changes)


@pytest.mark.parametrize(
    ("tier", "days", "stage"),
    [
        pytest.param("high", 20, "pool", id="§1-v2-high-20-days-stays"),
        pytest.param("high", 21, "handrail", id="§1-v2-high-21-days-leaves"),
        pytest.param("mod", 13, "pool", id="PD-mod-13-days-stays"),
        pytest.param("mod", 14, "handrail", id="PD-mod-14-days-leaves"),
    ],
)
def test_stage_exit_from_level_4(tier, days, stage):
    p = _high_at_level_4(tier=tier)
    assert engine.advance(p, days).stage == stage


def _treadmill(**changes) -> Prescription:
    base = Prescription("mod", ("handrail", "treadmill"), "treadmill", 1, 8, 1.0, ("mon",), 1, 60)
    return replace(base, **changes)


def test_v2_a_coach_speed_is_kept_across_levels_and_stages_until_cleared():
    p = set_coach_speed(_treadmill(), 0.6)
    assert p.speed_locked and p.speed_kmh == 0.6
    up = engine.advance(engine.advance(p, 0), 0)
    assert (up.level, up.speed_kmh) == (3, 0.6)
    down = engine.stage_down(up)
    assert down.stage == "handrail" and session_for(down, MONDAY).speed_kmh is None
    back = engine.advance(replace(down, level=4), 30)
    assert (back.stage, session_for(back, MONDAY).speed_kmh) == ("treadmill", 0.6)
    cleared = set_coach_speed(up, None)
    assert not cleared.speed_locked and cleared.speed_kmh == engine.treadmill_speed("mod", 3)
    assert engine.advance(cleared, 0).speed_kmh == engine.treadmill_speed("mod", 4)


@pytest.mark.parametrize(
    ("kmh", "ok"),
    [
        pytest.param(0.5, True, id="§1-v2-coach-0.5"),
        pytest.param(3.0, True, id="§1-v2-coach-3.0"),
        pytest.param(0.4, False, id="§1-v2-coach-under-0.5"),
        pytest.param(3.1, False, id="§1-v2-coach-over-3.0"),
    ],
)
def test_v2_coach_speed_range(kmh, ok):
    if ok:
        assert set_coach_speed(_treadmill(), kmh).speed_kmh == kmh
    else:
        with pytest.raises(ValueError, match="km/h"):
            set_coach_speed(_treadmill(), kmh)


def test_v2_a_locked_prescription_needs_a_speed_in_range():
    with pytest.raises(ValueError, match="km/h"):
        _treadmill(speed_kmh=None, speed_locked=True)


# --- Personas 9-14 (v2) ------------------------------------------------------------------------


def test_persona_9_v2_stays_in_the_pool_with_seated_rest_and_no_track_alone():
    plan = plan_for(persona(9), weeks=12)
    session = first(plan)
    assert (plan.tier, plan.start_stage, session.level) == ("high", "pool", 1)
    assert plan.stages == ("pool",)
    assert session.seated_rest and plan.prescription.seated_rest
    # v3 §9.2: no land stage, so no track even with a coach: the plan ends at the pool.
    assert "three weeks on a handrail or a treadmill" in render(plan.skipped["track"])
    assert "needs_supervision" not in {reason.code for reason in plan.reasons}
    path = [(s.stage, s.level) for week in plan.weeks for s in week.sessions]
    assert path[-1] == ("pool", 4)
    assert {stage for stage, _ in path} == {"pool"}
    assert all(s.total_minutes <= 30 for week in plan.weeks for s in week.sessions)


def test_persona_10_v2_treadmill_once_confirmed_track_still_waits():
    answers = persona(10)
    result = screen(answers, clearance="coach")
    plan = build_plan(answers, result, MONDAY, frozenset({"treadmill"}))
    assert (plan.tier, plan.start_stage, first(plan).level) == ("high", "handrail", 1)
    assert plan.stages == ("handrail", "treadmill")
    assert "needs someone with you" in render(plan.skipped["track"])
    assert "only your coach can add" in _reason(plan, "needs_supervision")
    unconfirmed = build_plan(answers, result, MONDAY)
    assert unconfirmed.stages == ("handrail",)


def test_persona_11_v2_starts_on_a_mod_pool_plan():
    plan = plan_for(persona(11))
    assert (plan.tier, plan.start_stage, first(plan).backward_minutes) == ("mod", "pool", 8)


def test_persona_12_v2_has_a_plan_for_once_cleared_but_no_dose_shown():
    assert plan_for(persona(12)) is not None
    assert not screen(persona(12)).show_dose


def test_persona_13_v2_one_stage_down_from_the_treadmill_is_the_rail():
    plan = plan_for(persona(13))
    assert (plan.tier, plan.start_stage) == ("low", "treadmill")
    assert engine.stage_down(plan.prescription).stage == "handrail"


def test_persona_14_v2_once_cleared_starts_high_in_the_pool():
    plan = plan_for(persona(14))
    assert (plan.tier, plan.start_stage, first(plan).level) == ("high", "pool", 1)
    assert not first(plan).seated_rest


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
