from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coaching.models import Note
from plans import engine, progression
from plans.forms.logging import MorningPainForm, RatingsForm, SessionLogForm
from plans.models import PlanEvent, PlannedSession, SessionLog
from plans.progress import monday_of
from plans.said import render_all, sentences
from plans.selectors.dose import break_for_page, session_to_do
from plans.selectors.install_tip import install_tip_due
from plans.selectors.pause import pause_view
from plans.services import state as plan_state
from plans.services.errors import LogRefused
from plans.services.intake import current_plan
from plans.services.sessions import (
    add_morning_pain,
    add_ratings,
    can_log,
    correct_log,
    loggable,
    record_log,
)
from plans.services.state import session_cues, with_someone_beside
from plans.views.access import client_only, own_planned_session


def _result_message(request, result) -> None:
    if not result.created:
        messages.info(request, _("This session was already logged. Your first entry is kept."))
        return
    event = result.event
    if event is not None and event.kind == PlanEvent.Kind.PAUSE:
        # What to do now comes first on the page, as a short list; no "well done" above it.
        messages.warning(request, _("Saved. Your plan is paused: see what to do now below."))
        return
    messages.success(request, _("Saved. Well done for logging it."))
    if event is None:
        return
    if event.kind == PlanEvent.Kind.HOLD:
        _hold_message(request, event, result.next_step)
    else:
        messages.info(request, decision_sentence(event))


def _hold_message(request, event: PlanEvent, words: str) -> None:
    """A hold that only says "not yet" lists no failures: it says what moves the plan up
    (`words`, from the rules' input the decision read: services.sessions.LogResult)."""
    real = [r for r in event.reasons if r["code"] not in progression.NOT_YET_CODES]
    if real:
        words = sentences(_("Your plan stays at this level for now."), render_all(real), words)
    if words:
        messages.info(request, words.strip())


def _awaiting_morning_pain(session) -> SessionLog | None:
    """Yesterday's log, if the person walked and has not said how this morning feels."""
    log = getattr(session, "log", None)
    if log and log.status != SessionLog.Status.SKIPPED and log.pain_next_morning is None:
        return log
    return None


def decision_sentence(event: PlanEvent) -> str:
    """The decision's kind and its reasons, in the reader's language."""
    reasons = render_all(event.reasons)
    if not reasons:
        return str(event.get_kind_display())
    return _("%(kind)s: %(reasons)s") % {"kind": event.get_kind_display(), "reasons": reasons}


@login_required
@client_only
@require_GET
def today(request):
    plan = current_plan(request.user, with_answers=True)  # "unanswered" below reads them
    if plan is None:
        return redirect("questionnaire")
    day = request.user.local_today()
    sessions = list(
        PlannedSession.objects.filter(
            client=request.user,
            date__gte=min(monday_of(day), day - timedelta(days=1)),
            date__lte=day + timedelta(days=14),
        ).select_related("log")
    )
    todays = next((s for s in sessions if s.date == day and not s.cancelled), None)
    after_break = break_for_page(plan, request.user, day)
    if todays is not None and not hasattr(todays, "log"):
        todays = session_to_do(plan, todays, after_break)
    upcoming = next((s for s in sessions if s.date > day and not s.cancelled), None)
    unlogged = [
        s
        for s in sessions
        if monday_of(day) <= s.date < day and not hasattr(s, "log") and can_log(plan, s) is None
    ]
    yesterday = next((s for s in sessions if s.date == day - timedelta(days=1)), None)
    morning = _awaiting_morning_pain(yesterday)
    rate = getattr(todays, "log", None) if todays else None
    if rate is not None and (
        rate.status == SessionLog.Status.SKIPPED
        or (rate.rpe is not None and rate.pain_during is not None)
    ):
        rate = None
    beside = todays is not None and with_someone_beside(plan, todays)  # §9.14 track start
    # Not logged yet: the two questions also wait, hidden, for a log saved on this phone
    # offline (plans/static/js/offline.js shows them once "I did it as planned" is queued).
    offline_rate_day = todays.date if todays and not hasattr(todays, "log") else None
    context = {
        "plan": plan,
        "pause": pause_view(plan, request.user, day, timezone.now()),
        "day": day,
        "session": todays,
        "upcoming": upcoming,
        "unlogged": unlogged,
        "morning_log": morning,
        # Its own ids: the log form below may ask for the same field about today's session.
        "morning_form": MorningPainForm(auto_id="id_morning_%s") if morning else None,
        "rate_log": rate,
        "offline_rate_day": offline_rate_day,
        "ratings_form": RatingsForm(auto_id="id_rate_%s") if rate or offline_rate_day else None,
        "form": SessionLogForm(planned=todays) if todays else None,
        "unanswered": plan_state.answers_of(plan).unanswered,
        "last_event": plan.events.exclude(kind=PlanEvent.Kind.HOLD).first(),
        # The newest note from someone else: the client's own replies are not news to them.
        "note": Note.objects.filter(client=request.user)
        .exclude(author=request.user)
        .select_related("author")
        .first(),
        # The person's own stop rule, aid and seated rest (v3 §9.14-9.16).
        "cues": session_cues(plan, todays, with_someone=beside) if todays else (),
        "someone_beside": engine.TRACK_START_CUE if beside else "",
        "install_tip": install_tip_due(request.user, plan),
        **after_break,
    }
    return render(request, "client/today.html", context)


