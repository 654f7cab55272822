"""The API's views: thin. Each reads through the plans' selectors and writes through their
services, with the pages' own forms for the rules on values and the pages' own access checks
(plans.views.access: the person's role, and a coach reaching a client only through a current
link). A token's scope is checked first (api.permissions).
"""

from dataclasses import asdict
from datetime import date, timedelta

from django.core.paginator import Paginator
from django.db.models import Count, Window
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import pagination, renderers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from api import fhir, idempotency
from api import serializers as s
from api.models import GRANTS, SCOPES_FOR_ROLE, AccessToken, Scope
from api.problems import Problem, form_problem
from assessments import readings as assessments
from assessments.forms import FORMS
from assessments.models import AssessmentResult
from assessments.selectors import results_for
from assessments.services import ResultRefused, record_result, value_words
from coaching.forms import DashboardFilterForm, NoteForm
from coaching.models import Note
from coaching.selectors.dashboard import as_row, row_for, statuses, with_clients
from coaching.services import links as coaching
from plans.forms.falls import WHEN_FORMAT, FallReportForm
from plans.forms.logging import MorningPainForm, RatingsForm, SessionLogForm
from plans.models import Plan, PlanEvent, PlannedSession
from plans.said import render_all
from plans.selectors.dose import break_view, session_to_do
from plans.selectors.pause import pause_view
from plans.selectors.records import client_logs
from plans.services import falls
from plans.services.errors import LogRefused
from plans.services.intake import current_plan
from plans.services.progress_data import progress_for
from plans.services.sessions import (
    add_morning_pain,
    add_ratings,
    can_log,
    loggable,
    record_log,
)
from plans.services.state import plan_history
from plans.views.access import client_only, coach_only, linked_client, own_planned_session

# The longest date range one request may ask for (?from= … ?to=).
MAX_RANGE_DAYS = 92
# History and notes: the newest this many.
LATEST = 100

# The pages' own role checks, on each handler (they read the user DRF authenticated).
for_clients = method_decorator(client_only)
for_coaches = method_decorator(coach_only)

PROBLEM = OpenApiResponse(description="A problem detail (RFC 9457), application/problem+json.")
READ_ERRORS = {401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 429: PROBLEM}
WRITE_ERRORS = {**READ_ERRORS, 400: PROBLEM, 409: PROBLEM, 422: PROBLEM}
IDEMPOTENCY_KEY = OpenApiParameter(
    idempotency.HEADER,
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="A new random value (a UUID) for each new write; the same value when the "
    "same write is sent again. The same key and body get the first answer again.",
)
DAY = OpenApiParameter("day", date, OpenApiParameter.PATH, description="YYYY-MM-DD")
PUBLIC_ID = OpenApiParameter(
    "public_id", str, OpenApiParameter.PATH, description="The client's public id (a UUID)."
)


class ApiView(APIView):
    """`scope`: what a token needs to read here; `write_scope`: to write (POST)."""

    scope = Scope.READ
    write_scope = Scope.LOG

    def idempotent(self, request, write):
        return idempotency.run_once(self, request, write)


# --- Reading the plans' objects -------------------------------------------------------------


def pause_data(plan: Plan, person: User, today: date) -> dict | None:
    pause = pause_view(plan, person, today, timezone.now())
    if pause is None:
        return None
    return {
        "needs": pause.needs,
        "causes": [asdict(cause) for cause in pause.causes],
        "can_check_in": pause.can_check_in,
        "check_in_opens": pause.check_in_opens,
        "doctor_from": pause.doctor_from,
        "after_fall": pause.after_fall,
    }


PLAN_FIELDS = (
    "version",
    "status",
    "tier",
    "stage",
    "level",
    "backward_minutes",
    "speed_kmh",
    "days",
    "minutes_available",
    "stages",
    "skipped",
    "supervised_stages",
    "reasons",
    "start_date",
    "needs_review",
    "needs_review_reason",
    "rescreen_due",
    "row_version",
)


