"""The plan's "why" names what the person told us (issue 17): their own condition, how long
ago, how many falls, their own ratings, and the start place that follows from it."""

from datetime import date

import pytest
from answer_factory import abc_all, make_answers

from plans.engine import build_plan
from plans.screening import screen

MONDAY = date(2026, 3, 2)


def _messages(answers) -> tuple[str, str, str]:
    """(every tier reason, the start-place reason, every flag) for these answers."""
    result = screen(answers)
    plan = build_plan(answers, result, MONDAY)
    start = next(r.message for r in plan.reasons if r.code.startswith("start_"))
    return (
        " ".join(r.message for r in result.tier_reasons),
        start,
        " ".join(f.message for f in result.flags),
    )


# (answers, words in the tier reasons, words in the start-place reason)
REASON_ROWS = [
    pytest.param(
        {"replacement_weeks_ago": 13},
        "You had a hip or knee replaced about 3 months ago.",
        "replaced about 3 months ago. That is why you start along a fixed rail",
        id="knee-or-hip-replacement-3-months-ago",
    ),
    pytest.param(
        {"stroke_months_ago": 8},
        "You had a stroke 8 months ago.",
        "You had a stroke 8 months ago. That is why you start in the pool",
        id="stroke-8-months-ago",
    ),
    pytest.param(
        {"stroke_months_ago": 30},
        "You had a stroke about 2 years ago.",
        "stroke about 2 years ago.",
        id="stroke-years-ago",
    ),
    pytest.param(
        {"falls_12m": 1},
        "You told us you fell once in the last year.",
        "fell once in the last year. That is why you start in the pool",
        id="one-fall",
    ),
    pytest.param(
        {"pain_walking": 4},
        "Walking hurts a little: you rated it 4 out of 10.",
        "you rated it 4 out of 10. That is why you start in the pool",
        id="walking-pain-sends-mod-to-the-pool",
    ),
    pytest.param(
        {"pain_walking": 6},
        "Walking hurts: you rated it 6 out of 10.",
        "you rated it 6 out of 10. That is why you start in the pool",
        id="strong-walking-pain",
    ),
    pytest.param(
        {"knee_oa": True},
        "You have knee arthritis.",
        "You have knee arthritis. That is why you start along a fixed rail",
        id="knee-arthritis",
    ),
    pytest.param(
        {"walking_aid": "cane"},
        "You walk with a cane.",
        "You walk with a cane. That is why you start in the pool",
        id="cane",
    ),
    pytest.param(
        abc_all(70),
        "You feel fairly sure of your balance, but not fully (70 out of 100).",
        "(70 out of 100). That is why you start along a fixed rail",
        id="balance-confidence-70",
    ),
    pytest.param(
        abc_all(50),
        "unsure of your balance (50 out of 100).",
        "(50 out of 100). That is why you start in the pool",
        id="balance-confidence-50",
    ),
    pytest.param(
        {"falls_12m": 1, "access_pool": False},
        "You told us you fell once in the last year.",
        "You told us you cannot get to a pool. That is why you start along a fixed rail",
        id="no-pool-so-the-rail",
    ),
    pytest.param(
        {},
        "None of your answers point to a higher chance of a fall.",
        "higher chance of a fall. That is why you start on a treadmill",
        id="nothing-to-name",
    ),
]


@pytest.mark.parametrize(("overrides", "tier_words", "start_words"), REASON_ROWS)
def test_the_reasons_name_the_persons_own_answers(overrides, tier_words, start_words):
    tier_text, start_text, _ = _messages(make_answers(**overrides))
    assert tier_words in tier_text
    assert start_words in start_text


# (answers, words in the flags): pauses name what was said, too.
FLAG_ROWS = [
    pytest.param(
        {"falls_12m": 2}, "You told us you fell 2 times in the last year.", id="two-falls"
    ),
    pytest.param(
        {"surgery_weeks_ago": 5},
        "You had an operation 5 weeks ago (less than 12 weeks).",
        id="operation-5-weeks-ago",
    ),
    pytest.param(
        {"replacement_weeks_ago": 10},
        "Your hip or knee was replaced about 2 months ago (less than 12 weeks).",
        id="replacement-10-weeks-ago",
    ),
    pytest.param(
        {"stroke_months_ago": 3},
        "You had a stroke 3 months ago (less than 6 months).",
        id="stroke-3-months-ago",
    ),
    pytest.param(
        {"stroke_months_ago": 0},
        "You had a stroke less than a month ago (less than 6 months).",
        id="stroke-this-month",
    ),
]


@pytest.mark.parametrize(("overrides", "flag_words"), FLAG_ROWS)
def test_the_pause_flags_name_the_persons_own_answers(overrides, flag_words):
    _, _, flags = _messages(make_answers(**overrides))
    assert flag_words in flags


def _demo(name):
    from plans.demo_data import PROFILES
    from plans.screening import Answers

    return Answers.from_dict(PROFILES[name])


@pytest.mark.parametrize(
    "answers",
    [
        *(pytest.param(_demo(name), id=name) for name in ("fit", "steady", "careful")),
        *(pytest.param(make_answers(**row.values[0]), id=row.id) for row in REASON_ROWS),
    ],
)
def test_no_sentence_of_the_why_is_said_twice(answers):
    """The answer behind the start place is said in the start place's sentence only (a low
    risk person read "None of your answers point to a higher chance of a fall." twice)."""
    plan = build_plan(answers, screen(answers), MONDAY)
    parts = [part for r in plan.reasons for part in str(r.message).split(". ")]
    sentences = [part.strip(" .") for part in parts if part.strip()]
    assert len(sentences) == len(set(sentences)), [r.message for r in plan.reasons]
