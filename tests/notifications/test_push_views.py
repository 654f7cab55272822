"""Turning reminders on this phone on and off (notifications/views/push.py), case by case."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from notifications import push
from notifications.models import MailPreferences, PushSubscription
from tests.factories import PASSWORD, make_user
from tests.notifications.push_service import Phone

ON, OFF = reverse("push_subscribe"), reverse("push_unsubscribe")
FCM = "https://fcm.googleapis.com/fcm/send/"


def post_json(client, url, data):
    body = data if isinstance(data, str | bytes) else json.dumps(data)
    return client.post(url, body, content_type="application/json")


def turn_on(client, phone, asked=True):
    return post_json(client, ON, {"subscription": phone.subscription(), "asked": asked})


@pytest.fixture
def ana_phone():
    return Phone(FCM + "ana-phone")


@pytest.mark.django_db
def test_a_client_turns_reminders_on_this_phone_and_their_reminders_are_on(
    vapid, logged_in, client_user, ana_phone
):
    response = turn_on(logged_in, ana_phone)
    assert response.status_code == 200
    assert response.json() == {
        "subscribed": True,
        "message": "This phone now gets your reminders on your walking days, instead of an email.",
    }
    device = PushSubscription.objects.get()
    assert (device.user, device.endpoint, device.p256dh) == (
        client_user,
        ana_phone.endpoint,
        ana_phone.p256dh,
    )
    assert MailPreferences.objects.get(user=client_user).reminders is True


@pytest.mark.django_db
def test_the_page_telling_us_what_the_browser_holds_changes_no_choice(
    vapid, logged_in, client_user, ana_phone
):
    MailPreferences.objects.create(user=client_user, reminders=False)
    assert turn_on(logged_in, ana_phone, asked=False).status_code == 200
    assert turn_on(logged_in, ana_phone, asked=False).status_code == 200  # each visit
    assert PushSubscription.objects.filter(user=client_user).count() == 1
    assert MailPreferences.objects.get(user=client_user).reminders is False


@pytest.mark.django_db
def test_a_coach_turns_alerts_on_this_phone(vapid, coach_logged_in, coach_user, ana_phone):
    response = turn_on(coach_logged_in, ana_phone)
    assert response.status_code == 200
    assert response.json()["message"] == "This phone now gets your alerts, instead of an email."
    assert PushSubscription.objects.get().user == coach_user
    assert not MailPreferences.objects.filter(user=coach_user).exists()  # alerts are on anyway


@pytest.mark.django_db
def test_anonymous_turning_on_is_sent_to_log_in_and_nothing_is_saved(vapid, client, ana_phone):
    response = turn_on(client, ana_phone)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not PushSubscription.objects.exists()


@pytest.mark.django_db
def test_anonymous_turning_off_is_sent_to_log_in_and_nothing_is_removed(
    vapid, client, client_user, ana_phone
):
    ana_phone.save_for(client_user)
    response = post_json(client, OFF, {"endpoint": ana_phone.endpoint})
    assert response.status_code == 302
    assert PushSubscription.objects.count() == 1


@pytest.mark.django_db
def test_get_is_refused_on_both(vapid, logged_in):
    assert logged_in.get(ON).status_code == 405
    assert logged_in.get(OFF).status_code == 405


@pytest.mark.django_db
def test_without_a_csrf_token_nothing_is_saved(vapid, client_user, ana_phone):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(client_user)
    assert turn_on(browser, ana_phone).status_code == 403
    assert not PushSubscription.objects.exists()


def bad_subscription(**change):
    phone = Phone(FCM + "x")
    subscription = phone.subscription()
    keys = subscription["keys"]
    for name, value in change.items():
        if name in keys:
            keys[name] = value
        else:
            subscription[name] = value
    return {"subscription": subscription, "asked": True}


def not_a_point():
    """65 bytes that look like an uncompressed P-256 point but are not on the curve."""
    import base64

    return base64.urlsafe_b64encode(b"\x04" + b"\x01" * 64).rstrip(b"=").decode()


READ_ERROR = "We could not read what your browser sent. Nothing was changed; please try again."
UNUSABLE = "Your browser sent details we cannot use for reminders. Please try again."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("not json", READ_ERROR),
        (b"\xff\xfe", READ_ERROR),
        ("[1, 2]", READ_ERROR),
        ("", READ_ERROR),
        ({"asked": True}, UNUSABLE),
        ({"subscription": "https://fcm.googleapis.com/fcm/send/x"}, UNUSABLE),
        (bad_subscription(keys=None), UNUSABLE),
        (bad_subscription(endpoint=None), UNUSABLE),
        # Only a browser's push service: the worker POSTs to what is saved.
        (bad_subscription(endpoint="http://fcm.googleapis.com/fcm/send/x"), UNUSABLE),
        (bad_subscription(endpoint="https://127.0.0.1/push"), UNUSABLE),
        (bad_subscription(endpoint="https://fcm.googleapis.com.evil.example/x"), UNUSABLE),
        (bad_subscription(endpoint="https://fcm.googleapis.com:8443/x"), UNUSABLE),
        (bad_subscription(endpoint="https://evil.example/?fcm.googleapis.com"), UNUSABLE),
        (bad_subscription(endpoint=FCM + "x" * 1000), UNUSABLE),
        (bad_subscription(p256dh="short"), UNUSABLE),
        (bad_subscription(p256dh=not_a_point()), UNUSABLE),
        (bad_subscription(p256dh="!" * 87), UNUSABLE),
        (bad_subscription(auth="AAAA"), UNUSABLE),
        (bad_subscription(auth=12345), UNUSABLE),
    ],
)
def test_what_is_not_a_subscription_gets_a_clear_400_and_nothing_is_saved(
    vapid, logged_in, client_user, body, error
):
    response = post_json(logged_in, ON, body)
    assert response.status_code == 400
    assert response.json() == {"error": error}
    assert not PushSubscription.objects.exists()
    assert not MailPreferences.objects.filter(user=client_user).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "endpoint",
    [
        "https://fcm.googleapis.com/fcm/send/abc",
        "https://updates.push.services.mozilla.com/wpush/v2/abc",
        "https://web.push.apple.com/QGabc",
        "https://wns2-by3p.notify.windows.com/w/?token=abc",
    ],
)
def test_each_browsers_push_service_is_accepted(vapid, logged_in, endpoint):
    assert turn_on(logged_in, Phone(endpoint)).status_code == 200


@pytest.mark.django_db
def test_another_persons_device_is_never_taken_over(
    vapid, logged_in, client_user, other_client_user, ana_phone
):
    theirs = ana_phone.save_for(other_client_user)
    intruder = Phone(ana_phone.endpoint)  # the same endpoint, other keys
    response = turn_on(logged_in, intruder)
    assert response.status_code == 409
    assert "another account" in response.json()["error"]
    device = PushSubscription.objects.get()
    assert (device.user_id, device.p256dh, device.auth) == (
        other_client_user.pk,
        theirs.p256dh,
        theirs.auth,
    )
    assert not MailPreferences.objects.filter(user=client_user).exists()


@pytest.mark.django_db
def test_turning_off_forgets_this_device_only(vapid, logged_in, client_user, ana_phone):
    ana_phone.save_for(client_user)
    tablet = Phone(FCM + "ana-tablet")
    tablet.save_for(client_user)
    MailPreferences.objects.create(user=client_user, reminders=True)
    response = post_json(logged_in, OFF, {"endpoint": ana_phone.endpoint})
    assert response.status_code == 200
    assert response.json() == {
        "subscribed": False,
        "message": "This phone no longer gets reminders. If your reminders are on, they come "
        "by email.",
    }
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [tablet.endpoint]
    # Reminders stay on: they come by email now.
    assert MailPreferences.objects.get(user=client_user).reminders is True


@pytest.mark.django_db
def test_turning_off_another_persons_device_leaves_it(
    vapid, logged_in, other_client_user, ana_phone
):
    ana_phone.save_for(other_client_user)
    response = post_json(logged_in, OFF, {"endpoint": ana_phone.endpoint})
    assert response.status_code == 200  # the same answer as for a device never saved
    assert PushSubscription.objects.get().user == other_client_user


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["not json", "[]", {"endpoint": 12}, {}])
def test_turning_off_with_a_bad_body_gets_a_clear_400_and_removes_nothing(
    vapid, logged_in, client_user, ana_phone, body
):
    ana_phone.save_for(client_user)
    response = post_json(logged_in, OFF, body)
    assert response.status_code == 400
    assert response.json()["error"]
    assert PushSubscription.objects.count() == 1


@pytest.mark.django_db
def test_with_push_off_there_is_nothing_to_turn_on(logged_in, ana_phone):
    assert turn_on(logged_in, ana_phone).status_code == 404
    assert not PushSubscription.objects.exists()


@pytest.mark.django_db
def test_a_device_past_the_tenth_replaces_the_one_unused_longest(vapid, client_user):
    phones = [Phone(f"{FCM}device-{n}") for n in range(push.MAX_DEVICES + 1)]
    for phone in phones:
        push.subscribe(client_user, phone.subscription())
    kept = set(PushSubscription.objects.values_list("endpoint", flat=True))
    assert len(kept) == push.MAX_DEVICES
    assert phones[0].endpoint not in kept and phones[-1].endpoint in kept


@pytest.mark.django_db
def test_the_account_page_offers_it_with_the_public_key_and_a_script(vapid, logged_in):
    html = logged_in.get(reverse("account")).content.decode()
    assert 'id="push-choice"' in html
    assert f'data-key="{vapid["public"]}"' in html
    assert "Remind me on this phone" in html
    assert "/static/js/push.js" in html
    assert vapid["private"] not in html


@pytest.mark.django_db
def test_a_coach_is_offered_alerts_on_the_phone(vapid, coach_logged_in):
    html = coach_logged_in.get(reverse("account")).content.decode()
    assert "Send alerts to this phone" in html


@pytest.mark.django_db
def test_without_keys_the_page_offers_email_only(logged_in):
    html = logged_in.get(reverse("account")).content.decode()
    assert "push-choice" not in html and "push.js" not in html
    assert "Emails from us" in html


@pytest.mark.django_db
def test_the_export_lists_the_devices_and_deleting_the_account_removes_them(
    vapid, logged_in, client_user, ana_phone
):
    from accounts.services.export import tables_for

    ana_phone.save_for(client_user)
    other = make_user("olga@example.com")
    Phone(FCM + "olga").save_for(other)
    (row,) = tables_for(client_user)["phone_reminders"]
    assert row["endpoint"] == ana_phone.endpoint and row["user"] == "you"
    response = logged_in.post(
        reverse("account_delete"), {"current_password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert list(PushSubscription.objects.values_list("user", flat=True)) == [other.pk]
