"""Personal access tokens: made on the account page, named and scoped, shown once, stored
hashed, revocable, with a last-used time; a scope refuses what it does not allow (403 with
a problem detail). The signed-in session works too, with CSRF on writes."""

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from api.models import AccessToken
from api.tokens import make_token
from coaching.models import Note
from plans.models import SessionLog
from tests.api.conftest import NOW, TODAY, key, token_client

BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.mark.django_db
def test_the_account_page_lists_tokens_and_offers_the_persons_scopes(client, world):
    client.force_login(world["person"], backend=BACKEND)
    make_token(world["person"], "My watch", "read")
    html = client.get(reverse("account")).content.decode()
    assert 'id="api-tokens"' in html
    assert "My watch" in html
    assert 'value="log"' in html
    assert 'value="coach_write"' not in html


@pytest.mark.django_db
def test_a_coach_is_offered_the_coach_scopes_only(client, world):
    client.force_login(world["coach"], backend=BACKEND)
    html = client.get(reverse("account")).content.decode()
    assert 'value="coach_read"' in html
    assert 'value="log"' not in html
    response = client.post(reverse("api_token_new"), {"name": "Clinic", "scope": "log"})
    assert response.status_code == 400
    assert not AccessToken.objects.exists()


@pytest.mark.django_db
def test_a_token_is_shown_once_and_only_its_hash_is_kept(client, world):
    client.force_login(world["person"], backend=BACKEND)
    response = client.post(reverse("api_token_new"), {"name": "Phone app", "scope": "log"})
    assert response.status_code == 201
    secret = response.context["secret"]
    assert secret.startswith("bw_")
    assert secret in response.content.decode()
    assert response["Cache-Control"].count("no-store") == 1
    token = AccessToken.objects.get()
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(AccessToken.objects.values().get())
    assert secret not in client.get(reverse("account")).content.decode()


@pytest.mark.django_db
def test_the_token_form_needs_a_post_and_a_signed_in_person(client, world):
    assert client.get(reverse("api_token_new")).status_code in (302, 405)
    assert client.post(reverse("api_token_new"), {"name": "x", "scope": "log"}).status_code == 302
    assert not AccessToken.objects.exists()


@pytest.mark.django_db
def test_a_revoked_token_gets_401_and_only_its_owner_can_revoke_it(client, world):
    made = make_token(world["person"], "Old app", "read")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {made.secret}")
    assert api.get("/api/v1/plan/").status_code == 200
    client.force_login(world["other_person"], backend=BACKEND)
    assert client.post(reverse("api_token_revoke", args=[made.token.pk])).status_code == 404
    client.force_login(world["person"], backend=BACKEND)
    assert client.post(reverse("api_token_revoke", args=[made.token.pk])).status_code == 302
    refused = api.get("/api/v1/plan/")
    assert refused.status_code == 401
    assert refused["Content-Type"] == "application/problem+json"
    assert "revoked" in refused.json()["detail"]


@pytest.mark.django_db
def test_a_mistyped_token_and_a_switched_off_account_get_401(world):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Bearer bw_not-a-token")
    assert api.get("/api/v1/me/").status_code == 401
    api = token_client(world["person"])
    world["person"].is_active = False
    world["person"].save(update_fields=["is_active"])
    assert api.get("/api/v1/me/").status_code == 401


@pytest.mark.django_db
def test_last_used_is_written_at_most_once_a_minute(world):
    made = make_token(world["person"], "App", "read")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {made.secret}")
    api.get("/api/v1/me/")
    assert AccessToken.objects.get().last_used_at == NOW
    with time_machine.travel(NOW + timedelta(seconds=30), tick=False):
        api.get("/api/v1/me/")
    assert AccessToken.objects.get().last_used_at == NOW
    with time_machine.travel(NOW + timedelta(minutes=2), tick=False):
        api.get("/api/v1/me/")
    assert AccessToken.objects.get().last_used_at == NOW + timedelta(minutes=2)


@pytest.mark.django_db
def test_a_read_token_cannot_log_403_problem_and_nothing_saved(world):
    before = SessionLog.objects.count()
    api = token_client(world["person"], "read")
    assert api.get("/api/v1/plan/").status_code == 200
    response = api.post(f"/api/v1/sessions/{TODAY}/ratings/", {"rpe": 3}, format="json", **key())
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "scope"
    assert problem["title"] == "Forbidden"
    assert "Read, and log" in problem["detail"]
    assert problem["instance"] == f"/api/v1/sessions/{TODAY}/ratings/"
    assert SessionLog.objects.count() == before
    assert SessionLog.objects.get(client=world["person"], date=TODAY).rpe is None


@pytest.mark.django_db
def test_a_coach_read_token_cannot_write_a_note(world):
    api = token_client(world["coach"], "coach_read")
    path = f"/api/v1/clients/{world['person'].public_id}/notes/"
    assert api.get(path).status_code == 200
    response = api.post(path, {"body": "Hello"}, format="json", **key())
    assert response.status_code == 403
    assert response.json()["code"] == "scope"
    assert not Note.objects.exists()


@pytest.mark.django_db
def test_me_says_what_the_token_may_do(world):
    assert token_client(world["person"], "read").get("/api/v1/me/").json()["scopes"] == ["read"]
    assert token_client(world["coach"]).get("/api/v1/me/").json()["scopes"] == [
        "coach_read",
        "coach_write",
    ]


@pytest.mark.django_db
def test_the_signed_in_session_works_and_a_write_needs_the_csrf_token(world):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(world["person"], backend=BACKEND)
    assert api.get("/api/v1/plan/").status_code == 200
    path = f"/api/v1/sessions/{TODAY}/ratings/"
    refused = api.post(path, {"rpe": 3}, format="json", **key())
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert SessionLog.objects.get(client=world["person"], date=TODAY).rpe is None
    api.get(reverse("account"))  # sets the CSRF cookie, as any page does
    token = api.cookies["csrftoken"].value
    accepted = api.post(path, {"rpe": 3}, format="json", HTTP_X_CSRFTOKEN=token, **key())
    assert accepted.status_code == 200, accepted.content


@pytest.mark.django_db
def test_the_command_prints_a_working_token(world):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("api_token", "walker@example.com", "--scope", "read", stdout=out)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {out.getvalue().strip()}")
    assert api.get("/api/v1/plan/").status_code == 200
    out = StringIO()
    call_command("api_token", "coach@example.com", stdout=out)
    assert AccessToken.objects.get(user=world["coach"]).scope == "coach_write"
