"""The coach dashboard's rows: every current client with their plan, adherence and flags.

`for_dashboard(coach, now, ...)` reads in two queries whatever the number of clients: one row
per client with the current plan and a few columns about their logs (Subquery), and their
sessions of the last four weeks. Flags, adherence and the order are then worked out in Python
by coaching.flags and plans.progress, the functions the client's own pages use, each client as
of their own local date (the day /progress/ shows them), so both pages give the same numbers.
"""

import zoneinfo
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db.models import F, FilteredRelation, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from accounts.models import User
from assessments import readings as assessments
from assessments.models import AssessmentResult
from coaching.flags import (
    FLAG_DAYS,
    FLAG_LABELS,
    FLAGS,
    FlagInput,
    attention_key,
    badges,
    flags_for,
    last_missed_on,
    split_seen,
)
from coaching.models import CoachLink
from plans import rules
from plans.models import Plan, PlannedSession, SessionLog, Stage
from plans.progress import adherence
from plans.said import render_all
from plans.selectors.records import day_record, session_rows

# The order rows can be listed in; the first is the default.
SORTS = (
    ("attention", gettext_lazy("Needs attention first")),
    ("name", gettext_lazy("Name")),
    ("last_session", gettext_lazy("Last session, newest first")),
)
SORT_CODES = frozenset(code for code, _ in SORTS)
# The latest 3-metre backward walk: "at_risk" (its reading), "none" (never done).
WALK_TEST_FILTERS = ("at_risk", "none")
# The sessions read per client: adherence over 28 days; the flags need 14, and "3+ missed in
# a row" looks back no further than this.
WINDOW_DAYS = 28
# Everyone's local date lies between UTC-12 and UTC+14.
_WEST, _EAST = timedelta(hours=12), timedelta(hours=14)


@dataclass(frozen=True, slots=True)
class DashboardRow:
    """One client as the dashboard, its CSV and the client page show them."""

    pk: int
    public_id: object
    name: str
    email: str
    today: date  # the client's own date the numbers are counted on
    stage: str  # words, "" without a plan
    status: str
    last_session: date | None
    last_rpe: int | None
    last_pain: int | None
    flags: tuple[tuple[str, str], ...]  # (code, words): new since the coach's "seen" mark
    needs_review_reason: str = ""
    seen_flags: tuple[tuple[str, str], ...] = ()  # raised, but seen and nothing new since
    seen_at: datetime | None = None
    records: tuple = ()  # the client's last four weeks as plans.progress.DayRecord
    walk_test_seconds: object = None  # the latest 3MBWT (Decimal), None if never done
    walk_test_on: date | None = None

    @property
    def all_flags(self) -> tuple[tuple[str, str], ...]:
        """Every raised flag, seen or not, in FLAGS order (the client page and the CSV)."""
        raised = {code for code, _ in (*self.flags, *self.seen_flags)}
        return tuple((code, words) for code, words in FLAGS if code in raised)

    @property
    def badges(self) -> tuple[tuple[str, str, str], ...]:
        """The new flags as (code, short badge, full words), for the dashboard's rows."""
        return badges(self.flags)

    @property
    def walk_test_at_risk(self) -> bool:
        if self.walk_test_seconds is None:
            return False
        return assessments.backward_walk(self.walk_test_seconds).at_risk

    @property
    def walk_test_words(self) -> str:
        return assessments.number_words(self.walk_test_seconds)

    @property
    def url(self) -> str:
        return reverse("coach_client", args=[self.public_id])

    # Adherence is counted when shown: a page shows 50 rows of the coach's hundreds.
    @property
    def adherence_7(self) -> int | None:
        """Percent of the sessions due in the last 7 days; None when none was due."""
        return adherence(
            self.records, self.today - timedelta(days=6), self.today, self.today
        ).percent

    @property
    def adherence_28(self) -> int | None:
        start = self.today - timedelta(days=WINDOW_DAYS - 1)
        return adherence(self.records, start, self.today, self.today).percent


