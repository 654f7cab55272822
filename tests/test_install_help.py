"""Putting backward-walk on the phone (issue 24, point 3): Today's card after the first log,
hidden for good once dismissed (on the account, so on every device); the help page linked from
the account page; a manifest whose every icon exists at its declared size."""

import json
import struct
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from plans.models import Plan
from tests.factories import log_session, make_plan

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
MONDAY = date(2026, 11, 23)
WEDNESDAY = date(2026, 11, 25)
CARD = "data-install-card"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan(client_user):
    return make_plan(client_user, MONDAY, days=("mon", "wed", "fri"))


def today_html(client) -> str:
    response = client.get(reverse("today"))
    assert response.status_code == 200
    return response.content.decode()


# --- Today's card ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_card_before_the_first_log(logged_in, plan):
    assert CARD not in today_html(logged_in)


@pytest.mark.django_db
def test_the_card_appears_after_the_first_log(logged_in, plan):
    logged_in.post(reverse("mark_done", args=[WEDNESDAY]))
    html = today_html(logged_in)
    assert CARD in html
    assert "Put backward-walk on your phone" in html
    # The steps for an iPhone wait in the card; the browser's prompt has its button.
    assert "Add to Home Screen" in html
    assert "img/install/iphone-add-to-home-screen.svg" in html
    assert "data-install-button" in html
    assert reverse("install_help") in html
    assert f'action="{reverse("hide_install_tip")}"' in html
    assert "js/install.js" in html


@pytest.mark.django_db
def test_an_earlier_log_counts_too(logged_in, plan):
    log_session(plan.sessions.get(date=MONDAY), status="skipped")
    assert CARD in today_html(logged_in)


@pytest.mark.django_db
def test_hiding_the_card_keeps_it_hidden(logged_in, client_user, plan):
    log_session(plan.sessions.get(date=MONDAY))
    response = logged_in.post(reverse("hide_install_tip"))
    assert response.status_code == 302
    assert response["Location"] == reverse("today")
    client_user.refresh_from_db()
    assert client_user.install_tip_hidden_at == NOW
    assert CARD not in today_html(logged_in)
    # Logging again does not bring it back.
    logged_in.post(reverse("mark_done", args=[WEDNESDAY]))
    assert CARD not in today_html(logged_in)


@pytest.mark.django_db
def test_hidden_on_one_device_is_hidden_on_every_device(client, client_user, plan):
    from django.test import Client

    log_session(plan.sessions.get(date=MONDAY))
    phone, tablet = Client(), Client()
    for device in (phone, tablet):
        device.force_login(client_user, backend="django.contrib.auth.backends.ModelBackend")
    assert CARD in today_html(tablet)
    phone.post(reverse("hide_install_tip"))
    assert CARD not in today_html(tablet)


@pytest.mark.django_db
def test_hiding_twice_keeps_the_first_time(logged_in, client_user, plan):
    logged_in.post(reverse("hide_install_tip"))
    with time_machine.travel(datetime(2026, 11, 26, 9, 0, tzinfo=UTC), tick=False):
        logged_in.post(reverse("hide_install_tip"))
    client_user.refresh_from_db()
    assert client_user.install_tip_hidden_at == NOW


@pytest.mark.django_db
def test_no_card_while_the_plan_is_paused(logged_in, plan):
    log_session(plan.sessions.get(date=MONDAY))
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.PAUSED, pause_needs="self")
    assert CARD not in today_html(logged_in)


@pytest.mark.django_db
def test_another_persons_log_does_not_show_the_card(logged_in, other_client_user, plan):
    other = make_plan(other_client_user, MONDAY, days=("mon", "wed", "fri"))
    log_session(other.sessions.get(date=MONDAY))
    assert CARD not in today_html(logged_in)