def plan_data(plan: Plan, person: User, today: date) -> dict:
    data = {name: getattr(plan, name) for name in PLAN_FIELDS}
    data["needs_review_reason"] = render_all(plan.needs_review_reason)
    data["allowed_actions"] = sorted(plan.allowed_actions())
    data["pause"] = pause_data(plan, person, today)
    return s.PlanSerializer(data).data


def decision_data(event: PlanEvent | None) -> dict | None:
    if event is None:
        return None
    reasons = [dict(r) for r in event.reasons]
    words = render_all(reasons)
    return {
        "kind": event.kind,
        "words": f"{event.get_kind_display()}: {words}".strip(": "),
        "reasons": reasons,
    }


def plan_state_data(client: User) -> dict | None:
    plan = current_plan(client)
    if plan is None:
        return None
    return {
        "status": plan.status,
        "stage": plan.stage,
        "level": plan.level,
        "backward_minutes": plan.backward_minutes,
        "pause_needs": plan.pause_needs,
    }


def event_data(event: PlanEvent) -> dict:
    return {
        "kind": event.kind,
        "words": str(event.get_kind_display()),
        "source": event.source,
        "effective_on": event.effective_on,
        "made_at": event.made_at,
        "reasons": event.reasons,
        "note": event.note,
        "before": event.before,
        "after": event.after,
    }


def written_by(note: Note) -> str:
    if note.by_former_coach:
        return "former_coach"
    if note.by_coach:
        return "coach"
    return "client" if note.author_id is not None else "app"


def result_data(result: AssessmentResult) -> dict:
    return {
        "id": result.pk,
        "kind": result.kind,
        "name": result.kind_name,
        "taken_on": result.taken_on,
        "value": result.value,
        "value_words": value_words(result),
        "values": result.values,
        "reading": result.reading,
        "reading_words": assessments.reading_for(result.kind, result.values).words,
        "recorded_by": "client" if result.recorded_by_id == result.client_id else "coach",
    }


def row_data(row) -> dict:
    flag = lambda flags: [{"code": c, "words": str(w)} for c, w in flags]  # noqa: E731
    return {
        "public_id": row.public_id,
        "name": row.name,
        "email": row.email,
        "today": row.today,
        "stage": str(row.stage),
        "status": str(row.status),
        "last_session": row.last_session,
        "last_rpe": row.last_rpe,
        "last_pain": row.last_pain,
        "flags": flag(row.flags),
        "seen_flags": flag(row.seen_flags),
        "needs_review_reason": row.needs_review_reason,
        "adherence_7": row.adherence_7,
        "adherence_28": row.adherence_28,
        "walk_test_seconds": row.walk_test_seconds,
        "walk_test_on": row.walk_test_on,
        "walk_test_at_risk": row.walk_test_at_risk,
    }


def _date_range(request, today: date) -> tuple[date, date]:
    """?from= and ?to= (YYYY-MM-DD), this week and next by default; at most MAX_RANGE_DAYS."""
    monday = today - timedelta(days=today.weekday())
    try:
        first = date.fromisoformat(request.query_params.get("from") or monday.isoformat())
        last = date.fromisoformat(
            request.query_params.get("to") or (monday + timedelta(days=13)).isoformat()
        )
    except ValueError:
        raise Problem(_("Give the dates as YYYY-MM-DD."), code="invalid") from None
    if last < first:
        raise Problem(_("The end date comes before the start date."), code="invalid")
    if (last - first).days >= MAX_RANGE_DAYS:
        raise Problem(
            _("Ask for %(days)s days or fewer at a time.") % {"days": MAX_RANGE_DAYS},
            code="invalid",
        )
    return first, last


def _needs_plan(user: User) -> Plan:
    plan = current_plan(user)
    if plan is None:
        raise Problem(
            _("There is no plan yet: answer the health questions first."),
            status_code=404,
            code="no_plan",
        )
    return plan


# --- Anyone signed in ----------------------------------------------------------------------


