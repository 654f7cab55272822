"""The coach's flags (coaching/flags.py): plain data in, flags out. No database."""

from datetime import date, timedelta

import pytest

from coaching.flags import (
    FLAG_BADGES,
    FLAGS,
    FlagInput,
    attention_key,
    badges,
    flags_for,
    is_recent,
)
from plans.progress import DayRecord

TODAY = date(2026, 11, 25)  # a Wednesday
LONG_AGO = TODAY - timedelta(days=60)


def day(days_ago: int) -> date:
    return TODAY - timedelta(days=days_ago)


def rec(days_ago: int, status: str | None = None, cancelled: bool = False) -> DayRecord:
    return DayRecord(date=day(days_ago), status=status, cancelled=cancelled)


def every_other_day(first: int, last: int, status=None, cancelled=False) -> tuple:
    return tuple(rec(d, status, cancelled) for d in range(first, last + 1, 2))


def active(**extra) -> FlagInput:
    """An active plan started long ago, walked yesterday, nothing else to say."""
    fields = {
        "today": TODAY,
        "plan_status": "active",
        "plan_start": LONG_AGO,
        "last_walk_on": day(1),
        "records": every_other_day(1, 27, "done"),
    }
    fields.update(extra)
    return FlagInput(**fields)


FLAG_CASES = [
    # (why, the client as the flags see them, codes raised)
    ("nothing to say", active(), []),
    ("no plan yet: nothing", FlagInput(today=TODAY), []),
    # Pain 7 or more, a fall: in the last 14 days (today and 13 before).
    ("strong pain today", active(last_strong_pain_on=TODAY), ["pain"]),
    ("strong pain 13 days ago", active(last_strong_pain_on=day(13)), ["pain"]),
    ("strong pain 14 days ago is old", active(last_strong_pain_on=day(14)), []),
    ("a fall 13 days ago", active(last_fall_on=day(13)), ["fall"]),
    ("a fall 14 days ago is old", active(last_fall_on=day(14)), []),
    # 3+ missed in a row, due sessions only.
    (
        "three due sessions missed",
        active(records=every_other_day(1, 5) + every_other_day(7, 27, "done")),
        ["missed"],
    ),
    (
        "two missed is not flagged",
        active(records=every_other_day(1, 3) + every_other_day(5, 27, "done")),
        [],
    ),
    (
        "a pause in between is passed over: still three in a row",
        active(
            records=(rec(1), rec(3, cancelled=True), rec(5, cancelled=True), rec(7), rec(9))
            + every_other_day(11, 27, "done")
        ),
        ["missed"],
    ),
    (
        "a plan paused 11 days has nothing missed",
        FlagInput(
            today=TODAY,
            plan_status="paused",
            pause_needs="self",
            plan_start=LONG_AGO,
            last_walk_on=day(12),
            records=every_other_day(1, 11, cancelled=True) + every_other_day(12, 27, "done"),
        ),
        ["paused"],
    ),
    (
        "missed sessions on a paused plan: the pause is the flag",
        FlagInput(
            today=TODAY,
            plan_status="paused",
            plan_start=LONG_AGO,
            last_walk_on=day(20),
            records=every_other_day(1, 9),
        ),
        ["paused"],
    ),
    # No session for 14+ days (domain §3).
    (
        "nothing walked for 14 days while sessions were due",
        active(last_walk_on=day(14), records=every_other_day(0, 13, "skipped")),
        ["no_sessions"],
    ),
    (
        "never walked, plan 20 days old",
        active(plan_start=day(20), last_walk_on=None, records=every_other_day(0, 13, "skipped")),
        ["no_sessions"],
    ),
    (
        "a walk 13 days ago is recent enough",
        active(last_walk_on=day(13), records=every_other_day(1, 11, "skipped")),
        [],
    ),
    (
        "a plan younger than 14 days is not flagged",
        active(plan_start=day(13), last_walk_on=None, records=every_other_day(1, 13, "skipped")),
        [],
    ),
    (
        "back from a pause: the cancelled fortnight is not counted",
        active(last_walk_on=day(20), records=every_other_day(1, 13, cancelled=True)),
        [],
    ),
    # Clearance, pause, review.
    (
        "waiting for clearance",
        FlagInput(today=TODAY, plan_status="needs_clearance", plan_start=TODAY),
        ["clearance"],
    ),
    (
        "paused for a physician",
        FlagInput(today=TODAY, plan_status="paused", pause_needs="physician"),
        ["clearance", "paused"],
    ),
    ("paused for a re-check", FlagInput(today=TODAY, plan_status="paused"), ["paused"]),
    ("needs a review (v2 escalation)", active(needs_review=True), ["needs_review"]),
    ("a review on no plan means nothing", FlagInput(today=TODAY, needs_review=True), []),
    (
        "several at once, in the page's order",
        active(last_fall_on=TODAY, last_strong_pain_on=TODAY, needs_review=True),
        ["pain", "fall", "needs_review"],
    ),
]


@pytest.mark.parametrize(
    ("data", "expected"),
    [case[1:] for case in FLAG_CASES],
    ids=[case[0] for case in FLAG_CASES],
)
def test_flags(data, expected):
    assert [code for code, _ in flags_for(data)] == expected


def test_every_flag_has_plain_words():
    assert dict(FLAGS)["pain"] == "Pain 7 or more"
    assert dict(FLAGS)["no_sessions"] == "No session for 14+ days"
    assert all(words[:1].isupper() or words[:1].isdigit() for _, words in FLAGS)


def test_every_flag_has_a_short_badge_for_the_dashboard_rows():
    assert set(FLAG_BADGES) == {code for code, _ in FLAGS}
    # Short enough for one compact row, and shorter than the words it stands for.
    assert all(len(str(FLAG_BADGES[code])) <= 12 for code, _ in FLAGS)
    assert all(len(str(FLAG_BADGES[code])) <= len(str(words)) for code, words in FLAGS)
    assert FLAG_BADGES["pain"] == "Pain 7+"


def test_badges_keep_the_flags_order_and_their_full_words():
    flags = flags_for(active(last_fall_on=TODAY, last_strong_pain_on=TODAY, needs_review=True))
    assert badges(flags) == (
        ("pain", "Pain 7+", "Pain 7 or more"),
        ("fall", "Fall", "Fall"),
        ("needs_review", "Review", "Needs a review"),
    )


@pytest.mark.parametrize(
    ("when", "expected"),
    [(TODAY, True), (day(13), True), (day(14), False), (TODAY + timedelta(days=1), False)],
)
def test_recent_means_the_last_14_days(when, expected):
    assert is_recent(when, TODAY) is expected


def test_attention_first_then_latest_walk_then_name():
    rows = [
        ((), day(1), "Ann", 1),
        ((("fall", "Fall"),), day(9), "Zed", 2),
        ((), None, "Bea", 3),
        ((), day(1), "Abe", 4),
        ((("paused", "Paused"),), None, "Cy", 5),
    ]
    ordered = sorted(rows, key=lambda r: attention_key(*r))
    assert [r[2] for r in ordered] == ["Zed", "Cy", "Abe", "Ann", "Bea"]