@login_required
@client_only
@require_http_methods(["GET", "POST"])
def log_day(request, day):
    today_ = request.user.local_today()
    planned = own_planned_session(request.user, day)
    if not loggable(day, today_):
        if request.method == "POST":
            messages.error(request, _("You can log today and earlier days of this week only."))
            return redirect("today")
        raise Http404(_("This day cannot be logged."))
    if request.method == "POST":
        form = SessionLogForm(request.POST, planned=planned)
        if form.is_valid():
            try:
                result = record_log(request.user, planned, form.cleaned_data)
            except LogRefused as refusal:
                messages.error(request, f"Nothing was saved. {refusal}")
            else:
                _result_message(request, result)
            return redirect("today")
    else:
        form = SessionLogForm(planned=planned)
    return render(
        request,
        "client/log_day.html",
        {
            "session": planned,
            "form": form,
            "day": day,
            "already": getattr(planned, "log", None),
            "cues": session_cues(planned.plan, planned),
        },
    )


@login_required
@client_only
@require_POST
def mark_done(request, day):
    """The one-tap button: done exactly as planned."""
    planned = own_planned_session(request.user, day)
    today = request.user.local_today()
    if not loggable(day, today):
        messages.error(request, _("You can log today and earlier days of this week only."))
    else:
        try:
            # The dose after a break is worked out under the plan's lock, from the same
            # rules' input the decision reads (services.sessions.record_log).
            result = record_log(request.user, planned, None, today=today, as_planned=True)
            _result_message(request, result)
        except LogRefused as refusal:
            messages.error(request, f"Nothing was saved. {refusal}")
    return redirect("today")


@login_required
@client_only
@require_POST
def rate(request, day):
    """The two one-tap ratings that follow "I did it as planned"."""
    planned = own_planned_session(request.user, day)
    log = getattr(planned, "log", None)
    if log is None:
        raise Http404(_("No log for that day."))
    form = RatingsForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, " ".join(form.non_field_errors()) or _("Choose a number from 0 to 10.")
        )
        return redirect("today")
    data = form.cleaned_data
    _add_to_log(request, _("Thank you. Saved."), add_ratings, log, data["rpe"], data["pain_during"])
    return redirect("today")


def _add_to_log(request, thanks: str, add, log, *values) -> None:
    """Add an entry to a log through its service; say what was saved and what it changed."""
    try:
        event = add(request.user, log, *values)
    except LogRefused as refusal:
        messages.error(request, f"Nothing was saved. {refusal}")
        return
    messages.success(request, thanks)
    if event is not None and event.kind != PlanEvent.Kind.HOLD:
        messages.info(request, decision_sentence(event))


@login_required
@client_only
@require_POST
def morning_pain(request, day):
    planned = own_planned_session(request.user, day)
    log = getattr(planned, "log", None)
    if log is None:
        raise Http404(_("No log for that day."))
    form = MorningPainForm(request.POST)
    # "The next morning" is this morning, for yesterday's session: later, it is a guess;
    # for today's, the morning has not come yet.
    if day != request.user.local_today() - timedelta(days=1):
        messages.error(
            request,
            "Morning pain can be added only on the morning after a session, for yesterday's "
            "session. Nothing was saved.",
        )
    elif not form.is_valid():
        messages.error(request, _("Choose a number from 0 to 10 for this morning's pain."))
    elif log.pain_next_morning is not None:
        messages.info(
            request, _("This morning's pain was already saved. Your first entry is kept.")
        )
    else:
        pain = form.cleaned_data["pain_next_morning"]
        _add_to_log(request, _("Thank you. Morning pain saved."), add_morning_pain, log, pain)
    return redirect("today")


def _log_initial(log: SessionLog) -> dict:
    """What was logged, as the detailed form's starting answers."""
    names = (
        "status",
        "minutes",
        "rpe",
        "pain_during",
        "fall",
        "fall_injury",
        "fall_head_strike",
        "near_fall",
        "red_flag",
        "health_changed",
        "note",
    )
    return {name: getattr(log, name) for name in names}


@login_required
@client_only
@require_http_methods(["GET", "POST"])
def correct(request, day):
    """ "Change what I logged": the same day only; the rules look at the log again."""
    planned = own_planned_session(request.user, day)
    log = getattr(planned, "log", None)
    if log is None:
        raise Http404("No log for that day.")
    if day != request.user.local_today():
        if request.method == "POST":
            messages.error(
                request,
                _("A log can be changed only on the day of the session. Nothing was saved."),
            )
            return redirect("today")
        raise Http404("This log can no longer be changed.")
    if request.method == "POST":
        form = SessionLogForm(request.POST, planned=planned)
        if form.is_valid():
            try:
                event = correct_log(request.user, log, form.cleaned_data)
            except LogRefused as refusal:
                messages.error(request, _("Nothing was saved. %(why)s") % {"why": refusal})
            else:
                messages.success(request, _("Your change is saved."))
                if event.kind != PlanEvent.Kind.CORRECTION:
                    messages.info(request, decision_sentence(event))
            return redirect("today")
    else:
        form = SessionLogForm(initial=_log_initial(log), planned=planned)
    return render(
        request,
        "client/correct_log.html",
        {"session": planned, "form": form, "day": day, "log": log},
    )
