"""A valid, low-risk answers dict (domain.md §7, v2 keys answered) to start each test case from."""

from typing import Any

from plans.screening import Answers

LOW_RISK: dict[str, Any] = {
    "age": 45,
    "parq_heart": False,
    "parq_chest_pain": False,
    "parq_dizzy": False,
    "parq_chronic": False,
    "parq_meds": False,
    "parq_msk": False,
    "parq_supervised": False,
    "steadi_aid_advised": False,
    "steadi_unsteady": False,
    "steadi_furniture": False,
    "steadi_worried": False,
    "steadi_chair": False,
    "steadi_curb": False,
    "steadi_toilet": False,
    "steadi_numb_feet": False,
    "steadi_dizzy_meds": False,
    "steadi_sleep_mood_meds": False,
    "steadi_sad": False,
    "abc_tiptoe": 100,
    "abc_chair": 100,
    "abc_bumped": 100,
    "abc_escalator_rail": 100,
    "abc_escalator_parcels": 100,
    "abc_ice": 100,
    "pain_now": 0,
    "pain_walking": 0,
    "can_walk_10_min": True,
    "can_stand_unaided": True,
    "walking_aid": "none",
    "falls_12m": 0,
    "fall_injury": False,
    "knee_oa": False,
    "parkinsons": False,
    "vision_uncorrected": False,
    "pregnant": False,
    "acute_illness": False,
    "stroke_months_ago": None,
    "replacement_weeks_ago": None,
    "surgery_weeks_ago": None,
    "access_pool": True,
    "access_handrail": True,
    "access_treadmill": True,
    "access_track": True,
    "days": ["mon", "wed", "fri"],
    "minutes": 40,
    "anticoagulants": False,
    "osteoporosis": False,
    "dizzy_on_standing": False,
    "seizures_12m": False,
    "vestibular": False,
    "memory_problems": False,
    "helper_available": False,
}


def make_answers_dict(**overrides: Any) -> dict[str, Any]:
    unknown = overrides.keys() - LOW_RISK.keys()
    assert not unknown, f"not an answer key: {unknown}"
    return {**LOW_RISK, **overrides}


def make_answers(**overrides: Any) -> Answers:
    return Answers.from_dict(make_answers_dict(**overrides))


def abc_all(value: int) -> dict[str, int]:
    """All six ABC-6 answers set to one value, so the mean is that value."""
    keys = ("tiptoe", "chair", "bumped", "escalator_rail", "escalator_parcels", "ice")
    return {f"abc_{key}": value for key in keys}
