"""A coach and their clients: links and notes (invites: invites.py; plan changes:
adjustments.py).

Plain functions over users and values (no request). Every write runs in a transaction.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from coaching.models import CoachLink, Note, store_coach_menu
from coaching.services import status
from plans.services.errors import CoachingError

MAX_NOTE_LENGTH = 2000
# A coach who stops coaching someone can take it back this long afterwards.
UNDO_END_WINDOW = timedelta(hours=24)


# --- Links -----------------------------------------------------------------------------------


def current_link(client: User | int) -> CoachLink | None:
    """The client's (a User or its id) link to their coach now, with the coach; or None."""
    return (
        CoachLink.objects.select_related("coach", "client").current().filter(client=client).first()
    )


@transaction.atomic
def end_link(link: CoachLink, by: User) -> bool:
    """End a current link (either side may). False when it had already ended.

    The stages that coach confirmed as supervised lapse in the same transaction (§9.1).
    """
    # Imported here: supervision needs the writer, whose coach alerts import this module.
    from plans.services.supervision import lapse_supervision

    now = timezone.now()
    ended = CoachLink.objects.current().filter(pk=link.pk).update(ended_at=now, ended_by=by)
    if ended:
        lapse_supervision(link.client_id, by=by, now=now)
        store_coach_menu(link.client_id)
        status.refresh_one(link.client_id)
    return bool(ended)


@transaction.atomic
def mark_seen(coach: User, client: User, now=None) -> bool:
    """The coach's "seen" mark: the client's flags stay quiet on the dashboard until a newer
    log or event raises one. False when the client is not the coach's current client."""
    marked = (
        CoachLink.objects.current()
        .filter(coach=coach, client=client)
        .update(seen_at=now or timezone.now())
    )
    if marked:
        status.refresh_one(client.pk)
    return bool(marked)


def last_ended_by_coach(coach: User, public_id) -> CoachLink | None:
    """The coach's latest link to this client that the coach ended (for the undo page)."""
    return (
        CoachLink.objects.select_related("client")
        .filter(coach=coach, client__public_id=public_id, ended_by=coach, ended_at__isnull=False)
        .order_by("-ended_at")
        .first()
    )


def last_ended_by_client(client: User) -> CoachLink | None:
    """The client's latest link that the client ended themselves (for their undo page)."""
    return (
        CoachLink.objects.select_related("coach")
        .filter(client=client, ended_by=client, ended_at__isnull=False)
        .order_by("-ended_at")
        .first()
    )


def recently_ended(coach: User, now=None) -> list[CoachLink]:
    """Links the coach ended that can still be undone (the dashboard's short list). One query."""
    now = now or timezone.now()
    return list(
        CoachLink.objects.select_related("client")
        .filter(coach=coach, ended_by=coach, ended_at__gt=now - UNDO_END_WINDOW)
        .order_by("-ended_at")[:10]
    )


def can_undo_end(link: CoachLink, now=None) -> bool:
    now = now or timezone.now()
    return link.ended_at is not None and now - link.ended_at < UNDO_END_WINDOW


def undo_end(by: User, link: CoachLink, now=None) -> CoachLink:
    """Restore a link that `by` (its coach or its client) ended less than UNDO_END_WINDOW ago;
    after that it is final.

    Only the side that ended it can undo it: a coach cannot take back a client's choice to
    stop, nor a client a coach's. Refused (CoachingError) when the client has a coach again
    (a new invite). The supervised stages that lapsed with the end stay lapsed: the coach
    confirms them again (§9.1). The client's sharing choice comes back with the link.
    """
    now = now or timezone.now()
    if by.pk not in (link.coach_id, link.client_id) or link.ended_by_id != by.pk:
        raise CoachingError(_("Only the one who stopped can undo it."))
    if not can_undo_end(link, now):
        raise CoachingError(_("It is more than a day since you stopped, so it cannot be undone."))
    try:
        with transaction.atomic():
            restored = CoachLink.objects.filter(
                pk=link.pk, ended_at=link.ended_at, ended_by=by
            ).update(ended_at=None, ended_by=None)
    except IntegrityError as problem:  # link_one_coach_at_a_time: they have a coach again
        if by.pk == link.client_id:
            message = _("You have a coach again, so this cannot be undone.")
        else:
            message = _("They have a coach again, so this cannot be undone.")
        raise CoachingError(message) from problem
    if not restored:
        raise CoachingError(_("This was already changed; nothing to undo."))
    store_coach_menu(link.client_id)
    status.refresh_one(link.client_id)
    link.ended_at = link.ended_by = None
    return link


@transaction.atomic
def share_history(client: User, shares: bool, now=None) -> CoachLink:
    """The client's choice on their account page: whether their coach also sees what they
    logged before the link began. CoachingError without a current coach."""
    now = now or timezone.now()
    link = current_link(client)
    if link is None:
        raise CoachingError(_("You have no coach at the moment."))
    CoachLink.objects.filter(pk=link.pk).update(shares_history=shares, sharing_chosen_at=now)
    status.refresh_one(client.pk)
    link.shares_history, link.sharing_chosen_at = shares, now
    return link


# --- Notes -----------------------------------------------------------------------------------


def _note_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise CoachingError(_("Please write something before sending."))
    if len(body) > MAX_NOTE_LENGTH:
        raise CoachingError(
            _("Please keep a note to %(limit)s characters or fewer.") % {"limit": MAX_NOTE_LENGTH}
        )
    return body


def write_note(coach: User, client: User, body: str) -> Note:
    """A coach's note to one of their current clients."""
    body = _note_body(body)
    if not CoachLink.objects.coaches(coach, client):
        raise CoachingError(_("You can write only to your current clients."))
    return Note.objects.create(client=client, author=coach, body=body, by_coach=True)


def reply_note(client: User, body: str) -> Note:
    """The client's reply to their coach; without a coach there is no one to read it."""
    body = _note_body(body)
    if current_link(client) is None:
        raise CoachingError(_("You have no coach at the moment, so there is no one to reply to."))
    return Note.objects.create(client=client, author=client, body=body)


def notes_for_coach(coach: User, link: CoachLink):
    """The thread a coach sees: this client's notes since the current link began."""
    return (
        Note.objects.filter(client_id=link.client_id, created_at__gte=link.started_at)
        .select_related("author")
        .order_by("-created_at", "-id")
    )
