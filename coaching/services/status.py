"""The coach's read model (coaching.models.ClientStatus): computed here, and only here.

`refresh(client_ids)` reads each client's current plan, link and logs in one query and their
last four weeks of sessions in another, then works out flags, adherence and the attention
order in Python with the functions the client's own pages use (coaching.flags, plans.progress,
plans.selectors.records): no rule is written in SQL. It writes the rows in one statement.

Called inside the transaction of every write that changes what a row is computed from: the
one writer's plan events (coaching/receivers.py), the plans writes without one
(plans.signals.client_changed), links, invites, the "seen" mark, functional tests, the account
page and deletion, the seeders and the benchmark's generator. A rolled-back write leaves the
row as it was. `refresh_expired(now)` is the daily step: rows whose local day is over.
"""

import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import F, FilteredRelation, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from accounts.models import User
from assessments import readings as assessments
from assessments.models import AssessmentResult
from coaching.flags import FLAG_DAYS, FlagInput, flags_for, last_missed_on, split_seen
from coaching.models import ClientStatus, CoachLink
from plans import rules
from plans.models import Plan, PlannedSession, SessionLog
from plans.progress import adherence
from plans.selectors.records import day_record, session_rows

# The sessions read per client: adherence over 28 days; the flags need 14, and "3+ missed in
# a row" looks back no further than this.
WINDOW_DAYS = 28
# Everyone's local date lies between UTC-12 and UTC+14.
_WEST, _EAST = timedelta(hours=12), timedelta(hours=14)
# Clients refreshed per pair of queries by the daily step and the bulk fillers.
BATCH = 500

_FIELDS = [f.name for f in ClientStatus._meta.concrete_fields if f.name != "client"]


def local_date(now: datetime, time_zone: str) -> date:
    # As User.local_today, without building a User for every row.
    return timezone.localtime(now, zoneinfo.ZoneInfo(time_zone)).date()


def day_end(day: date, time_zone: str) -> datetime:
    """The moment `day` ends where the client is (the start of the next local day), in UTC."""
    start = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zoneinfo.ZoneInfo(time_zone))
    return start.astimezone(UTC)


def _latest(logs, field: str) -> Subquery:
    return Subquery(logs.values(field)[:1])


def _touched(logs) -> Subquery:
    """When the latest of these logs was written or last added to (ratings, morning pain)."""
    touched = Greatest("logged_at", "updated_at", Coalesce("morning_pain_at", "logged_at"))
    return Subquery(logs.annotate(touched=touched).order_by("-touched").values("touched")[:1])


def _client_rows(client_ids: list[int], since: date) -> list[dict[str, Any]]:
    """Each client once, with the current plan, the current link and what their logs say."""
    clients = User.objects.filter(pk__in=client_ids, role=User.Role.CLIENT).annotate(
        # At most one plan is not ended (plan_one_current_per_client): one row per client.
        current=FilteredRelation("plans", condition=~Q(plans__status=Plan.Status.ENDED))
    )
    logs = SessionLog.objects.filter(client=OuterRef("pk")).order_by("-date", "-logged_at")
    walks = logs.filter(status__in=(SessionLog.Status.DONE, SessionLog.Status.PARTIAL))
    # Bounded by `since` so each lookup stops early; coaching.flags decides what is recent.
    recent = logs.filter(date__gte=since)
    walk_tests = AssessmentResult.objects.filter(
        client=OuterRef("pk"), kind=assessments.BACKWARD_WALK
    ).order_by("-taken_on", "-created_at")
    strong_pain = recent.filter(
        Q(pain_during__gte=rules.PAUSE_PAIN) | Q(pain_next_morning__gte=rules.PAUSE_PAIN)
    )
    # At most one current link per client (link_one_coach_at_a_time).
    link = CoachLink.objects.filter(client=OuterRef("pk"), ended_at__isnull=True)
    # The stubs type values() rows as a TypedDict, not as the plain dicts they are.
    rows: Any = clients.annotate(
        plan_id=F("current__id"),
        plan_stage=F("current__stage"),
        plan_status=F("current__status"),
        plan_pause_needs=F("current__pause_needs"),
        plan_needs_review=F("current__needs_review"),
        plan_needs_review_reason=F("current__needs_review_reason"),
        plan_start=F("current__start_date"),
        last_walk_on=_latest(walks, "date"),
        last_rpe=_latest(walks, "rpe"),
        last_pain=_latest(walks, "pain_during"),
        last_strong_pain_on=_latest(strong_pain, "date"),
        last_fall_on=_latest(recent.filter(fall=True), "date"),
        walk_test_seconds=Subquery(walk_tests.values("value")[:1]),
        walk_test_on=Subquery(walk_tests.values("taken_on")[:1]),
        coach_id=Subquery(link.values("coach_id")[:1]),
        seen_at=Subquery(link.values("seen_at")[:1]),
        # The client's sharing choice: without their history, nothing before the link began.
        link_started_at=Subquery(link.values("started_at")[:1]),
        shares_history=Subquery(link.values("shares_history")[:1]),
        strong_pain_at=_touched(strong_pain),
        fall_at=_touched(recent.filter(fall=True)),
        plan_paused_at=Coalesce(F("current__paused_at"), F("current__created_at")),
        plan_decided_at=Coalesce(F("current__decided_at"), F("current__created_at")),
    ).values(
        "pk",
        "display_name",
        "time_zone",
        "plan_id",
        "plan_stage",
        "plan_status",
        "plan_pause_needs",
        "plan_needs_review",
        "plan_needs_review_reason",
        "plan_start",
        "last_walk_on",
        "last_rpe",
        "last_pain",
        "last_strong_pain_on",
        "last_fall_on",
        "walk_test_seconds",
        "walk_test_on",
        "coach_id",
        "seen_at",
        "link_started_at",
        "shares_history",
        "strong_pain_at",
        "fall_at",
        "plan_paused_at",
        "plan_decided_at",
    )
    return list(rows)