class MeView(ApiView):
    scope = None  # any token may ask who it belongs to

    @extend_schema(
        summary="Who is asking", responses={200: s.MeSerializer, **READ_ERRORS}, tags=["account"]
    )
    def get(self, request):
        user = request.user
        if isinstance(request.auth, AccessToken):
            scopes = sorted(GRANTS[Scope(request.auth.scope)])
        else:
            scopes = sorted(scope.value for scope in SCOPES_FOR_ROLE[user.role])
        data = {
            "public_id": user.public_id,
            "name": user.display_name,
            "role": user.role,
            "time_zone": user.time_zone,
            "today": user.local_today(),
            "scopes": scopes,
        }
        return Response(s.MeSerializer(data).data)


# --- The person walking --------------------------------------------------------------------


class PlanView(ApiView):
    @for_clients
    @extend_schema(
        summary="My plan",
        description="Stage, level, dose, status, and while paused each open cause with what "
        "lifts it (domain §9.4).",
        responses={200: s.PlanSerializer, **READ_ERRORS},
        tags=["person"],
    )
    def get(self, request):
        user = request.user
        plan = _needs_plan(user)
        return Response(plan_data(plan, user, user.local_today()))


class TodayView(ApiView):
    @for_clients
    @extend_schema(
        summary="Today's session",
        description="As Today shows it: after time away, the shorter session the break rule "
        "sets (computed on read; nothing is written).",
        responses={200: s.TodaySerializer, **READ_ERRORS},
        tags=["person"],
    )
    def get(self, request):
        user = request.user
        plan = _needs_plan(user)
        day = user.local_today()
        todays = (
            PlannedSession.objects.filter(client=user, date=day, cancelled=False)
            .select_related("log", "plan")
            .first()
        )
        after_break = break_view(plan, day)
        cannot = None
        if todays is not None and not hasattr(todays, "log"):
            cannot = can_log(plan, todays)
            todays = session_to_do(plan, todays, after_break)
        data = {
            "date": day,
            "session": todays,
            "cannot_log": cannot,
            "break_reasons": [str(r) for r in after_break.get("break_reasons", ())],
            "pause": pause_data(plan, user, day),
        }
        return Response(s.TodaySerializer(data).data)


class SessionsView(ApiView):
    @for_clients
    @extend_schema(
        summary="My sessions of a date range",
        parameters=[
            OpenApiParameter("from", date, description="First day (default: this Monday)."),
            OpenApiParameter("to", date, description="Last day (default: Sunday next week)."),
        ],
        responses={200: s.SessionSerializer(many=True), **READ_ERRORS, 400: PROBLEM},
        tags=["person"],
    )
    def get(self, request):
        user = request.user
        first, last = _date_range(request, user.local_today())
        sessions = PlannedSession.objects.filter(
            client=user, date__gte=first, date__lte=last
        ).select_related("log")
        return Response(s.SessionSerializer(sessions.order_by("date"), many=True).data)


class ProgressView(ApiView):
    @for_clients
    @extend_schema(
        summary="My progress",
        description="Adherence over 7 and 28 days and the whole plan, and the streak: the "
        "numbers /progress/ and the coach's dashboard show.",
        responses={200: s.ProgressSerializer, **READ_ERRORS},
        tags=["person"],
    )
    def get(self, request):
        user = request.user
        today = user.local_today()
        data = progress_for(user, today)
        return Response(
            s.ProgressSerializer(
                {
                    "today": today,
                    "last_7_days": data.last_7_days,
                    "last_28_days": data.last_28_days,
                    "whole_plan": data.whole_plan,
                    "streak": data.streak,
                }
            ).data
        )


def _planned(user: User, day: date) -> PlannedSession:
    return own_planned_session(user, day)


def _log_answer(result, client: User) -> Response:
    """A log's answer: 201 for a new log, 200 when the first entry was kept."""
    if not result.created:
        detail = _("This session was already logged. Your first entry is kept.")
    elif result.event is not None and result.event.kind == PlanEvent.Kind.PAUSE:
        detail = _("Saved. Your plan is paused: see what to do now in the plan's pause.")
    else:
        detail = _("Saved. Well done for logging it.")
    data = {
        "created": result.created,
        "detail": detail,
        "log": result.log,
        "decision": decision_data(result.event),
        "plan": plan_state_data(client),
    }
    return Response(s.LogResultSerializer(data).data, status=201 if result.created else 200)


