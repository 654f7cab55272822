"""Every endpoint × anonymous, the person, another person, their coach, another coach and a
former coach (issue 28, point 4). Each row of the table is written out: what each persona
gets from one endpoint. The person's own endpoints are about the one asking, so another
person reaches only their own; a coach reaches a client only through a current link, as on
the pages (plans.views.access): another coach and a former coach get 404."""

from datetime import timedelta

import pytest

from assessments.models import AssessmentResult
from coaching.models import Note
from plans.models import FallReport, Plan, PlanEvent, SessionLog
from tests.api.conftest import NOW, TODAY, YESTERDAY, key, token_client

PERSONAS = ("anonymous", "person", "other_person", "coach", "other_coach", "former_coach")
OK = "ok"  # 200 or 201

# (name, method, path; {client} is Wendy's public id, body)
ENDPOINTS = {
    "me": ("get", "/api/v1/me/", None),
    "plan": ("get", "/api/v1/plan/", None),
    "today": ("get", "/api/v1/today/", None),
    "sessions": ("get", "/api/v1/sessions/", None),
    "progress": ("get", "/api/v1/progress/", None),
    "done": ("post", f"/api/v1/sessions/{TODAY}/done/", {}),
    "log": ("post", f"/api/v1/sessions/{TODAY}/log/", {"status": "done", "rpe": 4}),
    "ratings": ("post", f"/api/v1/sessions/{TODAY}/ratings/", {"rpe": 4, "pain_during": 1}),
    "morning_pain": (
        "post",
        f"/api/v1/sessions/{YESTERDAY}/morning-pain/",
        {"pain_next_morning": 1},
    ),
    "falls": (
        "post",
        "/api/v1/falls/",
        {
            "happened_at": (NOW - timedelta(hours=1)).isoformat(),
            "injury": False,
            "head_strike": False,
        },
    ),
    "clients": ("get", "/api/v1/clients/", None),
    "client": ("get", "/api/v1/clients/{client}/", None),
    "history": ("get", "/api/v1/clients/{client}/history/", None),
    "notes": ("get", "/api/v1/clients/{client}/notes/", None),
    "write_note": ("post", "/api/v1/clients/{client}/notes/", {"body": "Well done."}),
    "tests": ("get", "/api/v1/clients/{client}/tests/", None),
    "record_test": ("post", "/api/v1/clients/{client}/tests/", {"kind": "tug", "seconds": "9.5"}),
    "fhir": ("get", "/api/v1/clients/{client}/tests/fhir/", None),
}

# What each persona gets, endpoint by endpoint.
MATRIX = {
    #               anonymous person other_person coach other_coach former_coach
    "me": (401, OK, OK, OK, OK, OK),
    "plan": (401, OK, OK, 403, 403, 403),
    "today": (401, OK, OK, 403, 403, 403),
    "sessions": (401, OK, OK, 403, 403, 403),
    "progress": (401, OK, OK, 403, 403, 403),
    "done": (401, OK, OK, 403, 403, 403),
    "log": (401, OK, OK, 403, 403, 403),
    "ratings": (401, OK, OK, 403, 403, 403),
    "morning_pain": (401, OK, OK, 403, 403, 403),
    "falls": (401, OK, OK, 403, 403, 403),
    "clients": (401, 403, 403, OK, OK, OK),
    "client": (401, 403, 403, OK, 404, 404),
    "history": (401, 403, 403, OK, 404, 404),
    "notes": (401, 403, 403, OK, 404, 404),
    "write_note": (401, 403, 403, OK, 404, 404),
    "tests": (401, 403, 403, OK, 404, 404),
    "record_test": (401, 403, 403, OK, 404, 404),
    "fhir": (401, 403, 403, OK, 404, 404),
}
CASES = [
    (endpoint, persona, expected[index])
    for endpoint, expected in MATRIX.items()
    for index, persona in enumerate(PERSONAS)
]


def snapshot() -> tuple:
    """Everything a write could change: equal before and after a refusal."""
    return (
        SessionLog.objects.count(),
        tuple(SessionLog.objects.order_by("pk").values_list("rpe", "pain_next_morning")),
        FallReport.objects.count(),
        Note.objects.count(),
        AssessmentResult.objects.count(),
        PlanEvent.objects.count(),
        tuple(Plan.objects.order_by("pk").values_list("row_version", "status", "level")),
    )


def test_the_matrix_names_every_endpoint_of_the_api():
    """Each URL of /api/v1/ with each method its view answers is a row of the matrix."""
    from django.urls import get_resolver, resolve

    api = next(p for p in get_resolver().url_patterns if str(p.pattern) == "api/")
    v1 = next(p for p in api.url_patterns if str(p.pattern) == "v1/")
    served = {
        (pattern.name, method)
        for pattern in v1.url_patterns
        if pattern.name not in ("api_schema", "api_docs")
        for method in ("get", "post")
        if hasattr(pattern.callback.view_class, method)
    }
    covered = {
        (resolve(path.format(client="00000000-0000-0000-0000-000000000000")).url_name, method)
        for method, path, _body in ENDPOINTS.values()
    }
    assert covered == served
    assert set(MATRIX) == set(ENDPOINTS)


@pytest.mark.django_db
@pytest.mark.parametrize(("endpoint", "persona", "expected"), CASES)
def test_permission_matrix(world, endpoint, persona, expected):
    from rest_framework.test import APIClient

    method, path, body = ENDPOINTS[endpoint]
    path = path.format(client=world["person"].public_id)
    api = APIClient() if persona == "anonymous" else token_client(world[persona])
    before = snapshot()
    response = getattr(api, method)(path, body, format="json", **key())
    if expected == OK:
        assert response.status_code in (200, 201), response.content
    else:
        assert response.status_code == expected, response.content
        assert response["Content-Type"] == "application/problem+json"
        problem = response.json()
        assert problem["status"] == expected
        assert problem["detail"]
        assert snapshot() == before
    if expected == 401:
        assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_another_person_reads_only_their_own_plan(world):
    mine = token_client(world["person"]).get("/api/v1/me/").json()
    theirs = token_client(world["other_person"]).get("/api/v1/me/").json()
    assert mine["public_id"] == str(world["person"].public_id)
    assert theirs["public_id"] == str(world["other_person"].public_id)


@pytest.mark.django_db
def test_a_coach_lists_only_current_clients(world):
    listed = token_client(world["coach"]).get("/api/v1/clients/").json()
    assert [row["name"] for row in listed["results"]] == ["Wendy Walker"]
    former = token_client(world["former_coach"]).get("/api/v1/clients/").json()
    assert former["results"] == []
    other = token_client(world["other_coach"]).get("/api/v1/clients/").json()
    assert [row["name"] for row in other["results"]] == ["Otto Other"]
