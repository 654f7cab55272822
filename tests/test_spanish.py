"""Issue 27: the person's language, everywhere. A visitor reads their browser's language; a
signed-in person reads the language stored on their account on every page (whatever the
browser says), chosen in any page's footer or on the account page; the calendar feed, the
printable report, the physician letter and a coach's CSV are read back here in Spanish, with
dates and numbers as Spanish writes them. (Mail and push texts: tests/notifications/
test_spanish_mail.py; the whole journey in a browser: tests/browser/test_journey_spanish.py.)
"""

import csv
import html
import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from accounts.units import speed_words
from assessments.forms import TugForm
from backward_walk.formats import PATTERNS, local_date
from coaching.models import CoachLink
from feeds import services as calendar_feed
from plans.forms.fields import TypedDecimalField
from plans.services.intake import start_plan
from tests.factories import PASSWORD, WEEKDAYS, log_session, make_plan, make_user, refresh_status
from tests.test_questionnaire import PERSONA_7

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # Wednesday 25 November 2026
MONDAY = date(2026, 11, 23)
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def text_of(response) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def signed_in(user) -> Client:
    browser = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")  # the browser asks for English
    browser.force_login(user, backend=MODEL_BACKEND)
    return browser


@pytest.fixture
def ana(db):
    """A Spanish-speaking client with a plan and one session logged."""
    person = make_user("ana@example.com", "Ana Andrade", language="es", time_zone="Europe/Madrid")
    plan = make_plan(person, MONDAY, weeks=3, days=WEEKDAYS)
    log_session(plan.sessions.get(date=MONDAY), pain=2)
    return person


# --- Which language a page is in -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "expected", "words"),
    [
        ("es-ES,es;q=0.9", "es", "Caminar hacia atrás"),
        ("es-MX", "es", "Caminar hacia atrás"),
        ("fr-FR,fr;q=0.9", "en", "Backward walking"),  # a language we do not have: English
        ("", "en", "Backward walking"),
    ],
)
def test_a_visitor_reads_their_browsers_language(client, accept, expected, words):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=accept)
    assert html_lang(response) == expected
    assert response["Content-Language"] == expected
    assert "Accept-Language" in response["Vary"]
    assert words in text_of(response)


@pytest.mark.django_db
def test_a_signed_in_person_reads_their_accounts_language_whatever_the_browser_says(ana):
    response = signed_in(ana).get(reverse("today"))
    assert html_lang(response) == "es"
    page = text_of(response)
    assert "Hoy, miércoles 25 de noviembre" in page
    assert "Please read" not in page


@pytest.mark.django_db
def test_the_footer_choice_is_kept_on_the_account_and_follows_the_person(ana):
    browser = signed_in(ana)
    response = browser.post(reverse("set_language"), {"language": "en", "next": "/plan/"})
    assert response.status_code == 302 and response["Location"] == "/plan/"
    ana.refresh_from_db()
    assert ana.language == "en"
    # On another device, with a Spanish browser and no cookie: still English.
    other = Client(HTTP_ACCEPT_LANGUAGE="es")
    other.force_login(ana, backend=MODEL_BACKEND)
    assert html_lang(other.get(reverse("today"))) == "en"
    browser.post(reverse("set_language"), {"language": "es", "next": "/today/"})
    ana.refresh_from_db()
    assert ana.language == "es"