def _records(client_ids: list[int], first: date, last: date) -> dict[int, list]:
    """The clients' sessions from `first` to `last` as DayRecords, by client. One query."""
    sessions = PlannedSession.objects.filter(
        client_id__in=client_ids, date__gte=first, date__lte=last
    )
    grouped = defaultdict(list)
    for row in session_rows(sessions):
        grouped[row[0]].append(day_record(row))
    return grouped


# The latest of the client's logs (and the latest 3-metre walk), each with the day it is
# dated: a latest one from before the link began means none since.
_LATEST_BY_DAY = {
    "last_walk_on": ("last_walk_on", "last_rpe", "last_pain"),
    "last_strong_pain_on": ("last_strong_pain_on", "strong_pain_at"),
    "last_fall_on": ("last_fall_on", "fall_at"),
    "walk_test_on": ("walk_test_on", "walk_test_seconds"),
}


def history_from(values: dict) -> date | None:
    """The first day the coach sees of this client: None when the client shares their
    history (or has no coach), else the day the link began in the client's zone
    (CoachLink.history_from)."""
    if values["shares_history"] or values["link_started_at"] is None:
        return None
    return local_date(values["link_started_at"], values["time_zone"])


def _visible(values: dict, records: tuple) -> tuple[dict, tuple]:
    """The row's columns and records without the days the client did not share."""
    since = history_from(values)
    if since is None:
        return values, records
    values = dict(values)
    if values["plan_start"] is not None:
        # "No sessions in two weeks" is counted only over days the coach sees.
        values["plan_start"] = max(values["plan_start"], since)
    for day_field, fields in _LATEST_BY_DAY.items():
        if values[day_field] is not None and values[day_field] < since:
            values.update(dict.fromkeys(fields))
    return values, tuple(r for r in records if r.date >= since)


def _codes(flags) -> str:
    return " ".join(code for code, _words in flags)


