"""The coach's pages: the dashboard and its CSV, a client's page, plan changes, notes, invites.

Every client page goes through `access.linked_client`, which reaches the client only through
the coach's own current links: another coach's client or a former client is a 404.
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.services.export import csv_cell
from assessments.selectors import all_trends
from coaching.forms import (
    ClearanceForm,
    DashboardFilterForm,
    DoseForm,
    InviteForm,
    NoteForm,
    ReasonForm,
    SpeedForm,
    SuperviseForm,
)
from coaching.models import CoachLink, Invite
from coaching.selectors import dashboard as dashboard_rows
from coaching.selectors.dashboard import SORT_CODES
from coaching.services import invites
from coaching.services import links as coaching
from notifications import limits
from plans import pauses, rules
from plans.forms.questionnaire import question_labels
from plans.models import Plan, Screening
from plans.pause_words import pause_for_coach
from plans.progress import parse_month
from plans.questionnaire_steps import DURATION_UNITS, STEPS, answer_in_words, section_keys
from plans.said import sentences
from plans.selectors.cache_keys import fragment_context
from plans.selectors.records import client_logs
from plans.services import adjustments
from plans.services import state as plan_state
from plans.services.errors import PlanChanged, PlanError
from plans.services.progress_data import progress_for
from plans.services.state import plan_page_context
from plans.views.access import coach_only, linked_client

PER_PAGE = 50
# The logs at the top of a client's page, under "What happened".
LATEST_LOGS = 5
# The adjustments a coach can make, each with its form and the button's words.
ADJUSTMENT_FORMS = {
    "stage_up": ReasonForm,
    "stage_down": ReasonForm,
    "dose": DoseForm,
    "pause": ReasonForm,
    "resume": ReasonForm,
    "clearance": ClearanceForm,
    "supervise": SuperviseForm,
    "speed": SpeedForm,
}
# How a message names an invite's state ("This invite was already used").
INVITE_STATES = {
    "used": gettext_lazy("used"),
    "expired": gettext_lazy("expired"),
    "revoked": gettext_lazy("revoked"),
    "declined": gettext_lazy("declined"),
    "open": gettext_lazy("open"),
}
DONE_MESSAGES = {
    "stage_up": gettext_lazy("Moved up one stage."),
    "stage_down": gettext_lazy("Moved down one stage."),
    "dose": gettext_lazy("Dose changed."),
    "pause": gettext_lazy("Plan paused."),
    "resume": gettext_lazy("Plan resumed, one level easier."),
    "clearance": gettext_lazy("Clearance recorded."),
    "supervise": gettext_lazy("Supervised stages saved; the plan is rebuilt from tomorrow."),
    "speed": gettext_lazy("Treadmill speed saved."),
}
CSV_COLUMNS = (
    gettext_lazy("Name"),
    gettext_lazy("Email"),
    gettext_lazy("Stage"),
    gettext_lazy("Plan status"),
    gettext_lazy("Adherence 7 days (%)"),
    gettext_lazy("Adherence 28 days (%)"),
    gettext_lazy("Last session"),
    gettext_lazy("Last effort (0-10)"),
    gettext_lazy("Last pain (0-10)"),
    gettext_lazy("Flags"),
)


def _filters(request) -> tuple[DashboardFilterForm, dict, bool]:
    form = DashboardFilterForm(request.GET or None)
    filters = {
        "flag": form.value("flag"),
        "stage": form.value("stage"),
        "search": form.value("q"),
        "sort": form.value("sort"),
        "walk_test": form.value("walk_test"),
    }
    filtered = bool(
        filters["flag"] or filters["stage"] or filters["search"] or filters["walk_test"]
    )
    return form, filters, filtered


@login_required
@coach_only
@require_GET
def dashboard(request):
    """A page of the coach's clients: filtered, sorted and paged in the database on the stored
    read model (coaching.selectors.dashboard), a few queries whatever the number of clients."""
    form, filters, filtered = _filters(request)
    listed = dashboard_rows.statuses(request.user, **filters)
    counted = dashboard_rows.counts(listed)
    paginator = Paginator(dashboard_rows.with_clients(listed), PER_PAGE)
    paginator.count = counted["total"]  # counted above, with the flags: no second COUNT
    page = paginator.get_page(request.GET.get("page"))
    rows = [dashboard_rows.as_row(status) for status in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    summary = dashboard_rows.summary(counted)
    if not summary:
        # A filter that matches nobody flagged must not read as "nothing needs your
        # attention": the line says how many of all the coach's clients have flags.
        everyone = (
            dashboard_rows.counts(dashboard_rows.statuses(request.user)) if filtered else counted
        )
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "filtered": filtered,
        "filter_words": form.filter_words(),
        "query": query.urlencode(),
        "summary": summary,
        **(
            {}
            if summary
            else {"flagged_count": everyone["flagged"], "seen_count": everyone["seen"]}
        ),
        "sort": form.value("sort") or "attention",
        "sort_queries": _sort_queries(request),
        "has_clients": filtered or counted["total"] > 0,
        "today": request.user.local_today(),
        "recently_ended": coaching.recently_ended(request.user),
    }
    return render(request, "coach/dashboard.html", context)


def _sort_queries(request) -> dict[str, str]:
    """The query string that lists the same clients in each order (for the column headers)."""
    queries = {}
    for code in SORT_CODES:
        query = request.GET.copy()
        query.pop("page", None)
        query["sort"] = code
        queries[code] = query.urlencode()
    return queries


@login_required
@coach_only
@require_GET
def clients_csv(request):
    today = request.user.local_today()
    _, filters, _ = _filters(request)
    rows = dashboard_rows.for_dashboard(request.user, **filters)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="clients-{today:%Y-%m-%d}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        values = (
            row.name,
            row.email,
            row.stage,
            row.status,
            row.adherence_7,
            row.adherence_28,
            row.last_session.isoformat() if row.last_session else "",
            row.last_rpe,
            row.last_pain,
            "; ".join(str(words) for _code, words in row.all_flags),
        )
        writer.writerow([csv_cell(v) for v in values])
    return response


def _readable_answers(answers: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    """The screening answers under the questionnaire's own headings and question words."""
    sections = []
    labels = question_labels()
    for step in STEPS:
        for section in step.sections:
            items = []
            for key in section_keys(step, section):
                if key not in answers:
                    continue
                field = step.form_class.base_fields.get(key)
                label = labels.get(key, key.replace("_", " "))
                if key in DURATION_UNITS and answers[key] is not None:
                    items.append((label, answer_in_words(key, answers[key])))  # with its unit
                else:
                    items.append((label, _answer_words(field, answers[key])))
            if items:
                sections.append((section.title, items))
    return sections


