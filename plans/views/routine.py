"""The person changes their days, minutes or places (plans/services/routine.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plans.forms.routine import RoutineForm
from plans.models import Plan
from plans.said import render_all, sentences
from plans.services.errors import PlanChanged, PlanError
from plans.services.intake import current_plan
from plans.services.routine import change_routine, routine_answers
from plans.views.access import client_only


def _blank_form(plan: Plan) -> RoutineForm:
    initial = RoutineForm.initial_from(plan.screening.answers)
    return RoutineForm(initial={**initial, "row_version": plan.row_version})


@login_required
@client_only
@require_http_methods(["GET", "POST"])
def routine(request):
    plan = current_plan(request.user)
    if plan is None:
        messages.info(request, _("Please answer the questions first; they make your plan."))
        return redirect("questionnaire")
    if request.method == "GET":
        return render(request, "client/routine.html", {"form": _blank_form(plan), "plan": plan})
    form = RoutineForm(request.POST)
    if form.is_valid():
        wanted = form.routine()
        try:
            event = change_routine(request.user, today=request.user.local_today(), **wanted)
        except PlanChanged as problem:
            plan = current_plan(request.user)
            if _already_saved(plan, form):  # a second click on the same form
                messages.info(request, _("Your new routine is saved already."))
                return redirect("plan")
            messages.warning(request, str(problem))
            form = _blank_form(plan)
        except PlanError as problem:
            # Too little time is the minutes' own error (v3 §9.12); the rest are the form's.
            form.add_error(getattr(problem, "field", None), str(problem))
        else:
            words = sentences(
                _("Your routine is saved."),
                render_all(event.reasons),
                _("It applies from tomorrow; today's session stays as it was."),
            )
            messages.success(request, words)
            return redirect("plan")
    return render(request, "client/routine.html", {"form": form, "plan": plan}, status=400)


def _already_saved(plan: Plan | None, form: RoutineForm) -> bool:
    return plan is not None and routine_answers(plan.screening.answers) == routine_answers(
        form.answers()
    )
