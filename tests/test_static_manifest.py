"""Pages render with the production static storage (hashed names from a manifest).

The rest of the suite uses the plain storage, which accepts any name; in production
ManifestStaticFilesStorage raises for a file it does not know. So the static files are
collected once into a temporary folder, and every template that uses {% static %} is
rendered through a real page with that storage: a mistyped path fails here, not in production.
"""

from binascii import unhexlify
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test.signals import template_rendered
from django_otp.oath import TOTP

from plans.demo_data import DEMO_PASSWORD
from tests.factories import make_plan

ROOT = Path(__file__).resolve().parent.parent
MANIFEST_STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}


def templates_using_static() -> set[str]:
    found = set()
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in Path(folder).rglob("*.html"):
            if "{% static" in path.read_text():
                found.add(path.relative_to(folder).as_posix())
    return found


@pytest.fixture
def manifest_storage(settings, tmp_path):
    settings.STORAGES = MANIFEST_STORAGES
    settings.STATIC_ROOT = tmp_path / "static"
    settings.WHITENOISE_USE_FINDERS = False
    call_command("collectstatic", "--noinput", verbosity=0)
    # (pytest-django's settings fixture resets the storages on each change and at teardown)


@pytest.fixture
def rendered():
    names: set[str] = set()

    def collect(sender, template, **kwargs):
        if template.name:
            names.add(template.name)

    template_rendered.connect(collect)
    yield names
    template_rendered.disconnect(collect)


def get_ok(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    assert "/static/" in response.content.decode()


@pytest.mark.django_db
def test_every_template_with_a_static_tag_renders_with_hashed_names(
    client, manifest_storage, rendered, settings
):
    from accounts.models import User
    from notifications.management.commands.vapid_keys import new_vapid_pair
    from plans.models import Plan

    # Reminders on the phone switched on: the account page then has their block and script.
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = new_vapid_pair()
    call_command("seed_demo", "--no-coach-clients", verbosity=0)
    for path in ("/login/", "/signup/", "/sw.js"):  # the worker holds its offline page
        get_ok(client, path)
    # Someone new, at the first question.
    newcomer = User.objects.create_user(email="new@example.com", password="x", display_name="N")
    client.force_login(newcomer)
    get_ok(client, "/start/step/1/")
    # Someone waiting for a doctor: the result page and the letter.
    waiting = Plan.objects.exclude(status__in=["active", "ended"]).first().client
    client.force_login(waiting)
    for path in ("/start/result/", "/start/for-your-doctor/"):
        get_ok(client, path)
    # Someone with an active plan and a coach.
    walker = User.objects.get(email="client@example.com")
    # An earlier plan version, which has a page of its own.
    # Long before the current one: a session's identity is (client, date).
    ended = make_plan(
        walker, walker.local_today() - timedelta(days=400), weeks=1, status=Plan.Status.ENDED
    )
    client.force_login(walker)
    for path in (
        "/today/",
        "/plan/",
        f"/plan/versions/{ended.version}/",
        "/progress/",
        "/notes/",
        "/account/",
        "/account/phone/",
        "/tests/",
        "/tests/backward-walk/",
        "/tests/report/",
    ):
        get_ok(client, path)
    # The guided session (its page, or why there is none that day).
    day = walker.planned_sessions.exclude(plan=ended).first().date
    get_ok(client, f"/today/{day.isoformat()}/go/")
    # The client stops with their coach: the question, then the page that offers to undo it.
    get_ok(client, "/my-coach/end/confirm/")
    client.post("/my-coach/end/")
    get_ok(client, "/my-coach/ended/")
    client.post("/my-coach/ended/undo/")
    # Their coach.
    coach = User.objects.get(email="coach@example.com")
    client.force_login(coach)
    for path in ("/coach/", f"/coach/clients/{walker.public_id}/", "/coach/invites/"):
        get_ok(client, path)
    # Stopping: the question first, then the page that offers to undo it.
    get_ok(client, f"/coach/clients/{walker.public_id}/end/confirm/")
    client.post(f"/coach/clients/{walker.public_id}/end/")
    get_ok(client, f"/coach/clients/{walker.public_id}/ended/")

    # The second step at log-in: setting it up, the codes shown once, new codes, turning it
    # off, and the code page after the password (at a fixed moment: the app's code is timed).
    with time_machine.travel(datetime(2026, 12, 2, 10, 0, tzinfo=UTC), tick=False):
        get_ok(client, "/account/second-step/")
        secret = client.session["second_step_pending_secret"]
        client.post("/account/second-step/", {"code": f"{TOTP(unhexlify(secret)).token():06d}"})
        for path in (
            "/account/second-step/codes/",
            "/account/second-step/new-codes/",
            "/account/second-step/turn-off/",
        ):
            get_ok(client, path)
        client.post("/logout/")
        client.post("/login/", {"username": "coach@example.com", "password": DEMO_PASSWORD})
        get_ok(client, "/login/code/")

    missing = templates_using_static() - rendered
    assert not missing, f"add a page that renders these templates to this test: {missing}"


def test_a_mistyped_static_path_fails_with_the_manifest_storage(manifest_storage):
    from django.template import Context, Template

    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        Template("{% load static %}{% static 'css/no-such-file.css' %}").render(Context())