def _refused(refusal) -> Problem:
    return Problem(
        _("Nothing was saved. %(why)s") % {"why": refusal}, status_code=422, code="log_refused"
    )


def _not_loggable() -> Problem:
    return Problem(
        _("You can log today and earlier days of this week only. Nothing was saved."),
        status_code=422,
        code="not_loggable",
    )


def _log(client: User, planned: PlannedSession, data: dict | None) -> Response:
    """`data` None: the one-tap log, its dose worked out under the plan's lock as on Today."""
    try:
        result = record_log(client, planned, data, as_planned=data is None)
    except LogRefused as refusal:
        raise _refused(refusal) from None
    return _log_answer(result, client)


class DoneView(ApiView):
    scope = write_scope = Scope.LOG

    @for_clients
    @extend_schema(
        summary="I did it as planned (one tap)",
        request=None,
        parameters=[DAY, IDEMPOTENCY_KEY],
        responses={201: s.LogResultSerializer, 200: s.LogResultSerializer, **WRITE_ERRORS},
        tags=["person"],
    )
    def post(self, request, day):
        def write():
            user = request.user
            planned = _planned(user, day)
            today = user.local_today()
            if not loggable(day, today):
                raise _not_loggable()
            return _log(user, planned, None)

        return self.idempotent(request, write)


class LogView(ApiView):
    scope = write_scope = Scope.LOG

    @for_clients
    @extend_schema(
        summary="Log a session (the full form)",
        description="Partly done, skipped, effort, pain, a fall (hurt? head?), a near fall, "
        "a warning sign, new health news: the page's form and the same rules (domain §3, §9).",
        request=s.LogInSerializer,
        parameters=[DAY, IDEMPOTENCY_KEY],
        responses={201: s.LogResultSerializer, 200: s.LogResultSerializer, **WRITE_ERRORS},
        tags=["person"],
    )
    def post(self, request, day):
        def write():
            user = request.user
            planned = _planned(user, day)
            if not loggable(day, user.local_today()):
                raise _not_loggable()
            given = s.LogInSerializer(data=request.data)
            given.is_valid(raise_exception=True)
            form = SessionLogForm(_form_data(given.validated_data), planned=planned)
            if not form.is_valid():
                raise form_problem(form)
            return _log(user, planned, form.cleaned_data)

        return self.idempotent(request, write)


def _form_data(values: dict) -> dict:
    """JSON answers as a form's data: a null is a question left unanswered."""
    return {name: value for name, value in values.items() if value is not None}


def _log_of(planned: PlannedSession, words: str):
    log = getattr(planned, "log", None)
    if log is None:
        raise Problem(words, status_code=404, code="no_log")
    return log


def _added_answer(client, log, event, detail, created) -> Response:
    log.refresh_from_db()
    data = {
        "created": created,
        "detail": detail,
        "log": log,
        "decision": decision_data(event),
        "plan": plan_state_data(client),
    }
    return Response(s.LogResultSerializer(data).data)


class RatingsView(ApiView):
    scope = write_scope = Scope.LOG

    @for_clients
    @extend_schema(
        summary="Effort and pain after a one-tap log",
        request=s.RatingsInSerializer,
        parameters=[DAY, IDEMPOTENCY_KEY],
        responses={200: s.LogResultSerializer, **WRITE_ERRORS},
        tags=["person"],
    )
    def post(self, request, day):
        def write():
            user = request.user
            log = _log_of(_planned(user, day), _("No log for that day."))
            given = s.RatingsInSerializer(data=request.data)
            given.is_valid(raise_exception=True)
            form = RatingsForm(_form_data(given.validated_data))
            if not form.is_valid():
                raise form_problem(form)
            new = {k: v for k, v in form.cleaned_data.items() if v is not None}
            if all(getattr(log, k) is not None for k in new):
                words = _("Effort and pain were already saved. Your first answers are kept.")
                return _added_answer(user, log, None, words, created=False)
            try:
                event = add_ratings(user, log, new.get("rpe"), new.get("pain_during"))
            except LogRefused as refusal:
                raise _refused(refusal) from None
            return _added_answer(user, log, event, _("Thank you. Saved."), created=True)

        return self.idempotent(request, write)


