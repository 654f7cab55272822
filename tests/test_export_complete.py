""" "Export my data" holds every table with the person's data (issue 25, point 5).

The list of models comes from Django's app registry: every model with a foreign key or a
one-to-one field to the user model must be a table of the export (accounts/services/export.py
TABLES) or be left out on purpose, with the reason (export.NOT_EXPORTED). A new model that
holds a person's rows therefore fails here until the export holds it.
"""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.services import export
from assessments.models import AssessmentResult
from coaching.models import CoachLink, Invite
from feeds import services as calendar_feed
from notifications.models import MailPreferences, Notification
from plans.models import FallReport
from tests.factories import PASSWORD, make_plan
from tests.test_privacy import read_zip

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def models_with_a_person() -> set[str]:
    """Every installed model with a ForeignKey or OneToOneField to the user model."""
    user_model = get_user_model()
    return {
        model._meta.label
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is user_model
    }


def test_every_model_that_holds_a_person_is_in_the_export():
    exported = {model._meta.label for _name, model, _rows in export.TABLES}
    missing = sorted(models_with_a_person() - exported - set(export.NOT_EXPORTED))
    assert not missing, (
        "These models hold a foreign key to a person but are not in the export: add a table "
        f"to accounts/services/export.py TABLES (or, with a reason, to NOT_EXPORTED): {missing}"
    )


def test_the_registry_finds_the_tables_this_round_added():
    """The list is read from the registry, not typed: the four tables the audit found
    missing are among the models it finds."""
    found = models_with_a_person()
    for label in (
        "assessments.AssessmentResult",
        "notifications.MailPreferences",
        "feeds.CalendarFeed",
        "notifications.Notification",
    ):
        assert label in found


def test_nothing_is_left_out_without_a_reason_or_listed_twice():
    assert all(reason.strip() for reason in export.NOT_EXPORTED.values())
    exported = {model._meta.label for _name, model, _rows in export.TABLES}
    assert not exported & set(export.NOT_EXPORTED)
    names = [name for name, _model, _rows in export.TABLES]
    assert len(names) == len(set(names))


@pytest.mark.django_db
def test_the_download_holds_tests_mail_choices_the_calendar_link_and_mails_sent(
    logged_in, client_user, coach_user, other_client_user
):
    CoachLink.objects.create(coach=coach_user, client=client_user, shares_history=True)
    make_plan(client_user, date(2026, 11, 23))
    AssessmentResult.objects.create(
        client=client_user,
        kind="tug",
        taken_on=date(2026, 11, 24),
        value="9.00",
        values={"seconds": "9.00"},
        reading="typical",
        recorded_by=coach_user,
    )
    MailPreferences.objects.create(user=client_user, reminders=True)
    feed = calendar_feed.new_link(client_user)
    Notification.objects.create(
        kind="reminder", user=client_user, day=date(2026, 11, 25), to=client_user.email
    )
    invite = Invite.objects.create(coach=coach_user, email=client_user.email)
    Notification.objects.create(
        kind="invite", to=client_user.email, key=f"invite:{invite.pk}", data={"invite": invite.pk}
    )
    FallReport.objects.create(client=client_user, happened_at=NOW)
    # Someone else's: never in this export.
    Notification.objects.create(kind="reminder", user=other_client_user, to="other@example.com")
    MailPreferences.objects.create(user=other_client_user, weekly_summary=True)

    everything, tables = read_zip(logged_in.get(reverse("account_export")).content)

    (result,) = everything["functional_test_results"]
    assert (result["kind"], result["value"], result["recorded_by"]) == ("tug", "9.00", "coach")
    (choices,) = everything["mail_choices"]
    assert (choices["reminders"], choices["weekly_summary"], choices["user"]) == (
        True,
        False,
        "you",
    )
    (link,) = everything["calendar_link"]
    assert link["link"].endswith(calendar_feed.feed_path(feed))
    assert [(m["kind"], m["to"]) for m in everything["mails_sent"]] == [
        ("reminder", client_user.email),
        ("invite", client_user.email),
    ]
    assert all("data" not in m and "key" not in m for m in everything["mails_sent"])
    assert len(everything["fall_reports"]) == 1
    assert everything["coach_links"][0]["shares_history"] is True
    for name, _model, _rows in export.TABLES:
        assert name in everything, name
        assert len(tables[name]) == len(everything[name]), name
    assert "other@example.com" not in str(everything)


@pytest.mark.django_db
def test_a_coachs_export_holds_their_invites_by_date_not_by_whom(client, coach_user):
    Invite.objects.create(coach=coach_user, email="someone@example.com", name="Mrs Patel")
    client.force_login(coach_user, backend="django.contrib.auth.backends.ModelBackend")
    everything, _tables = read_zip(client.get(reverse("account_export")).content)
    (made,) = everything["invites_made"]
    assert made["created_at"] == NOW.isoformat()
    text = str(everything)
    assert "someone@example.com" not in text and "Mrs Patel" not in text


@pytest.mark.django_db
def test_deleting_removes_the_mail_records_the_export_holds(logged_in, client_user, coach_user):
    """What the export lists as the person's mail goes with the account, invites to their
    address from before they had one too."""
    invite = Invite.objects.create(coach=coach_user, email=client_user.email)
    Notification.objects.create(
        kind="invite", to=client_user.email.upper(), key=f"invite:{invite.pk}"
    )
    Notification.objects.create(kind="reminder", user=client_user, to=client_user.email)
    Notification.objects.create(kind="invite", to="someone-else@example.com", key="invite:x")
    logged_in.post(
        reverse("account_delete"),
        {"current_password": PASSWORD, "confirm": "on"},
    )
    assert list(Notification.objects.values_list("to", flat=True)) == ["someone-else@example.com"]
