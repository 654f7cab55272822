"""Screening rules of domain.md §2 (version 2), one row per rule, each naming its source.

Rows marked "§... v2" are the rules version 2 of the brief added or changed.
"""

import json
from pathlib import Path

import pytest
from answer_factory import LOW_RISK, abc_all, make_answers, make_answers_dict

from plans import rules
from plans.screening import (
    OUTCOME_MESSAGES,
    V2_KEYS,
    Answers,
    ScreeningResult,
    pause_need,
    screen,
    supervised_only,
)

DATA = Path(__file__).resolve().parent.parent / "data"


def persona(number: int) -> Answers:
    return Answers.from_dict(json.loads((DATA / f"persona_{number}.json").read_text()))


# --- Answers.from_dict -------------------------------------------------------------------------


def test_low_risk_answers_round_trip():
    answers = make_answers()
    assert Answers.from_dict(answers.to_dict()) == answers
    assert answers.to_dict() == LOW_RISK


def _old_answers(**extra) -> dict:
    """Answers saved before v2: no v2 keys, and the old treadmill question."""
    data = {key: value for key, value in LOW_RISK.items() if key not in V2_KEYS}
    return data | {"treadmill_supervised": False} | extra


def test_v2_old_answers_load_with_the_new_questions_unanswered():
    answers = Answers.from_dict(_old_answers())
    assert answers.unanswered == tuple(k for k in V2_KEYS if k != "helper_available")
    assert answers.anticoagulants is None and answers.helper_available is False


@pytest.mark.parametrize(
    ("extra", "helper"),
    [
        pytest.param({"treadmill_supervised": True}, True, id="§7-v2-legacy-key-read-as-helper"),
        pytest.param(
            {"treadmill_supervised": True, "helper_available": False},
            False,
            id="§7-v2-helper-answer-wins-over-legacy",
        ),
    ],
)
def test_v2_legacy_treadmill_supervised_is_read_as_helper_available(extra, helper):
    assert Answers.from_dict(_old_answers(**extra)).helper_available is helper


def test_v2_answers_without_any_helper_key_leave_it_unanswered():
    data = _old_answers()
    del data["treadmill_supervised"]
    answers = Answers.from_dict(data)
    assert answers.unanswered == V2_KEYS


def test_v2_to_dict_writes_the_new_keys_and_never_the_legacy_one():
    answers = Answers.from_dict(_old_answers(treadmill_supervised=True))
    data = answers.to_dict()
    assert "treadmill_supervised" not in data
    assert data["helper_available"] is True and data["seizures_12m"] is None
    assert Answers.from_dict(data) == answers


def test_v2_unanswered_questions_count_as_no():
    old = Answers.from_dict(_old_answers())
    new = make_answers()
    assert (screen(old).outcome, screen(old).tier) == (screen(new).outcome, screen(new).tier)
    assert make_answers().unanswered == ()


@pytest.mark.parametrize("key", V2_KEYS)
def test_v2_key_must_be_true_false_or_empty(key):
    with pytest.raises(ValueError, match=key):
        Answers.from_dict(make_answers_dict(**{key: "yes"}))


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
    pytest.param({"acute_illness": True}, "paused_illness", id="§2e-v2-acute-illness-own-pause"),
    pytest.param(
        {"dizzy_on_standing": True}, "paused_physician", id="§2e-v2-dizzy_on_standing-physician"
    ),
    pytest.param({"dizzy_on_standing": None}, "ready", id="§2e-v2-dizzy-unanswered-is-no"),
    pytest.param({"pain_walking": 7}, "paused_review", id="§2e-v2-S13-walking-pain-7-review"),
    pytest.param({"pain_walking": 5}, "ready", id="§9.11-S13-walking-pain-5-no-pause"),
    pytest.param({"pain_walking": 6}, "paused_review", id="§9.11-S13-walking-pain-6-review"),
    pytest.param(
        {"acute_illness": True, "parq_meds": True},
        "paused_review",
        id="§2f-v2-review-stronger-than-illness",
    ),
    pytest.param(
        {"acute_illness": True, "parq_heart": True},
        "paused_physician",
        id="§2f-v2-physician-stronger-than-illness",
    ),
    pytest.param(
        {"seizures_12m": True, "access_handrail": False, "access_treadmill": False},
        "paused_support",
        id="§1-v2-seizure-pool-only-needs-supervision",
    ),
    pytest.param(
        {"seizures_12m": True, "access_pool": False}, "ready", id="§1-v2-seizure-rail-is-enough"
    ),
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
        {"age": 65, "access_pool": False, "access_handrail": False, "access_treadmill": False},
        "paused_support",
        id="PD-no-pool-rail-or-treadmill",
    ),
    pytest.param(
        {"access_pool": False, "access_handrail": False, "access_treadmill": False},
        "ready",
        id="§9.14-fit-adult-under-65-track-only",
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
    pytest.param({"acute_illness": True}, "self", "ready", id="§2f-v2-self-lifts-illness"),
    pytest.param({"acute_illness": True}, None, "paused_illness", id="§2f-v2-illness-waits"),
    pytest.param({"parq_meds": True}, "self", "paused_review", id="§2f-v2-self-not-review"),
    pytest.param({"parq_meds": True}, "review", "ready", id="§2f-v2-review-lifts-review"),
    pytest.param({"parq_heart": True}, "self", "paused_physician", id="§2f-v2-self-not-physician"),
    pytest.param(
        {"parq_heart": True}, "review", "paused_physician", id="§2f-v2-review-not-physician"
    ),
    pytest.param(
        {"dizzy_on_standing": True}, "coach", "paused_physician", id="§2e-v2-dizzy-needs-doctor"
    ),
    pytest.param({"pain_walking": 8}, "coach", "ready", id="§2e-v2-coach-lifts-walking-pain"),
    pytest.param(
        {"acute_illness": True, "parq_meds": True},
        "self",
        "paused_review",
        id="§2f-v2-stacked-self-leaves-review",
    ),
    pytest.param(
        {"acute_illness": True, "parq_heart": True},
        "coach",
        "paused_physician",
        id="§2f-v2-stacked-coach-leaves-physician",
    ),
]


