"""Screening rules of domain.md §2, one row per rule, each naming its source."""

import json
from pathlib import Path

import pytest
from answer_factory import LOW_RISK, abc_all, make_answers, make_answers_dict

from plans import rules
from plans.screening import OUTCOME_MESSAGES, Answers, screen

DATA = Path(__file__).resolve().parent.parent / "data"


def persona(number: int) -> Answers:
    return Answers.from_dict(json.loads((DATA / f"persona_{number}.json").read_text()))


# --- Answers.from_dict -------------------------------------------------------------------------


def test_low_risk_answers_round_trip():
    answers = make_answers()
    assert Answers.from_dict(answers.to_dict()) == answers
    assert answers.to_dict() == LOW_RISK


def test_days_are_kept_in_week_order():
    assert make_answers(days=["fri", "mon"]).days == ("mon", "fri")


def test_one_error_names_every_bad_and_missing_key():
    data = make_answers_dict(age=17, abc_ice=55, walking_aid="skateboard", days=[], parq_heart=1)
    del data["minutes"]
    data["favourite_colour"] = "blue"
    with pytest.raises(ValueError) as caught:
        Answers.from_dict(data)
    message = str(caught.value)
    for key in ("age", "abc_ice", "walking_aid", "days", "parq_heart", "minutes", "favourite_"):
        assert key in message
    assert "pain_now" not in message


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("age", 111),
        ("age", True),
        ("abc_tiptoe", 101),
        ("abc_tiptoe", -10),
        ("pain_now", 11),
        ("pain_walking", "3"),
        ("falls_12m", -1),
        ("minutes", 9),
        ("minutes", 91),
        ("stroke_months_ago", -1),
        ("days", ["mon", "mon"]),
        ("days", ["monday"]),
        ("days", "mon"),
        ("knee_oa", None),
        ("fall_injury", True),  # with no falls
    ],
)
def test_bad_value_is_named(key, value):
    with pytest.raises(ValueError, match=key):
        Answers.from_dict(make_answers_dict(**{key: value}))


@pytest.mark.parametrize(
    ("key", "value"),
    [("age", 18), ("age", 110), ("minutes", 10), ("minutes", 90), ("abc_ice", 0)],
)
def test_edge_values_are_accepted(key, value):
    assert getattr(make_answers(**{key: value}), key) == value


# --- Scores ------------------------------------------------------------------------------------

STEADI_ROWS = [
    pytest.param({"falls_12m": 1}, 2, id="S11-fall-counts-2"),
    pytest.param({"walking_aid": "cane"}, 2, id="S11-cane-counts-2"),
    pytest.param({"walking_aid": "walker", "steadi_aid_advised": True}, 2, id="S11-aid-once"),
    pytest.param({"steadi_aid_advised": True}, 2, id="S11-aid-advised-2"),
    *(
        pytest.param({key: True}, 1, id=f"S11-{key}-1")
        for key in LOW_RISK
        if "steadi_" in key and key != "steadi_aid_advised"
    ),
]


@pytest.mark.parametrize(("overrides", "points"), STEADI_ROWS)
def test_steadi_points(overrides, points):
    assert screen(make_answers(**overrides)).steadi_score == points


def test_steadi_maximum_is_14():
    items = {key: True for key in LOW_RISK if key.startswith("steadi_")}
    answers = make_answers(falls_12m=1, **items)
    assert screen(answers, clearance="physician").steadi_score == 14


def test_abc6_is_the_mean():
    answers = make_answers(abc_tiptoe=0, abc_chair=30, abc_bumped=60, abc_ice=90)
    assert screen(answers).abc6 == pytest.approx((0 + 30 + 60 + 100 + 100 + 90) / 6)


# --- Outcome mapping §2e -----------------------------------------------------------------------

