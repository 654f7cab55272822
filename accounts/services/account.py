"""Accounts: sign-up confirmed by email, email changes, and deleting an account.

Sign-up answers the same whether or not the address has an account: a new address gets a
link that finishes the sign-up, a known one gets a "you already have an account" mail. Sign-up
from a coach's invite goes the same way: the invite is accepted only once the link is opened.

No mail is sent here: each is written in the request (in the person's language) and queued
in the outbox, in the same transaction, for the worker to send (notifications/outbox.py).
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from accounts import languages
from accounts.models import Consent, User
from accounts.models.privacy import HEALTH_CONSENT_VERSION
from coaching.models import CoachLink, Invite, Note, store_coach_menu
from coaching.services import status
from notifications import limits, outbox
from notifications.models import Notification
from plans.models import FallReport, Plan, PlanEvent, Screening, SessionLog
from plans.services.supervision import lapse_supervision

SIGNUP_SALT = "plans.accounts.signup"
EMAIL_CHANGE_SALT = "plans.accounts.email-change"
RESEND_SALT = "plans.accounts.signup-resend"
LINK_MAX_AGE = 60 * 60 * 24 * 3  # seconds a mailed link works: three days
RESEND_MAX_AGE = 60 * 60  # seconds the login page's "send the link again" button works


class AccountError(Exception):
    """An account action that cannot happen; the message is shown to the person as is."""


def _mail(to: str, subject: str, body: str, *, user: User) -> None:
    """Queue the mail for the worker; it goes out once the caller's transaction commits."""
    outbox.queue_one(
        Notification.Kind.ACCOUNT,
        to=to,
        key=f"account:{uuid.uuid4()}",
        user=user,
        data={"subject": subject, "body": body},
    )


def set_language(user: User, code: str) -> None:
    """The person reads `code` (one of settings.LANGUAGES) from now on: pages, mail, feed."""
    if code not in dict(settings.LANGUAGES):
        raise AccountError(_("We do not have that language."))
    User.objects.filter(pk=user.pk).update(language=code)
    user.language = code


# --- Sign-up ---------------------------------------------------------------------------------


def start_signup(
    fields: dict,
    password: str,
    address: str,
    link_for: Callable[[str], str],
    invite: Invite | None = None,
) -> None:
    """Make an unconfirmed account and mail its link, or tell a known address it has one.

    `fields`: display_name, email, time_zone, role. Counts against the daily limits for the
    connection's `address` and the email (limits.LimitReached). With an `invite` (sign-up
    from a coach's link) the account is a client's, and the invite is accepted when the
    mailed link is opened, not before: until then nobody has shown the address is theirs.
    """
    email = fields["email"].strip().lower()
    with transaction.atomic():
        limits.spend((limits.SIGNUP_PER_ADDRESS, address), (limits.SIGNUP_PER_EMAIL, email))
        existing = User.objects.select_for_update().filter(email=email).first()
        if existing is not None and not existing.awaits_confirmation:
            with languages.speaking(existing):  # in the account's language, not the visitor's
                _mail(
                    email,
                    _("You already have a backward-walk account"),
                    _(
                        "Hello,\n\nSomeone, probably you, tried to make a new backward-walk "
                        "account with this email address. You already have one.\n\n"
                        'Log in: %(link)s\nForgot the password? Use "Forgot your password?" '
                        "on that page.\n\nIf this was not you, you can ignore this email.\n"
                    )
                    % {"link": link_for("")},
                    user=existing,
                )
            return
        # An address that never confirmed can start again: the newest details win, and the
        # links mailed before stop working (see _signup_fingerprint).
        user = existing or User(email=email)
        user.display_name = fields["display_name"]
        user.time_zone = fields["time_zone"]
        # The language the sign-up page was read in: the browser's, or the one chosen there.
        user.language = languages.current()
        user.role = User.Role.CLIENT if invite else fields.get("role", User.Role.CLIENT)
        user.signup_invite = invite
        user.is_active = False
        user.email_confirmed = False
        user.set_password(password)
        user.save()
        record_consent(user)
        send_signup_link(user, link_for)


