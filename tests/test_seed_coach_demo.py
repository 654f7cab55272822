"""seed_coach_demo: the demo coach gets 30+ clients in varied states, once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from coaching.models import CoachLink, Note
from coaching.selectors.dashboard import for_dashboard
from plans.models import Plan, PlanEvent, SessionLog
from tests.factories import make_user


def run() -> str:
    out = StringIO()
    call_command("seed_coach_demo", stdout=out)
    return out.getvalue()


def counts() -> tuple:
    return tuple(
        model.objects.count() for model in (User, CoachLink, Plan, SessionLog, PlanEvent, Note)
    )


@pytest.mark.django_db
def test_seed_gives_the_coach_30_clients_some_flagged():
    output = run()
    coach = User.objects.get(email="coach@example.com")
    assert coach.is_coach
    assert coach.check_password("walk-backward-demo")
    rows = for_dashboard(coach, timezone.now())
    assert len(rows) >= 30
    flags = {code for row in rows for code, _ in row.flags}
    assert {"pain", "fall", "missed", "clearance", "paused"} <= flags
    assert sum(1 for row in rows if not row.flags and row.adherence_28) >= 10
    assert {row.stage for row in rows} >= {"Pool", "Handrail", "Treadmill", "Open track"}
    assert any(row.status == "No plan yet" for row in rows)
    # Flagged clients come first.
    flagged = [bool(row.flags) for row in rows]
    assert flagged == sorted(flagged, reverse=True)
    assert "created walker01@example.com" in output
    assert "walk-backward-demo" in output


@pytest.mark.django_db
def test_second_run_creates_nothing_new():
    run()
    before = counts()
    output = run()
    assert counts() == before
    assert "kept coach coach@example.com" in output
    assert "0 new and 32 existing" in output


@pytest.mark.django_db
def test_an_existing_coach_is_reused_with_their_password():
    coach = make_user("coach@example.com", "Already Here", role="coach")
    run()
    coach.refresh_from_db()
    assert coach.display_name == "Already Here"
    assert User.objects.filter(email="coach@example.com").count() == 1
    assert CoachLink.objects.filter(coach=coach, ended_at__isnull=True).count() >= 30


@pytest.mark.django_db
def test_clients_can_log_in_with_the_demo_password():
    run()
    assert User.objects.get(email="walker01@example.com").check_password("walk-backward-demo")


@pytest.mark.way_in("coaching.management.commands.seed_coach_demo.Command.handle")
@pytest.mark.django_db
def test_every_demo_plan_already_obeys_the_current_rules():
    """The seeders build plans through the one writer, so a re-check under the current rules
    finds nothing to change, and no plan keeps a stage confirmed by a coach it no longer has
    (§9.1)."""
    run()
    out = StringIO()
    call_command("recheck_plans", stdout=out)
    assert "Re-checked 0 plans" in out.getvalue()
    for plan in Plan.objects.exclude(status=Plan.Status.ENDED).exclude(supervised_stages=[]):
        assert CoachLink.objects.has_coach(plan.client)
