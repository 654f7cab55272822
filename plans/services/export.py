"""Everything the app holds about one person, as JSON and CSV files in one zip.

Other people appear only by their role ("you", "coach"), never by name, email or id, so
the download holds nothing of anyone else. `csv_cell` guards every CSV this app writes.
"""

import csv
import io
import json
import zipfile
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import (
    CoachLink,
    Consent,
    FallReport,
    Invite,
    Note,
    Plan,
    PlanEvent,
    PlannedSession,
    PushSubscription,
    QuestionnaireDraft,
    Screening,
    SessionLog,
    User,
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
    "user",
}
# Keys between this person's own rows, kept so the files can be joined again.
SKIPPED_FIELDS = {"password", "public_id"}


def csv_cell(value) -> str:
    """A value as CSV text; a cell starting with = + - @ would run as a spreadsheet formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
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


def tables_for(user: User) -> dict[str, list[dict]]:
    """Each kind of record about `user`, as plain rows, in a fixed order."""
    plans = Plan.objects.filter(client=user)
    invites = Invite.objects.filter(accepted_by=user)
    return {
        "account": [{name: _plain(getattr(user, name)) for name in ACCOUNT_FIELDS}],
        "consents": [_row(c, user) for c in Consent.objects.filter(user=user)],
        "screenings": [_row(s, user) for s in Screening.objects.filter(client=user)],
        "questionnaire_draft": [
            _row(d, user) for d in QuestionnaireDraft.objects.filter(client=user)
        ],
        "plans": [_row(p, user) for p in plans.order_by("version")],
        "planned_sessions": [
            _row(s, user) for s in PlannedSession.objects.filter(plan__in=plans).order_by("date")
        ],
        "session_logs": [
            _row(s, user) for s in SessionLog.objects.filter(client=user).order_by("date")
        ],
        "fall_reports": [
            _row(f, user) for f in FallReport.objects.filter(client=user).order_by("happened_at")
        ],
        "plan_events": [
            _row(e, user) for e in PlanEvent.objects.filter(plan__in=plans).order_by("made_at")
        ],
        "notes": [
            _row(n, user) for n in Note.objects.filter(client=user).order_by("created_at", "id")
        ],
        "coach_links": [
            _row(link, user)
            for link in CoachLink.objects.filter(Q(client=user) | Q(coach=user)).order_by(
                "started_at"
            )
        ],
        # Each browser that shows this person's reminders (its address at the push service,
        # and its keys).
        "phone_reminders": [
            _row(d, user) for d in PushSubscription.objects.filter(user=user).order_by("pk")
        ],
        "invites_accepted": [
            {"created_at": _plain(i.created_at), "accepted_at": _plain(i.accepted_at)}
            for i in invites
        ],
    }


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
