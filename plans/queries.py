"""The coach dashboard's rows: every current client with their plan, adherence and flags.

`DashboardRows(coach, today, ...)` lists a coach's current clients, attention first, as a
lazy sequence Django's Paginator can page through: `count()` is one query and a page is one
query, whatever the number of clients. Filters, ordering and pagination stay in the database.

It is hand-written SQL (portable between SQLite and PostgreSQL) rather than ORM annotations.
The ORM version built and compiled ~40 nested subqueries in 25-30 ms of Python for every page
view, and inlined each flag's subqueries again wherever another annotation used that flag;
here every subquery appears once and the flags are computed from columns of the step before
(bench/README.md has the before and after). `DashboardRow` turns a listed client into the
words a table row (HTML or CSV) shows.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from django.db import connection
from django.urls import reverse

from plans import rules
from plans.models import Plan, SessionLog, Stage, User

# Flags in the order the dashboard shows them: (code, words on the page and in the CSV).
FLAGS = (
    ("pain", f"Pain {rules.PAUSE_PAIN} or more"),
    ("fall", "Fall"),
    ("missed", "3+ missed in a row"),
    ("clearance", "Needs clearance"),
    ("paused", "Paused"),
)
FLAG_LABELS = dict(FLAGS)
# Pain and falls stay flagged this long after the log.
FLAG_DAYS = 14
MISSED_IN_A_ROW = 3

# What the order and the filters need, for every client of the coach: the current plan (at
# most one: plan_one_current_per_client), the last walk, how many of the plan's last three past
# sessions went unlogged, recent pain and falls; then the flags from those columns.
# `summary` is MATERIALIZED so PostgreSQL does not copy its subqueries into each flag.
_MINE = """
WITH mine AS (
    SELECT u.id, u.display_name, p.id AS plan_id, p.stage AS plan_stage, p.status AS plan_status,
           p.pause_needs AS plan_pause_needs
    FROM plans_user u
    JOIN plans_coachlink l ON l.client_id = u.id
    LEFT JOIN plans_plan p ON p.client_id = u.id AND p.status <> %(ended)s
    WHERE l.coach_id = %(coach)s AND l.ended_at IS NULL AND u.role = %(client_role)s {where}
)
"""
_FLAGS = """,
summary AS MATERIALIZED (
    SELECT m.*,
           (SELECT g.date {last_walk}) AS last_session,
           -- 3+ missed in a row: the current plan's last three past sessions have no log.
           (SELECT COUNT(*) - COUNT(g.id) FROM (
               SELECT s.id FROM plans_plannedsession s
               WHERE s.plan_id = m.plan_id AND s.date < %(today)s AND NOT s.cancelled
               ORDER BY s.date DESC LIMIT %(missed)s
             ) s LEFT JOIN plans_sessionlog g ON g.planned_id = s.id) AS missed_of_last,
           CASE WHEN EXISTS (SELECT 1 FROM plans_sessionlog g
             WHERE g.client_id = m.id AND g.date >= %(recent)s
               AND (g.pain_during >= %(pain)s OR g.pain_next_morning >= %(pain)s))
           THEN 1 ELSE 0 END AS flag_pain,
           CASE WHEN EXISTS (SELECT 1 FROM plans_sessionlog g
             WHERE g.client_id = m.id AND g.date >= %(recent)s AND g.fall)
           THEN 1 ELSE 0 END AS flag_fall
    FROM mine m
),
flagged AS (
    SELECT r.*,
           CASE WHEN r.plan_status = %(active)s AND r.missed_of_last = %(missed)s
           THEN 1 ELSE 0 END AS flag_missed,
           CASE WHEN r.plan_status = %(needs_clearance)s
                 OR (r.plan_status = %(paused)s AND r.plan_pause_needs = %(physician)s)
           THEN 1 ELSE 0 END AS flag_clearance,
           CASE WHEN r.plan_status = %(paused)s THEN 1 ELSE 0 END AS flag_paused
    FROM summary r
),
listed AS (
    SELECT f.*,
           CASE WHEN f.flag_pain + f.flag_fall + f.flag_missed + f.flag_clearance
                     + f.flag_paused > 0
           THEN 1 ELSE 0 END AS attention
    FROM flagged f
)
"""
# The rows shown: adherence and the last walk's effort and pain only for the page's clients.
# Sessions due in the last 7 and 28 days and the done credit doubled (partly done = 1); a plan
# that waits for clearance has not started, so nothing of it is due, and sessions a pause
# called off were never due (waiting is not missing).
_PAGE = """,
page AS MATERIALIZED (SELECT * FROM listed {flag_where} {order} {limit}),
due AS (
    SELECT m.id AS client_id,
           SUM(CASE WHEN s.date >= %(week_from)s THEN 1 ELSE 0 END) AS due_7,
           SUM(CASE WHEN s.date >= %(week_from)s THEN {credit} ELSE 0 END) AS done_x2_7,
           COUNT(*) AS due_28,
           SUM({credit}) AS done_x2_28
    FROM page m
    JOIN plans_plannedsession s ON s.plan_id = m.plan_id
    LEFT JOIN plans_sessionlog g ON g.planned_id = s.id
    WHERE m.plan_status <> %(needs_clearance)s AND NOT s.cancelled
      AND s.date >= %(month_from)s AND s.date <= %(today)s
      AND (s.date < %(today)s OR g.id IS NOT NULL)
    GROUP BY m.id
)
SELECT u.*, m.plan_id, m.plan_stage, m.plan_status, m.plan_pause_needs, m.last_session,
       m.flag_pain, m.flag_fall, m.flag_missed, m.flag_clearance, m.flag_paused, m.attention,
       COALESCE(d.due_7, 0) AS due_7, COALESCE(d.done_x2_7, 0) AS done_x2_7,
       COALESCE(d.due_28, 0) AS due_28, COALESCE(d.done_x2_28, 0) AS done_x2_28,
       (SELECT g.rpe {last_walk}) AS last_rpe,
       (SELECT g.pain_during {last_walk}) AS last_pain
