"""The questionnaire at /start/, its result, the physician's page and recording a clearance.

No ids in these URLs: every view works on the signed-in client's own draft and screenings.
"""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coaching.models import CoachLink
from plans import engine, pauses, said
from plans.forms.questionnaire import YesNoRadioSelect
from plans.forms.resume import ResumeForm
from plans.models import Plan, QuestionnaireDraft, Screening
from plans.models.choices import Stage
from plans.questionnaire_steps import (
    ALL_KEYS,
    STEP_COUNT,
    STEPS,
    earlier_answers,
    flagged_answers,
    get_step,
)
from plans.screening import OUTCOME_MESSAGES, V2_KEYS, Answers, minutes_needed
from plans.selectors.dose import session_now
from plans.services import clearances
from plans.services import state as plan_state
from plans.services.errors import ClearanceNotEnough
from plans.services.intake import current_plan, minutes_short, start_plan
from plans.views.access import client_only

PAUSED_OUTCOMES = ("paused_physician", "paused_review", "paused_support", "paused_illness")


def _draft(user) -> QuestionnaireDraft | None:
    return QuestionnaireDraft.objects.filter(client=user).first()


def _latest_screening(user) -> Screening | None:
    return Screening.objects.filter(client=user).order_by("-created_at", "-id").first()


def _url_or(name: str, fallback: str) -> str:
    # /plan/ and /today/ belong to other parts of the app; link by path until they are routed.
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


@login_required
@client_only
@require_GET
def start(request):
    draft = _draft(request.user)
    return redirect("questionnaire_step", number=_reached(draft))


@login_required
@client_only
@require_http_methods(["GET", "POST"])
def step(request, number: int):
    current = get_step(number)
    if current is None:
        raise Http404(gettext("There is no such step."))
    draft = _draft(request.user)
    reached = _reached(draft)
    latest = _latest_screening(request.user)
    if draft is None and number > 1 and latest is not None:
        # Finished already (or a second click on "Finish"): show what came of it.
        return redirect("screening_result")
    if number > reached:
        return redirect("questionnaire_step", number=reached)

    saved = draft.answers if draft else _earlier_answers(request.user, latest)
    if request.method == "POST":
        form = current.form_class(request.POST)
        if form.is_valid():
            if number < STEP_COUNT:
                _save_step(request.user, number, form.answers())
                return redirect("questionnaire_step", number=number + 1)
            finished = _finish(request, form)
            if finished is not None:
                return finished
    else:
        form = current.form_class(initial=current.form_class.initial_from(saved))
    # Questions added since this person last answered (v2): marked so they stand out.
    new_keys = set(V2_KEYS) - saved.keys() if latest is not None else set()
    return render(
        request,
        "questionnaire/step.html",
        {
            "step": current,
            "steps": STEPS,
            "step_count": STEP_COUNT,
            "form": form,
            "sections": _sections(current, form, new_keys),
            "field_errors": [field for field in form.visible_fields() if field.errors],
            "reached": reached,
            "has_screening": draft is None and latest is not None,
        },
    )


def _reached(draft: QuestionnaireDraft | None) -> int:
    # A draft saved when there were five steps resumes at the last of the three.
    return min(draft.step, STEP_COUNT) if draft else 1


def _earlier_answers(user, screening: Screening | None = None) -> dict:
    """The last questionnaire's answers that still apply, to start a new one from."""
    screening = screening or _latest_screening(user)
    if screening is None:
        return {}
    answered_on = user.local_today(screening.created_at)
    return earlier_answers(screening.answers, answered_on, user.local_today())


def _sections(current, form, new_keys: set[str]) -> list[dict]:
    follows = {item.name: item for item in current.form_class.follow_ups}
    return [
        {
            "section": section,
            "fields": [
                _field_item(
                    form[name], _new_lines(current.form_class, name, new_keys), follows.get(name)
                )
                for name in section.fields
            ],
        }
        for section in current.sections
    ]


