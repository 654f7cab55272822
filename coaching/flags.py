"""The coach's flags: what makes a client need attention, as plain functions over plain data.

The dashboard, its CSV and the client page ask `flags_for`; the order they list clients in is
`attention_key`. Due and missed come from plans.progress, the same rules as the client's pages.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from backward_walk.text import Text
from plans import rules
from plans.progress import DONE, PARTIAL, DayRecord, is_due, is_missed, missed_in_a_row

# A raised flag: (code, words); with its badge: (code, badge, words).
Flag = tuple[str, Text]
Badge = tuple[str, Text, Text]

# Flags in the order a row shows them: (code, words on the page and in the CSV).
FLAGS: tuple[Flag, ...] = (
    ("pain", format_lazy(_("Pain {pain} or more"), pain=rules.PAUSE_PAIN)),
    ("fall", _("Fall")),
    ("missed", _("3+ missed in a row")),
    ("no_sessions", _("No session for 14+ days")),
    ("clearance", _("Needs clearance")),
    ("paused", _("Paused")),
    ("needs_review", _("Needs a review")),
)
FLAG_LABELS = dict(FLAGS)
# The same flags as short badges, so a dashboard row with every flag stays one row high; the
# page keeps FLAGS' words beside each badge for screen readers and as its tooltip.
FLAG_BADGES: dict[str, Text] = {
    "pain": format_lazy(_("Pain {pain}+"), pain=rules.PAUSE_PAIN),
    "fall": _("Fall"),
    "missed": _("3+ missed"),
    "no_sessions": _("14 days idle"),
    "clearance": _("Clearance"),
    "paused": _("Paused"),
    "needs_review": _("Review"),
}
# Pain and falls stay flagged this long after the day they were logged for.
FLAG_DAYS = 14
MISSED_IN_A_ROW = 3
# Domain §3: "No sessions for 2 weeks running: flag for the coach."
NO_SESSION_DAYS = 14

ACTIVE, PAUSED, NEEDS_CLEARANCE = "active", "paused", "needs_clearance"
PHYSICIAN = "physician"


@dataclass(frozen=True, slots=True)
class FlagInput:
    """What the flags read about one client, as of that client's own today."""

    today: date
    plan_status: str | None = None  # None: no current plan
    pause_needs: str = ""
    needs_review: bool = False
    plan_start: date | None = None
    last_strong_pain_on: date | None = None  # latest log with pain >= rules.PAUSE_PAIN
    last_fall_on: date | None = None
    last_walk_on: date | None = None  # latest log done or partly done, any plan
    records: tuple[DayRecord, ...] = ()  # at least the last 28 days


def is_recent(day: date | None, today: date, days: int = FLAG_DAYS) -> bool:
    """On one of the last `days` days, today included."""
    return day is not None and today - timedelta(days=days - 1) <= day <= today


def no_sessions_lately(data: FlagInput) -> bool:
    """An active plan at least two weeks old, sessions due in the last two weeks, and none of
    them walked. Days cancelled by a pause are not due, so coming back from one is not flagged."""
    if data.plan_status != ACTIVE or data.plan_start is None:
        return False
    window_start = data.today - timedelta(days=NO_SESSION_DAYS - 1)
    if data.plan_start >= window_start:
        return False
    if data.last_walk_on is not None and data.last_walk_on >= window_start:
        return False
    window = [r for r in data.records if window_start <= r.date <= data.today]
    if any(r.status in (DONE, PARTIAL) for r in window):
        return False
    return any(is_due(r, data.today) for r in window)


def needs_clearance(data: FlagInput) -> bool:
    return data.plan_status == NEEDS_CLEARANCE or (
        data.plan_status == PAUSED and data.pause_needs == PHYSICIAN
    )


