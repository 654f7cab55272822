from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from plans.forms.resume import ResumeForm
from plans.models import Plan
from plans.services.logging import resume_plan
from plans.services.plans import ClearanceNotEnough, current_plan, ensure_weeks
from plans.services.state import plan_page_context, stage_timeline
from plans.views.access import client_only
from plans.views.notes import notes_context


@login_required
@client_only
@require_GET
def plan_page(request):
    plan = current_plan(request.user)
    if plan is None:
        return redirect("questionnaire")
    today = request.user.local_today()
    ensure_weeks(plan, today)
    context = plan_page_context(plan, today)
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
    plan = current_plan(request.user)
    if plan is None or plan.status != Plan.Status.PAUSED:
        messages.info(request, "Your plan is not paused.")
        return redirect("today")
    if plan.pause_needs == Plan.PauseNeeds.COACH:
        messages.info(request, "Your coach or physio needs to restart your plan with you.")
        return redirect("today")
    form = ResumeForm(
        request.POST or None,
        needs_physician=plan.pause_needs == Plan.PauseNeeds.PHYSICIAN,
        today=request.user.local_today(),
    )
    if request.method == "POST" and form.is_valid():
        # The client's own word lifts a pain pause; a red flag or injury needs a physician.
        clearance = "physician" if plan.pause_needs == Plan.PauseNeeds.PHYSICIAN else "self"
        try:
            resume_plan(
                plan,
                clearance=clearance,
                by=request.user,
                today=request.user.local_today(),
                note=form.note(),
            )
        except ClearanceNotEnough as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, "Welcome back. Your plan starts again, a little easier.")
            return redirect("today")
    return render(request, "client/resume.html", {"form": form, "plan": plan})
