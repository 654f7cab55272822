"""What each outbox row says, read at send time so it reflects the state now, in the words of
the person it goes to (their account's language: accounts/languages.py).

Raises Skip when the mail is no longer wanted. A coach's alert says what happened in
one line, from the plan event it was queued for (plans.event_words); its subject, which a
locked phone shows, names the client and the event only ("Ana: a fall"), never a pain score,
an injury or a head strike.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.formats import number_format
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import languages
from accounts.models import User
from backward_walk.formats import local_date
from backward_walk.text import Text
from coaching.models import ClientStatus, CoachLink, Invite
from notifications import emails, push
from notifications.models import Notification
from plans import event_words, progress
from plans.models import Plan, PlanEvent, PlannedSession
from plans.selectors.dose import break_view, session_to_do
from plans.services.intake import current_plan
from plans.services.progress_data import _client_records
from plans.services.transitions import PAUSED


class Skip(Exception):
    """The mail is no longer wanted (session logged, plan resumed, day over): don't send."""


Kind = Notification.Kind

LIFTS: dict[str, Text] = {
    Plan.PauseNeeds.PHYSICIAN: gettext_lazy(
        "A doctor or physiotherapist needs to say it is safe to go on."
    ),
    Plan.PauseNeeds.COACH: gettext_lazy(
        "Your coach or physiotherapist needs to look at your plan."
    ),
    Plan.PauseNeeds.SELF: gettext_lazy("Answer a few short questions about how you feel now."),
}


def _reminder(row, now):
    user = row.user
    if row.day != user.local_today(now):
        raise Skip("the day is over")
    session = (
        PlannedSession.objects.filter(
            client=user, date=row.day, cancelled=False, log__isnull=True, plan__status="active"
        )
        .select_related("plan")
        .first()
    )
    if session is None:
        raise Skip("no session left to remind about")
    plan = session.plan
    after_break = break_view(plan, row.day)
    if plan.rescreen_due or after_break.get("break_rescreen"):
        # §9.9: after a long break the health questions come first; no session reminder.
        raise Skip("the health questions are due first")
    return {
        "name": user.display_name,
        # After missed sessions, the shorter session Today shows.
        "minutes": session_to_do(plan, session, after_break).total_minutes,
        "today_url": emails.absolute(reverse("today")),
    }


def _pause_note(row, now):
    plan = current_plan(row.user)
    if plan is None or plan.status not in PAUSED:
        raise Skip("the plan is not paused")
    what = LIFTS.get(plan.pause_needs, _("Open the app to see what is needed."))
    return {
        "name": row.user.display_name,
        "what_lifts": str(what),
        "resume_url": emails.absolute(reverse("resume_plan")),
    }


def _weekly_summary(row, now):
    plan = current_plan(row.user)
    if plan is None:
        raise Skip("no plan")
    records, _start = _client_records(row.user, plan)
    today = row.user.local_today(now)
    monday = progress.monday_of(today)
    last_week = progress.adherence(
        records, monday - timedelta(days=7), monday - timedelta(days=1), today
    )
    ahead = [
        r.date
        for r in records
        if monday <= r.date < monday + timedelta(days=7) and r.planned and not r.cancelled
    ]
    return {
        "name": row.user.display_name,
        "done": number_format(f"{last_week.done:g}"),
        "planned": last_week.planned,
        "streak": progress.streak(records, today),
        "next_days": [local_date(day, "WEEKDAY_DATE") for day in ahead],
        "progress_url": emails.absolute(reverse("progress")),
    }


def _client_url(client: User) -> str:
    return emails.absolute(reverse("coach_client", args=[client.public_id]))


def attention_words(client: User, plan: Plan) -> str:
    if plan.status in PAUSED:
        return _("%(name)s's plan is paused — open their page.") % {"name": client.display_name}
    return _("%(name)s's plan needs a look from you — open their page.") % {
        "name": client.display_name
    }


def _alert_event(row, client: User) -> PlanEvent | None:
    """The event the alert was queued for (its id is in the data, and in the key of rows
    queued before it was); None if it is gone."""
    event_id = row.data.get("event") or row.key.removeprefix("alert:")
    if not str(event_id).isdigit():
        return None
    return (
        PlanEvent.objects.select_related("log", "plan", "made_by")
        .filter(pk=event_id, plan__client=client)
        .first()
    )