def _new_lines(form_class, name: str, new_keys: set[str]) -> list[str]:
    """The questions added since the person last answered, under this field."""
    if name in form_class.tick_lists:
        return [str(i.label) for i in form_class.tick_lists[name] if i.key in new_keys]
    return [str(form_class.base_fields[name].label)] if name in new_keys else []


def _field_item(field, new: list[str] | None = None, follows=None) -> dict:
    """A field and how it is laid out: yes/no side by side, other choice lists stacked."""
    widget = field.field.widget
    if isinstance(widget, YesNoRadioSelect):
        kind = "yesno"
    elif getattr(widget, "scale", False):
        kind = "scale"
    elif isinstance(widget, forms.CheckboxSelectMultiple):
        kind = "checkboxes"
    elif isinstance(widget, forms.RadioSelect):
        kind = "radios"
    else:
        kind = "input"
    # Lists of short answers (the days, a scale of bare numbers) fit several to a line; long
    # ones get a line each.
    choices = getattr(field.field, "choices", ())
    longest = max((len(str(label)) for _value, label in choices), default=0)
    short = (kind == "checkboxes" and longest <= 12) or (kind == "scale" and longest <= 3)
    return {"field": field, "kind": kind, "new": new or [], "follows": follows, "short": short}


def _save_step(user, number: int, answers: dict) -> None:
    with transaction.atomic():
        draft = QuestionnaireDraft.objects.select_for_update().filter(client=user).first()
        if draft is None:
            # A new round starts from the earlier answers that still apply (a person who
            # answered before v2 then meets only the new questions empty).
            draft, _ = QuestionnaireDraft.objects.get_or_create(
                client=user, defaults={"answers": _earlier_answers(user)}
            )
        draft.answers = {**draft.answers, **answers}
        draft.step = max(draft.step, number + 1)
        draft.save(update_fields=["answers", "step", "updated_at"])


def _finish(request, form):
    """Screen the whole questionnaire and make the plan; None if the form now has errors."""
    with transaction.atomic():
        # The lock makes a double click wait here, then find the draft gone.
        draft = QuestionnaireDraft.objects.select_for_update().filter(client=request.user).first()
        if draft is None:
            return redirect("screening_result")
        answers = {**draft.answers, **form.answers()}
        answers = {key: answers[key] for key in ALL_KEYS if key in answers}
        try:
            Answers.from_dict(answers)
        except ValueError as error:
            form.add_error(
                None,
                gettext("Some earlier answers are missing or need checking. %(problem)s")
                % {"problem": error},
            )
            return None
        today = request.user.local_today()
        needed = minutes_short(request.user, answers, today)
        if needed is not None:
            # v3 §9.12: no plan with less time than a safe session takes; said on this step,
            # where the minutes are given, and nothing is saved (the draft keeps the answers).
            form.add_error("minutes", more_time_field_words(needed))
            return None
        start_plan(request.user, answers, today=today)
        draft.delete()
    return redirect("screening_result")


def more_time_field_words(needed: int) -> str:
    return gettext(
        "A safe session for you takes at least %(needed)s minutes: a short warm-up, 3 minutes of "
        "backward walking with its rests, and a short cool-down. Please give %(needed)s minutes "
        "or more. Your other answers are kept."
    ) % {"needed": needed}


@login_required
@client_only
@require_GET
def result(request):
    screening = _latest_screening(request.user)
    if screening is None:
        return redirect("questionnaire")
    return render(request, "questionnaire/result.html", _result_context(request, screening))