def send_signup_link(user: User, link_for: Callable[[str], str]) -> None:
    """The mail whose link switches a waiting sign-up on (start_signup, resend_signup_link)."""
    token = signing.dumps(
        {"u": user.pk, "e": user.email, "p": _signup_fingerprint(user)}, salt=SIGNUP_SALT
    )
    words = {"name": user.display_name, "link": link_for(token)}
    # The whole email, with or without the invite's paragraph: one text for its translator.
    invite = user.signup_invite  # no query when there is none (signup_invite_id is None)
    if invite is not None:
        words["coach"] = invite.coach.display_name
        body = (
            _(
                "Hello %(name)s,\n\nTo finish making your account, open this link:\n"
                "%(link)s\n\nIt works for three days. If you did not sign up, you can "
                "ignore this email and no account will be made.\n"
                "\nOpening it also links you with %(coach)s, who invited you: they will see your "
                "plan and your logs.\n"
            )
            % words
        )
    else:
        body = (
            _(
                "Hello %(name)s,\n\nTo finish making your account, open this link:\n"
                "%(link)s\n\nIt works for three days. If you did not sign up, you can "
                "ignore this email and no account will be made.\n"
            )
            % words
        )
    _mail(user.email, _("Finish making your backward-walk account"), body, user=user)


def _signup_fingerprint(user: User) -> str:
    """Part of every sign-up link: it changes with each new sign-up for the address (a new
    password hash), so only the newest mail's link works. Otherwise an older link, opened
    later, would switch on the details (and password) someone else typed since."""
    return salted_hmac(SIGNUP_SALT, user.password).hexdigest()[:20]


def record_consent(user: User) -> Consent:
    consent, _created = Consent.objects.get_or_create(
        user=user, kind=Consent.Kind.HEALTH_DATA, version=HEALTH_CONSENT_VERSION
    )
    return consent


@dataclass(frozen=True)
class Confirmed:
    user: User
    # The invite the person signed up from, to accept now; None after the first opening.
    invite: Invite | None


def confirm_signup(token: str) -> Confirmed:
    """The account behind a sign-up link, switched on; AccountError when the link is bad."""
    try:
        data = signing.loads(token, salt=SIGNUP_SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        raise AccountError(
            _(
                "This link does not work any more: it is more than three days old or was "
                "changed. Please sign up again."
            )
        ) from None
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=data["u"], email=data["e"]).first()
        if user is None:
            raise AccountError(_("This account no longer exists. Please sign up again."))
        if data.get("p") != _signup_fingerprint(user):
            raise AccountError(
                _(
                    "This link was replaced by a newer one: someone signed up again with this "
                    "email. Open the newest email we sent, or sign up again."
                )
            )
        invite = None
        if user.awaits_confirmation:
            invite = user.signup_invite
            user.email_confirmed = True
            user.is_active = True
            user.signup_invite = None
            user.save(update_fields=["email_confirmed", "is_active", "signup_invite"])
    return Confirmed(user=user, invite=invite)


def resend_token(user: User) -> str:
    """For the login page's "send the link again" button: made only after the right
    password, so the button cannot be used to mail an address one does not control."""
    return signing.dumps({"u": user.pk, "p": _signup_fingerprint(user)}, salt=RESEND_SALT)


def resend_signup_link(token: str, address: str, link_for: Callable[[str], str]) -> User:
    """Mail a waiting sign-up its link again; counts against the sign-up limits like a new
    sign-up (limits.LimitReached), and AccountError when the button is too old."""
    try:
        data = signing.loads(token, salt=RESEND_SALT, max_age=RESEND_MAX_AGE)
    except signing.BadSignature:
        raise AccountError(
            _("This button is too old. Please log in again to get a new one.")
        ) from None
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=data["u"]).first()
        if user is None or data.get("p") != _signup_fingerprint(user):
            raise AccountError(_("This button is too old. Please log in again to get a new one."))
        if not user.awaits_confirmation:
            raise AccountError(_("Your email is already confirmed. Please log in."))
        limits.spend((limits.SIGNUP_PER_ADDRESS, address), (limits.SIGNUP_PER_EMAIL, user.email))
        send_signup_link(user, link_for)
    return user


# --- Changing the email ----------------------------------------------------------------------