def flags_for(data: FlagInput) -> tuple[Flag, ...]:
    """The client's flags as (code, words), in FLAGS order."""
    raised = {
        "pain": is_recent(data.last_strong_pain_on, data.today),
        "fall": is_recent(data.last_fall_on, data.today),
        # Only while active: a paused person cannot log, and the pause is its own flag.
        "missed": data.plan_status == ACTIVE
        and missed_in_a_row(data.records, data.today) >= MISSED_IN_A_ROW,
        "no_sessions": no_sessions_lately(data),
        "clearance": needs_clearance(data),
        "paused": data.plan_status == PAUSED,
        "needs_review": data.plan_status is not None and data.needs_review,
    }
    return tuple((code, words) for code, words in FLAGS if raised[code])


def badges(flags: Iterable[Flag]) -> tuple[Badge, ...]:
    """(code, badge, words) for each of these (code, words) flags, in their order."""
    return tuple((code, FLAG_BADGES[code], words) for code, words in flags)


def last_missed_on(records: Iterable[DayRecord], today: date) -> date | None:
    """The latest session that was due and not logged: what makes "missed" flags new again."""
    missed = [r.date for r in records if is_missed(r, today)]
    return max(missed) if missed else None


def split_seen(
    flags: Iterable[Flag],
    triggers: Mapping[str, datetime | date | None],
    seen_at: datetime | None,
    seen_on: date | None,
) -> tuple[tuple[Flag, ...], tuple[Flag, ...]]:
    """(new flags, seen flags): a flag is seen when the coach marked the client seen after
    the log or event that raised it. `triggers` gives, per flag code, that moment (a datetime)
    or day (a date, compared with `seen_on`, the client's local date of `seen_at`: a session
    of that day is missed only after it, so it is new). A flag without a known trigger is
    always new."""
    if seen_at is None:
        return tuple(flags), ()
    new: list[Flag] = []
    seen: list[Flag] = []
    for code, words in flags:
        trigger = triggers.get(code)
        if isinstance(trigger, datetime):
            is_new = trigger > seen_at
        elif isinstance(trigger, date):
            is_new = seen_on is None or trigger >= seen_on
        else:
            is_new = True
        (new if is_new else seen).append((code, words))
    return tuple(new), tuple(seen)


def attention_key(
    flags: Sequence[Flag], last_session: date | None, name: str, pk: int
) -> tuple[int, int, str, int]:
    """Sort key, attention first: flagged clients, then the most recent walk, then by name."""
    recent_first = -last_session.toordinal() if last_session else 1
    return (0 if flags else 1, recent_first, name, pk)


# The dashboard's summary line: how many clients carry each flag, in a few words each.
SUMMARY_WORDS: dict[str, Text] = {
    "pain": ngettext_lazy("%(count)d in pain", "%(count)d in pain", "count"),
    "fall": ngettext_lazy("%(count)d fall", "%(count)d falls", "count"),
    "missed": ngettext_lazy("%(count)d missed", "%(count)d missed", "count"),
    "no_sessions": ngettext_lazy("%(count)d quiet 14+ days", "%(count)d quiet 14+ days", "count"),
    "clearance": ngettext_lazy("%(count)d needs clearance", "%(count)d need clearance", "count"),
    "paused": ngettext_lazy("%(count)d paused", "%(count)d paused", "count"),
    "needs_review": ngettext_lazy("%(count)d to review", "%(count)d to review", "count"),
}


def flag_summary(flag_sets: Iterable[Iterable[Flag]]) -> list[tuple[str, int, str]]:
    """(code, clients with it, words) for each flag anyone has, in FLAGS order.

    `flag_sets` is each client's flags as `flags_for` gives them, so the line agrees with
    the rows."""
    counts = dict.fromkeys(FLAG_LABELS, 0)
    for flags in flag_sets:
        for code in {code for code, _words in flags}:
            counts[code] += 1
    return [
        (code, count, SUMMARY_WORDS[code] % {"count": count})
        for code, count in counts.items()
        if count
    ]
