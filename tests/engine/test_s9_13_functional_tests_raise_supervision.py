"""§9.13 Functional tests raise supervision: the readings and the supervised-only stages they
bring, as table rows over the pure rules (assessments/readings.py, screening.py, engine.py)."""

from datetime import date
from decimal import Decimal as D

import pytest

from assessments import readings as a
from plans import engine
from plans.said import render
from plans.screening import screen, supervised_only
from tests.engine.answer_factory import make_answers

MONDAY = date(2026, 11, 30)

# (stands, age, sex, reading, why) — the chair stand as §9.13 reads it.
CHAIR_STAND_ROWS = [
    (0, 66, a.MALE, a.AT_RISK, "hands used: scores 0, always at risk"),
    (0, 96, a.FEMALE, a.AT_RISK, "hands used at 96"),
    (0, 45, a.NOT_SAID, a.AT_RISK, "score 0 under the table's ages"),
    (0, None, a.NOT_SAID, a.AT_RISK, "score 0 without a questionnaire age"),
    (6, 96, a.MALE, a.AT_RISK, "96 reads as 90-94: men below 7"),
    (7, 96, a.MALE, a.TYPICAL, "96 reads as 90-94: men 7 is average"),
    (3, 96, a.FEMALE, a.AT_RISK, "96 reads as 90-94: women below 4"),
    (4, 96, a.FEMALE, a.TYPICAL, "96 reads as 90-94: women 4 is average"),
    (6, 110, a.NOT_SAID, a.AT_RISK, "110, not said: the 90-94 row's stricter column (7)"),
    (6, 92, a.NOT_SAID, a.AT_RISK, "not said at 92: stricter column is the men's 7"),
    (7, 92, a.NOT_SAID, a.TYPICAL, "not said at 92: 7 is average in both columns"),
    (13, 62, a.NOT_SAID, a.AT_RISK, "not said at 62: stricter is the men's 14"),
    (14, 62, a.NOT_SAID, a.TYPICAL, "not said at 62: 14 is average in both"),
    (7, 87, a.NOT_SAID, a.AT_RISK, "not said at 87: both columns 8"),
    (11, 62, "", a.AT_RISK, "an old result without sex reads as not said"),
    (11, 62, None, a.AT_RISK, "no sex at all reads as not said"),
    (5, 59, a.MALE, a.NO_READING, "under 60: no reference values"),
    (5, None, a.FEMALE, a.NO_READING, "no age from a questionnaire"),
]


@pytest.mark.parametrize(
    ("stands", "age", "sex", "code", "why"), CHAIR_STAND_ROWS, ids=[r[-1] for r in CHAIR_STAND_ROWS]
)
def test_s9_13_chair_stand_reading(stands, age, sex, code, why):
    """§9.13: score 0 is at risk; age ≥ 95 reads as 90-94; sex not said → the stricter column."""
    assert a.chair_stand(stands, age, sex).code == code


# (kind, values, raises supervision) — every at-risk reading of §9.13, and its edge.
RAISES_ROWS = [
    (a.TUG, {"seconds": "12"}, True),
    (a.TUG, {"seconds": "11.99"}, False),
    (a.CHAIR_STAND, {"stands": 0, "age": 96, "sex": a.NOT_SAID}, True),
    (a.CHAIR_STAND, {"stands": 0, "age": None, "sex": a.MALE}, True),
    (a.CHAIR_STAND, {"stands": 9, "age": 82, "sex": a.FEMALE}, False),
    (a.CHAIR_STAND, {"stands": 8, "age": 82, "sex": a.FEMALE}, True),
    (a.CHAIR_STAND, {"stands": 5, "age": 50, "sex": a.MALE}, False),  # no reading
    (a.BALANCE, {"held": ["10", "10", "9.9", "0"]}, True),
    (a.BALANCE, {"held": ["10", "10", "10", "0"]}, False),
    (a.BACKWARD_WALK, {"seconds": "5.5"}, True),
    (a.BACKWARD_WALK, {"seconds": "5.49"}, False),
]


