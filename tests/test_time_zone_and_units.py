"""Choosing a time zone without a 600-item list, and speeds in the person's own unit."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.forms.account import AccountForm, SignupForm
from accounts.templatetags.units import speed
from accounts.time_zones import COMMON_ZONES, zone_choices

SIGNUP = {
    "display_name": "Rosa Reyes",
    "email": "rosa@example.com",
    "password1": "a long and careful sentence",
    "password2": "a long and careful sentence",
    "role": "client",
    "accept_disclaimer": "on",
    "accept_health_data": "on",
}


def test_zone_list_starts_empty_then_common_zones_by_country_then_the_rest():
    choices = zone_choices()
    assert choices[0][0] == ""
    countries = [str(group) for group, _zones in choices[1:-1]]
    assert countries == [str(country) for country, _zones in COMMON_ZONES]
    assert str(choices[-1][0]) == "Other zones"
    others = [zone for zone, _name in choices[-1][1]]
    assert "UTC" in others and "Europe/London" not in others


def test_common_zones_have_plain_names():
    us = dict({str(c): z for c, z in COMMON_ZONES}["United States"])
    assert str(us["America/New_York"]) == "Eastern time (New York)"


@pytest.mark.django_db
def test_signup_without_a_time_zone_asks_and_never_picks_utc():
    form = SignupForm(data=SIGNUP)
    assert not form.is_valid()
    assert form.errors["time_zone"] == ["Choose your time zone, so that “today” means your today."]


@pytest.mark.django_db
def test_signup_page_has_no_zone_chosen_and_loads_the_browser_zone_script(client):
    html = client.get(reverse("signup")).content.decode()
    assert "data-browser-zone" in html
    assert "js/time-zone" in html
    assert 'value="UTC" selected' not in html
    assert "<optgroup" in html


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ["Europe/London", "America/Chicago", "Asia/Kathmandu", "UTC"])
def test_signup_takes_a_common_or_another_zone(zone):
    assert SignupForm(data={**SIGNUP, "time_zone": zone}).is_valid()


@pytest.mark.parametrize(
    ("kmh", "unit", "words"),
    [
        (Decimal("1.6"), "kmh", "1.6 km/h"),
        (Decimal("1.609344"), "mph", "1.0 mph"),
        (Decimal("3.2"), "mph", "2.0 mph"),
        (None, "mph", ""),
    ],
)
def test_speed_is_shown_in_the_persons_unit(kmh, unit, words):
    class Person:
        speed_unit = unit

    assert speed(kmh, Person()) == words


@pytest.mark.django_db
def test_account_page_saves_mph(logged_in, client_user):
    response = logged_in.post(
        reverse("account"),
        {"display_name": "Wendy", "time_zone": "Europe/London", "speed_unit": "mph"},
    )
    assert response.status_code == 302
    client_user.refresh_from_db()
    assert client_user.speed_unit == "mph"


@pytest.mark.django_db
def test_account_bad_speed_unit_gives_a_message_and_changes_nothing(logged_in, client_user):
    response = logged_in.post(
        reverse("account"),
        {"display_name": "Changed", "time_zone": "Europe/London", "speed_unit": "knots"},
    )
    assert response.status_code == 200
    assert "valid choice" in response.content.decode()
    client_user.refresh_from_db()
    assert (client_user.display_name, client_user.speed_unit) == ("Wendy Walker", "kmh")


@pytest.mark.django_db
def test_account_form_shows_the_current_unit(client_user):
    client_user.speed_unit = "mph"
    form = AccountForm(instance=client_user)
    assert form["speed_unit"].value() == "mph"
