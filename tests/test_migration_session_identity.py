"""Migrations 0004-0006 (v2): existing sessions take their client from their plan, and where an
ended version left an unlogged session on a day the newer version also has, only that unlogged
one goes. Logged sessions are never deleted. Runs the real migrations on the test database."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("plans", "0003_plan_newest_first")]

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_sessions_get_their_client_and_keep_every_logged_one():
    old = _migrate(BEFORE)
    User = old.get_model("plans", "User")
    Screening = old.get_model("plans", "Screening")
    Plan = old.get_model("plans", "Plan")
    Session = old.get_model("plans", "PlannedSession")
    Log = old.get_model("plans", "SessionLog")
    person = User.objects.create(email="old@example.com", password="x", role="client")
    screening = Screening.objects.create(
        client=person, answers={}, rules_version="2026.1", outcome="ready", tier="mod",
        steadi_score=0, abc6=90,
    )  # fmt: skip
    common = {
        "screening": screening, "tier": "mod", "stages": ["handrail"], "days": ["mon"],
        "minutes_available": 30, "stage": "handrail", "level": 1, "backward_minutes": 8,
        "start_date": date(2026, 1, 1), "level_started": date(2026, 1, 1),
        "stage_started": date(2026, 1, 1), "rules_version": "2026.1",
    }  # fmt: skip
    ended = Plan.objects.create(client=person, version=1, status="ended", **common)
    current = Plan.objects.create(client=person, version=2, status="active", **common)
    dose = {
        "stage": "handrail", "level": 1, "warmup_minutes": 5, "backward_minutes": 8,
        "forward_minutes": 8, "cooldown_minutes": 3, "bout_backward_seconds": 60,
        "bout_forward_seconds": 60, "total_minutes": 24, "rpe_low": 3, "rpe_high": 5,
    }  # fmt: skip
    day = date(2026, 2, 2)
    logged = Session.objects.create(plan=ended, date=day - timedelta(days=7), **dose)
    Log.objects.create(
        planned=logged, client=person, date=logged.date, status="done", minutes=24,
        backward_minutes=8,
    )  # fmt: skip
    Session.objects.create(plan=ended, date=day, **dose)  # unlogged, on the newer one's day
    kept = Session.objects.create(plan=current, date=day, **dose)

    executor = MigrationExecutor(connection)
    new = _migrate(executor.loader.graph.leaf_nodes())
    rows = list(
        new.get_model("plans", "PlannedSession")
        .objects.order_by("date")
        .values_list("pk", "plan_id", "client_id")
    )
    assert rows == [(logged.pk, ended.pk, person.pk), (kept.pk, current.pk, person.pk)]
