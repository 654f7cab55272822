"""Cache-Control on signed-in pages (finding 7) and the database outage page (finding 9)."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import InterfaceError, OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.urls import reverse

from plans.models import SessionLog
from tests.factories import make_plan


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["home", "account", "progress", "plan", "client_notes", "account_export", "privacy"]
)
def test_every_signed_in_page_says_no_store(logged_in, client_user, url):
    make_plan(client_user, date(2026, 11, 23))
    response = logged_in.get(reverse(url))
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["coach_dashboard", "coach_clients_csv", "coach_invites"])
def test_coach_pages_and_the_csv_say_no_store(coach_logged_in, url):
    response = coach_logged_in.get(reverse(url))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_public_pages_may_be_cached(client):
    assert "no-store" not in client.get(reverse("privacy")).get("Cache-Control", "")


@pytest.fixture
def database_down(monkeypatch):
    """Every new cursor fails, as when PostgreSQL is unreachable."""

    def start(error=OperationalError):
        def refuse(self, name=None):
            raise error("connection to server failed: Connection refused")

        monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
        monkeypatch.setattr(BaseDatabaseWrapper, "_cursor", refuse)

    return start


def assert_outage_page(response, *, post=False):
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert "nothing was saved" in html
    assert "try again" in html.lower()
    assert "Saved" not in html
    assert "<title>" in html and "bootstrap" in html  # the site's own page, not a bare error
    if post:
        assert "what you sent has not been recorded" in html


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_signed_in_page_during_an_outage_is_a_plain_503(client_user, database_down, error):
    client = Client(raise_request_exception=False)
    client.force_login(client_user, backend="django.contrib.auth.backends.ModelBackend")
    database_down(error)
    assert_outage_page(client.get(reverse("today")))


@pytest.mark.django_db(transaction=True)
def test_a_log_posted_during_an_outage_never_says_saved(client_user, database_down):
    plan = make_plan(client_user, date(2026, 11, 23))
    day = plan.sessions.first().date
    client = Client(raise_request_exception=False)
    client.force_login(client_user, backend="django.contrib.auth.backends.ModelBackend")
    database_down()
    response = client.post(reverse("mark_done", args=[day]), follow=True)
    assert_outage_page(response, post=True)


@pytest.mark.django_db
def test_the_outage_page_renders_without_the_database():
    from django.test import RequestFactory

    from plans.middleware import outage_response

    response = outage_response(RequestFactory().post("/today/"))
    assert_outage_page(response, post=True)


@pytest.mark.django_db
@time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=UTC), tick=False)
def test_after_an_outage_the_log_is_not_there(client_user, monkeypatch):
    plan = make_plan(client_user, date(2026, 11, 23))
    day = plan.sessions.first().date
    client = Client(raise_request_exception=False)
    client.force_login(client_user, backend="django.contrib.auth.backends.ModelBackend")

    def fail(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("plans.views.today.record_log", fail)
    assert_outage_page(client.post(reverse("mark_done", args=[day])), post=True)
    assert not SessionLog.objects.exists()
