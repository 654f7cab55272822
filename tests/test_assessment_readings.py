"""Each functional test's reading against the table in domain §8, at every boundary."""

from decimal import Decimal as D

import pytest

from assessments import readings as a

# (seconds, reading) — 3MBWT: 5.5 s or more is at risk (S18).
BACKWARD_WALK_ROWS = [
    (D("3.0"), a.TYPICAL),
    (D("5.49"), a.TYPICAL),
    (D("5.5"), a.AT_RISK),
    (D("5.51"), a.AT_RISK),
    (D("12"), a.AT_RISK),
]


@pytest.mark.parametrize(("seconds", "code"), BACKWARD_WALK_ROWS)
def test_backward_walk_is_at_risk_from_5_5_seconds(seconds, code):
    reading = a.backward_walk(seconds)
    assert reading.code == code
    assert reading.source == "S18"


# TUG: 12 s or more is at risk (S11, STEADI).
TUG_ROWS = [
    (D("8"), a.TYPICAL),
    (D("11.99"), a.TYPICAL),
    (D("12"), a.AT_RISK),
    (D("12.01"), a.AT_RISK),
]


@pytest.mark.parametrize(("seconds", "code"), TUG_ROWS)
def test_timed_up_and_go_is_at_risk_from_12_seconds(seconds, code):
    assert a.timed_up_and_go(seconds).code == code


# Chair stand (S11): (age band's first and last year, men's and women's "below" count).
CHAIR_BANDS = [
    (60, 64, 14, 12),
    (65, 69, 12, 11),
    (70, 74, 12, 10),
    (75, 79, 11, 10),
    (80, 84, 10, 9),
    (85, 89, 8, 8),
    (90, 94, 7, 4),
]
CHAIR_ROWS = [
    pytest.param(age, sex, stands, code, id=f"{sex}-{age}-{stands}-{code}")
    for first, last, men, women in CHAIR_BANDS
    for age in (first, last)
    for sex, limit in ((a.MALE, men), (a.FEMALE, women))
    for stands, code in ((limit - 1, a.AT_RISK), (limit, a.TYPICAL))
]


@pytest.mark.parametrize(("age", "sex", "stands", "code"), CHAIR_ROWS)
def test_chair_stand_below_the_age_and_sex_value_is_at_risk(age, sex, stands, code):
    assert a.chair_stand(stands, age, sex).code == code


def test_chair_stand_table_in_code_matches_the_brief():
    assert tuple(CHAIR_BANDS) == a.CHAIR_STAND_BELOW


@pytest.mark.parametrize(
    ("age", "sex"),
    [
        (59, a.MALE),  # below the table
        (None, a.MALE),  # age unknown (no questionnaire)
    ],
)
def test_chair_stand_gives_no_reading_without_what_the_table_needs(age, sex):
    """§9.13: only an age under 60, or none, leaves a count above 0 unread (sex left out
    reads the stricter column, 95+ the 90-94 row: tests/engine/test_s9_13_*)."""
    reading = a.chair_stand(5, age, sex)
    assert reading.code == a.NO_READING
    assert not reading.at_risk
    assert reading.words.startswith("No reading")


# 4-stage balance (S11): the tandem stance (third) not held for 10 s is at risk.
BALANCE_ROWS = [
    ([10, 10, 10, 10], a.TYPICAL),
    ([10, 10, 10, 0], a.TYPICAL),
    ([10, 10, D("9.9"), 0], a.AT_RISK),
    ([10, 10, 0, 0], a.AT_RISK),
    ([10, 3, 0, 0], a.AT_RISK),
    ([10, 10], a.AT_RISK),  # tandem not tried
]


@pytest.mark.parametrize(("held", "code"), BALANCE_ROWS)
def test_balance_is_at_risk_when_tandem_is_not_held_10_seconds(held, code):
    assert a.balance(held).code == code


@pytest.mark.parametrize(
    ("kind", "values", "code", "main"),
    [
        (a.BACKWARD_WALK, {"seconds": "5.5", "walks": ["5.5", "6"]}, a.AT_RISK, D("5.5")),
        (a.TUG, {"seconds": "9.1"}, a.TYPICAL, D("9.1")),
        (a.CHAIR_STAND, {"stands": 9, "age": 82, "sex": "female"}, a.TYPICAL, 9),
        # §9.13: sex not said reads the stricter column (80-84: men 10).
        (a.CHAIR_STAND, {"stands": 9, "age": 82, "sex": ""}, a.AT_RISK, 9),
        (a.BALANCE, {"held": ["10", "10", "4", "0"]}, a.AT_RISK, D("4")),
    ],
)
def test_stored_values_read_the_same_as_the_functions(kind, values, code, main):
    assert a.reading_for(kind, values).code == code
    assert a.main_value(kind, values) == main


def test_backward_walk_keeps_the_faster_walk():
    assert a.faster([D("6.2"), D("5.4")]) == D("5.4")