class MorningPainView(ApiView):
    scope = write_scope = Scope.LOG

    @for_clients
    @extend_schema(
        summary="Next-morning pain, for yesterday's session",
        request=s.MorningPainInSerializer,
        parameters=[DAY, IDEMPOTENCY_KEY],
        responses={200: s.LogResultSerializer, **WRITE_ERRORS},
        tags=["person"],
    )
    def post(self, request, day):
        def write():
            user = request.user
            log = _log_of(_planned(user, day), _("No log for that day."))
            given = s.MorningPainInSerializer(data=request.data)
            given.is_valid(raise_exception=True)
            form = MorningPainForm(_form_data(given.validated_data))
            if not form.is_valid():
                raise form_problem(form)
            if log.pain_next_morning is not None:
                words = _("This morning's pain was already saved. Your first entry is kept.")
                return _added_answer(user, log, None, words, created=False)
            try:
                event = add_morning_pain(user, log, form.cleaned_data["pain_next_morning"])
            except LogRefused as refusal:
                raise _refused(refusal) from None
            words = _("Thank you. Morning pain saved.")
            return _added_answer(user, log, event, words, created=True)

        return self.idempotent(request, write)


class FallView(ApiView):
    scope = write_scope = Scope.LOG

    @for_clients
    @extend_schema(
        summary="I had a fall",
        description="A fall told any day (domain §9.7): saved once, and the plan pauses as a "
        "fall on a log does.",
        request=s.FallInSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: s.FallResultSerializer, 200: s.FallResultSerializer, **WRITE_ERRORS},
        tags=["person"],
    )
    def post(self, request):
        def write():
            user, now = request.user, timezone.now()
            given = s.FallInSerializer(data=request.data)
            with timezone.override(user.tz):  # a time without an offset is the person's own
                given.is_valid(raise_exception=True)
            answers = given.validated_data
            when = timezone.localtime(answers["happened_at"], user.tz)
            form = FallReportForm(
                {
                    "when": when.strftime(WHEN_FORMAT),
                    "injury": "yes" if answers["injury"] else "no",
                    "head_strike": "yes" if answers["head_strike"] else "no",
                },
                tz=user.tz,
                now=now,
            )
            if not form.is_valid():
                raise form_problem(form)
            try:
                result = falls.report_fall(user, **form.report(), now=now)
            except falls.FallRefused as refusal:
                raise Problem(str(refusal), status_code=422, code="fall_refused") from None
            report = result.report
            data = {
                "created": result.created,
                "detail": _("Your fall is saved. Thank you for telling us.")
                if result.created
                else _("This fall was already saved. Your first report is kept."),
                "happened_at": report.happened_at,
                "injury": report.injury,
                "head_strike": report.head_strike,
                "decision": decision_data(result.event),
                "plan": plan_state_data(user),
            }
            status = 201 if result.created else 200
            return Response(s.FallResultSerializer(data).data, status=status)

        return self.idempotent(request, write)


# --- The coach -----------------------------------------------------------------------------


class _CountedWithPage(Paginator):
    """Django's Paginator over rows that carry the number of rows listed (`listed_total`, a
    COUNT(*) OVER () the database adds to the page's own query): no second query to count.
    A page that is not a number, before the first or past the last counts the usual way, and
    Django's checks say what is wrong with it."""

    def page(self, number):
        if "count" not in self.__dict__:  # "last" has counted already
            try:
                first = (int(number) - 1) * self.per_page
            except (TypeError, ValueError):
                first = -1
            if first >= 0:
                rows = list(self.object_list[first : first + self.per_page])
                if rows or first == 0:
                    self.count = rows[0].listed_total if rows else 0
                    return self._get_page(rows, self.validate_number(number), self)
        return super().page(number)


class ClientsPage(pagination.PageNumberPagination):
    page_size = 50
    django_paginator_class = _CountedWithPage