@pytest.mark.django_db
def test_a_visitors_choice_is_a_cookie_and_an_unknown_language_changes_nothing(client):
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert html_lang(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")) == "es"
    response = client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert html_lang(client.get(reverse("login"))) == "es"
    assert client.get(reverse("set_language")).status_code == 405


@pytest.mark.django_db
def test_the_next_address_must_be_ours(ana):
    response = signed_in(ana).post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_every_page_has_the_choice_and_the_account_page_too(ana, client):
    footer = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'action="/language/"' in footer
    assert (
        '<button type="submit" class="btn btn-outline-dark btn-sm" name="language" '
        'value="en" lang="en">English</button>' in footer
    )
    assert 'lang="es" aria-current="true">Español</strong>' in footer
    account = signed_in(ana).get(reverse("account"))
    assert account.content.decode().count('action="/language/"') == 2
    assert "Sus páginas, correos, recordatorios y calendario usan este idioma." in text_of(account)


@pytest.mark.django_db
def test_signing_up_in_spanish_keeps_spanish_on_the_account(client):
    form = {
        "display_name": "Lucía",
        "email": "lucia@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "time_zone": "Europe/Madrid",
        "role": "client",
        "accept_disclaimer": "on",
        "accept_health_data": "on",
    }
    response = client.post(reverse("signup"), form, HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9")
    assert response.status_code == 302
    assert User.objects.get(email="lucia@example.com").language == "es"


# --- Dates, numbers and typed decimals -------------------------------------------------------


def test_every_date_pattern_reads_as_spanish_writes_it():
    day = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)
    with translation.override("es"):
        written = {name: local_date(day, name) for name in PATTERNS}
    assert written["LONG_DATE"] == "25 de noviembre de 2026"
    assert written["WEEKDAY_DATE"] == "miércoles 25 de noviembre"
    assert written["DAY_MONTH"] == "25 de noviembre"
    assert written["MONTH_YEAR"] == "noviembre de 2026"
    with translation.override("en"):
        assert local_date(day, "WEEKDAY_DATE") == "Wednesday 25 November"
        assert local_date(day, "LONG_DATE") == "25 November 2026"


def test_speeds_and_numbers_use_the_languages_decimal_mark():
    with translation.override("es"):
        assert speed_words(Decimal("1.5")) == "1,5 km/h"
    with translation.override("en"):
        assert speed_words(Decimal("1.5")) == "1.5 km/h"


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("typed", ["6,4", "6.4", " 6,40 "])
def test_typed_seconds_take_a_comma_or_a_point_in_either_language(language, typed):
    with translation.override(language):
        form = TugForm({"taken_on": "2026-11-25", "seconds": typed}, today=date(2026, 11, 25))
        assert form.is_valid(), form.errors
    assert form.cleaned_data["seconds"] == Decimal("6.4")


def test_a_number_that_is_not_one_gets_a_clear_error_in_spanish():
    with translation.override("es"):
        form = TugForm({"taken_on": "2026-11-25", "seconds": "seis"}, today=date(2026, 11, 25))
        assert not form.is_valid()
        assert form.errors["seconds"] == ["Escriba los segundos con un número, por ejemplo 6,4."]


def test_a_typed_decimal_is_shown_in_the_pages_language():
    field = TypedDecimalField(decimal_places=1)
    with translation.override("es"):
        assert 'value="6,4"' in field.widget.render("speed", Decimal("6.4"))
        assert 'inputmode="decimal"' in field.widget.render("speed", None)


@pytest.mark.django_db
def test_a_coach_types_a_treadmill_speed_with_a_comma(client_user):
    from coaching.forms import SpeedForm

    with translation.override("es"):
        form = SpeedForm({"speed_kmh": "1,2", "reason": "Va bien", "row_version": "1"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["speed_kmh"] == Decimal("1.2")
        too_slow = SpeedForm({"speed_kmh": "0,1", "reason": "x", "row_version": "1"})
        assert not too_slow.is_valid()
        assert too_slow.errors["speed_kmh"] == ["Como mínimo 0,5 km/h."]


# --- What is read back in Spanish: the feed, the report, the letter, a coach's CSV ----------


@pytest.mark.django_db
def test_the_calendar_feed_is_in_the_owners_language(ana, client):
    feed = calendar_feed.new_link(ana)
    with translation.override("en"):  # whatever the request's language
        body = calendar_feed.calendar_bytes(ana).decode()
    unfolded = body.replace("\r\n ", "")
    assert "X-WR-CALNAME:Caminar hacia atrás" in unfolded
    assert "SUMMARY:Caminar hacia atrás:" in unfolded
    assert "Backward walking" not in unfolded
    # The same over HTTP, fetched by a calendar app that asks for English.
    response = client.get(calendar_feed.feed_path(feed), HTTP_ACCEPT_LANGUAGE="en")
    assert "X-WR-CALNAME:Caminar hacia atrás" in response.content.decode().replace("\r\n ", "")


@pytest.mark.django_db
def test_the_printable_report_is_in_spanish(ana):
    page = text_of(signed_in(ana).get(reverse("progress_report")))
    assert "Plan versión" in page or "versión" in page
    assert "25 de noviembre de 2026" in page  # printed on
    assert "Printed on" not in page


@pytest.mark.django_db
def test_the_physician_letter_is_in_spanish(db):
    person = make_user("rosa@example.com", "Rosa Ruiz", language="es")
    start_plan(person, PERSONA_7, person.local_today())
    page = text_of(signed_in(person).get(reverse("physician_letter")))
    assert "Rosa Ruiz" in page
    assert "25 de noviembre de 2026" in page
    assert "Dolor en el pecho" in page or "dolor en el pecho" in page
    assert "Chest pain" not in page


@pytest.mark.django_db
def test_a_coachs_csv_headers_are_in_the_coachs_language(ana):
    coach = make_user("carmen@example.com", "Carmen", role="coach", language="es")
    CoachLink.objects.create(coach=coach, client=ana, shares_history=True)
    refresh_status(ana)  # the link was written by hand: the coach's row as the services keep it
    response = signed_in(coach).get(reverse("coach_clients_csv"))
    header, row = list(csv.reader(io.StringIO(response.content.decode())))[:2]
    assert header[:4] == ["Nombre", "Correo", "Etapa", "Estado del plan"]
    assert row[0] == "Ana Andrade"
    # An English-reading coach of the same Spanish-reading client gets English headers.
    english = make_user("cora@example.com", "Cora", role="coach", language="en")
    CoachLink.objects.create(coach=english, client=make_user("bo@example.com", "Bo"))
    response = signed_in(english).get(reverse("coach_clients_csv"))
    assert next(csv.reader(io.StringIO(response.content.decode())))[:2] == ["Name", "Email"]
