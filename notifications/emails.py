"""Email messages built from templates/emails/<kind>.txt and .html (in this app): large type,
plain words.

`build` makes the message; it never sends (notifications/tasks.py does, in the worker). Mail that a
person can stop gets a one-click unsubscribe link and the RFC 8058 headers.
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

UNSUBSCRIBE_SALT = "notifications.emails.unsubscribe"

# The preference each kind of mail can be turned off by (MailPreferences field names).
UNSUBSCRIBE_FIELD = {
    "reminder": "reminders",
    "pause_note": "reminders",
    "weekly_summary": "weekly_summary",
    "coach_alert": "coach_alerts",
    "coach_digest": "coach_digest",
}

SUBJECTS = {
    "reminder": _("Your backward walking session is today"),
    "pause_note": _("Your plan is paused: what lets it start again"),
    "weekly_summary": _("Your week of backward walking"),
    "coach_alert": _("A client's plan needs you"),
    "coach_digest": _("Who needs you today"),
    "invite": _("An invitation to backward-walk"),
    "password_reset": _("Set a new backward-walk password"),
}


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_token(user, kind: str) -> str:
    return signing.dumps({"u": str(user.public_id), "k": kind}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[str, str]:
    """(the person's public id, the kind); signing.BadSignature when forged or changed."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or data.get("k") not in UNSUBSCRIBE_FIELD:
        raise signing.BadSignature("not an unsubscribe token")
    return str(data["u"]), data["k"]


def unsubscribe_url(user, kind: str) -> str:
    return absolute(reverse("unsubscribe", args=[unsubscribe_token(user, kind)]))


def build(kind: str, to: str, context: dict, *, user=None) -> EmailMultiAlternatives:
    """The message for `kind`, both parts rendered from the same context. A "subject" in the
    context replaces the kind's own (a coach's alert names the client and the event)."""
    subject = str(context.get("subject") or SUBJECTS[kind])
    context = {**context, "site_url": absolute("/"), "subject": subject}
    # Built inside the reader's language (compose.message_for): say which one it is.
    headers = {"Content-Language": get_language() or settings.LANGUAGE_CODE}
    if user is not None and kind in UNSUBSCRIBE_FIELD:
        link = unsubscribe_url(user, kind)
        context["unsubscribe_url"] = link
        headers["List-Unsubscribe"] = f"<{link}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    text = render_to_string(f"emails/{kind}.txt", context)
    html = render_to_string(f"emails/{kind}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message