OUTCOME_ROWS = [
    pytest.param({}, "ready", id="PD-all-no-ready"),
    *(
        pytest.param({key: True}, "paused_physician", id=f"S12-{key}-physician")
        for key in ("parq_heart", "parq_chest_pain", "parq_dizzy", "parq_supervised")
    ),
    pytest.param({"pregnant": True}, "paused_physician", id="S12-pregnant"),
    pytest.param({"surgery_weeks_ago": 11}, "paused_physician", id="PD-surgery-11-weeks"),
    pytest.param({"surgery_weeks_ago": 12}, "ready", id="PD-surgery-12-weeks"),
    pytest.param({"replacement_weeks_ago": 11}, "paused_physician", id="PD-replacement-11w"),
    pytest.param({"replacement_weeks_ago": 12}, "ready", id="PD-replacement-12w"),
    pytest.param({"stroke_months_ago": 5}, "paused_physician", id="PD-stroke-5-months"),
    pytest.param({"stroke_months_ago": 6}, "ready", id="PD-stroke-6-months"),
    pytest.param({"falls_12m": 2}, "paused_physician", id="PD-two-falls"),
    pytest.param({"falls_12m": 1}, "ready", id="PD-one-fall"),
    pytest.param({"falls_12m": 1, "fall_injury": True}, "paused_physician", id="PD-fall-injury"),
    pytest.param({"pain_now": 7}, "paused_physician", id="PD-pain-now-7"),
    pytest.param({"pain_now": 6}, "ready", id="PD-pain-now-6"),
    pytest.param({"acute_illness": True}, "paused_physician", id="S12-acute-illness"),
    *(
        pytest.param({key: True}, "paused_review", id=f"S12-{key}-review")
        for key in ("parq_chronic", "parq_meds", "parq_msk")
    ),
    pytest.param(
        {"parq_msk": True, "parq_heart": True}, "paused_physician", id="S12-physician-first"
    ),
    pytest.param({"walking_aid": "wheelchair"}, "no_plan", id="PD-wheelchair"),
    pytest.param({"can_stand_unaided": False}, "no_plan", id="PD-cannot-stand"),
    pytest.param(
        {"walking_aid": "wheelchair", "parq_meds": True}, "paused_review", id="PD-first-rule-wins"
    ),
    pytest.param(
        {"falls_12m": 1, "access_pool": False, "access_handrail": False},
        "paused_support",
        id="PD-high-without-pool-or-rail",
    ),
    pytest.param(
        {"access_pool": False, "access_handrail": False, "access_treadmill": False},
        "paused_support",
        id="PD-no-pool-rail-or-treadmill",
    ),
    pytest.param(
        {"access_pool": False, "access_handrail": False}, "ready", id="PD-low-treadmill-only-ok"
    ),
    pytest.param({"access_pool": False, "access_track": False}, "ready", id="PD-rail-is-enough"),
]


@pytest.mark.parametrize(("overrides", "outcome"), OUTCOME_ROWS)
def test_outcome(overrides, outcome):
    assert screen(make_answers(**overrides)).outcome == outcome


CLEARANCE_ROWS = [
    pytest.param({"parq_meds": True}, "coach", "ready", id="S12-coach-lifts-review"),
    pytest.param({"parq_meds": True}, "physician", "ready", id="S12-physician-lifts-review"),
    pytest.param({"parq_heart": True}, "coach", "paused_physician", id="S12-coach-not-physician"),
    pytest.param({"parq_heart": True}, "physician", "ready", id="S12-physician-lifts-physician"),
    pytest.param(
        {"parq_heart": True, "parq_meds": True}, "physician", "ready", id="S12-physician-lifts-both"
    ),
    pytest.param(
        {"parq_meds": True, "can_stand_unaided": False}, "coach", "no_plan", id="PD-not-no-plan"
    ),
    pytest.param(
        {"parq_meds": True, "access_pool": False, "access_handrail": False, "falls_12m": 1},
        "physician",
        "paused_support",
        id="PD-not-needs-support",
    ),
    pytest.param({"acute_illness": True}, "physician", "ready", id="S12-physician-lifts-illness"),
]


@pytest.mark.parametrize(("overrides", "clearance", "outcome"), CLEARANCE_ROWS)
def test_clearance(overrides, clearance, outcome):
    assert screen(make_answers(**overrides), clearance=clearance).outcome == outcome


def test_unknown_clearance_is_refused():
    with pytest.raises(ValueError, match="clearance"):
        screen(make_answers(), clearance="friend")


def test_acute_illness_asks_again_in_seven_days_and_hides_the_dose():
    result = screen(make_answers(acute_illness=True))
    assert result.reask_in_days == rules.ACUTE_ILLNESS_REASK_DAYS == 7
    assert not result.show_dose
    assert "acute_illness" in {flag.code for flag in result.flags}


# --- Tier once cleared -------------------------------------------------------------------------

