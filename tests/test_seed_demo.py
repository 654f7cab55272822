import pytest
from django.core.management import call_command

from accounts.models import User
from plans.models import FallReport, Plan, SessionLog


@pytest.mark.django_db
def test_seed_demo_makes_clients_at_each_stage_with_logs_and_is_idempotent(capsys):
    call_command("seed_demo", "--no-coach-clients")
    out = capsys.readouterr().out
    assert "client@example.com" in out and "walk-backward-demo" in out
    plans = {
        p.client.email: p for p in Plan.objects.exclude(status="ended").select_related("client")
    }
    stages = {p.stage for p in plans.values()}
    assert {"pool", "handrail", "treadmill"} <= stages
    assert plans["paused@example.com"].status == Plan.Status.PAUSED
    assert plans["paused@example.com"].paused_for == "pain"
    assert plans["doctor@example.com"].status == Plan.Status.NEEDS_CLEARANCE
    # §9.7: a fall told outside a session, and the pause it made.
    assert plans["fell@example.com"].paused_for == "fall"
    assert FallReport.objects.filter(client__email="fell@example.com", event__isnull=False)
    assert SessionLog.objects.filter(client__email="client@example.com").count() >= 20
    counts = (User.objects.count(), SessionLog.objects.count(), Plan.objects.count())

    call_command("seed_demo", "--no-coach-clients")
    assert (User.objects.count(), SessionLog.objects.count(), Plan.objects.count()) == counts
    assert "kept client client@example.com" in capsys.readouterr().out
