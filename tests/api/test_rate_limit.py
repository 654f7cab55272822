"""A rate limit per token: over API_RATE_PER_MINUTE, 429 with Retry-After and a problem."""

from datetime import timedelta

import pytest
import time_machine

from tests.api.conftest import NOW, token_client
from tests.factories import make_user


@pytest.mark.django_db
def test_over_the_limit_a_token_gets_429_with_retry_after(settings):
    settings.API_RATE_PER_MINUTE = 3
    user = make_user("ann@example.com", "Ann")
    api = token_client(user)
    assert [api.get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get("/api/v1/me/")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["code"] == "throttled"
    assert "try again in" in refused.json()["detail"]
    # Another token of the same person has its own count.
    assert token_client(user, "read").get("/api/v1/me/").status_code == 200
    with time_machine.travel(NOW + timedelta(minutes=1, seconds=1), tick=False):
        assert api.get("/api/v1/me/").status_code == 200