def clients_of(coach: User) -> QuerySet[User]:
    """The coach's current clients, reached only through the coach's own open links."""
    return User.objects.filter(
        role=User.Role.CLIENT, coach_links__coach=coach, coach_links__ended_at__isnull=True
    )


def _clients(coach: User, stage: str, search: str, client: User | None) -> QuerySet[User]:
    clients = clients_of(coach).annotate(
        # At most one plan is not ended (plan_one_current_per_client): one row per client.
        current=FilteredRelation("plans", condition=~Q(plans__status=Plan.Status.ENDED))
    )
    if client is not None:
        clients = clients.filter(pk=client.pk)
    if stage == "none":
        clients = clients.filter(current__id__isnull=True)
    elif stage:
        clients = clients.filter(current__stage=stage)
    if search:
        # icontains escapes % and _: typed into the box they match only themselves.
        clients = clients.filter(Q(display_name__icontains=search) | Q(email__icontains=search))
    return clients


def _latest(logs: QuerySet[SessionLog], field: str) -> Subquery:
    return Subquery(logs.values(field)[:1])


def _touched(logs: QuerySet[SessionLog]) -> Subquery:
    """When the latest of these logs was written or last added to (ratings, morning pain)."""
    touched = Greatest("logged_at", "updated_at", Coalesce("morning_pain_at", "logged_at"))
    return Subquery(logs.annotate(touched=touched).order_by("-touched").values("touched")[:1])


def _client_rows(coach: User, clients: QuerySet[User], since: date) -> QuerySet:
    """Each client once, with the current plan and what their logs say. One query."""
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
    link = CoachLink.objects.filter(coach=coach, client=OuterRef("pk"), ended_at__isnull=True)
    return clients.annotate(
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
        # What the "seen" mark is compared with (coaching.flags.split_seen).
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
        "public_id",
        "display_name",
        "email",
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
        "seen_at",
        "link_started_at",
        "shares_history",
        "strong_pain_at",
        "fall_at",
        "plan_paused_at",
        "plan_decided_at",
    )


def _records(clients: QuerySet[User], first: date, last: date) -> dict[int, list]:
    """The clients' sessions from `first` to `last` as DayRecords, by client. One query."""
    sessions = PlannedSession.objects.filter(
        client__in=clients.values("pk"), date__gte=first, date__lte=last
    )
    grouped = defaultdict(list)
    for row in session_rows(sessions):
        grouped[row[0]].append(day_record(row))
    return grouped


def _split(flags, values: dict, records: tuple, today: date) -> tuple[tuple, tuple]:
    """The flags new since the coach's "seen" mark, and those seen with nothing new since."""
    seen_at = values["seen_at"]
    if seen_at is None or not flags:
        return tuple(flags), ()
    missed = last_missed_on(records, today)
    triggers = {
        "pain": values["strong_pain_at"],
        "fall": values["fall_at"],
        "missed": missed,
        "no_sessions": missed,
        "clearance": values["plan_paused_at"],
        "paused": values["plan_paused_at"],
        "needs_review": values["plan_decided_at"],
    }
    return split_seen(flags, triggers, seen_at, _local_date(seen_at, values["time_zone"]))


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
    history, else the day the link began in the client's zone (CoachLink.history_from)."""
    if values["shares_history"] or values["link_started_at"] is None:
        return None
    return _local_date(values["link_started_at"], values["time_zone"])


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


