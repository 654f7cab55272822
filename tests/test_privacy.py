"""The person's control of their data: privacy page, export, deleting the account."""

import csv
import io
import json
import zipfile
from datetime import date

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.urls import reverse

from accounts.models import Consent, User
from accounts.services.account import record_consent
from coaching.models import CoachLink, Invite, Note
from plans.models import Plan, PlanEvent, Screening, SessionLog
from tests.factories import PASSWORD, log_session, make_plan

MONDAY = date(2026, 11, 23)


@pytest.fixture
def history(client_user, coach_user, other_client_user):
    """A client with two plan versions, logs, events, notes and a coach; and someone else."""
    CoachLink.objects.create(coach=coach_user, client=client_user)
    old = make_plan(client_user, date(2026, 11, 2), status=Plan.Status.ENDED, version=1)
    current = make_plan(client_user, MONDAY, version=2)
    logs = [log_session(s, note="steady today") for s in old.sessions.all()[:3]]
    logs.append(log_session(current.sessions.first(), pain=3))
    PlanEvent.objects.create(
        plan=current,
        kind="adjust",
        source="coach",
        made_by=coach_user,
        effective_on=MONDAY,
        note="Shorter bouts for now",
    )
    Note.objects.create(
        client=client_user, author=coach_user, by_coach=True, body="Lovely work, Wendy."
    )
    Note.objects.create(client=client_user, author=client_user, body="Thank you!")
    record_consent(client_user)
    # Someone else's data, which must never appear.
    theirs = make_plan(other_client_user, MONDAY)
    log_session(theirs.sessions.first(), note="OTTO-SECRET")
    Note.objects.create(client=other_client_user, author=coach_user, body="OTTO-NOTE")
    return {"old": old, "current": current, "logs": logs}


def read_zip(content: bytes) -> tuple[dict, dict[str, list[dict]]]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    everything = json.loads(archive.read("everything.json"))
    tables = {
        name[:-4]: list(csv.DictReader(io.StringIO(archive.read(name).decode())))
        for name in archive.namelist()
        if name.endswith(".csv")
    }
    return everything, tables


@pytest.mark.django_db
def test_privacy_page_says_what_is_kept_who_sees_it_and_for_how_long(client):
    html = client.get(reverse("privacy")).content.decode()
    for words in (
        "What we keep",
        "Who sees it",
        "How long we keep it",
        "Your current coach",
        "before",
        "only the notes written since you linked",
        "within 30 days",
    ):
        assert words in html


@pytest.mark.django_db
def test_export_matches_the_database_and_holds_nobody_else(
    logged_in, client_user, coach_user, other_client_user, history
):
    response = logged_in.get(reverse("account_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    everything, tables = read_zip(response.content)

    assert everything["account"][0]["email"] == client_user.email
    assert [p["version"] for p in everything["plans"]] == [1, 2]
    assert {p["id"] for p in everything["plans"]} == set(
        Plan.objects.filter(client=client_user).values_list("id", flat=True)
    )
    planned = Plan.objects.filter(client=client_user).values_list("sessions", flat=True)
    assert {s["id"] for s in everything["planned_sessions"]} == set(planned)
    assert {log["id"] for log in everything["session_logs"]} == {log.pk for log in history["logs"]}
    assert {e["id"] for e in everything["plan_events"]} == set(
        PlanEvent.objects.filter(plan__client=client_user).values_list("id", flat=True)
    )
    assert sorted(n["body"] for n in everything["notes"]) == ["Lovely work, Wendy.", "Thank you!"]
    assert {n["author"] for n in everything["notes"]} == {"you", "coach"}
    assert [c["version"] for c in everything["consents"]] == list(
        Consent.objects.filter(user=client_user).values_list("version", flat=True)
    )
    assert len(everything["screenings"]) == Screening.objects.filter(client=client_user).count()
    assert everything["coach_links"][0]["coach"] == "coach"
    # Every table is also a CSV with the same rows.
    for name, rows in everything.items():
        assert len(tables[name]) == len(rows), name

    text = response.content.decode("latin-1") + json.dumps(everything)
    for other in (
        other_client_user.email,
        other_client_user.display_name,
        "OTTO-SECRET",
        "OTTO-NOTE",
        coach_user.email,
        coach_user.display_name,
        "password",
        "md5$",
    ):
        assert other not in text, other


@pytest.mark.django_db
def test_export_needs_a_login(client):
    assert client.get(reverse("account_export")).status_code == 302


def rows_referencing(user_id: int) -> list[str]:
    """Every row, in every table of the project and axes, with a foreign key to this user."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                count = model._default_manager.filter(**{field.attname: user_id}).count()
                if count:
                    found.append(f"{model.__name__}.{field.name}: {count}")
    return found


@pytest.mark.django_db
def test_deleting_needs_the_password_and_keeps_everything_without_it(logged_in, client_user):
    response = logged_in.post(
        reverse("account_delete"), {"current_password": "wrong", "confirm": "on"}
    )
    assert response.status_code == 400
    assert "not your current password" in response.content.decode()
    assert User.objects.filter(pk=client_user.pk).exists()


@pytest.mark.django_db
def test_deleting_an_account_removes_every_row_about_the_person(
    client, logged_in, client_user, coach_user, history
):
    client_id, email = client_user.pk, client_user.email
    Invite.objects.create(coach=coach_user, accepted_by=client_user)
    AccessAttempt.objects.create(
        username=email.upper(), ip_address="127.0.0.1", user_agent="x", failures_since_start=1
    )
    page = logged_in.get(reverse("account_delete")).content.decode()
    assert "This cannot be undone" in page
    response = logged_in.post(
        reverse("account_delete"), {"current_password": PASSWORD, "confirm": "on"}
    )
    assert response["Location"] == reverse("account_deleted")
    assert "_auth_user_id" not in client.session

    assert not User.objects.filter(pk=client_id).exists()
    assert rows_referencing(client_id) == []
    assert not SessionLog.objects.filter(client_id=client_id).exists()
    assert not AccessAttempt.objects.filter(username__iexact=email).exists()
    # The coach's views lose them at once.
    client.force_login(coach_user, backend="django.contrib.auth.backends.ModelBackend")
    for url in (reverse("coach_dashboard"), reverse("coach_clients_csv")):
        body = client.get(url).content.decode()
        assert "Wendy Walker" not in body and email not in body
    assert client.get(reverse("coach_client", args=[client_user.public_id])).status_code == 404


@pytest.mark.django_db
def test_a_coach_deleting_their_account_unlinks_clients_who_are_told(
    client, coach_user, client_user, history
):
    coach_id = coach_user.pk
    client.force_login(coach_user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        reverse("account_delete"), {"current_password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    assert rows_referencing(coach_id) == []
    assert not CoachLink.objects.filter(client=client_user, ended_at__isnull=True).exists()
    # The client keeps their own history and is told, on the page they read notes on.
    assert Plan.objects.filter(client=client_user).count() == 2
    client.force_login(client_user, backend="django.contrib.auth.backends.ModelBackend")
    notes = client.get(reverse("client_notes")).content.decode()
    assert "Your coach closed their backward-walk account" in notes
    # Issue 25: the coach's notes stay with the client, signed "your former coach"; nothing
    # of the coach's own (their name) is kept.
    assert "Lovely work, Wendy." in notes
    assert "Your former coach" in notes
    assert "Cora Coach" not in notes