def request_email_change(user: User, new_email: str, link_for: Callable[[str], str]) -> None:
    """Mail a confirming link to the new address and a notice to the old one.

    Nothing changes until the link is opened. A new address that already has an account
    gets no mail, and the person is told the same as for any other address.
    """
    new_email = new_email.strip().lower()
    with transaction.atomic():
        limits.spend((limits.EMAIL_CHANGES_PER_ACCOUNT, f"user:{user.pk}"))
        _mail(
            user.email,
            _("Your backward-walk email is about to change"),
            _(
                "Hello %(name)s,\n\nSomeone signed in to your account asked to "
                "change its email address. The change happens only when the link we sent to "
                "the new address is opened.\n\nIf this was not you, change your password now "
                "and tell the site's staff.\n"
            )
            % {"name": user.display_name},
            user=user,
        )
        if User.objects.filter(email=new_email).exists():
            return
        token = signing.dumps(
            {"u": user.pk, "o": user.email, "n": new_email}, salt=EMAIL_CHANGE_SALT
        )
        _mail(
            new_email,
            _("Confirm your new backward-walk email"),
            _(
                "Hello %(name)s,\n\nTo use this address for your backward-walk "
                "account, open this link while logged in:\n%(link)s\n\n"
                "It works for three days. If you did not ask for this, ignore this email.\n"
            )
            % {"name": user.display_name, "link": link_for(token)},
            user=user,
        )


def confirm_email_change(user: User, token: str) -> str:
    """Apply a confirmed change for the signed-in `user`; returns the new email."""
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        raise AccountError(
            _(
                "This link does not work any more: it is more than three days old or was "
                "changed. Ask for a new one from your account page."
            )
        ) from None
    if data["u"] != user.pk:
        raise AccountError(_("This link is for a different account. Log in with that one first."))
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.email != data["o"]:
            raise AccountError(_("Your email changed since this link was sent; nothing was done."))
        if User.objects.filter(email=data["n"]).exclude(pk=user.pk).exists():
            raise AccountError(_("Another account uses that email now; nothing was changed."))
        locked.email = data["n"]
        locked.save(update_fields=["email"])
    user.email = data["n"]
    return data["n"]


# --- Deleting an account ---------------------------------------------------------------------


@transaction.atomic
def delete_account(user: User) -> bool:
    """Remove the person and everything about them; a coach's clients are told and unlinked.
    False when the account was already gone (deleted from another tab a moment before).

    Logs are deleted before plans and plans before screenings, because those links are
    PROTECT (history is never deleted by accident, only here, on purpose).
    """
    found = User.objects.select_for_update().filter(pk=user.pk).first()
    if found is None:
        return False
    user = found
    former_clients = _tell_clients_coach_left(user) if user.is_coach else []
    SessionLog.objects.filter(client=user).delete()
    FallReport.objects.filter(client=user).delete()
    # Events on other people's plans (a coach's changes) stay, without the name.
    PlanEvent.objects.filter(made_by=user).update(made_by=None)
    Plan.objects.filter(client=user).delete()
    Screening.objects.filter(client=user).delete()
    Screening.objects.filter(clearance_recorded_by=user).update(clearance_recorded_by=None)
    # A coach's notes stay with the clients they were written to, without the coach: the
    # author becomes None (SET_NULL) and the page signs them "your former coach".
    # Mail to the address before it had an account (an invite); the rest goes with the user.
    Notification.objects.filter(user__isnull=True, to__iexact=user.email).delete()
    limits.forget(f"user:{user.pk}", user.email)
    _forget_login_records(user.email)
    user.delete()
    # Their former clients' rows no longer name a coach (the client's own row went with them).
    status.refresh(former_clients)
    return True


def _tell_clients_coach_left(coach: User) -> list[int]:
    now = timezone.now()
    links = list(CoachLink.objects.current().filter(coach=coach))
    CoachLink.objects.filter(pk__in=[link.pk for link in links]).update(ended_at=now, ended_by=None)
    for link in links:  # what this coach confirmed as supervised lapses with them (§9.1)
        lapse_supervision(link.client_id, now=now)
    Note.objects.bulk_create(
        Note(
            client_id=link.client_id,
            author=None,
            created_at=now,
            # No name: nothing personal of the coach is kept after the deletion.
            body=_(
                "Your coach closed their backward-walk account, so they are no longer your "
                "coach and can no longer see your plan or logs. Your plan, everything you "
                "logged and your notes stay with you."
            ),
        )
        for link in links
    )
    store_coach_menu(*(link.client_id for link in links))
    return [link.client_id for link in links]


def _forget_login_records(email: str) -> None:
    """django-axes keeps the login as typed; remove every record of this one."""
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(Q(username__iexact=email)).delete()
