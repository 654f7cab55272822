"""The coach dashboard's one query: every current client with their plan, adherence and flags.

`ClientQuerySet.for_dashboard(coach, today)` annotates each client with correlated
subqueries (the current plan's stage and status, session counts, the latest log, the flags),
so the dashboard costs one query for the rows whatever the number of clients; filters,
ordering and pagination stay in the database. `DashboardRow` turns an annotated client into
the words a table row (HTML or CSV) shows.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from plans import rules
from plans.models import Plan, PlannedSession, SessionLog, Stage, User

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
ENDED = Plan.Status.ENDED


def _current_plan():
    return Plan.objects.filter(client=OuterRef("pk")).exclude(status=ENDED)


def _current_sessions():
    return PlannedSession.objects.filter(plan__client=OuterRef("pk")).exclude(plan__status=ENDED)


def _total(queryset, expression) -> Coalesce:
    """One number over the client's rows, as a correlated subquery (0 when none)."""
    grouped = queryset.order_by().values("plan__client").annotate(v=expression).values("v")[:1]
    return Coalesce(Subquery(grouped, output_field=IntegerField()), Value(0))


def _adherence(today: date, days: int) -> dict:
    """Sessions due in the last `days` days and the done credit, doubled (partial = 1)."""
    due = Q(date__gte=today - timedelta(days=days - 1), date__lt=today) | Q(
        date=today, log__isnull=False
    )
    # A plan waiting for clearance has not started: its sessions are not due yet.
    sessions = _current_sessions().filter(due).exclude(plan__status=Plan.Status.NEEDS_CLEARANCE)
    credit = Case(
        When(log__status=SessionLog.Status.DONE, then=Value(2)),
        When(log__status=SessionLog.Status.PARTIAL, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return {
        f"due_{days}": _total(sessions, Count("pk")),
        f"done_x2_{days}": _total(sessions, Sum(credit)),
    }


class ClientQuerySet(models.QuerySet):
    def for_dashboard(self, coach: User, today: date) -> "ClientQuerySet":
        """The coach's current clients, annotated for the dashboard, attention first.

        `today` is the coach's local date; windows are counted from it (clients in far-off
        time zones may be a day ahead or behind at the edges).
        """
        recent = today - timedelta(days=FLAG_DAYS - 1)
        plan = _current_plan()
        last_log = SessionLog.objects.filter(
            client=OuterRef("pk"),
            status__in=[SessionLog.Status.DONE, SessionLog.Status.PARTIAL],
        ).order_by("-date", "-logged_at")
        # The current plan's past sessions, newest first: one backward scan of the
        # (plan, date) index, where a join on the plan sorted every past session (bench/).
        plan_id = Plan.objects.filter(client=OuterRef(OuterRef("pk"))).exclude(status=ENDED)
        past = PlannedSession.objects.filter(
            plan=Subquery(plan_id.values("pk")[:1]), date__lt=today
        ).order_by("-date")
        # The latest log of the current plan before today, from the client's log index
        # (log.date is its session's date), instead of probing a log for every past session.
        last_logged = (
            SessionLog.objects.filter(client=OuterRef("pk"), date__lt=today)
            .exclude(planned__plan__status=ENDED)
            .order_by("-date")
        )
        recent_logs = SessionLog.objects.filter(client=OuterRef("pk"), date__gte=recent)
        painful = Q(pain_during__gte=rules.PAUSE_PAIN) | Q(pain_next_morning__gte=rules.PAUSE_PAIN)
        return (
            self.filter(
                role=User.Role.CLIENT,
                coach_links__coach=coach,
                coach_links__ended_at__isnull=True,
            )
            .annotate(
                plan_stage=Subquery(plan.values("stage")[:1], output_field=CharField()),
                plan_status=Subquery(plan.values("status")[:1], output_field=CharField()),
                plan_pause_needs=Subquery(plan.values("pause_needs")[:1], output_field=CharField()),
                **_adherence(today, 7),
                **_adherence(today, 28),
                last_session=Subquery(last_log.values("date")[:1], output_field=DateField()),
                last_rpe=Subquery(last_log.values("rpe")[:1], output_field=IntegerField()),
                last_pain=Subquery(last_log.values("pain_during")[:1], output_field=IntegerField()),
                # 3+ missed in a row: none of the last three past sessions has a log.
                third_last_due=Subquery(past.values("date")[2:3], output_field=DateField()),
                last_logged_due=Subquery(last_logged.values("date")[:1], output_field=DateField()),
                flag_pain=Exists(recent_logs.filter(painful)),
                flag_fall=Exists(recent_logs.filter(fall=True)),
            )
            .annotate(
                flag_missed=_when(
                    Q(plan_status=Plan.Status.ACTIVE, third_last_due__isnull=False)
                    & (Q(last_logged_due__isnull=True) | Q(last_logged_due__lt=F("third_last_due")))
                ),
                flag_clearance=_when(
                    Q(plan_status=Plan.Status.NEEDS_CLEARANCE)
                    | Q(plan_status=Plan.Status.PAUSED, plan_pause_needs=Plan.PauseNeeds.PHYSICIAN)
                ),
                flag_paused=_when(Q(plan_status=Plan.Status.PAUSED)),
            )
            .annotate(
                attention=Case(
                    When(
                        Q(flag_pain=True)
                        | Q(flag_fall=True)
                        | Q(flag_missed=True)
                        | Q(flag_clearance=True)
                        | Q(flag_paused=True),
                        then=Value(1),
                    ),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
            .order_by("-attention", F("last_session").desc(nulls_last=True), "display_name", "pk")
        )

    def with_flag(self, flag: str) -> "ClientQuerySet":
        """Narrow a for_dashboard() queryset: one flag's code, or "any" for all flagged."""
        if flag == "any":
            return self.filter(attention=1)
        if flag not in FLAG_LABELS:
            raise ValueError(f"unknown flag {flag!r}")
        return self.filter(**{f"flag_{flag}": True})

    def with_stage(self, stage: str) -> "ClientQuerySet":
        if stage == "none":
            return self.filter(plan_stage__isnull=True)
        return self.filter(plan_stage=stage)

    def search(self, text: str) -> "ClientQuerySet":
        return self.filter(Q(display_name__icontains=text) | Q(email__icontains=text))


def _when(condition: Q) -> Case:
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def clients() -> ClientQuerySet:
    """Users as a ClientQuerySet (users.py keeps its own manager)."""
    return ClientQuerySet(model=User)


def _percent(done_x2: int, due: int) -> int | None:
    # The same rounding as plans.progress.adherence, so both pages show the same number.
    return round(100 * (done_x2 / 2) / due) if due else None


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

    @classmethod
    def of(cls, client: User) -> "DashboardRow":
        """From a client annotated by for_dashboard()."""
        return cls(
            client=client,
            stage=Stage(client.plan_stage).label if client.plan_stage else "",
            status=Plan.Status(client.plan_status).label if client.plan_status else "No plan yet",
            adherence_7=_percent(client.done_x2_7, client.due_7),
            adherence_28=_percent(client.done_x2_28, client.due_28),
            last_session=client.last_session,
            last_rpe=client.last_rpe,
            last_pain=client.last_pain,
            flags=tuple((code, words) for code, words in FLAGS if getattr(client, f"flag_{code}")),
        )