def status_of(values: dict, records: tuple, today: date, now: datetime) -> ClientStatus:
    """One client's row, as of their local `today`, from what `_client_rows` read."""
    values, records = _visible(values, records)
    status = values["plan_status"]
    raised = flags_for(
        FlagInput(
            today=today,
            plan_status=status,
            pause_needs=values["plan_pause_needs"] or "",
            needs_review=bool(values["plan_needs_review"]),
            plan_start=values["plan_start"],
            last_strong_pain_on=values["last_strong_pain_on"],
            last_fall_on=values["last_fall_on"],
            last_walk_on=values["last_walk_on"],
            records=records,
        )
    )
    missed_on = last_missed_on(records, today)
    seen_at = values["seen_at"]
    triggers = {
        "pain": values["strong_pain_at"],
        "fall": values["fall_at"],
        "missed": missed_on,
        "no_sessions": missed_on,
        "clearance": values["plan_paused_at"],
        "paused": values["plan_paused_at"],
        "needs_review": values["plan_decided_at"],
    }
    seen_on = local_date(seen_at, values["time_zone"]) if seen_at else None
    new, _seen = split_seen(raised, triggers, seen_at, seen_on)
    walk_seconds = values["walk_test_seconds"]
    return ClientStatus(
        client_id=values["pk"],
        coach_id=values["coach_id"],
        valid_on=today,
        valid_until=day_end(today, values["time_zone"]),
        computed_at=now,
        attention=0 if new else 1,
        sort_name=values["display_name"].casefold()[:150],
        flags=_codes(raised),
        new_flags=_codes(new),
        stage=values["plan_stage"] or "",
        plan_status=status or "",
        # Codes (plans.said), put into words in the reader's language when shown.
        needs_review_reason=(values["plan_needs_review_reason"] or [])
        if values["plan_needs_review"]
        else [],
        last_session=values["last_walk_on"],
        last_rpe=values["last_rpe"],
        last_pain=values["last_pain"],
        adherence_7=adherence(records, today - timedelta(days=6), today, today).percent,
        adherence_28=adherence(
            records, today - timedelta(days=WINDOW_DAYS - 1), today, today
        ).percent,
        walk_test_seconds=walk_seconds,
        walk_test_on=values["walk_test_on"],
        walk_test_at_risk=walk_seconds is not None
        and assessments.backward_walk(walk_seconds).at_risk,
        seen_at=seen_at,
        pain_at=values["strong_pain_at"],
        fall_at=values["fall_at"],
        missed_on=missed_on,
        paused_at=values["plan_paused_at"],
        decided_at=values["plan_decided_at"],
    )


def compute(client_ids: Iterable[int], now: datetime | None = None) -> list[ClientStatus]:
    """The rows of these clients (people with the client role) as of now, unsaved. Two
    queries, whatever the number of clients."""
    now = now or timezone.now()
    ids = sorted(set(client_ids))
    if not ids:
        return []
    earliest = (now.astimezone(UTC) - _WEST).date()
    latest = (now.astimezone(UTC) + _EAST).date()
    listed = _client_rows(ids, earliest - timedelta(days=FLAG_DAYS - 1))
    if not listed:
        return []
    records = _records(
        [values["pk"] for values in listed], earliest - timedelta(days=WINDOW_DAYS - 1), latest
    )
    # A handful of time zones among hundreds of clients: each local date is worked out once.
    local_dates = {tz: local_date(now, tz) for tz in {values["time_zone"] for values in listed}}
    return [
        status_of(
            values, tuple(records.get(values["pk"], ())), local_dates[values["time_zone"]], now
        )
        for values in listed
    ]


def refresh(client_ids: Iterable[int], now: datetime | None = None) -> int:
    """Compute and store these clients' rows (coaches and unknown ids are left out). Call it
    inside the transaction that changed them. Three queries per BATCH clients."""
    ids = sorted(set(client_ids))
    done = 0
    for start in range(0, len(ids), BATCH):
        rows = compute(ids[start : start + BATCH], now)
        ClientStatus.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["client"], update_fields=_FIELDS
        )
        done += len(rows)
    return done


def refresh_one(client_id: int, now: datetime | None = None) -> None:
    """One client's row (a write path's call)."""
    refresh([client_id], now)


def refresh_expired(now: datetime | None = None) -> int:
    """The daily step: every row whose client's local day is over, and every current client
    of a coach without a row yet (a link made by hand, or rows made before this one existed).
    Returns how many were written."""
    now = now or timezone.now()
    expired = set(
        ClientStatus.objects.filter(valid_until__lte=now).values_list("client_id", flat=True)
    )
    missing = set(
        CoachLink.objects.current()
        .filter(client__coach_status__isnull=True)
        .values_list("client_id", flat=True)
    )
    return refresh(expired | missing, now)


def refresh_all(now: datetime | None = None) -> int:
    """Every client's row (the seeders, the benchmark's generator, a fresh database)."""
    ids = User.objects.filter(role=User.Role.CLIENT).values_list("pk", flat=True)
    return refresh(list(ids), now)