def _answer_words(field, value) -> str:
    if value is None or value == "":
        return gettext("Not answered")
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    choices = {str(k): str(v) for k, v in getattr(field, "choices", ()) or ()}
    if isinstance(value, list):
        return ", ".join(choices.get(str(v), str(v)) for v in value) or gettext("None")
    return choices.get(str(value), str(value))


def _adjust_forms(plan: Plan | None, bound: dict | None = None) -> dict:
    if plan is None:
        return {}
    initial = {"row_version": plan.row_version}
    forms = {
        kind: form_class(initial=initial, prefix=kind)
        for kind, form_class in ADJUSTMENT_FORMS.items()
    }
    forms["dose"].initial.update(level=plan.level, backward_minutes=plan.backward_minutes)
    forms["clearance"].initial.update(clearance="physician")
    forms["supervise"].initial.update(supervised_stages=list(plan.supervised_stages))
    forms["speed"].initial.update(speed_kmh=plan.speed_kmh if plan.speed_locked else None)
    forms.update(bound or {})
    return forms


def _focus_first_error(form) -> None:
    """A failed form comes back with its first wrong field focused, and so scrolled to: not
    the top of the page. A form-wide error (no field to blame) focuses its message instead.
    No #anchor on the form's action: a fragment in the URL would cancel autofocus."""
    for field in form.visible_fields():
        if field.errors:
            field.field.widget.attrs["autofocus"] = True
            return
    form.focus_alert = True


