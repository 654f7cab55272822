"""§9.1 in the demo data: a client whose coach link ended, the supervised stages gone and the
event saying why."""

import pytest
from django.core.management import call_command

from coaching.models import CoachLink
from plans.models import Plan
from plans.said import render


@pytest.mark.way_in("plans.management.commands.seed_demo.Command.handle")
@pytest.mark.django_db
def test_s9_1_seed_demo_has_a_client_whose_coach_link_ended(capsys):
    call_command("seed_demo", "--no-coach-clients")
    assert "ended@example.com" in capsys.readouterr().out
    plan = Plan.objects.exclude(status="ended").get(client__email="ended@example.com")
    assert (plan.tier, plan.status, plan.stage) == ("high", "active", "handrail")
    assert plan.supervised_stages == []
    assert plan.stages == ["handrail"]
    assert "needs someone with you" in render(plan.skipped["treadmill"])
    event = plan.events.first()
    assert event.kind == "supervised"
    assert "Your coach link ended" in render(event.reasons[0])
    assert event.before["stage"] == "treadmill"
    link = CoachLink.objects.get(client=plan.client)
    assert link.ended_at is not None and link.ended_by.email == "coach@example.com"
    assert not CoachLink.objects.has_coach(plan.client)
