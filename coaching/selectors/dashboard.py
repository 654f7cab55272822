"""The coach dashboard's rows, read from the stored read model (coaching.models.ClientStatus).

Flags, adherence and the attention order are worked out when a client's records change
(coaching.services.status, by coaching.flags and plans.progress, the functions the client's own
pages use); this module only filters, sorts and pages the stored rows in the database and
turns the rows of one page into DashboardRow. A page costs the same few queries whatever the
number of clients: the counts (one aggregate) and the page's rows (one query, the client joined).
"""

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from django.db.models import Count, F, Q, QuerySet
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from accounts.models import User
from assessments import readings as assessments
from backward_walk.formats import local_date
from coaching.flags import FLAG_BADGES, FLAG_LABELS, FLAGS, SUMMARY_WORDS
from coaching.models import ClientStatus
from plans.models import Plan, Stage
from plans.said import render_all

# The order rows can be listed in; the first is the default.
SORTS = (
    ("attention", gettext_lazy("Needs attention first")),
    ("name", gettext_lazy("Name")),
    ("last_session", gettext_lazy("Last session, newest first")),
)
SORT_CODES = frozenset(code for code, _ in SORTS)
# The latest 3-metre backward walk: "at_risk" (its reading), "none" (never done).
WALK_TEST_FILTERS = ("at_risk", "none")
_NEWEST_WALK = F("last_session").desc(nulls_last=True)
# coaching.flags.attention_key, as the database orders the stored columns.
ORDER_BY = {
    "attention": ("attention", _NEWEST_WALK, "sort_name", "client_id"),
    "name": ("sort_name", "client_id"),
    "last_session": (_NEWEST_WALK, "sort_name", "client_id"),
}
_CLIENT_FIELDS = ("client__public_id", "client__display_name", "client__email")


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
    review_reason: tuple = ()  # stored codes (plans.said): needs_review_reason puts them in words
    seen_flags: tuple[tuple[str, str], ...] = ()  # raised, but seen and nothing new since
    seen_at: datetime | None = None
    adherence_7: int | None = None  # percent of the sessions due in 7 days; None: none due
    adherence_28: int | None = None
    walk_test_seconds: object = None  # the latest 3MBWT (Decimal), None if never done
    walk_test_on: date | None = None
    walk_test_at_risk: bool = False

    @property
    def all_flags(self) -> tuple[tuple[str, str], ...]:
        """Every raised flag, seen or not, in FLAGS order (the client page and the CSV)."""
        raised = {code for code, _ in (*self.flags, *self.seen_flags)}
        return tuple((code, words) for code, words in FLAGS if code in raised)

    @property
    def badges(self) -> tuple[tuple[str, str, str], ...]:
        """The new flags as (code, short badge, full words), for the dashboard's rows
        (coaching.flags.badges, its words translated once per language)."""
        badge = _labels().badge
        return tuple((code, badge[code], words) for code, words in self.flags)

    @property
    def needs_review_reason(self) -> str:
        """In the reader's words and language, when a page shows it (the dashboard's rows do
        not)."""
        return render_all(self.review_reason)

    @property
    def walk_test_words(self) -> str:
        return assessments.number_words(self.walk_test_seconds)

    # The words a row shows, made here rather than by a translate tag in each row (the same
    # messages as the template's, so the catalogue is the same).
    @property
    def walk_test_sentence(self) -> str:
        return gettext("%(seconds)s s on %(day)s") % {
            "seconds": self.walk_test_words,
            "day": local_date(self.walk_test_on, "SHORT_DAY_MONTH") if self.walk_test_on else "",
        }

    @property
    def last_session_words(self) -> str:
        """The last session's day, "Wed 25 Nov" (local_date's SHORT_WEEKDAY)."""
        if self.last_session is None:
            return ""
        return _short_weekday(translation.get_language(), self.last_session)

    @property
    def effort_pain_words(self) -> str:
        return gettext("%(rpe)s / %(pain)s") % {
            "rpe": "–" if self.last_rpe is None else self.last_rpe,
            "pain": "–" if self.last_pain is None else self.last_pain,
        }

    @property
    def seen_button_words(self) -> str:
        return gettext("flags for %(name)s") % {"name": self.name}

    @property
    def url(self) -> str:
        return _client_url(self.public_id, "coach_client")

    @property
    def seen_url(self) -> str:
        return _client_url(self.public_id, "coach_mark_seen")


