"""Everyday use (issue 17): the menu names only pages that exist for the person, error pages in
the site's style, Print buttons, speeds in the person's unit."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.units import speed_words
from coaching.services import invites
from tests.factories import make_plan

MENU = "nav-wide"


def _menu(response) -> str:
    html = response.content.decode()
    start = html.index(MENU)
    return html[start : html.index("</nav>", start)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("has_plan", "has_coach", "shown", "hidden"),
    [
        (False, False, ["Today"], ["My plan", "Progress", "My coach", "Notes"]),
        (True, False, ["Today", "My plan", "Progress"], ["My coach", "Notes"]),
        (True, True, ["Today", "My plan", "Progress", "My coach"], ["Notes"]),
        (False, True, ["Today", "My coach"], ["My plan", "Progress"]),
    ],
)
def test_client_menu_lists_only_pages_that_exist_for_them(
    logged_in, client_user, coach_user, has_plan, has_coach, shown, hidden
):
    if has_plan:
        make_plan(client_user, date(2026, 11, 23))
    if has_coach:
        invites.accept_invite(invites.create_invite(coach_user), client_user)
    menu = _menu(logged_in.get(reverse("account")))
    for words in shown:
        assert f">{words}</a>" in menu
    for words in hidden:
        assert f">{words}</a>" not in menu


@pytest.mark.django_db
def test_coach_menu_has_clients_and_invites(coach_logged_in):
    menu = _menu(coach_logged_in.get(reverse("account")))
    assert ">My clients</a>" in menu
    assert ">Invites</a>" in menu
    assert ">Today</a>" not in menu


@pytest.mark.django_db
def test_menu_folds_into_a_details_element_for_phones(logged_in):
    html = logged_in.get(reverse("account")).content.decode()
    assert '<details class="nav-folded">' in html
    assert "<summary>Menu</summary>" in html


@pytest.mark.django_db
def test_missing_page_is_a_404_in_the_sites_style(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We cannot find that page" in html
    assert 'class="site-header"' in html
    assert "site.css" in html


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["plan", "progress", "physician_letter"])
def test_printable_pages_have_a_print_button_shown_by_static_script(logged_in, client_user, name):
    make_plan(client_user, date(2026, 11, 23))
    html = logged_in.get(reverse(name)).content.decode()
    assert "data-print hidden" in html
    assert "js/print" in html
    assert "onclick" not in html


@pytest.mark.parametrize(
    ("kmh", "unit", "words"),
    [
        (Decimal("1.5"), "kmh", "1.5 km/h"),
        (Decimal("1.6"), "mph", "1.0 mph"),
        (Decimal("3.0"), "mph", "1.9 mph"),
        (Decimal("0.5"), "kmh", "0.5 km/h"),
        (None, "kmh", ""),
    ],
)
def test_speed_is_given_in_the_persons_unit(kmh, unit, words):
    assert speed_words(kmh, unit) == words