class ClientsView(ApiView):
    scope = Scope.COACH_READ
    write_scope = Scope.COACH_WRITE
    pagination_class = ClientsPage

    @for_coaches
    @extend_schema(
        summary="My clients, as the dashboard lists them",
        description="Current clients only, with the dashboard's flags, in its attention order "
        "unless `sort` says otherwise; 50 a page.",
        parameters=[
            OpenApiParameter("flag", str, description="A flag's code, or `any`."),
            OpenApiParameter("stage", str, description="pool, handrail, treadmill, track, none."),
            OpenApiParameter("q", str, description="Text in the name or email."),
            OpenApiParameter("sort", str, description="attention (default), name, last_session."),
            OpenApiParameter("walk_test", str, description="at_risk or none."),
            OpenApiParameter("page", int),
        ],
        responses={200: s.ClientRowSerializer(many=True), **READ_ERRORS, 400: PROBLEM},
        tags=["coach"],
    )
    def get(self, request):
        form = DashboardFilterForm(request.query_params)
        if not form.is_valid():
            raise form_problem(form)
        filters = {name: form.value(name) for name in ("flag", "stage", "sort", "walk_test")}
        # Paged in the database: only the page's rows are read and made into rows.
        listed = with_clients(statuses(request.user, search=form.value("q"), **filters))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            listed.annotate(listed_total=Window(Count("pk"))), request, view=self
        )
        return paginator.get_paginated_response([row_data(as_row(status)) for status in page])


def _client_plan(client: User) -> Plan | None:
    return current_plan(client)


class ClientView(ApiView):
    scope = Scope.COACH_READ
    write_scope = Scope.COACH_WRITE

    @for_coaches
    @extend_schema(
        summary="One client: their dashboard row and plan",
        parameters=[PUBLIC_ID],
        responses={200: s.ClientDetailSerializer, **READ_ERRORS},
        tags=["coach"],
    )
    def get(self, request, public_id):
        link = linked_client(request.user, public_id)
        client = link.client
        plan = _client_plan(client)
        row = row_for(request.user, client, timezone.now())
        data = {
            "client": row_data(row),
            "history_from": link.history_from(),
            "plan": plan_data(plan, client, client.local_today()) if plan else None,
        }
        return Response(s.ClientDetailSerializer(data).data)


class ClientHistoryView(ApiView):
    scope = Scope.COACH_READ
    write_scope = Scope.COACH_WRITE

    @for_coaches
    @extend_schema(
        summary="One client's history: logs and plan changes",
        description="The newest 100 of each, from the day the client shares (history_from).",
        parameters=[PUBLIC_ID],
        responses={200: s.HistorySerializer, **READ_ERRORS},
        tags=["coach"],
    )
    def get(self, request, public_id):
        link = linked_client(request.user, public_id)
        since = link.history_from()
        plan = _client_plan(link.client)
        events = list(plan_history(plan, since=since)[:LATEST]) if plan else []
        data = {
            "history_from": since,
            "logs": list(client_logs(link.client, since=since)[:LATEST]),
            "events": [event_data(e) for e in events],
        }
        return Response(s.HistorySerializer(data).data)


class ClientNotesView(ApiView):
    scope = Scope.COACH_READ
    write_scope = Scope.COACH_WRITE

    @for_coaches
    @extend_schema(
        summary="The notes with one client",
        parameters=[PUBLIC_ID],
        responses={200: s.NoteSerializer(many=True), **READ_ERRORS},
        tags=["coach"],
    )
    def get(self, request, public_id):
        link = linked_client(request.user, public_id)
        notes = coaching.notes_for_coach(request.user, link)[:LATEST]
        return Response(s.NoteSerializer([_note(n) for n in notes], many=True).data)

    @for_coaches
    @extend_schema(
        summary="Write a note to one client",
        request=s.NoteInSerializer,
        parameters=[PUBLIC_ID, IDEMPOTENCY_KEY],
        responses={201: s.NoteSerializer, **WRITE_ERRORS},
        tags=["coach"],
    )
    def post(self, request, public_id):
        def write():
            link = linked_client(request.user, public_id)
            given = s.NoteInSerializer(data=request.data)
            given.is_valid(raise_exception=True)
            form = NoteForm(given.validated_data)
            if not form.is_valid():
                raise form_problem(form)
            try:
                note = coaching.write_note(request.user, link.client, form.cleaned_data["body"])
            except coaching.CoachingError as problem:
                raise Problem(str(problem), status_code=422, code="note_refused") from None
            return Response(s.NoteSerializer(_note(note)).data, status=201)

        return self.idempotent(request, write)