def _row(values: dict, records: tuple, today: date) -> DashboardRow:
    values, records = _visible(values, records)
    status = values["plan_status"]
    flags = flags_for(
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
    flags, seen_flags = _split(flags, values, records, today)
    return DashboardRow(
        pk=values["pk"],
        public_id=values["public_id"],
        name=values["display_name"],
        email=values["email"],
        today=today,
        stage=Stage(values["plan_stage"]).label if values["plan_stage"] else "",
        status=Plan.Status(status).label if status else gettext("No plan yet"),
        last_session=values["last_walk_on"],
        last_rpe=values["last_rpe"],
        last_pain=values["last_pain"],
        flags=flags,
        # Stored as codes (plans.said): in the coach's words, in the coach's language.
        needs_review_reason=render_all(values["plan_needs_review_reason"])
        if values["plan_needs_review"]
        else "",
        records=records,
        walk_test_seconds=values["walk_test_seconds"],
        walk_test_on=values["walk_test_on"],
        seen_flags=seen_flags,
        seen_at=values["seen_at"],
    )


def _sort_key(sort: str):
    if sort == "name":
        return lambda row: (row.name.casefold(), row.pk)
    if sort == "last_session":
        return lambda row: (
            -row.last_session.toordinal() if row.last_session else 1,
            row.name.casefold(),
            row.pk,
        )
    return lambda row: attention_key(row.flags, row.last_session, row.name.casefold(), row.pk)


def for_dashboard(
    coach: User,
    now: datetime,
    *,
    flag: str = "",
    stage: str = "",
    search: str = "",
    sort: str = "",
    client: User | None = None,
    walk_test: str = "",
) -> list[DashboardRow]:
    """A coach's current clients as rows, attention first unless `sort` says otherwise.

    `flag` is a flag's code or "any" (every flagged client), `stage` a stage or "none" (no
    current plan), `search` text in the name or email, `sort` one of SORTS; `client` narrows
    to one client (the client page's flags). Each client's numbers are counted on their own
    local date at `now`. Two queries (one when nobody is listed), whatever the number of
    clients; the caller pages through the list. `walk_test` is one of WALK_TEST_FILTERS: the
    latest 3-metre backward walk read as at risk (by assessments.readings), or none done yet.
    """
    flag, stage, search, sort = flag or "", stage or "", search or "", sort or "attention"
    if flag and flag != "any" and flag not in FLAG_LABELS:
        raise ValueError(f"unknown flag {flag!r}")
    if walk_test and walk_test not in WALK_TEST_FILTERS:
        raise ValueError(f"unknown walk test filter {walk_test!r}")
    if sort not in SORT_CODES:
        raise ValueError(f"unknown sort {sort!r}")
    earliest = (now.astimezone(UTC) - _WEST).date()
    latest = (now.astimezone(UTC) + _EAST).date()
    clients = _clients(coach, stage, search, client)
    listed = list(_client_rows(coach, clients, earliest - timedelta(days=FLAG_DAYS - 1)))
    if not listed:
        return []
    records = _records(clients, earliest - timedelta(days=WINDOW_DAYS - 1), latest)
    # A handful of time zones among hundreds of clients: each local date is worked out once.
    local_dates = {tz: _local_date(now, tz) for tz in {values["time_zone"] for values in listed}}
    rows = [
        _row(values, tuple(records.get(values["pk"], ())), local_dates[values["time_zone"]])
        for values in listed
    ]
    # Both list what is new, as the summary line counts it: "seen" clears a flag here too.
    if flag == "any":
        rows = [row for row in rows if row.flags]
    elif flag:
        rows = [row for row in rows if any(code == flag for code, _ in row.flags)]
    if walk_test == "at_risk":
        rows = [row for row in rows if row.walk_test_at_risk]
    elif walk_test == "none":
        rows = [row for row in rows if row.walk_test_seconds is None]
    rows.sort(key=_sort_key(sort))
    return rows


def row_for(coach: User, client: User, now: datetime) -> DashboardRow | None:
    """The dashboard's row for one of the coach's clients (None for anyone else)."""
    rows = for_dashboard(coach, now, client=client)
    return rows[0] if rows else None


def _local_date(now: datetime, time_zone: str) -> date:
    # As User.local_today, without building a User for every row.
    return timezone.localtime(now, zoneinfo.ZoneInfo(time_zone)).date()
