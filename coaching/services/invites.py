"""A coach's invites: made, mailed, revoked, accepted or declined.

An invite emailed to an address belongs to that address: only a signed-in person with that
email can answer it. An invite without an email is a link the coach shares as they like.
"""

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from accounts.models import User
from coaching.models import CoachLink, Invite
from coaching.services import status
from coaching.services.links import CoachingError, current_link
from notifications import limits, outbox
from notifications.models import Notification
from plans.services.supervision import lapse_supervision


def create_invite(coach: User, email: str = "", name: str = "") -> Invite:
    """`name` is the coach's own label for the invite, shown only in their list."""
    if not coach.is_coach:
        raise CoachingError(gettext("Only a coach can invite clients."))
    return Invite.objects.create(coach=coach, email=email.strip().lower(), name=name.strip())


def send_invite_email(invite: Invite, link: str) -> None:
    """Queue the invite mail for the worker (notifications: emails/invite.*); sent on commit."""
    outbox.queue_one(
        Notification.Kind.INVITE,
        to=invite.email,
        key=f"invite:{invite.pk}",
        data={"invite": invite.pk, "link": link},
    )


def invite_and_mail(
    coach: User, email: str, link_for: Callable[[str], str], name: str = ""
) -> Invite:
    """Make an invite and, with an email, mail it: both happen or neither does.

    Counts against the coach's and the address's daily limits (limits.LimitReached).
    """
    with transaction.atomic():
        limits.spend(
            (limits.INVITES_PER_ACCOUNT, f"user:{coach.pk}"),
            (limits.INVITES_PER_EMAIL, email),
        )
        invite = create_invite(coach, email, name)
        if invite.email:
            send_invite_email(invite, link_for(invite.code))
    return invite


def is_for(invite: Invite, user: User) -> bool:
    """An emailed invite is for its address only; a link invite is for whoever has it."""
    return not invite.email or invite.email == user.email.strip().lower()


NOT_FOR_YOU = gettext_lazy(
    "This invite was sent to a different email address. Log in with that address, or ask "
    "your coach to send an invite to the email you use here."
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


def hold_choice(invite: Invite, shares_history: bool) -> None:
    """Keep the sign-up form's sharing choice with the invite until it is accepted.

    A link invite may be signed up from more than once before anyone confirms: a "no" once
    held stays, so the choice held never shares more than any of those people chose (the
    one who is linked can say yes later on their account page).
    """
    Invite.objects.filter(pk=invite.pk).exclude(shares_history=False).update(
        shares_history=shares_history
    )
    invite.refresh_from_db(fields=["shares_history"])


@transaction.atomic
def accept_invite(invite: Invite, client: User, shares_history: bool | None = None) -> CoachLink:
    """Link `client` with the invite's coach, ending any current link, in one transaction.

    `shares_history` is the client's choice whether the coach also sees what they logged
    before today; None takes the choice held with the invite (hold_choice), and without one
    nothing from before today is shared. Accepting the same coach's invite again records the
    new choice on the current link.
    """
    if shares_history is None:
        shares_history = bool(invite.shares_history)
    if client.is_coach:
        raise CoachingError(gettext("This invite is for a client. You are logged in as a coach."))
    if not is_for(invite, client):
        raise CoachingError(NOT_FOR_YOU)
    now = timezone.now()
    if not _claim(invite, "accepted_at", now, accepted_by=client, shares_history=shares_history):
        raise CoachingError(gettext("This invite can no longer be used."))
    # Lock the client's row: two invites accepted at once still leave one current coach.
    User.objects.select_for_update().filter(pk=client.pk).first()
    link = current_link(client)
    if link is not None and link.coach_id == invite.coach_id:
        CoachLink.objects.filter(pk=link.pk).update(
            shares_history=shares_history, sharing_chosen_at=now
        )
        link.shares_history, link.sharing_chosen_at = shares_history, now
        status.refresh_one(client.pk)
        return link
    if link is not None:
        CoachLink.objects.filter(pk=link.pk).update(ended_at=now, ended_by=client)
        # The menu is stored again by the new link's save() below (store_coach_menu).
        # The old coach's confirmations end with their link; the new coach confirms again.
        lapse_supervision(client.pk, by=client, now=now)
    link = CoachLink.objects.create(
        coach_id=invite.coach_id,
        client=client,
        started_at=now,
        shares_history=shares_history,
        sharing_chosen_at=now,
    )
    status.refresh_one(client.pk)
    return link


@transaction.atomic
def decline_invite(invite: Invite, client: User) -> None:
    if not is_for(invite, client):
        raise CoachingError(NOT_FOR_YOU)
    if not _claim(invite, "declined_at", timezone.now()):
        raise CoachingError(gettext("This invite can no longer be used."))
