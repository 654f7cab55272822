"""The offline queue's endpoint: one log that a phone kept offline, answered with its outcome.

The service worker (templates/app/sw.js) posts each queued log here as JSON when the connection
returns. The answer is explicit and final, never a redirect (issue 23, point 3): accepted;
refused, with the reason in the person's words (the phone keeps the log and Today shows it as
"Not saved"); or conflict, when the session was already logged. Each kind goes through the same
form and service as its page in plans/views/today.py, so a queued log meets the same rules as
one sent at once (§9.5), and a log whose owner is not the signed-in person is refused.
"""

import json
from dataclasses import dataclass
from datetime import date

from django import forms
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from backward_walk.formats import local_date
from plans.forms.logging import MorningPainForm, RatingsForm, SessionLogForm
from plans.models import PlannedSession
from plans.said import sentences
from plans.selectors.dose import one_tap_data
from plans.services.errors import LogRefused
from plans.services.sessions import (
    add_morning_pain,
    add_ratings,
    loggable,
    record_log,
    same_as_logged,
)
from plans.views.access import own_planned_session

ACCEPTED, REFUSED, CONFLICT, SIGNED_OUT = "accepted", "refused", "conflict", "signed_out"


@dataclass(frozen=True)
class QueuedItem:
    """What the phone kept: whose it is, which page's log, for which day, and its answers."""

    owner: str
    kind: str
    day: date
    fields: dict[str, str]

    def ticked(self, name: str) -> bool:
        """A checkbox's answer, read as Django's own checkbox reads a form."""
        return forms.CheckboxInput().value_from_datadict(self.fields, None, name)


def _read(body: bytes) -> QueuedItem:
    """The posted item, or ValueError when it is not one."""
    data = json.loads(body)
    if not isinstance(data, dict):
        raise ValueError("not an object")
    owner, kind, fields = data.get("owner"), data.get("kind"), data.get("fields", {})
    if not isinstance(owner, str) or kind not in KINDS or not isinstance(fields, dict):
        raise ValueError("owner, kind or fields missing")
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in fields.items()):
        raise ValueError("answers must be text")
    return QueuedItem(owner, kind, date.fromisoformat(str(data.get("day"))), fields)


def _answer(outcome: str, status: int, **more) -> JsonResponse:
    return JsonResponse({"outcome": outcome, **more}, status=status)


def _refused(item: QueuedItem, reason: str, *, status: int = 422, again=None) -> JsonResponse:
    return _answer(REFUSED, status, reason=str(reason), what=_what(item), again=again)


def _again(url_name: str, day: date, label: str) -> dict:
    """Where the person can tell us again, and the button's words."""
    return {"url": reverse(url_name, args=[day]), "label": label}


def _conflict(item: QueuedItem, same: bool, today: date, reason: str = "") -> JsonResponse:
    """Already logged; the first entry is kept. `same`: this was that entry, sent twice."""
    again = None
    if not same and item.day == today:
        again = _again("correct_log", item.day, _("Change what I logged"))
    reason = reason or _("This session was already logged. Your first entry is kept.")
    return _answer(CONFLICT, 409, same=same, reason=reason, what=_what(item), again=again)


def _what(item: QueuedItem) -> str:
    """The log in a few words, for "Not saved: …"."""
    day = local_date(item.day, "WEEKDAY_DATE")
    if item.kind == "done":
        return _("Your session on %(day)s, done as planned.") % {"day": day}
    if item.kind == "rate":
        return _("Effort and pain for %(day)s.") % {"day": day}
    if item.kind == "morning":
        return _("This morning's pain, after %(day)s.") % {"day": day}
    if item.ticked("fall") and item.ticked("fall_head_strike"):
        words = _("How your session on %(day)s went, with your fall and the blow to your head.")
    elif item.ticked("fall"):
        words = _("How your session on %(day)s went, with your fall.")
    else:
        words = _("How your session on %(day)s went.")
    words = words % {"day": day}
    if item.ticked("red_flag"):
        words = sentences(words, _("It included a warning sign."))
    return words


