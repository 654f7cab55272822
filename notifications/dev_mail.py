"""Mail in development (DEBUG=1 and no EMAIL_HOST): kept where a person can open it.

The worker prints one line per message ("Mail to ana@example.org: Finish making your
backward-walk account — http://127.0.0.1:8000/signup/confirm/…/") instead of pages of raw
MIME, and keeps the whole message in DEV_MAIL_DIR, which /dev/mail/ lists for staff.
"""

import re
import sys
import uuid
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage as ParsedMessage
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

KEEP = 100  # messages kept in the folder; older ones are deleted
LINK = re.compile(r"https?://[^\s<>\"']+")


def links_in(text: str) -> list[str]:
    return LINK.findall(text)


def main_link(text: str) -> str:
    """The link the mail is about: the first that is neither the home page nor the way out."""
    home = settings.SITE_URL.rstrip("/")
    for link in links_in(text):
        if link.rstrip("/") != home and "/unsubscribe/" not in link:
            return link
    return ""


def summary(to: list[str], subject: str, text: str) -> str:
    line = f"Mail to {', '.join(to)}: {subject}"
    link = main_link(text)
    return f"{line} — {link}" if link else line


def folder() -> Path:
    return Path(settings.DEV_MAIL_DIR)


class DevMailBackend(BaseEmailBackend):
    def __init__(self, *args, stream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stream = stream or sys.stdout

    def send_messages(self, email_messages) -> int:
        where = folder()
        where.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            # A sortable name: the newest file is the newest mail.
            name = f"{timezone.now():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
            (where / name).write_bytes(message.message().as_bytes())
            self.stream.write(summary(message.to, str(message.subject), message.body) + "\n")
            self.stream.flush()
        for old in sorted(where.glob("*.eml"), reverse=True)[KEEP:]:
            old.unlink(missing_ok=True)
        return len(email_messages)


@dataclass(frozen=True)
class KeptMail:
    to: str
    subject: str
    sent_at: datetime | None
    text: str
    links: list[str]


def _text_of(parsed: ParsedMessage) -> str:
    part = parsed.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


def kept_mail() -> list[KeptMail]:
    """The kept messages, newest first."""
    mails = []
    for path in sorted(folder().glob("*.eml"), reverse=True):
        parsed = message_from_bytes(path.read_bytes(), policy=policy.default)
        text = _text_of(parsed)
        date = parsed["Date"]
        mails.append(
            KeptMail(
                to=str(parsed["To"]),
                subject=str(parsed["Subject"]),
                sent_at=date.datetime if date is not None else None,
                text=text,
                links=links_in(text),
            )
        )
    return mails