def _result_context(request, screening: Screening, clearance_form=None) -> dict:
    today = request.user.local_today()
    plan = _plan_of(request.user, screening)
    paused = plan is not None and plan.status != Plan.Status.ACTIVE
    can_clear = (
        plan is not None
        and plan.status == Plan.Status.NEEDS_CLEARANCE
        and not plan.rescreen_due
        and plan.pause_needs in (Plan.PauseNeeds.COACH, Plan.PauseNeeds.PHYSICIAN)
    )
    if can_clear and clearance_form is None:
        clearance_form = ResumeForm(needs=plan.pause_needs, today=today, recheck=False)
    first_session = None
    if plan is not None and plan.status == Plan.Status.ACTIVE:
        first_session = plan.sessions.filter(date__gte=today, cancelled=False).first()
    # What stands once every pause is cleared: a support or no-plan outcome can hide behind
    # a pause, and then no plan is waiting (nothing may promise one).
    after = "ready" if plan is not None else once_cleared(screening.flags)
    outcome_message = _outcome_message(screening, plan)
    if plan is None and screening.outcome in PAUSE_FIRST and after != "ready":
        outcome_message = said.sentences(PAUSE_FIRST[screening.outcome], AFTER_PAUSE[after])
    restart_on = _illness_ends(plan)
    return {
        "screening": screening,
        "outcome_message": outcome_message,
        "still_paused": plan is not None and plan.status == Plan.Status.PAUSED,
        "plan": plan,
        "paused": paused,
        "after": after,
        "dose": _dose(plan, today),
        "first_session": first_session,
        "clearance_form": clearance_form if can_clear else None,
        "restart_on": restart_on,
        "can_restart": restart_on is not None and today >= restart_on,
        "has_coach": CoachLink.objects.has_coach(request.user),
        "minutes_needed": _minutes_needed(screening) if after == "more_time" else None,
        "plan_url": _url_or("plan", "/plan/"),
        "today_url": _url_or("today", "/today/"),
    }


def _minutes_needed(screening: Screening) -> int | None:
    """v3 §9.12: the minutes the shortest safe session takes, from the saved answers."""
    if not screening.tier:
        return None
    return minutes_needed(Answers.from_dict(screening.answers), screening.tier)


def _illness_ends(plan: Plan | None) -> date | None:
    """The first day an open illness pause can be lifted (§9.4: its own 7-day wait)."""
    if plan is None:
        return None
    for cause in pauses.open_only(plan_state.plan_causes(plan)):
        if cause.cause == "illness":
            return pauses.wait_ends(cause)
    return None


def _plan_of(user, screening: Screening) -> Plan | None:
    """The current plan if this screening made it; None for an older plan (this one made none)."""
    plan = current_plan(user)
    return plan if plan is not None and plan.screening_id == screening.pk else None


def _dose(plan: Plan | None, today: date) -> dict | None:
    """The plan's session as the rules write it: minutes, turns, sitting, effort, speed."""
    if plan is None:
        return None
    session = session_now(plan, today)
    return {
        "session": session,
        "bout_backward": session.bout_backward,
        "bout_forward": session.bout_forward,
        "sessions_per_week": engine.sessions_per_week(plan.tier, tuple(plan.days)),
        "stage_name": Stage(plan.stage).label,
        "skipped": [(Stage(code).label, said.render(why)) for code, why in plan.skipped.items()],
        # Skipped only until a coach confirms a helper (not for pregnancy or no land stage).
        "needs_helper": [
            Stage(code).label
            for code in engine.awaiting_supervision(
                Answers.from_dict(plan.screening.answers), plan.tier, tuple(plan.stages)
            )
        ],
    }


NO_PLAN_FLAGS = frozenset({"wheelchair", "cannot_stand"})


def once_cleared(flags: list[dict]) -> str:
    """The outcome once every clearance is given, from the flags the screening saved:
    "no_plan", "support" (nothing steady to hold), "supervision" (every place needs a
    trained helper), "more_time" (the shortest safe session does not fit, v3 §9.12) or
    "ready"."""
    codes = {flag.get("code") for flag in flags}
    if codes & NO_PLAN_FLAGS:
        return "no_plan"
    if "needs_supervision" in codes:
        return "supervision"
    if "needs_support" in codes:
        return "support"
    if "needs_more_time" in codes:
        return "more_time"
    return "ready"