@pytest.mark.parametrize(("kind", "values", "raises"), RAISES_ROWS)
def test_s9_13_which_results_raise_supervision(kind, values, raises):
    """§9.13: TUG ≥ 12 s, chair stand 0 or below average, tandem < 10 s, 3MBWT ≥ 5.5 s."""
    assert a.raises_supervision([(kind, values)]) is raises


def test_s9_13_one_at_risk_result_among_typical_ones_is_enough():
    results = [(a.TUG, {"seconds": "9"}), (a.BACKWARD_WALK, {"seconds": D("6.1")})]
    assert a.raises_supervision(results)
    assert not a.raises_supervision([])


# (answers, tier, supervised, usable stages with a test at risk) — HIGH's rule (§1 v2).
STAGE_ROWS = [
    pytest.param({"age": 45}, "low", frozenset(), ("pool", "handrail"), id="low-no-coach"),
    pytest.param({"age": 70}, "mod", frozenset(), ("pool", "handrail"), id="mod-no-coach"),
    pytest.param(
        {"age": 70},
        "mod",
        frozenset({"treadmill"}),
        ("pool", "handrail", "treadmill"),
        id="mod-coach-confirmed-treadmill",
    ),
    pytest.param(
        {"age": 70},
        "mod",
        frozenset({"treadmill", "track"}),
        ("pool", "handrail", "treadmill", "track"),
        id="mod-coach-confirmed-both",
    ),
]


@pytest.mark.parametrize(("overrides", "tier", "supervised", "usable"), STAGE_ROWS)
def test_s9_13_a_test_at_risk_makes_treadmill_and_track_supervised_only(
    overrides, tier, supervised, usable
):
    """§9.13: a test at risk → the supervised-only rules of HIGH: treadmill and track wait
    for a coach's confirmation, whatever the tier."""
    answers = make_answers(**overrides)
    stages, skipped = engine.usable_stages(answers, tier, supervised, tests_at_risk=True)
    assert stages == usable
    for stage in {"treadmill", "track"} - supervised:
        assert "needs someone with you" in render(skipped[stage])
    # Without the test, only the answers decide (LOW/MOD: nothing waits for a coach).
    assert {"treadmill", "track"} <= set(engine.usable_stages(answers, tier, supervised)[0])


def test_s9_13_the_skip_reason_names_the_test():
    stages, skipped = engine.usable_stages(make_answers(age=45), "low", tests_at_risk=True)
    assert "walking or balance test" in render(skipped["treadmill"])


def test_s9_13_high_already_waits_for_a_coach_with_or_without_a_test():
    answers = make_answers(age=90)
    assert supervised_only(answers, "high") == supervised_only(answers, "high", tests_at_risk=True)


def test_s9_13_a_new_plan_after_a_test_at_risk_starts_off_the_treadmill():
    """§9.13 at a re-screen: a LOW person who would start on the treadmill starts on the
    handrail, and neither treadmill nor track is in the plan."""
    answers = make_answers(age=45)
    plain = engine.build_plan(answers, screen(answers), MONDAY)
    assert plain.start_stage == "treadmill"
    result = screen(answers, tests_at_risk=True)
    plan = engine.build_plan(answers, result, MONDAY, tests_at_risk=True)
    assert plan.start_stage == "handrail"
    assert set(plan.stages) == {"pool", "handrail"}
    assert "needs_supervision" in {r.code for r in plan.reasons}


def test_s9_13_only_treadmill_and_track_left_means_needs_support():
    answers = make_answers(age=45, access_pool=False, access_handrail=False)
    assert screen(answers).outcome == "ready"
    result = screen(answers, tests_at_risk=True)
    assert result.outcome == "paused_support"
    assert engine.build_plan(answers, result, MONDAY, tests_at_risk=True) is None
    assert screen(answers, supervised={"treadmill"}, tests_at_risk=True).outcome == "ready"