def _form_errors(form: forms.Form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


# --- One handler per page that logs (plans/views/today.py), through the same service ----------


def _new_log(user: User, planned: PlannedSession, item: QueuedItem, data: dict | None, today: date):
    """`data` None: the one-tap log, its dose worked out under the plan's lock as on Today."""
    try:
        result = record_log(user, planned, data, today=today, as_planned=data is None)
    except LogRefused as refusal:
        return _refused(item, str(refusal))
    if not result.created:
        wanted = data if data is not None else one_tap_data(planned, today)
        return _conflict(item, same_as_logged(result.log, wanted), today)
    return _answer(ACCEPTED, 200)


def _done(user: User, planned: PlannedSession, item: QueuedItem):
    """As mark_done: "I did it as planned"."""
    today = user.local_today()
    if not loggable(planned.date, today):
        return _refused(item, _("You can log today and earlier days of this week only."))
    return _new_log(user, planned, item, None, today)


def _full_log(user: User, planned: PlannedSession, item: QueuedItem):
    """As log_day: the whole form (partly done, skipped, effort, pain, a fall, a warning sign)."""
    today = user.local_today()
    if not loggable(planned.date, today):
        return _refused(item, _("You can log today and earlier days of this week only."))
    form = SessionLogForm(item.fields, planned=planned)
    if not form.is_valid():
        again = _again("log_day", planned.date, _("Log it again"))
        return _refused(item, _form_errors(form), again=again)
    return _new_log(user, planned, item, form.cleaned_data, today)


def _ratings(user: User, planned: PlannedSession, item: QueuedItem):
    """As rate: effort and pain after "I did it as planned", each kept once."""
    log = getattr(planned, "log", None)
    if log is None:
        return _refused(
            item, _("There is no log for that day, so effort and pain could not be added.")
        )
    form = RatingsForm(item.fields)
    if not form.is_valid():
        return _refused(
            item, " ".join(form.non_field_errors()) or _("Choose a number from 0 to 10.")
        )
    given = {name: value for name, value in form.cleaned_data.items() if value is not None}
    kept = {name: getattr(log, name) for name in given if getattr(log, name) is not None}
    if kept.keys() == given.keys():
        kept_words = _("Effort and pain were already saved. Your first answers are kept.")
        return _conflict(item, kept == given, user.local_today(), kept_words)
    try:
        add_ratings(user, log, form.cleaned_data["rpe"], form.cleaned_data["pain_during"])
    except LogRefused as refusal:
        return _refused(item, str(refusal))
    return _answer(ACCEPTED, 200)


def _morning_pain(user: User, planned: PlannedSession, item: QueuedItem):
    """As morning_pain: yesterday's session, this morning, once."""
    log = getattr(planned, "log", None)
    if log is None:
        return _refused(
            item, _("There is no log for that day, so this morning's pain could not be added.")
        )
    form = MorningPainForm(item.fields)
    if not form.is_valid():
        return _refused(item, _("Choose a number from 0 to 10 for this morning's pain."))
    pain = form.cleaned_data["pain_next_morning"]
    if log.pain_next_morning is not None:
        kept_words = _("This morning's pain was already saved. Your first entry is kept.")
        return _conflict(item, log.pain_next_morning == pain, user.local_today(), kept_words)
    try:
        add_morning_pain(user, log, pain)
    except LogRefused as refusal:
        return _refused(item, str(refusal))
    return _answer(ACCEPTED, 200)


HANDLERS = {"done": _done, "log": _full_log, "rate": _ratings, "morning": _morning_pain}
KINDS = frozenset(HANDLERS)


@require_POST
def queued_log(request):
    """POST one queued log as JSON: {"owner", "kind", "day", "fields"}. Session sign-in and
    the CSRF token (X-CSRFToken) as for any form; the answer is JSON with an "outcome"."""
    user = request.user
    if not user.is_authenticated:
        # 403, not 401: a session has no WWW-Authenticate challenge. The phone keeps the log.
        return _answer(SIGNED_OUT, 403, reason=_("Please sign in again. Nothing was saved."))
    if user.is_coach:
        return _answer(REFUSED, 403, reason=_("This page is for clients."))
    try:
        item = _read(request.body)
    except ValueError:
        return _answer(REFUSED, 400, reason=_("This log could not be read. Nothing was saved."))
    if item.owner != str(user.public_id):
        reason = _("This was logged on this phone by someone else, so it was not added to yours.")
        return _answer(REFUSED, 403, reason=reason)
    try:
        planned = own_planned_session(user, item.day)
    except Http404:
        return _refused(item, _("There is no session on that day in your plan."), status=404)
    return HANDLERS[item.kind](user, planned, item)