PAUSE_FIRST = {
    "paused_physician": gettext_lazy(
        "Please talk to your doctor about the answers below before you try backward walking."
    ),
    "paused_review": gettext_lazy(
        "A physiotherapist or doctor should look over the answers below first."
    ),
    "paused_illness": gettext_lazy("You are unwell right now, so rest first."),
}
AFTER_PAUSE = {
    "no_plan": gettext_lazy(
        "Even then, we cannot offer you a plan: this programme is for people who can "
        "stand and walk without help. A physiotherapist can suggest exercises that suit you."
    ),
    "support": gettext_lazy(
        "Even then, a plan can start only once you have something steady to hold: a "
        "fixed rail, a wall or a counter with 5 metres of clear floor behind you, or a pool."
    ),
    "supervision": gettext_lazy(
        "Even then, the places you can walk backward all need someone trained with "
        "you, so there is no session to do on your own until your coach has arranged that."
    ),
    "more_time": gettext_lazy(
        "Even then, a safe session for you needs more time than you gave: see below how many "
        "minutes."
    ),
}


STILL_PAUSED = {
    "physician": gettext_lazy(
        "Your plan stays paused until a doctor clears you. New answers cannot lift it."
    ),
    "coach": (
        gettext_lazy(
            "Your plan stays paused until your coach, or a physiotherapist or doctor, has looked "
            "at it. New answers cannot lift it."
        )
    ),
    "self": gettext_lazy(
        "Your plan stays paused until you feel ready and answer a short check-in."
    ),
}


def _outcome_message(screening: Screening, plan: Plan | None) -> str:
    """What the answers mean for this person now; an earlier pause is never hidden (§2f)."""
    if plan is not None and plan.status == Plan.Status.PAUSED:
        return STILL_PAUSED.get(plan.pause_needs or "self", STILL_PAUSED["self"])
    active = plan is not None and plan.status == Plan.Status.ACTIVE
    if screening.clearance and screening.outcome in PAUSED_OUTCOMES and active:
        return gettext("You have been cleared to start. Your plan is ready.")
    return OUTCOME_MESSAGES.get(screening.outcome, "")


@login_required
@client_only
@require_GET
def physician_letter(request):
    screening = _latest_screening(request.user)
    if screening is None:
        return redirect("questionnaire")
    today = request.user.local_today()
    plan = _plan_of(request.user, screening)
    after = "ready" if plan is not None else once_cleared(screening.flags)
    return render(
        request,
        "questionnaire/physician_letter.html",
        {
            "screening": screening,
            "flagged": flagged_answers(screening.flags, screening.answers),
            "today": today,
            "plan": plan,
            "dose": _dose(plan, today),
            "after": after,
            "minutes_needed": _minutes_needed(screening) if after == "more_time" else None,
        },
    )


@login_required
@client_only
@require_POST
def record_clearance(request):
    screening = _latest_screening(request.user)
    plan = current_plan(request.user)
    if screening is None or plan is None or plan.status != Plan.Status.NEEDS_CLEARANCE:
        messages.info(request, _("Your plan is not waiting for a clearance."))
        return redirect("screening_result" if screening else "questionnaire")
    form = ResumeForm(
        request.POST, needs=plan.pause_needs, today=request.user.local_today(), recheck=False
    )
    if form.is_valid():
        try:
            clearances.clear(request.user, form.clearance(), by=request.user)
        except ClearanceNotEnough as refusal:
            form.add_error(None, str(refusal))
        else:
            plan.refresh_from_db()
            if plan.status == Plan.Status.ACTIVE:
                words = gettext("Thank you. Your clearance is recorded and your plan starts.")
            else:  # §9.4: another cause is still open (an illness's week, say)
                words = gettext("Thank you. Your clearance is recorded; see what is still open.")
            messages.success(request, words)
            return redirect("screening_result")
    context = _result_context(request, screening, clearance_form=form)
    return render(request, "questionnaire/result.html", context)


@login_required
@client_only
@require_POST
def start_again(request):
    QuestionnaireDraft.objects.filter(client=request.user).delete()
    messages.info(
        request,
        "Answer the questions again. Your current plan stays until you finish them.",
    )
    return redirect("questionnaire_step", number=1)