TIER_ROWS = [
    pytest.param({}, "low", id="PD-low-otherwise"),
    pytest.param(
        {"steadi_worried": True, "steadi_chair": True, "steadi_curb": True, "steadi_toilet": True},
        "high",
        id="S11-steadi-4-high",
    ),
    pytest.param(
        {"steadi_worried": True, "steadi_chair": True, "steadi_curb": True},
        "mod",
        id="S11-steadi-3-mod",
    ),
    pytest.param({"steadi_worried": True, "steadi_chair": True}, "mod", id="PD-steadi-2-mod"),
    pytest.param({"steadi_worried": True}, "low", id="PD-steadi-1-low"),
    pytest.param({"falls_12m": 1}, "high", id="PD-fall-high"),
    pytest.param({"walking_aid": "cane"}, "high", id="PD-cane-high"),
    pytest.param({"walking_aid": "walker"}, "high", id="PD-walker-high"),
    # Answers move in steps of 10, so the mean moves in steps of 1.67: 48.3 is the 49 case.
    pytest.param(abc_all(50) | {"abc_ice": 40}, "high", id="S15-abc6-48.3-high"),
    pytest.param(abc_all(50), "mod", id="S15-abc6-50-mod"),
    pytest.param(abc_all(80) | {"abc_ice": 70}, "mod", id="S15-abc6-78.3-mod"),
    pytest.param(abc_all(80), "low", id="S15-abc6-80-low"),
    pytest.param({"stroke_months_ago": 24}, "high", id="PD-stroke-high"),
    pytest.param({"parkinsons": True}, "high", id="PD-parkinsons-high"),
    pytest.param({"can_walk_10_min": False}, "high", id="PD-cannot-walk-10-high"),
    pytest.param({"vision_uncorrected": True}, "high", id="PD-vision-high"),
    pytest.param({"pain_walking": 5}, "high", id="PD-walking-pain-5-high"),
    pytest.param({"pain_walking": 4}, "mod", id="PD-walking-pain-4-mod"),
    pytest.param({"pain_walking": 3}, "mod", id="PD-walking-pain-3-mod"),
    pytest.param({"pain_walking": 2}, "low", id="PD-walking-pain-2-low"),
    pytest.param({"knee_oa": True}, "mod", id="S1-knee-oa-mod"),
    pytest.param({"replacement_weeks_ago": 12}, "mod", id="PD-replacement-mod"),
    pytest.param({"replacement_weeks_ago": 4}, "mod", id="PD-replacement-paused-tier-mod"),
    pytest.param({"age": 75}, "mod", id="PD-age-75-mod"),
    pytest.param({"age": 74}, "low", id="PD-age-74-low"),
    pytest.param({"walking_aid": "wheelchair"}, None, id="PD-no-plan-no-tier"),
]


@pytest.mark.parametrize(("overrides", "tier"), TIER_ROWS)
def test_tier_once_cleared(overrides, tier):
    assert screen(make_answers(**overrides)).tier == tier


# --- Personas §5 -------------------------------------------------------------------------------

PERSONA_ROWS = [
    pytest.param(1, "ready", "low", 0, id="persona-1-S11-low"),
    pytest.param(2, "ready", "mod", 3, id="persona-2-S11-mod"),
    pytest.param(3, "ready", "high", 5, id="persona-3-S11-high"),
    pytest.param(4, "paused_review", "high", None, id="persona-4-S12-review"),
    pytest.param(5, "paused_physician", "high", None, id="persona-5-S12-physician"),
    pytest.param(6, "paused_review", "high", None, id="persona-6-S12-review"),
    pytest.param(7, "paused_physician", "low", None, id="persona-7-S12-physician"),
    pytest.param(8, "paused_physician", "mod", None, id="persona-8-PD-physician"),
]


@pytest.mark.parametrize(("number", "outcome", "tier", "steadi"), PERSONA_ROWS)
def test_persona(number, outcome, tier, steadi):
    result = screen(persona(number))
    assert (result.outcome, result.tier) == (outcome, tier)
    if steadi is not None:
        assert result.steadi_score == steadi


def test_persona_1_abc6_is_95():
    assert screen(persona(1)).abc6 == 95


def test_persona_7_shows_no_dose_but_persona_5_does():
    assert not screen(persona(7)).show_dose
    assert screen(persona(5)).show_dose


def test_persona_8_at_12_weeks_is_ready():
    data = persona(8).to_dict() | {"replacement_weeks_ago": 12}
    assert screen(Answers.from_dict(data)).outcome == "ready"


def test_every_flag_and_outcome_has_plain_words_and_a_known_source():
    answers = make_answers(
        parq_heart=True,
        parq_meds=True,
        pregnant=True,
        falls_12m=2,
        fall_injury=True,
        pain_now=8,
        acute_illness=True,
        stroke_months_ago=1,
        surgery_weeks_ago=1,
        replacement_weeks_ago=1,
        walking_aid="wheelchair",
        **abc_all(0),
    )
    result = screen(answers)
    assert len(result.flags) >= 10
    for flag in result.flags:
        assert flag.source in rules.SOURCES
        assert flag.message and flag.message[0].isupper()
    assert set(OUTCOME_MESSAGES) == set(rules.OUTCOMES)