def _detail(request, link: CoachLink, *, bound=None, note_form=None, status=200, error=""):
    client = link.client
    for form in [*(bound or {}).values(), note_form]:
        if form is not None and form.errors:
            _focus_first_error(form)
    today = client.local_today()
    # Without the client's consent, nothing from before the link began (CoachLink).
    since = link.history_from()
    plan = (
        Plan.objects.select_related("screening")
        .filter(client=client)
        .exclude(status=Plan.Status.ENDED)
        .first()
    )
    context = {
        "client": client,
        "link": link,
        "since": since,
        "plan": plan,
        "actions": plan.allowed_actions() if plan else frozenset(),
        "client_today": today,
        "error": error,
        **fragment_context(client, plan, today, viewer=request.user, since=since),
    }
    if plan is not None:
        context.update(plan_page_context(plan, today, since=since))
        screening = plan.screening
    else:
        screening = Screening.objects.filter(client=client).order_by("-created_at").first()
    month = parse_month(request.GET.get("month"), today)
    # Read only when their cached fragments are rendered afresh: the fragments' version moves
    # with every log written or changed (User.records_version).
    logs = SimpleLazyObject(lambda: list(client_logs(client, since=since)[:30]))
    context.update(
        progress=progress_for(client, today, month=month, plan=plan, since=since),
        screening=screening,
        answers=_readable_answers(screening.answers) if screening else [],
        row=dashboard_rows.row_for(request.user, client),
        logs=logs,
        latest_logs=SimpleLazyObject(lambda: logs[:LATEST_LOGS]),
        pause_pain=rules.PAUSE_PAIN,
        pause_cause=pause_for_coach(plan.paused_for) if plan and plan.paused_for else "",
        notes=list(coaching.notes_for_coach(request.user, link)[:50]),
        note_form=note_form or NoteForm(),
        note_action=reverse("coach_note", args=[client.public_id]),
        forms=_adjust_forms(plan, bound),
        stages=_stage_words(plan),
        test_trends=all_trends(client, since=since),
    )
    return render(request, "coach/client_detail.html", context, status=status)


def _stage_words(plan: Plan | None) -> dict:
    """The stage above and below, in words, for the stage buttons ("" at either end)."""
    if plan is None or plan.stage not in plan.stages:
        return {"up": "", "down": ""}
    index = plan.stages.index(plan.stage)
    labels = dict(Plan._meta.get_field("stage").choices)
    up = plan.stages[index + 1] if index + 1 < len(plan.stages) else ""
    down = plan.stages[index - 1] if index > 0 else ""
    return {"up": labels.get(up, ""), "down": labels.get(down, "")}


@login_required
@coach_only
@require_GET
def client_detail(request, public_id):
    return _detail(request, linked_client(request.user, public_id))


@login_required
@coach_only
@require_POST
def adjust(request, public_id, kind):
    link = linked_client(request.user, public_id)
    form_class = ADJUSTMENT_FORMS.get(kind)
    if form_class is None:
        raise Http404(gettext("No such change."))
    form = form_class(request.POST, prefix=kind)
    if not form.is_valid():
        messages.error(request, gettext("Nothing was changed. Please check the form marked below."))
        return _detail(request, link, bound={kind: form}, status=400)
    data = form.cleaned_data
    change = adjustments.Adjustment(
        kind=kind,
        reason=data["reason"],
        row_version=data["row_version"],
        level=data.get("level"),
        backward_minutes=data.get("backward_minutes"),
        cleared_by=data.get("cleared_by", ""),
        cleared_on=data.get("cleared_on"),
        clearance=data.get("clearance", "physician"),
        supervised_stages=tuple(data.get("supervised_stages", ())),
        speed_kmh=data.get("speed_kmh"),
    )
    try:
        plan = adjustments.adjust_plan(link.client, request.user, change)
    except PlanChanged as problem:
        return _detail(request, link, status=409, error=str(problem))
    except PlanError as problem:
        form.add_error(None, str(problem))
        messages.error(request, gettext("Nothing was changed. %(why)s") % {"why": problem})
        return _detail(request, link, bound={kind: form}, status=400)
    done = DONE_MESSAGES[kind]
    if kind in ("resume", "clearance") and plan.status != Plan.Status.ACTIVE:
        # §9.4: the clearance closed what it could; other causes still hold the plan.
        still = pauses.cause_names(pauses.open_only(plan_state.plan_causes(plan)))
        done = _("Clearance recorded. The plan stays paused until %(what)s is cleared too.") % {
            "what": still
        }
    if kind == "dose":
        # The service applied it to today's session when that was still unlogged; say which.
        if adjustments.applies_today(link.client, link.client.local_today()):
            done = _("Dose changed. Today's session uses it already.")
        else:
            done = _("Dose changed from tomorrow; today's session stays as it was.")
    messages.success(
        request, sentences(done, gettext("The client sees it in their plan's history."))
    )
    return redirect("coach_client", public_id=link.client.public_id)