@pytest.mark.parametrize(("overrides", "clearance", "outcome"), CLEARANCE_ROWS)
def test_clearance(overrides, clearance, outcome):
    assert screen(make_answers(**overrides), clearance=clearance).outcome == outcome


def test_v2_coach_confirmed_pool_lifts_the_seizure_support_pause():
    answers = make_answers(seizures_12m=True, access_handrail=False, access_treadmill=False)
    paused = screen(answers)
    assert "needs_supervision" in {flag.code for flag in paused.flags}
    assert "someone trained with you" in paused.message
    assert screen(answers, supervised=frozenset({"pool"})).outcome == "ready"


def test_v2_nothing_steady_keeps_the_plain_support_message():
    result = screen(
        make_answers(age=70, access_pool=False, access_handrail=False, access_treadmill=False)
    )
    assert result.message == OUTCOME_MESSAGES["paused_support"]


@pytest.mark.parametrize(
    ("outcome", "need"),
    [
        pytest.param("paused_physician", "physician", id="§2f-v2-physician"),
        pytest.param("paused_review", "coach", id="§2f-v2-review-needs-coach-rank"),
        pytest.param("paused_illness", "self", id="§2f-v2-illness-self"),
        pytest.param("paused_support", None, id="§2f-v2-support-no-clearance"),
        pytest.param("ready", None, id="§2f-v2-ready"),
        pytest.param("no_plan", None, id="§2f-v2-no-plan"),
    ],
)
def test_pause_need(outcome, need):
    assert pause_need(outcome) == need


@pytest.mark.parametrize(
    ("a", "b", "stronger"),
    [
        ("physician", None, "physician"),
        (None, "self", "self"),
        ("self", "coach", "coach"),
        ("review", "physician", "physician"),
        (None, None, None),
    ],
)
def test_v2_stronger_need(a, b, stronger):
    assert rules.stronger_need(a, b) == stronger


def test_unknown_clearance_is_refused():
    with pytest.raises(ValueError, match="clearance"):
        screen(make_answers(), clearance="friend")


def test_acute_illness_asks_again_in_seven_days_and_hides_the_dose():
    result = screen(make_answers(acute_illness=True))
    assert result.outcome == "paused_illness"
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
    # Answers move in steps of 10, so the mean moves in steps of 1.67: 58.3 is the 59 case.
    pytest.param(abc_all(50), "high", id="§2e-v2-S15-abc6-50-now-high"),
    pytest.param(abc_all(60) | {"abc_ice": 50}, "high", id="§2e-v2-S15-abc6-58.3-high"),
    pytest.param(abc_all(60), "mod", id="§2e-v2-S15-abc6-60-mod"),
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
    pytest.param({"age": 85}, "high", id="§2e-v2-age-85-high"),
    pytest.param({"age": 84}, "mod", id="§2e-v2-age-84-mod"),
    *(
        pytest.param({key: True}, "high", id=f"§2e-v2-{key}-high")
        for key in ("anticoagulants", "osteoporosis", "vestibular", "memory_problems")
    ),
    pytest.param({"seizures_12m": True}, "high", id="§2e-v2-seizures_12m-high"),
    pytest.param({"helper_available": True}, "low", id="§2e-v2-helper-does-not-change-tier"),
    *(
        pytest.param({key: None}, "low", id=f"§2e-v2-{key}-unanswered-low")
        for key in ("anticoagulants", "osteoporosis", "seizures_12m")
    ),
]


@pytest.mark.parametrize(("overrides", "tier"), TIER_ROWS)
def test_tier_once_cleared(overrides, tier):
    assert screen(make_answers(**overrides)).tier == tier


