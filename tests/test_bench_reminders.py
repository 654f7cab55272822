"""The reminders benchmark's pieces work on a small data set (so the script cannot rot)."""

import random
from datetime import UTC, datetime

import pytest

from accounts.models import User
from bench import reminders as bench
from notifications.models import MailPreferences, Notification


@pytest.mark.django_db
def test_the_minimal_clients_are_found_and_queued_with_the_same_queries_per_batch():
    now = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)  # evening nearly everywhere in the mix
    rng = random.Random(3)
    bench.make_minimal(0, 40, now, rng)
    people = list(User.objects.order_by("pk").values_list("pk", "time_zone"))
    bench.turn_reminders_on(people, now, rng)
    result = bench.timed_pass(now)
    assert MailPreferences.objects.filter(reminders=True).count() == 40
    assert result["queued"] == Notification.objects.count() > 0
    assert result["client_queries"] == [8]
    bench.forget_queued([pk for pk, _zone in people])
    assert not Notification.objects.exists()
