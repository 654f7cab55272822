"""A coach and their clients: links and notes (invites: invites.py; plan changes:
adjustments.py).

Plain functions over users and values (no request). Every write runs in a transaction.
"""

from django.db import transaction
from django.utils import timezone

from plans.models import CoachLink, Note, User
from plans.services.errors import CoachingError

MAX_NOTE_LENGTH = 2000


# --- Links -----------------------------------------------------------------------------------


def current_link(client: User) -> CoachLink | None:
    return (
        CoachLink.objects.select_related("coach")
        .filter(client=client, ended_at__isnull=True)
        .first()
    )


@transaction.atomic
def end_link(link: CoachLink, by: User) -> bool:
    """End a current link (either side may). False when it had already ended."""
    return bool(
        CoachLink.objects.filter(pk=link.pk, ended_at__isnull=True).update(
            ended_at=timezone.now(), ended_by=by
        )
    )


def mark_seen(coach: User, client: User, now=None) -> bool:
    """The coach's "seen" mark: the client's flags stay quiet on the dashboard until a newer
    log or event raises one. False when the client is not the coach's current client."""
    return bool(
        CoachLink.objects.filter(coach=coach, client=client, ended_at__isnull=True).update(
            seen_at=now or timezone.now()
        )
    )


# --- Notes -----------------------------------------------------------------------------------


def _note_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise CoachingError("Please write something before sending.")
    if len(body) > MAX_NOTE_LENGTH:
        raise CoachingError(f"Please keep a note to {MAX_NOTE_LENGTH} characters or fewer.")
    return body


def write_note(coach: User, client: User, body: str) -> Note:
    """A coach's note to one of their current clients."""
    body = _note_body(body)
    if not CoachLink.objects.filter(coach=coach, client=client, ended_at__isnull=True).exists():
        raise CoachingError("You can write only to your current clients.")
    return Note.objects.create(client=client, author=coach, body=body)


def reply_note(client: User, body: str) -> Note:
    """The client's reply to their coach; without a coach there is no one to read it."""
    body = _note_body(body)
    if current_link(client) is None:
        raise CoachingError("You have no coach at the moment, so there is no one to reply to.")
    return Note.objects.create(client=client, author=client, body=body)


def notes_for_coach(coach: User, link: CoachLink):
    """The thread a coach sees: this client's notes since the current link began."""
    return (
        Note.objects.filter(client_id=link.client_id, created_at__gte=link.started_at)
        .select_related("author")
        .order_by("-created_at", "-id")
    )
