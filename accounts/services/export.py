"""Everything the app holds about one person, as JSON and CSV files in one zip.

Other people appear only by their role ("you", "coach"), never by name, email or id, so
the download holds nothing of anyone else. `csv_cell` guards every CSV this app writes.
"""

import csv
import io
import json
import zipfile
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from uuid import UUID

from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Consent, User
from assessments.models import AssessmentResult
from coaching.models import CoachLink, Invite, Note
from feeds import services as calendar_feed
from feeds.models import CalendarFeed
from notifications import emails
from notifications.models import MailPreferences, Notification, PushSubscription
from plans.models import (
    FallReport,
    Plan,
    PlanEvent,
    PlannedSession,
    QuestionnaireDraft,
    Screening,
    SessionLog,
)

ACCOUNT_FIELDS = ("email", "display_name", "time_zone", "role", "date_joined", "last_login")
# Foreign keys to people: written as who they are to this person, not who they are.
PERSON_FIELDS = {
    "client",
    "coach",
    "author",
    "made_by",
    "ended_by",
    "accepted_by",
    "clearance_recorded_by",
    "recorded_by",
    "user",
}
# Keys between this person's own rows, kept so the files can be joined again.
SKIPPED_FIELDS = {"password", "public_id"}


def csv_cell(value) -> str:
    """A value as CSV text; a cell starting with = + - @ would run as a spreadsheet formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def _plain(value):
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    return value


def _who(person_id: int | None, user: User, field: str) -> str:
    if person_id is None:
        return ""
    if person_id == user.pk:
        return "you"
    return "client" if field == "client" else "coach"


def _row(obj: Model, user: User) -> dict:
    row = {}
    for field in obj._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS:
            continue
        if field.is_relation and field.name in PERSON_FIELDS:
            row[field.name] = _who(getattr(obj, field.attname), user, field.name)
        elif field.is_relation:
            row[f"{field.name}_id"] = getattr(obj, field.attname)
        else:
            row[field.name] = _plain(getattr(obj, field.attname))
    return row


def _rows(objects, user: User) -> list[dict]:
    return [_row(obj, user) for obj in objects]


def _account(user: User) -> list[dict]:
    return [{name: _plain(getattr(user, name)) for name in ACCOUNT_FIELDS}]


def _plans(user: User):
    return Plan.objects.filter(client=user)


def _calendar_link(user: User) -> list[dict]:
    """The feed's address, as the account page shows it (its key alone opens nothing)."""
    return [
        {
            "link": emails.absolute(calendar_feed.feed_path(feed)),
            "created_at": _plain(feed.created_at),
        }
        for feed in CalendarFeed.objects.filter(user=user)
    ]


def _mails(user: User) -> list[dict]:
    """Every email sent or queued for the person: to their account, or to their address
    before they had one (an invite). What each was built from (ids) is left out."""
    mails = Notification.objects.filter(Q(user=user) | Q(user__isnull=True, to__iexact=user.email))
    return [
        {name: _plain(getattr(mail, name)) for name in MAIL_FIELDS}
        for mail in mails.order_by("created_at", "id")
    ]


def _invites_made(user: User) -> list[dict]:
    """A coach's invites, by their dates only: the address and the label name someone else."""
    return [
        {name: _plain(getattr(invite, name)) for name in INVITE_DATES}
        for invite in Invite.objects.filter(coach=user).order_by("created_at")
    ]


def _invites_accepted(user: User) -> list[dict]:
    return [
        {"created_at": _plain(i.created_at), "accepted_at": _plain(i.accepted_at)}
        for i in Invite.objects.filter(accepted_by=user)
    ]


MAIL_FIELDS = ("kind", "day", "to", "status", "attempts", "created_at", "sent_at")
INVITE_DATES = ("created_at", "expires_at", "accepted_at", "declined_at", "revoked_at")

