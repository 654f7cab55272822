"""Journey: issue 24, point 2 in a real browser at 390 px: a client turns reminders on this
phone on from /account/, the page keeps showing it after a reload, and turns them off again;
the service worker shows a pushed reminder as a notification in the app's words.

This machine reaches no push service, so the browser's PushManager hands back the test
phone's subscription (its keys are real); what the page, its script and the server do with
it is real. The notification is delivered to the service worker through Chromium's DevTools
(ServiceWorker.deliverPushMessage), as a push service would.
"""

import json

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from notifications.management.commands.vapid_keys import new_vapid_pair
from notifications.models import MailPreferences, PushSubscription
from tests.browser.conftest import PHONE
from tests.browser.pages import check_a11y, expect_title, log_in
from tests.factories import make_plan, make_user
from tests.notifications.push_service import Phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Stands in for the browser's push service: subscribe() gives the test phone's subscription,
# kept across reloads as a browser keeps its own.
FAKE_PUSH_SERVICE = """
(() => {
  const saved = %s;
  const subscription = () => ({
    endpoint: saved.endpoint,
    toJSON: () => saved,
    unsubscribe: () => { localStorage.removeItem("fake-push"); return Promise.resolve(true); },
  });
  PushManager.prototype.subscribe = function () {
    localStorage.setItem("fake-push", "1");
    return Promise.resolve(subscription());
  };
  PushManager.prototype.getSubscription = function () {
    return Promise.resolve(localStorage.getItem("fake-push") ? subscription() : null);
  };
})();
"""


@pytest.fixture
def push_on(settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = new_vapid_pair()
    settings.VAPID_SUBJECT = "mailto:ops@walk.example.org"


def test_a_client_turns_reminders_on_this_phone_and_off_again(page, push_on):
    walker = make_user("remi@example.com", "Remi Walker")
    make_plan(walker, timezone.localdate())
    phone = Phone("https://fcm.googleapis.com/fcm/send/remi-phone")
    page.context.grant_permissions(["notifications"])
    page.add_init_script(FAKE_PUSH_SERVICE % json.dumps(phone.subscription()))
    page.set_viewport_size(PHONE)
    log_in(page, walker.email)
    page.goto("/account/")
    expect_title(page, "Your account")
    on = page.get_by_role("button", name="Remind me on this phone")
    expect(on).to_be_visible()
    expect(page.get_by_label("Remind me on session days")).not_to_be_checked()
    check_a11y(page)

    on.click()
    expect(
        page.get_by_role("status").filter(has_text="This phone now gets your reminders")
    ).to_be_visible()
    off = page.get_by_role("button", name="Stop reminders on this phone")
    expect(off).to_be_visible()
    expect(on).to_be_hidden()
    device = PushSubscription.objects.get()
    assert (device.user_id, device.endpoint, device.p256dh) == (
        walker.pk,
        phone.endpoint,
        phone.p256dh,
    )
    assert MailPreferences.objects.get(user=walker).reminders is True

    page.reload()
    expect(page.get_by_label("Remind me on session days")).to_be_checked()
    expect(off).to_be_visible()
    check_a11y(page)

    off.click()
    expect(page.get_by_text("This phone no longer gets reminders.")).to_be_visible()
    expect(on).to_be_visible()
    assert not PushSubscription.objects.exists()


def test_the_service_worker_shows_a_pushed_reminder_in_the_apps_words(page, push_on, live_server):
    walker = make_user("remi@example.com", "Remi Walker")
    make_plan(walker, timezone.localdate())
    page.context.grant_permissions(["notifications"])
    log_in(page, walker.email)
    page.goto("/account/")
    devtools = page.context.new_cdp_session(page)
    registrations = []
    devtools.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    devtools.send("ServiceWorker.enable")
    page.evaluate(
        "() => navigator.serviceWorker.register('/sw.js', {scope: '/'})"
        ".then(() => navigator.serviceWorker.ready).then(() => true)"
    )
    for _ in range(50):  # DevTools tells of the registration a moment later
        if registrations:
            break
        page.wait_for_timeout(100)
    registration = next(r for r in registrations if not r["isDeleted"])
    message = {"title": "backward-walk", "body": "Time for today's backward walk", "url": "/today/"}
    devtools.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server.url,
            "registrationId": registration["registrationId"],
            "data": json.dumps({**message, "tag": "bw"}),
        },
    )
    shown = None
    for _ in range(50):  # the worker shows it a moment later (evaluate awaits the promise)
        shown = page.evaluate(
            """() => navigator.serviceWorker.ready
                  .then((r) => r.getNotifications())
                  .then((list) => list.length ? list.map((n) =>
                      ({title: n.title, body: n.body, tag: n.tag, data: n.data})) : null)"""
        )
        if shown:
            break
        page.wait_for_timeout(100)
    assert shown == [
        {
            "title": "backward-walk",
            "body": "Time for today's backward walk",
            "tag": "bw",
            "data": {"url": "/today/"},
        }
    ]