def _coach_alert(row, now):
    client = User.objects.get(pk=row.data["client"])
    plan = current_plan(client)
    if (
        not CoachLink.objects.coaches(row.user, client)
        or plan is None
        or not (plan.status in PAUSED or plan.needs_review)
    ):
        raise Skip("no longer needs the coach")
    event = _alert_event(row, client)
    if event is None:
        what, subject = attention_words(client, plan), None
    else:
        # Days in the coach's words as of their own today; the dates are the client's days.
        today = row.user.local_today(now)
        name = client.display_name
        what = event_words.what_happened(
            event, name, lambda day: event_words.relative_day(day, today), reader=row.user
        )
        subject = event_words.headline(event, name)
    return {
        "coach_name": row.user.display_name,
        "what": what,
        "subject": subject,
        # What the mail program shows before it is opened: no more than the subject says.
        "preheader": _("%(subject)s. Open this email to read what happened.")
        % {"subject": subject or emails.SUBJECTS[Kind.COACH_ALERT]},
        "client_url": _client_url(client),
    }


# The flags that mean a plan waits for the coach (paused, waiting for clearance, or marked
# for review): the digest lists the clients whose stored row carries one, so it names the
# same people the dashboard flags.
DIGEST_FLAGS = ("paused", "clearance", "needs_review")


def _coach_digest(row, now):
    if row.day != row.user.local_today(now):
        raise Skip("the day is over")
    waiting = Q()
    for code in DIGEST_FLAGS:
        waiting |= Q(flags__contains=code)
    statuses = (
        ClientStatus.objects.filter(waiting, coach=row.user)
        .select_related("client")
        .order_by("client__display_name")
    )
    rows = [
        {"what": status_words(status), "url": _client_url(status.client)} for status in statuses
    ]
    if not rows:
        raise Skip("nobody needs attention")
    return {"coach_name": row.user.display_name, "rows": rows}


def status_words(status: ClientStatus) -> str:
    """attention_words, from the stored row: paused (or waiting for clearance), or a review."""
    name = status.client.display_name
    if {"paused", "clearance"} & set(status.flag_codes):
        return _("%(name)s's plan is paused — open their page.") % {"name": name}
    return _("%(name)s's plan needs a look from you — open their page.") % {"name": name}


def _invite(row, now):
    invite = Invite.objects.select_related("coach").get(pk=row.data["invite"])
    return {
        "coach_name": invite.coach.display_name,
        "link": row.data["link"],
        "expires": local_date(timezone.localtime(invite.expires_at, invite.coach.tz), "LONG_DATE"),
    }


def _password_reset(row, now):
    # A fresh token made now: the outbox never stores one.
    user = row.user
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return {"name": user.display_name, "link": emails.absolute(path)}


# Kind -> the template context of its mail.
CONTEXT: dict[str, Callable[[Notification, datetime], dict[str, Any]]] = {
    Kind.REMINDER: _reminder,
    Kind.PAUSE_NOTE: _pause_note,
    Kind.WEEKLY_SUMMARY: _weekly_summary,
    Kind.COACH_ALERT: _coach_alert,
    Kind.COACH_DIGEST: _coach_digest,
    Kind.INVITE: _invite,
    Kind.PASSWORD_RESET: _password_reset,
}


def _account_mail(row: Notification) -> EmailMessage:
    """Written in the request, in the person's language (accounts/services/account.py)."""
    return EmailMessage(
        row.data["subject"], row.data["body"], settings.DEFAULT_FROM_EMAIL, [row.to]
    )


def reader(row: Notification) -> User | None:
    """Whose language the row is written in: the person it goes to, or for an invite (to an
    address with no account yet) the coach who sends it."""
    if row.user is not None:
        return row.user
    if row.kind == Kind.INVITE:
        invite = Invite.objects.select_related("coach").filter(pk=row.data.get("invite")).first()
        return invite.coach if invite else None
    return None


def message_for(row: Notification, now: datetime):
    """The message for `row`, every word of it (subject, body, push text) in the reader's
    language."""
    with languages.speaking(reader(row)):
        return _message_for(row, now)


def _message_for(row: Notification, now: datetime):
    if row.kind == Kind.ACCOUNT:
        return _account_mail(row)
    if row.user is not None and row.kind in emails.UNSUBSCRIBE_FIELD:
        prefs = getattr(row.user, "mail_preferences", None)
        field = emails.UNSUBSCRIBE_FIELD[row.kind]
        wanted = (
            getattr(prefs, field) if prefs else row.kind in (Kind.COACH_ALERT, Kind.COACH_DIGEST)
        )
        if not wanted:
            raise Skip("turned off")
    context = CONTEXT[row.kind](row, now)
    # Only account mail (handled above) has no person; every other kind has one.
    to = row.to or row.user.email  # type: ignore[union-attr]
    email = emails.build(row.kind, to, context, user=row.user)
    # Reminders, the pause note and alerts go to the person's phone first (services/push.py).
    return push.phone_first(row, context, email)