# Each table of the export: its name, the model its rows come from, and how they are read.
# tests/test_export_complete.py lists every model with a foreign key to a person and fails
# when one is neither here nor in NOT_EXPORTED.
TABLES: tuple[tuple[str, type[Model], Callable[[User], list[dict]]], ...] = (
    ("account", User, _account),
    ("consents", Consent, lambda u: _rows(Consent.objects.filter(user=u), u)),
    ("screenings", Screening, lambda u: _rows(Screening.objects.filter(client=u), u)),
    (
        "questionnaire_draft",
        QuestionnaireDraft,
        lambda u: _rows(QuestionnaireDraft.objects.filter(client=u), u),
    ),
    ("plans", Plan, lambda u: _rows(_plans(u).order_by("version"), u)),
    (
        "planned_sessions",
        PlannedSession,
        lambda u: _rows(PlannedSession.objects.filter(plan__in=_plans(u)).order_by("date"), u),
    ),
    (
        "session_logs",
        SessionLog,
        lambda u: _rows(SessionLog.objects.filter(client=u).order_by("date"), u),
    ),
    (
        "fall_reports",
        FallReport,
        lambda u: _rows(FallReport.objects.filter(client=u).order_by("happened_at"), u),
    ),
    (
        "functional_test_results",
        AssessmentResult,
        lambda u: _rows(
            AssessmentResult.objects.filter(client=u).order_by("taken_on", "created_at"), u
        ),
    ),
    (
        "plan_events",
        PlanEvent,
        lambda u: _rows(PlanEvent.objects.filter(plan__in=_plans(u)).order_by("made_at"), u),
    ),
    (
        "notes",
        Note,
        lambda u: _rows(Note.objects.filter(client=u).order_by("created_at", "id"), u),
    ),
    (
        "coach_links",
        CoachLink,
        lambda u: _rows(
            CoachLink.objects.filter(Q(client=u) | Q(coach=u)).order_by("started_at"), u
        ),
    ),
    # Each browser that shows this person's reminders (its address at the push service, and
    # its keys).
    (
        "phone_reminders",
        PushSubscription,
        lambda u: _rows(PushSubscription.objects.filter(user=u).order_by("pk"), u),
    ),
    ("invites_made", Invite, _invites_made),
    ("invites_accepted", Invite, _invites_accepted),
    ("mail_choices", MailPreferences, lambda u: _rows(MailPreferences.objects.filter(user=u), u)),
    ("calendar_link", CalendarFeed, _calendar_link),
    ("mails_sent", Notification, _mails),
)

# Models with a foreign key to a person that the export leaves out, and why.
NOT_EXPORTED: dict[str, str] = {
    # Django's admin history: what staff changed through the admin, the staff member's own
    # support work on other people's records, not data about the person it names.
    "admin.LogEntry": "staff actions in the admin",
    # The second step at log-in (django-otp, once installed): its secret key and recovery
    # codes. Written into a download, they would let whoever holds the file sign in as the
    # person; the account page says whether the second step is on.
    "otp_totp.TOTPDevice": "the second step's secret key",
    "otp_static.StaticDevice": "the second step's recovery codes",
    # The API (api/): a token's secret is kept only as a hash, and its name, scope and last
    # use are on the account page; an Idempotency-Key's kept answer is a copy of what the API
    # already answered, deleted after a day.
    "api.AccessToken": "API tokens: hashes of secrets, listed on the account page",
    "api.IdempotencyRecord": "the API's answers kept a day for retried writes",
    # The coach's read model: flags and counts worked out from the plans, sessions, logs,
    # tests and links the export holds, recomputed from them at every change; a copy, not
    # anything the person or their coach told us.
    "coaching.ClientStatus": "the coach's summary, worked out from the exported records",
}


def tables_for(user: User) -> dict[str, list[dict]]:
    """Each kind of record about `user`, as plain rows, in a fixed order.

    Rows about others that a coach wrote or recorded (notes to clients, their plan changes,
    clearances and test results) stay with those clients: they are in each client's export.
    """
    return {name: rows(user) for name, _model, rows in TABLES}


def _csv_text(rows: list[dict]) -> str:
    out = io.StringIO()
    columns = list(dict.fromkeys(key for row in rows for key in row))
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [
                csv_cell(json.dumps(v) if isinstance(v, dict | list) else v)
                for v in (row.get(c) for c in columns)
            ]
        )
    return out.getvalue()


README = _("""Everything backward-walk holds about you, exported on {when}.

everything.json  all of it in one file
*.csv            the same, one table per file (open with a spreadsheet)

Other people (your coach) appear only as "coach", never by name or email.
""")


def export_zip(user: User) -> bytes:
    """The person's data as a zip: everything.json, one CSV per table and a README."""
    tables = tables_for(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(when=timezone.now().isoformat()))
        archive.writestr("everything.json", json.dumps(tables, indent=2, ensure_ascii=False))
        for name, rows in tables.items():
            archive.writestr(f"{name}.csv", _csv_text(rows))
    return buffer.getvalue()
