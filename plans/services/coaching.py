"""A coach and their clients: links, invites and notes (plan changes: adjustments.py).

Plain functions over users and values (no request). Every write runs in a transaction.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from plans.models import CoachLink, Invite, Note, User
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


# --- Invites ---------------------------------------------------------------------------------


def create_invite(coach: User, email: str = "") -> Invite:
    if not coach.is_coach:
        raise CoachingError("Only a coach can invite clients.")
    return Invite.objects.create(coach=coach, email=email.strip().lower())


def send_invite_email(invite: Invite, link: str) -> None:
    """Mail the link to the invited person (console backend in development)."""
    coach = invite.coach
    send_mail(
        subject=f"{coach.display_name} invites you to backward-walk",
        message=(
            f"Hello,\n\n{coach.display_name} would like to guide your backward walking "
            f"practice on backward-walk.\n\nTo accept, open this link:\n{link}\n\n"
            f"The link works once and until {invite.expires_at:%d %B %Y}. If you did not "
            "expect this email, you can ignore it.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invite.email],
    )


@transaction.atomic
def revoke_invite(coach: User, code: str) -> bool:
    """Revoke one of the coach's own open invites. False when it was no longer open."""
    return bool(
        Invite.objects.filter(
            coach=coach,
            code=code,
            accepted_at__isnull=True,
            declined_at__isnull=True,
            revoked_at__isnull=True,
        ).update(revoked_at=timezone.now())
    )


def _claim(invite: Invite, field: str, now, **extra) -> bool:
    """Mark an open invite used or declined in one UPDATE: 0 rows means someone beat us."""
    return bool(
        Invite.objects.filter(
            pk=invite.pk,
            accepted_at__isnull=True,
            declined_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
        ).update(**{field: now}, **extra)
    )


@transaction.atomic
def accept_invite(invite: Invite, client: User) -> CoachLink:
    """Link `client` with the invite's coach, ending any current link, in one transaction."""
    if client.is_coach:
        raise CoachingError("This invite is for a client. You are logged in as a coach.")
    now = timezone.now()
    if not _claim(invite, "accepted_at", now, accepted_by=client):
        raise CoachingError("This invite can no longer be used.")
    # Lock the client's row: two invites accepted at once still leave one current coach.
    User.objects.select_for_update().filter(pk=client.pk).first()
    link = current_link(client)
    if link is not None and link.coach_id == invite.coach_id:
        return link
    if link is not None:
        CoachLink.objects.filter(pk=link.pk).update(ended_at=now, ended_by=client)
    return CoachLink.objects.create(coach_id=invite.coach_id, client=client, started_at=now)


@transaction.atomic
def decline_invite(invite: Invite, client: User) -> None:
    if not _claim(invite, "declined_at", timezone.now()):
        raise CoachingError("This invite can no longer be used.")


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