def _note(note: Note) -> dict:
    return {
        "id": note.pk,
        "body": note.body,
        "created_at": note.created_at,
        "written_by": written_by(note),
    }


class ClientTestsView(ApiView):
    scope = Scope.COACH_READ
    write_scope = Scope.COACH_WRITE

    @for_coaches
    @extend_schema(
        summary="One client's functional tests",
        parameters=[PUBLIC_ID],
        responses={200: s.TestResultSerializer(many=True), **READ_ERRORS},
        tags=["coach"],
    )
    def get(self, request, public_id):
        link = linked_client(request.user, public_id)
        results = results_for(link.client, since=link.history_from())
        return Response(s.TestResultSerializer([result_data(r) for r in results], many=True).data)

    @for_coaches
    @extend_schema(
        summary="Record a functional test in clinic",
        description="An at-risk reading asks for the coach's review and makes the supervised "
        "stages ahead wait (domain §9.13); it never moves the stage.",
        request=s.TestInSerializer,
        parameters=[PUBLIC_ID, IDEMPOTENCY_KEY],
        responses={201: s.TestRecordedSerializer, **WRITE_ERRORS},
        tags=["coach"],
    )
    def post(self, request, public_id):
        def write():
            link = linked_client(request.user, public_id)
            client = link.client
            given = s.TestInSerializer(data=request.data)
            given.is_valid(raise_exception=True)
            values = _form_data(dict(given.validated_data))
            kind = values.pop("kind")
            today = client.local_today()
            values.setdefault("taken_on", today)
            form = FORMS[kind](values, today=today)
            if not form.is_valid():
                raise form_problem(form)
            try:
                recorded = record_result(
                    client,
                    kind,
                    form.values(),
                    by=request.user,
                    today=today,
                    taken_on=form.cleaned_data["taken_on"],
                )
            except ResultRefused as problem:
                field = form.field_for(problem.field) or ""
                raise Problem(
                    str(problem),
                    status_code=422,
                    code="test_refused",
                    errors=[{"pointer": f"#/{field}", "detail": str(problem)}],
                ) from None
            data = {
                "detail": _("Saved: %(value)s. %(reading)s")
                % {"value": value_words(recorded.result), "reading": recorded.reading.words},
                "result": result_data(recorded.result),
                "decision": decision_data(recorded.event),
            }
            return Response(s.TestRecordedSerializer(data).data, status=201)

        return self.idempotent(request, write)


class FhirRenderer(renderers.JSONRenderer):
    media_type = fhir.MEDIA_TYPE
    format = "fhir"


class ClientTestsFhirView(ApiView):
    scope = Scope.COACH_READ
    write_scope = Scope.COACH_WRITE
    renderer_classes = [FhirRenderer, renderers.JSONRenderer]

    @for_coaches
    @extend_schema(
        summary="One client's functional tests as a FHIR R4 Bundle of Observations",
        description="LOINC-coded where LOINC has a code (TUG 89423-8, 30-second chair stand "
        "66247-8); the 3-metre backward walk and the 4-stage balance test use this app's own "
        "code system (README: API).",
        parameters=[PUBLIC_ID],
        responses={(200, fhir.MEDIA_TYPE): dict, **READ_ERRORS},
        tags=["coach"],
    )
    def get(self, request, public_id):
        link = linked_client(request.user, public_id)
        results = results_for(link.client, since=link.history_from())
        bundle = fhir.bundle(link.client, list(results), now=timezone.now())
        response = Response(bundle, content_type=fhir.MEDIA_TYPE)
        day = link.client.local_today().isoformat()
        response["Content-Disposition"] = f'attachment; filename="functional-tests-{day}.json"'
        return response
