"""Idempotency-Key: the same key and body give the same answer once, never a second log."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection

from api.models import IdempotencyRecord
from plans.models import FallReport, Plan, SessionLog
from tests.api.conftest import NOW, TODAY, token_client
from tests.factories import WEEKDAYS, make_plan, make_user

FALL = {
    "happened_at": (NOW - timedelta(hours=1)).isoformat(),
    "injury": False,
    "head_strike": False,
}


@pytest.fixture
def walker(db):
    user = make_user("ann@example.com", "Ann")
    make_plan(user, TODAY - timedelta(days=2), days=WEEKDAYS)
    return user


def post(api, path, body, key):
    return api.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


@pytest.mark.django_db
def test_the_same_key_and_body_get_the_first_answer_again_and_one_log(walker):
    api = token_client(walker)
    path = f"/api/v1/sessions/{TODAY}/log/"
    body = {"status": "done", "rpe": 4, "pain_during": 1}
    first = post(api, path, body, "k-1")
    second = post(api, path, body, "k-1")
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert SessionLog.objects.count() == 1


@pytest.mark.django_db
def test_a_new_key_for_the_same_session_says_the_first_entry_is_kept(walker):
    api = token_client(walker)
    path = f"/api/v1/sessions/{TODAY}/log/"
    post(api, path, {"status": "done", "rpe": 4}, "k-1")
    again = post(api, path, {"status": "skipped"}, "k-2")
    assert again.status_code == 200
    assert again.json()["created"] is False
    assert SessionLog.objects.get().status == "done"


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_refused_422(walker):
    api = token_client(walker)
    post(api, "/api/v1/falls/", FALL, "k-1")
    other = post(api, "/api/v1/falls/", {**FALL, "injury": True}, "k-1")
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert FallReport.objects.get().injury is False


@pytest.mark.django_db
def test_a_write_without_a_key_is_refused_and_saves_nothing(walker):
    response = token_client(walker).post("/api/v1/falls/", FALL, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_missing"
    assert not FallReport.objects.exists()
    assert not IdempotencyRecord.objects.exists()


@pytest.mark.django_db
def test_a_refusal_is_kept_too_and_replayed(walker):
    Plan.objects.filter(client=walker).update(status="paused", pause_needs="physician")
    api = token_client(walker)
    first = post(api, f"/api/v1/sessions/{TODAY}/done/", {}, "k-1")
    Plan.objects.filter(client=walker).update(status="active", pause_needs="")
    second = post(api, f"/api/v1/sessions/{TODAY}/done/", {}, "k-1")
    assert first.status_code == second.status_code == 422
    assert second["Content-Type"] == "application/problem+json"
    assert not SessionLog.objects.exists()


@pytest.mark.django_db
def test_a_key_is_the_persons_own(walker):
    other = make_user("bo@example.com", "Bo")
    make_plan(other, TODAY - timedelta(days=2), days=WEEKDAYS)
    post(token_client(walker), "/api/v1/falls/", FALL, "shared")
    theirs = post(token_client(other), "/api/v1/falls/", FALL, "shared")
    assert theirs.status_code == 201
    assert FallReport.objects.count() == 2


@pytest.mark.django_db
def test_a_key_is_kept_a_day(walker):
    api = token_client(walker)
    path = f"/api/v1/sessions/{TODAY}/log/"
    post(api, path, {"status": "done"}, "k-1")
    with time_machine.travel(NOW + timedelta(hours=25), tick=False):
        later = post(api, path, {"status": "done"}, "k-1")
    assert "Idempotent-Replayed" not in later
    assert later.json()["created"] is False  # run again: the service keeps the first log
    assert IdempotencyRecord.objects.count() == 1


@pytest.mark.django_db
def test_the_same_key_while_the_first_is_still_running_gets_409_with_retry_after(walker):
    """The first request holds the key (its answer not written yet): the second one does not
    run the write again."""
    IdempotencyRecord.objects.create(user=walker, key="k-1", fingerprint="x" * 64)
    api = token_client(walker)
    # The fingerprint of the same request: the one the first stored.
    from api.idempotency import fingerprint

    class Probe:
        method, path, body = "POST", f"/api/v1/sessions/{TODAY}/done/", b""

    IdempotencyRecord.objects.filter(key="k-1").update(fingerprint=fingerprint(Probe))
    response = api.post(f"/api/v1/sessions/{TODAY}/done/", HTTP_IDEMPOTENCY_KEY="k-1")
    assert response.status_code == 409
    assert response["Retry-After"] == "1"
    assert response.json()["code"] == "idempotency_in_progress"
    assert not SessionLog.objects.exists()


# SQLite's test database locks whole tables without waiting, so the race runs where
# production runs it; CI runs the suite on PostgreSQL too (as tests/test_logging_concurrency.py).
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (CI runs it)")
@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_with_the_same_key_make_one_log():
    with time_machine.travel(NOW, tick=True):
        user = make_user("ann@example.com", "Ann")
        make_plan(user, TODAY - timedelta(days=2), days=WEEKDAYS)
        apis = [token_client(user), token_client(user)]
        barrier = threading.Barrier(2)
        answers, errors = [], []

        def send(api):
            try:
                barrier.wait(timeout=10)
                answers.append(
                    post(api, f"/api/v1/sessions/{TODAY}/log/", {"status": "done"}, "same")
                )
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=send, args=(api,)) for api in apis]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert errors == []
    codes = sorted(a.status_code for a in answers)
    assert codes in ([201, 201], [201, 409])
    assert SessionLog.objects.count() == 1