@lru_cache(maxsize=1024)
def _short_weekday(language: str | None, day: date) -> str:
    """A day's words in one language: the same for every row and request that shows that day
    (a page of rows shows few days), so written once. `language` is the cache's key."""
    return local_date(day, "SHORT_WEEKDAY")


_PLACEHOLDER = "00000000-0000-0000-0000-000000000000"


def _client_url(public_id, name: str) -> str:
    """reverse(name, args=[public_id]), the pattern reversed once per name and prefix."""
    key = (name, get_script_prefix())
    pattern = _URL_PATTERNS.get(key)
    if pattern is None:
        pattern = _URL_PATTERNS[key] = reverse(name, args=[_PLACEHOLDER])
    return pattern.replace(_PLACEHOLDER, str(public_id))


_URL_PATTERNS: dict[tuple[str, str], str] = {}


def clients_of(coach: User) -> QuerySet[User]:
    """The coach's current clients, reached only through the coach's own open links."""
    return User.objects.filter(
        role=User.Role.CLIENT, coach_links__coach=coach, coach_links__ended_at__isnull=True
    )


@dataclass(frozen=True, slots=True)
class _Labels:
    """The words every row picks from, in one language: translated once, not once a row."""

    stage: dict[str, str]
    status: dict[str, str]
    flag: dict[str, str]
    badge: dict[str, str]
    no_plan: str


def _labels() -> _Labels:
    """The rows' words in the current language (kept per language for the process, as the
    translation catalogues are)."""
    language = translation.get_language() or ""
    labels = _LABELS.get(language)
    if labels is None:
        labels = _LABELS[language] = _Labels(
            stage={code: str(words) for code, words in Stage.choices},
            status={code: str(words) for code, words in Plan.Status.choices},
            flag={code: str(words) for code, words in FLAG_LABELS.items()},
            badge={code: str(words) for code, words in FLAG_BADGES.items()},
            no_plan=gettext("No plan yet"),
        )
    return labels


_LABELS: dict[str, _Labels] = {}