TIER_REASON_ROWS = [
    pytest.param(
        {"falls_12m": 1}, {"You told us you fell once in the last year."}, id="§2e-v2-fall"
    ),
    pytest.param({"age": 85}, {"You are 85 or older."}, id="§2e-v2-age-85"),
    pytest.param(
        {"age": 86, "walking_aid": "walker"},
        {"You are 85 or older.", "You walk with a walker."},
        id="§2e-v2-age-and-walker",
    ),
    pytest.param(
        {"pain_walking": 6}, {"Walking hurts: you rated it 6 out of 10."}, id="§2e-v2-pain"
    ),
    pytest.param(
        {"anticoagulants": True},
        {"You take blood thinners, so a fall could do more harm."},
        id="§2e-v2-blood-thinners",
    ),
    pytest.param({"knee_oa": True}, {"You have knee arthritis."}, id="§2e-v2-mod-knee-oa"),
    pytest.param({"age": 78}, {"You are 75 or older."}, id="§2e-v2-mod-age"),
    pytest.param({}, {"None of your answers point to a higher chance of a fall."}, id="§2e-v2-low"),
]


@pytest.mark.parametrize(("overrides", "messages"), TIER_REASON_ROWS)
def test_v2_tier_reasons_name_the_persons_own_answers(overrides, messages):
    result = screen(make_answers(**overrides))
    assert {reason.message for reason in result.tier_reasons} == messages
    assert all(reason.source in rules.SOURCES for reason in result.tier_reasons)


def test_v2_high_tier_reasons_leave_out_the_mod_answers():
    result = screen(make_answers(falls_12m=1, knee_oa=True, age=80))
    assert [reason.code for reason in result.tier_reasons] == ["tier_fall_12m"]


@pytest.mark.parametrize(
    ("overrides", "tier", "stages"),
    [
        pytest.param({}, "low", set(), id="§1-v2-low-nothing-supervised"),
        pytest.param({}, "high", {"treadmill", "track"}, id="§1-v2-high-open-ground"),
        *(
            pytest.param({key: True}, "low", {"treadmill", "track"}, id=f"§1-v2-{key}")
            for key in ("parkinsons", "vision_uncorrected", "vestibular", "memory_problems")
        ),
        pytest.param({"stroke_months_ago": 30}, "mod", {"treadmill", "track"}, id="§1-v2-stroke"),
        pytest.param(
            {"seizures_12m": True}, "high", {"pool", "treadmill", "track"}, id="§1-v2-seizure-pool"
        ),
        pytest.param({"helper_available": True}, "high", {"treadmill", "track"}, id="§1-v2-helper"),
    ],
)
def test_v2_supervised_only_stages(overrides, tier, stages):
    assert supervised_only(make_answers(**overrides), tier) == stages


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
    pytest.param(9, "ready", "high", 6, id="persona-9-v2-S11-high"),
    pytest.param(10, "paused_review", "high", None, id="persona-10-v2-S12-review"),
    pytest.param(11, "ready", "mod", None, id="persona-11-v2-start-mod"),
    pytest.param(12, "paused_physician", "low", None, id="persona-12-v2-S12-chest-pain"),
    pytest.param(13, "ready", "low", None, id="persona-13-v2-start-low"),
    pytest.param(14, "paused_review", "high", None, id="persona-14-v2-S13-walking-pain-7"),
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


def test_persona_9_abc6_is_35_and_the_tier_names_the_fall_and_the_cane():
    result = screen(persona(9))
    assert result.abc6 == 35
    messages = {reason.message for reason in result.tier_reasons}
    assert {"You told us you fell once in the last year.", "You walk with a cane."} <= messages


def test_persona_10_once_the_coach_clears_is_ready():
    assert screen(persona(10), clearance="coach").outcome == "ready"
    assert persona(10).helper_available is True


def test_persona_12_answering_again_with_all_no_keeps_the_physician_need():
    before = screen(persona(12))
    assert before.outcome == "paused_physician" and not before.show_dose
    again = screen(Answers.from_dict(persona(12).to_dict() | {"parq_chest_pain": False}))
    assert again.outcome == "ready"
    # §2f v2: re-screening while paused keeps the stronger of the two needs; it never clears.
    kept = rules.stronger_need(pause_need(before.outcome), pause_need(again.outcome))
    assert kept == "physician"


def test_persona_14_walking_pain_7_is_named_in_the_review_flag():
    result = screen(persona(14))
    assert "walking_pain_severe" in {flag.code for flag in result.flags}
    assert screen(persona(14), clearance="coach").outcome == "ready"


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
        dizzy_on_standing=True,
        pain_walking=9,
        stroke_months_ago=1,
        surgery_weeks_ago=1,
        replacement_weeks_ago=1,
        walking_aid="wheelchair",
        **abc_all(0),
    )
    result = screen(answers)
    assert isinstance(result, ScreeningResult)
    assert len(result.flags) >= 12
    for flag in result.flags:
        assert flag.source in rules.SOURCES
        assert flag.message and flag.message[0].isupper()
    assert set(OUTCOME_MESSAGES) == set(rules.OUTCOMES)