FROM page m
JOIN plans_user u ON u.id = m.id
LEFT JOIN due d ON d.client_id = m.id
{order}
"""
_CREDIT = "CASE g.status WHEN %(done)s THEN 2 WHEN %(partial)s THEN 1 ELSE 0 END"
# The client's last walk (done or partly done), whichever plan it belonged to.
_LAST_WALK = (
    "FROM plans_sessionlog g WHERE g.client_id = m.id AND g.status IN (%(done)s, %(partial)s) "
    "ORDER BY g.date DESC, g.logged_at DESC LIMIT 1"
)
# Used twice: to cut the page out of `listed`, and to put the page's rows back in order (the
# names resolve to the output columns there: u.* brings display_name and id).
_ORDER = "ORDER BY attention DESC, last_session DESC NULLS LAST, display_name, id"


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class DashboardRows:
    """A coach's current clients for the dashboard, attention first; lazy, like a queryset.

    `flag` is a flag's code or "any" (every flagged client), `stage` a stage or "none" (no
    current plan), `search` text in the name or email; `client` narrows to one client (the
    detail page's flags). `today` is the coach's local date; windows are counted from it
    (clients in far-off time zones may be a day ahead or behind at the edges).
    """

    def __init__(self, coach: User, today: date, *, flag="", stage="", search="", client=None):
        flag, stage, search = flag or "", stage or "", search or ""
        if flag and flag != "any" and flag not in FLAG_LABELS:
            raise ValueError(f"unknown flag {flag!r}")
        self.params = {
            "coach": coach.pk,
            "client_role": User.Role.CLIENT,
            "today": today,
            "week_from": today - timedelta(days=6),
            "month_from": today - timedelta(days=27),
            "recent": today - timedelta(days=FLAG_DAYS - 1),
            "missed": MISSED_IN_A_ROW,
            "pain": rules.PAUSE_PAIN,
            "ended": Plan.Status.ENDED,
            "active": Plan.Status.ACTIVE,
            "paused": Plan.Status.PAUSED,
            "needs_clearance": Plan.Status.NEEDS_CLEARANCE,
            "physician": Plan.PauseNeeds.PHYSICIAN,
            "done": SessionLog.Status.DONE,
            "partial": SessionLog.Status.PARTIAL,
        }
        where = []
        if client is not None:
            where.append("u.id = %(client)s")
            self.params["client"] = client.pk
        if stage == "none":
            where.append("p.stage IS NULL")
        elif stage:
            where.append("p.stage = %(stage)s")
            self.params["stage"] = stage
        if search:
            where.append(
                "(UPPER(u.display_name) LIKE UPPER(%(search)s) ESCAPE '\\' "
                "OR UPPER(u.email) LIKE UPPER(%(search)s) ESCAPE '\\')"
            )
            self.params["search"] = f"%{_escape_like(search)}%"
        where_sql = "".join(f" AND {w}" for w in where)
        self.mine_sql = _MINE.format(where=where_sql)
        self.with_sql = self.mine_sql + _FLAGS.format(last_walk=_LAST_WALK)
        # Only a flag filter needs the flags to count; otherwise counting reads `mine` alone.
        self.flag_where = {"": "", "any": "WHERE attention = 1"}.get(flag, f"WHERE flag_{flag} = 1")
        self._count = None

    def count(self) -> int:
        if self._count is None:
            # Every piece spliced in is this module's constant text (flag checked above);
            # values travel as parameters.
            if self.flag_where:
                sql = f"{self.with_sql} SELECT COUNT(*) FROM listed {self.flag_where}"  # noqa: S608
            else:
                # `mine` alone: PostgreSQL would still parse and plan the rest (~1 ms).
                sql = f"{self.mine_sql} SELECT COUNT(*) FROM mine"  # noqa: S608
            with connection.cursor() as cursor:
                cursor.execute(sql, self.params)
                self._count = cursor.fetchone()[0]
        return self._count

    def _fetch(self, offset: int = 0, limit: int | None = None) -> list[User]:
        params = dict(self.params)
        if limit is not None:
            params.update(limit=limit, offset=offset)
        page = _PAGE.format(
            flag_where=self.flag_where,
            order=_ORDER,
            limit="" if limit is None else "LIMIT %(limit)s OFFSET %(offset)s",
            credit=_CREDIT,
            last_walk=_LAST_WALK,
        )
        return list(User.objects.raw(self.with_sql + page, params))

    def __getitem__(self, index: slice) -> list[User]:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("DashboardRows takes a plain slice")
        start = index.start or 0
        if index.stop is None:
            return self._fetch()[start:]
        return self._fetch(start, max(index.stop - start, 0))

    def __iter__(self):
        return iter(self._fetch())

    def __len__(self) -> int:
        return self.count()

    def first(self) -> User | None:
        found = self._fetch(0, 1)
        return found[0] if found else None


def _percent(done_x2: int, due: int) -> int | None:
    # The same rounding as plans.progress.adherence, so both pages show the same number.
    return round(100 * (done_x2 / 2) / due) if due else None


def _as_date(value) -> date | None:
    # SQLite hands computed date columns back as text; PostgreSQL as dates.
    return date.fromisoformat(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class DashboardRow:
    client: User
    stage: str  # words, "" without a plan
    status: str
    adherence_7: int | None  # percent; None when nothing was due
    adherence_28: int | None
    last_session: date | None
    last_rpe: int | None
    last_pain: int | None
    flags: tuple[tuple[str, str], ...]  # (code, words)
    url: str = ""  # the client's detail page, when the caller asks for links

    @property
    def last_session_words(self) -> str:
        """ "Wed 25 Nov": the date filter costs ~30x this, once a row (bench/)."""
        day = self.last_session
        return f"{day:%a} {day.day} {day:%b}" if day else ""

    @classmethod
    def of(cls, client: User, link: str = "") -> "DashboardRow":
        """From a client listed by DashboardRows; `link` from detail_link() gives it a url."""
        return cls(
            client=client,
            stage=Stage(client.plan_stage).label if client.plan_stage else "",
            status=Plan.Status(client.plan_status).label if client.plan_status else "No plan yet",
            adherence_7=_percent(client.done_x2_7, client.due_7),
            adherence_28=_percent(client.done_x2_28, client.due_28),
            last_session=_as_date(client.last_session),
            last_rpe=client.last_rpe,
            last_pain=client.last_pain,
            flags=tuple((code, words) for code, words in FLAGS if getattr(client, f"flag_{code}")),
            url=link.replace(str(_LINK_MARK), str(client.public_id)) if link else "",
        )


# reverse() costs ~0.1 ms, a tenth of a dashboard row: a page reverses the detail link once
# with this stand-in id, and each row puts its client's id in its place.
_LINK_MARK = UUID(int=0)


def detail_link() -> str:
    return reverse("coach_client", args=[_LINK_MARK])