def _words(codes: str, flag: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((code, flag[code]) for code in codes.split())


def as_row(status: ClientStatus) -> DashboardRow:
    """A stored row (its client loaded) as the pages show it."""
    client = status.client
    labels = _labels()
    new = _words(status.new_flags, labels.flag)
    new_codes = set(status.new_flags.split())
    seen = tuple(
        (code, words) for code, words in _words(status.flags, labels.flag) if code not in new_codes
    )
    return DashboardRow(
        pk=status.client_id,
        public_id=client.public_id,
        name=client.display_name,
        email=client.email,
        today=status.valid_on,
        stage=labels.stage[status.stage] if status.stage else "",
        status=labels.status[status.plan_status] if status.plan_status else labels.no_plan,
        last_session=status.last_session,
        last_rpe=status.last_rpe,
        last_pain=status.last_pain,
        flags=new,
        # Stored as codes (plans.said): in the coach's words, in the coach's language.
        review_reason=tuple(status.needs_review_reason or ()),
        seen_flags=seen if status.seen_at else (),
        seen_at=status.seen_at,
        adherence_7=status.adherence_7,
        adherence_28=status.adherence_28,
        walk_test_seconds=status.walk_test_seconds,
        walk_test_on=status.walk_test_on,
        walk_test_at_risk=status.walk_test_at_risk,
    )


def check_filters(flag: str, walk_test: str, sort: str) -> None:
    if flag and flag != "any" and flag not in FLAG_LABELS:
        raise ValueError(f"unknown flag {flag!r}")
    if walk_test and walk_test not in WALK_TEST_FILTERS:
        raise ValueError(f"unknown walk test filter {walk_test!r}")
    if sort not in SORT_CODES:
        raise ValueError(f"unknown sort {sort!r}")


def statuses(
    coach: User,
    *,
    flag: str = "",
    stage: str = "",
    search: str = "",
    sort: str = "",
    client: User | None = None,
    walk_test: str = "",
) -> QuerySet[ClientStatus]:
    """The stored rows of the coach's current clients, filtered and ordered in the database.

    `flag` is a flag's code or "any" (every client with a new flag), `stage` a stage or "none"
    (no current plan), `search` text in the name or email, `sort` one of SORTS; `client`
    narrows to one client; `walk_test` one of WALK_TEST_FILTERS. Flags count as the summary
    line counts them: new since the coach's "seen" mark.
    """
    flag, stage, search, sort = flag or "", stage or "", search or "", sort or "attention"
    check_filters(flag, walk_test, sort)
    # The row names its client's current coach (coaching.services.status): a former client's
    # row names someone else, or nobody.
    rows = ClientStatus.objects.filter(coach=coach)
    if client is not None:
        rows = rows.filter(client=client)
    if stage == "none":
        rows = rows.filter(plan_status="")
    elif stage:
        rows = rows.filter(stage=stage).exclude(plan_status="")
    if search:
        # icontains escapes % and _: typed into the box they match only themselves.
        rows = rows.filter(
            Q(client__display_name__icontains=search) | Q(client__email__icontains=search)
        )
    if flag == "any":
        rows = rows.filter(attention=0)
    elif flag:
        # No flag's code is part of another's (tests/test_client_status.py).
        rows = rows.filter(new_flags__contains=flag)
    if walk_test == "at_risk":
        rows = rows.filter(walk_test_at_risk=True)
    elif walk_test == "none":
        rows = rows.filter(walk_test_seconds__isnull=True)
    return rows.order_by(*ORDER_BY[sort])


def with_clients(rows: QuerySet[ClientStatus]) -> QuerySet[ClientStatus]:
    """The rows with the few client columns a page shows, in the same query."""
    return rows.select_related("client").only(*_CLIENT_FIELDS, *_STATUS_FIELDS)


_STATUS_FIELDS = tuple(
    f.name for f in ClientStatus._meta.concrete_fields if f.name not in ("coach", "computed_at")
)


def counts(rows: QuerySet[ClientStatus]) -> dict[str, int]:
    """How many rows, how many with a new flag, with seen flags only, and with each new flag.
    One query."""
    per_flag = {code: Count("pk", filter=Q(new_flags__contains=code)) for code in FLAG_LABELS}
    return rows.order_by().aggregate(
        total=Count("pk"),
        flagged=Count("pk", filter=Q(attention=0)),
        seen=Count("pk", filter=Q(attention=1) & ~Q(flags="")),
        **per_flag,
    )


def summary(counted: dict[str, int]) -> list[tuple[str, int, str]]:
    """(code, clients with it, words) for each new flag anyone has, in FLAGS order: the
    summary line (coaching.flags.flag_summary, from the counts the database made)."""
    return [
        (code, counted[code], SUMMARY_WORDS[code] % {"count": counted[code]})
        for code in FLAG_LABELS
        if counted[code]
    ]


def for_dashboard(coach: User, now: datetime | None = None, **filters) -> list[DashboardRow]:
    """Every one of the coach's current clients (the CSV, tests), as `statuses` filters and
    orders them. `now` is not used: the stored rows are as of each client's local date."""
    return [as_row(status) for status in with_clients(statuses(coach, **filters))]


def row_for(coach: User, client: User, now: datetime | None = None) -> DashboardRow | None:
    """The dashboard's row for one of the coach's clients (None for anyone else)."""
    rows = for_dashboard(coach, client=client)
    return rows[0] if rows else None