@login_required
@coach_only
@require_POST
def write_note(request, public_id):
    link = linked_client(request.user, public_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            coaching.write_note(request.user, link.client, form.cleaned_data["body"])
        except coaching.CoachingError as problem:
            form.add_error("body", str(problem))
    if form.errors:
        messages.error(request, gettext("The note was not sent. Please check it below."))
        return _detail(request, link, note_form=form, status=400)
    messages.success(
        request, gettext("Note sent to %(name)s.") % {"name": link.client.display_name}
    )
    return redirect(reverse("coach_client", args=[link.client.public_id]) + "#notes")


@login_required
@coach_only
@require_GET
def end_link_confirm(request, public_id):
    """Stopping asks first: this page says what happens and holds the one button."""
    link = linked_client(request.user, public_id)
    return render(request, "coach/end_confirm.html", {"client": link.client, "link": link})


@login_required
@coach_only
@require_POST
def end_link(request, public_id):
    link = linked_client(request.user, public_id)
    coaching.end_link(link, by=request.user)
    messages.success(
        request,
        gettext("You no longer coach %(name)s. Their plan and history stay with them.")
        % {"name": link.client.display_name},
    )
    return redirect("coach_link_ended", public_id=link.client.public_id)


def _ended_link(coach, public_id) -> CoachLink:
    """The coach's latest link to this client that the coach ended, or 404."""
    link = coaching.last_ended_by_coach(coach, public_id)
    if link is None:
        raise Http404("No link you ended.")
    return link


@login_required
@coach_only
@require_GET
def link_ended(request, public_id):
    link = _ended_link(request.user, public_id)
    context = {
        "client": link.client,
        "link": link,
        "can_undo": coaching.can_undo_end(link),
        "undo_until": link.ended_at + coaching.UNDO_END_WINDOW,
    }
    return render(request, "coach/link_ended.html", context)


@login_required
@coach_only
@require_POST
def undo_end_link(request, public_id):
    link = _ended_link(request.user, public_id)
    try:
        coaching.undo_end(request.user, link)
    except coaching.CoachingError as problem:
        messages.error(request, str(problem))
        return redirect("coach_link_ended", public_id=link.client.public_id)
    messages.success(
        request,
        _(
            "You coach %(name)s again. The supervised stages did not come back: confirm them "
            "again if someone trained will be with them."
        )
        % {"name": link.client.display_name},
    )
    return redirect("coach_client", public_id=link.client.public_id)


@login_required
@coach_only
@require_POST
def mark_seen(request, public_id):
    link = linked_client(request.user, public_id)
    coaching.mark_seen(request.user, link.client)
    messages.success(
        request,
        _("Marked %(name)s as seen. A new fall, pain or missed session brings the flag back.")
        % {"name": link.client.display_name},
    )
    # Back to the same list: the filters come back as a query string, never a whole URL.
    query = request.POST.get("query", "")
    target = reverse("coach_dashboard")
    if query and url_has_allowed_host_and_scheme(f"{target}?{query}", allowed_hosts=None):
        target = f"{target}?{query}"
    return redirect(target)


# --- Invites -------------------------------------------------------------------------------


def _invite_page(request, form, status=200):
    now = timezone.now()
    rows = [
        (invite, invite.state(now))
        for invite in Invite.objects.filter(coach=request.user).select_related("accepted_by")[:100]
    ]
    return render(
        request,
        "coach/invites.html",
        {
            "form": form,
            "invites": rows,
            "now": now,
            # Used ones are folded away: the coach's work is with the open ones.
            "open_invites": [(i, state) for i, state in rows if state != "used"],
            "used_invites": [(i, state) for i, state in rows if state == "used"],
        },
        status=status,
    )


@login_required
@coach_only
@require_GET
def invite_list(request):
    return _invite_page(request, InviteForm())


@login_required
@coach_only
@require_POST
def create_invite(request):
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _invite_page(request, form, status=400)
    try:
        invite = invites.invite_and_mail(
            request.user,
            form.cleaned_data["email"],
            lambda code: request.build_absolute_uri(reverse("invite", args=[code])),
            name=form.cleaned_data["name"],
        )
    except limits.LimitReached as problem:
        form.add_error(None, str(problem))
        return _invite_page(request, form, status=429)
    if invite.email:
        messages.success(
            request,
            gettext("Invite sent to %(email)s. The link is also below.") % {"email": invite.email},
        )
    else:
        messages.success(
            request, gettext("Invite made. Copy the link below and send it to your client.")
        )
    return redirect("coach_invites")


@login_required
@coach_only
@require_POST
def revoke_invite(request, code):
    invite = get_object_or_404(Invite, coach=request.user, code=code)
    if invites.revoke_invite(request.user, invite.code):
        messages.success(request, gettext("Invite revoked. The link no longer works."))
    else:
        messages.info(
            request,
            gettext("This invite was already %(state)s; nothing changed.")
            % {"state": INVITE_STATES.get(invite.state(), invite.state())},
        )
    return redirect("coach_invites")