# --- Hiding: who may ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_hiding_needs_a_login(client, client_user):
    response = client.post(reverse("hide_install_tip"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    client_user.refresh_from_db()
    assert client_user.install_tip_hidden_at is None


@pytest.mark.django_db
def test_hiding_by_get_is_refused(logged_in, client_user):
    assert logged_in.get(reverse("hide_install_tip")).status_code == 405
    client_user.refresh_from_db()
    assert client_user.install_tip_hidden_at is None


@pytest.mark.django_db
def test_a_coach_cannot_hide_it(coach_logged_in, coach_user):
    """Coaches have no Today page and no card: 403, nothing stored."""
    assert coach_logged_in.post(reverse("hide_install_tip")).status_code == 403
    coach_user.refresh_from_db()
    assert coach_user.install_tip_hidden_at is None


@pytest.mark.django_db
def test_hiding_changes_only_the_person_asking(logged_in, client_user, other_client_user):
    logged_in.post(reverse("hide_install_tip"))
    other_client_user.refresh_from_db()
    assert other_client_user.install_tip_hidden_at is None


# --- The help page -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_help_page_gives_both_sets_of_steps(logged_in):
    response = logged_in.get(reverse("install_help"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Put backward-walk on your phone</h1>" in html
    assert "On an iPhone or iPad" in html and "Add to Home Screen" in html
    assert "On an Android phone" in html and "Install app" in html
    assert "img/install/iphone-add-to-home-screen.svg" in html
    assert "img/install/android-install.svg" in html
    assert "data-install-button" in html and "js/install.js" in html


@pytest.mark.django_db
def test_the_help_page_needs_a_login(client):
    response = client.get(reverse("install_help"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_the_help_page_is_for_clients(coach_logged_in):
    assert coach_logged_in.get(reverse("install_help")).status_code == 403


@pytest.mark.django_db
def test_the_help_page_refuses_post(logged_in):
    assert logged_in.post(reverse("install_help")).status_code == 405


@pytest.mark.django_db
def test_the_account_page_links_to_the_help_page(logged_in):
    html = logged_in.get(reverse("account")).content.decode()
    assert f'href="{reverse("install_help")}"' in html


@pytest.mark.django_db
def test_the_coachs_account_page_has_no_link(coach_logged_in):
    html = coach_logged_in.get(reverse("account")).content.decode()
    assert reverse("install_help") not in html


# --- The manifest's icons ----------------------------------------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header (the IHDR chunk right after the signature)."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    assert head[12:16] == b"IHDR"
    return struct.unpack(">II", head[16:24])


def static_file(url: str) -> Path:
    assert url.startswith(settings.STATIC_URL), url
    from django.contrib.staticfiles import finders

    return Path(finders.find(url.removeprefix(settings.STATIC_URL)))


@pytest.mark.django_db
def test_every_icon_of_the_manifest_exists_at_its_declared_size(client):
    icons = json.loads(client.get(reverse("manifest")).content)["icons"]
    assert icons
    for icon in icons:
        path = static_file(icon["src"])
        assert path.is_file(), icon["src"]
        assert icon["type"] == "image/png"
        width, height = png_size(path)
        assert f"{width}x{height}" == icon["sizes"], icon["src"]


@pytest.mark.django_db
def test_the_manifest_has_what_installing_needs(client):
    """What Chromium checks before it offers to install: a name, a start URL inside the
    scope, standalone display, colours, a 192 and a 512 px icon, and a maskable one."""
    data = json.loads(client.get(reverse("manifest")).content)
    assert data["name"] and data["short_name"]
    assert data["start_url"].startswith(data["scope"])
    assert data["display"] == "standalone"
    assert data["theme_color"] and data["background_color"]
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


@pytest.mark.django_db
def test_the_service_worker_answers_fetches(client):
    assert 'addEventListener("fetch"' in client.get(reverse("service_worker")).content.decode()


def test_the_install_pictures_are_our_own_files():
    """No external assets: the drawings load nothing from elsewhere."""
    for name in ("iphone-add-to-home-screen.svg", "android-install.svg"):
        text = (Path(settings.BASE_DIR) / "plans/static/img/install" / name).read_text()
        assert "http" not in text.replace("http://www.w3.org/2000/svg", "")
        assert "<script" not in text
