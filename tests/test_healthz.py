from django.db import OperationalError

from plans import middleware


def test_healthz_answers_ok_after_a_query(client, django_assert_num_queries, db):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


class _DownConnection:
    def cursor(self):
        raise OperationalError("connection refused")


def test_healthz_answers_503_when_database_is_down(client, monkeypatch):
    monkeypatch.setattr(middleware, "connection", _DownConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert b"database unavailable" in response.content


def test_healthz_skips_host_validation(client, db):
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200


def test_healthz_refuses_post(client, db):
    assert client.post("/healthz").status_code == 405
