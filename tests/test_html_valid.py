"""The Nu HTML checker (vnu) finds no error on any page of the client's and the coach's journeys.

The pages are rendered with the test client, saved to a temporary folder and checked in one
run of `vnu.jar` (installed by `(cd tools/vnu && npm ci)`; it needs Java). Without Java or the
jar the test is skipped locally; with REQUIRE_VNU=1 (as CI sets) it fails instead.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from accounts.models import User
from coaching.services import invites
from coaching.services import links as coaching
from plans.demo_data import Habit, log_painful_session, new_rng, simulate
from plans.models import QuestionnaireDraft
from plans.questionnaire_steps import STEP_COUNT, STEPS
from tests.factories import make_user

pytestmark = pytest.mark.django_db

VNU_JAR = Path(__file__).resolve().parents[1] / "tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar"

# Who opens which pages. "{client}" is the coached client's page on the coach's side.
PAGES = {
    None: ["/", "/login/", "/signup/", "/privacy/", "/password-reset/", "/no-such-page/"],
    "sam@example.com": [
        "/today/",
        "/plan/",
        "/plan/routine/",
        "/progress/",
        "/notes/",
        "/account/",
        "/account/phone/",
        "/account/password/",
        "/start/result/",
        "/start/for-your-doctor/",
        *(f"/start/step/{step.number}/" for step in STEPS),
    ],
    "alex@example.com": ["/today/", "/plan/", "/progress/", "/notes/", "/today/fall/"],
    "dana@example.com": [
        "/coach/",
        "/coach/invites/",
        "/coach/clients/{client}/",
        "/coach/clients/{paused}/",
        "/account/",
    ],
}
# Forms sent empty, so their error messages are checked too: (who, path).
EMPTY_POSTS = [
    (None, "/signup/"),
    ("sam@example.com", "/start/step/1/"),
    ("sam@example.com", "/plan/routine/"),
    ("alex@example.com", "/today/fall/"),
]


def vnu_command() -> list[str] | None:
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        return None
    return [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]


@pytest.fixture
def vnu():
    command = vnu_command()
    if command is None:
        message = "Java or vnu.jar missing: install Java 17, then (cd tools/vnu && npm ci)"
        if os.environ.get("REQUIRE_VNU") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return command


def _people() -> dict[str, str]:
    coach = make_user("dana@example.com", "Dana Coach", role="coach")
    rng = new_rng()
    alex = make_user("alex@example.com", "Alexandra Longname-Walker")
    simulate(alex, "fit", 4, alex.local_today(), Habit(0.9, (4, 5), (0, 1)), rng)
    sam = make_user("sam@example.com", "Sam Paused")
    plan = simulate(
        sam, "knee", 3, sam.local_today(), Habit(0.85, (4, 5), (1, 3)), rng, stop_days=4
    )
    log_painful_session(sam, plan, sam.local_today())
    for client in (alex, sam):
        invites.accept_invite(invites.create_invite(coach), client)
        coaching.write_note(coach, client, "Well done this week. Keep the rail close.")
    invites.create_invite(coach)
    # Answering again, with every step reached, so each step's page opens.
    QuestionnaireDraft.objects.create(client=sam, answers=plan.screening.answers, step=STEP_COUNT)
    return {"{client}": str(alex.public_id), "{paused}": str(sam.public_id)}


def _client_for(email: str | None) -> Client:
    client = Client()
    if email is not None:
        client.force_login(User.objects.get(email=email))
    return client


def _save(folder: Path, name: str, html: bytes) -> Path:
    path = folder / f"{len(list(folder.iterdir())):02d}-{name.strip('/').replace('/', '_')}.html"
    path.write_bytes(html)
    return path


def test_every_journey_page_is_valid_html(vnu, tmp_path, settings):
    from notifications.management.commands.vapid_keys import new_vapid_pair

    # Reminders on the phone switched on, so the account pages show their block too.
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = new_vapid_pair()
    ids = _people()
    saved: dict[str, str] = {}
    for email, paths in PAGES.items():
        client = _client_for(email)
        for path in paths:
            for key, value in ids.items():
                path = path.replace(key, value)
            response = client.get(path)
            assert response.status_code in (200, 404), (path, response.status_code)
            saved[str(_save(tmp_path, path or "home", response.content))] = f"{email}: {path}"
    for email, path in EMPTY_POSTS:
        response = _client_for(email).post(path, {})
        assert response.status_code in (200, 400), (path, response.status_code)  # 400: refused
        saved[str(_save(tmp_path, f"{path}-errors", response.content))] = f"{email}: POST {path}"

    command = [*vnu, *saved]  # our own jar and files, no shell
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)  # noqa: S603
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{saved.get(m.get('url', '').removeprefix('file:'), m.get('url'))} "
        f"line {m.get('lastLine')}: {m.get('message')} [{m.get('extract', '').strip()[:120]}]"
        for m in messages
        if m.get("type") == "error"
    ]
    assert not errors, f"vnu found {len(errors)} error(s):\n  " + "\n  ".join(errors)
