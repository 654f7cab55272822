from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coaching.views.notes import notes_context
from plans.forms.resume import ResumeForm
from plans.models import Plan
from plans.said import render_all
from plans.selectors.cache_keys import fragment_context
from plans.selectors.pause import pause_view
from plans.services import clearances
from plans.services.errors import ClearanceNotEnough
from plans.services.intake import current_plan
from plans.services.state import plan_page_context, stage_timeline
from plans.views.access import client_only


@login_required
@client_only
@require_GET
def plan_page(request):
    plan = current_plan(request.user)
    if plan is None:
        return redirect("questionnaire")
    today = request.user.local_today()
    context = plan_page_context(plan, today)
    context["pause"] = pause_view(plan, request.user, today, timezone.now())
    context.update(fragment_context(request.user, plan, today))
    context.update(notes_context(request.user, next_url=reverse("plan") + "#notes"))
    context["earlier"] = list(
        Plan.objects.filter(client=request.user, status=Plan.Status.ENDED).only(
            "version", "start_date", "ended_at", "stage", "level"
        )
    )
    return render(request, "client/plan.html", context)


@login_required
@client_only
@require_GET
def plan_version(request, version):
    """An earlier plan, read only, with everything logged on it."""
    plan = get_object_or_404(Plan, client=request.user, version=version)
    if plan.is_current:
        return redirect("plan")
    sessions = list(plan.sessions.filter(log__isnull=False).select_related("log"))
    events = list(plan.events.exclude(kind="hold").select_related("made_by")[:50])
    return render(
        request,
        "client/plan_version.html",
        {"plan": plan, "sessions": sessions, "events": events, "timeline": stage_timeline(plan)},
    )


@login_required
@client_only
@require_http_methods(["GET", "POST"])
def resume(request):
    """Lift a pause from the client's side, with what that pause needs."""
    plan = current_plan(request.user)
    if plan is None or plan.status == Plan.Status.ACTIVE:
        messages.info(request, _("Your plan is not paused."))
        return redirect("today")
    if plan.rescreen_due:
        messages.info(
            request, _("Please answer the health questions again; that restarts your plan.")
        )
        return redirect("questionnaire")
    today = request.user.local_today()
    pause = pause_view(plan, request.user, today, timezone.now())
    if pause.needs == "self" and not pause.can_check_in:
        # §9.4: during a wait there is nothing to fill in; the page says when it opens (and a
        # form sent anyway is refused, nothing saved).
        status = 400 if request.method == "POST" else 200
        context = {"plan": plan, "pause": pause}
        return render(request, "client/resume.html", context, status=status)
    form = ResumeForm(request.POST or None, needs=plan.pause_needs, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            clearances.clear(request.user, form.clearance(), by=request.user)
        except ClearanceNotEnough as problem:
            form.add_error(None, str(problem))
        else:
            _cleared_message(request)
            return redirect("today")
    status = 400 if request.method == "POST" else 200  # a refused form says so
    context = {"form": form, "plan": plan, "pause": pause}
    return render(request, "client/resume.html", context, status=status)


def _cleared_message(request) -> None:
    """The plan restarted, or the clearance closed some causes and others are still open."""
    plan = current_plan(request.user)
    if plan is not None and plan.status == Plan.Status.ACTIVE:
        messages.success(request, _("Thank you. Your plan starts again."))
        return
    event = plan.events.first() if plan is not None else None
    words = render_all(event.reasons) if event is not None else ""
    messages.info(request, words or _("Thank you. Your clearance is recorded."))
