"""§9.1 Supervision follows the link, through every way a link ends: the coach ends it, the
client ends it, the client takes another coach's invite, either account is deleted, and the
recheck command for links that ended before the rule. The 24-hour undo does not bring the
supervised stages back.

The person: 95, no pool, so HIGH on the handrail; her coach confirmed the treadmill and the
track, and moved her onto the treadmill (the found bug: after the link ended she moved on alone
to the treadmill and then the open track).
"""

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from coaching.models import CoachLink, Note
from coaching.services import invites
from coaching.services import links as coaching
from plans.models import Plan, PlanEvent, PlannedSession
from plans.said import render
from plans.services import adjustments, clearances
from plans.services.adjustments import Adjustment
from plans.services.errors import ClearanceNotEnough
from plans.services.intake import current_plan, start_plan
from plans.services.routine import change_routine
from tests.engine.answer_factory import make_answers_dict
from tests.factories import PASSWORD

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)  # a Wednesday; the people live in UTC
TODAY = date(2026, 12, 2)
TOMORROW = TODAY + timedelta(days=1)
LAPSED = "Your coach link ended"
BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def confirm(client, coach, *stages: str) -> Plan:
    plan = current_plan(client)
    change = Adjustment(
        "supervise",
        "Her daughter walks with her.",
        plan.row_version,
        supervised_stages=stages,
    )
    return adjustments.adjust_plan(client, coach, change)


@pytest.fixture
def on_treadmill(client_user, coach_user) -> Plan:
    """HIGH (age 95), no pool; the coach confirmed treadmill and track and moved her on."""
    start_plan(client_user, make_answers_dict(age=95, access_pool=False), TODAY)
    link = CoachLink.objects.create(coach=coach_user, client=client_user)
    confirm(client_user, coach_user, "treadmill", "track")
    plan = current_plan(client_user)
    adjustments.adjust_plan(
        client_user, coach_user, Adjustment("stage_up", "Ready for the belt.", plan.row_version)
    )
    plan = current_plan(client_user)
    assert (plan.tier, plan.stage) == ("high", "treadmill")
    assert plan.stages == ["handrail", "treadmill", "track"]
    assert plan.supervised_stages == ["track", "treadmill"]
    plan.link = link
    return plan


def assert_lapsed(plan: Plan, *, by, source: str) -> PlanEvent:
    """The plan as §9.1 wants it after the end: no supervised stage, back on the rail from
    tomorrow, one event that says why."""
    plan.refresh_from_db()
    assert plan.supervised_stages == []
    assert plan.stages == ["handrail"]
    assert "needs someone with you" in render(plan.skipped["treadmill"])
    assert "needs someone with you" in render(plan.skipped["track"])
    assert (plan.stage, plan.level) == ("handrail", 1)
    event = plan.events.first()
    assert (event.kind, event.source, event.made_by) == ("supervised", source, by)
    assert LAPSED in render(event.reasons[0])
    assert "treadmill" in render(event.reasons[0])
    assert event.before["supervised_stages"] == ["track", "treadmill"]
    assert event.after["supervised_stages"] == []
    ahead = PlannedSession.objects.filter(client=plan.client, date__gte=TOMORROW, cancelled=False)
    assert ahead.exists()
    assert set(ahead.values_list("stage", flat=True)) == {"handrail"}
    return event


# --- The coach ends it -------------------------------------------------------------------------


@pytest.mark.way_in("coaching.services.links.end_link")
@pytest.mark.way_in("plans.services.supervision.lapse_supervision")
@pytest.mark.django_db
def test_s9_1_the_coach_ending_the_link_drops_the_supervised_stages_at_once(
    on_treadmill, coach_user
):
    assert coaching.end_link(on_treadmill.link, by=coach_user)
    assert_lapsed(on_treadmill, by=coach_user, source="coach")
    assert not coaching.end_link(on_treadmill.link, by=coach_user)  # already ended: no second
    assert on_treadmill.events.filter(kind="supervised", source="coach").count() == 2  # confirm


@pytest.mark.django_db
def test_s9_1_the_lapse_is_in_the_same_transaction_as_the_end(
    on_treadmill, coach_user, monkeypatch
):
    """§9.1: if the plan cannot be rebuilt, the link does not end either."""
    from plans.services import supervision

    def broken(*args, **kwargs):
        raise RuntimeError("the writer failed")

    monkeypatch.setattr(supervision, "transition", broken)
    version = Plan.objects.get(pk=on_treadmill.pk).row_version
    with pytest.raises(RuntimeError):
        coaching.end_link(on_treadmill.link, by=coach_user)
    assert CoachLink.objects.get(pk=on_treadmill.link.pk).ended_at is None
    plan = Plan.objects.get(pk=on_treadmill.pk)
    assert (plan.row_version, plan.stage) == (version, "treadmill")
    assert plan.supervised_stages == ["track", "treadmill"]


@pytest.mark.way_in("coaching.views.coach.end_link")
@pytest.mark.django_db
def test_s9_1_coach_ends_through_the_page_and_the_person_sees_why_on_today(
    client, on_treadmill, coach_user, client_user
):
    client.force_login(coach_user, backend=BACKEND)
    confirm_page = client.get(reverse("coach_end_link_confirm", args=[client_user.public_id]))
    assert "Stages you confirmed as supervised leave their plan" in confirm_page.content.decode()
    response = client.post(reverse("coach_end_link", args=[client_user.public_id]))
    assert response.status_code == 302
    assert_lapsed(on_treadmill, by=coach_user, source="coach")
    client.force_login(client_user, backend=BACKEND)
    today = client.get(reverse("today")).content.decode()
    assert "Latest change to your plan" in today
    assert LAPSED in today
    plan_page = client.get(reverse("plan")).content.decode()
    assert LAPSED in plan_page


@pytest.mark.way_in("coaching.views.coach.undo_end_link")
@pytest.mark.way_in("coaching.services.links.undo_end")
@pytest.mark.django_db
def test_s9_1_undoing_the_end_does_not_bring_the_supervised_stages_back(
    client, on_treadmill, coach_user, client_user
):
    """§9.1 "A new coach must confirm again": the 24-hour undo restores the link only."""
    client.force_login(coach_user, backend=BACKEND)
    client.post(reverse("coach_end_link", args=[client_user.public_id]))
    page = client.get(reverse("coach_link_ended", args=[client_user.public_id])).content.decode()
    assert "Undoing does not bring back the stages you confirmed as supervised" in page
    response = client.post(
        reverse("coach_end_link_undo", args=[client_user.public_id]), follow=True
    )
    assert CoachLink.objects.coaches(coach_user, client_user)
    assert "The supervised stages did not come back" in response.content.decode()
    plan = Plan.objects.get(pk=on_treadmill.pk)
    assert plan.supervised_stages == []
    assert (plan.stage, plan.stages) == ("handrail", ["handrail"])
    # The coach confirms again, and the stages come back from tomorrow.
    confirm(client_user, coach_user, "treadmill")
    plan.refresh_from_db()
    assert plan.stages == ["handrail", "treadmill"]


# --- The client ends it ------------------------------------------------------------------------


@pytest.mark.way_in("coaching.views.notes.end_coaching")
@pytest.mark.django_db
def test_s9_1_the_client_stopping_with_their_coach_drops_the_supervised_stages(
    client, on_treadmill, client_user
):
    client.force_login(client_user, backend=BACKEND)
    page = client.get(reverse("client_notes")).content.decode()
    assert "leaves your plan until a coach confirms it again" in page
    response = client.post(reverse("client_end_link"))
    assert response.status_code == 302
    assert_lapsed(on_treadmill, by=client_user, source="client")
    assert LAPSED in client.get(reverse("today")).content.decode()


@pytest.mark.way_in("coaching.views.invites.accept")
@pytest.mark.way_in("coaching.services.invites.accept_invite")
@pytest.mark.django_db
def test_s9_1_taking_another_coachs_invite_drops_the_first_coachs_confirmations(
    client, on_treadmill, client_user, other_coach_user
):
    invite = invites.create_invite(other_coach_user, name="New group")
    client.force_login(client_user, backend=BACKEND)
    response = client.post(reverse("invite_accept", args=[invite.code]))
    assert response.status_code == 302
    assert CoachLink.objects.coaches(other_coach_user, client_user)
    assert_lapsed(on_treadmill, by=client_user, source="client")


# --- An account is deleted ---------------------------------------------------------------------


@pytest.mark.way_in("accounts.views.account.delete_account")
@pytest.mark.way_in("accounts.services.account.delete_account")
@pytest.mark.django_db
def test_s9_1_the_coach_deleting_their_account_drops_the_supervised_stages(
    client, on_treadmill, coach_user, client_user
):
    client.force_login(coach_user, backend=BACKEND)
    response = client.post(
        reverse("account_delete"), {"current_password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    assert_lapsed(on_treadmill, by=None, source="system")
    assert Note.objects.filter(client=client_user, author=None).exists()  # told, as before


@pytest.mark.way_in("accounts.views.account.delete_account")
@pytest.mark.django_db
def test_s9_1_the_client_deleting_their_account_leaves_nothing_behind(
    client, on_treadmill, coach_user, client_user
):
    """The plan goes with the person; the coach keeps no link and no supervised stage."""
    client.force_login(client_user, backend=BACKEND)
    response = client.post(
        reverse("account_delete"), {"current_password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    assert not Plan.objects.filter(pk=on_treadmill.pk).exists()
    assert not CoachLink.objects.filter(coach=coach_user).exists()


# --- Old data: the recheck command -----------------------------------------------------------


@pytest.mark.way_in("plans.services.supervision.lapse_unlinked")
@pytest.mark.way_in("plans.management.commands.recheck_plans.Command.handle")
@pytest.mark.django_db
def test_s9_1_recheck_plans_drops_supervised_stages_where_the_link_already_ended(
    on_treadmill, client_user, coach_user
):
    """A link that ended before §9.1 left its supervised stages behind; recheck_plans drops
    them once, whatever the plan's rules version, and says so."""
    CoachLink.objects.filter(pk=on_treadmill.link.pk).update(ended_at=NOW, ended_by=coach_user)
    out = StringIO()
    call_command("recheck_plans", stdout=out)
    assert "Supervision lapsed on 1 plans" in out.getvalue()
    assert_lapsed(on_treadmill, by=None, source="system")
    events = PlanEvent.objects.filter(plan=on_treadmill).count()
    out = StringIO()
    call_command("recheck_plans", stdout=out)
    assert "Supervision lapsed on 0 plans" in out.getvalue()
    assert PlanEvent.objects.filter(plan=on_treadmill).count() == events


@pytest.mark.django_db
def test_s9_1_recheck_plans_keeps_the_stages_of_a_client_who_still_has_the_coach(on_treadmill):
    call_command("recheck_plans", stdout=StringIO())
    plan = Plan.objects.get(pk=on_treadmill.pk)
    assert (plan.stage, plan.supervised_stages) == ("treadmill", ["track", "treadmill"])


# --- Nothing left to walk alone ---------------------------------------------------------------


@pytest.mark.django_db
def test_s9_1_with_no_stage_left_to_walk_alone_the_plan_waits_for_a_coach(
    client, client_user, coach_user, other_coach_user
):
    """A seizure this year: the pool needs a helper in the water. With only the pool left, the
    plan pauses when the link ends; no clearance restarts it until a coach confirms the pool."""
    answers = make_answers_dict(
        age=70, seizures_12m=True, access_treadmill=False, access_track=False
    )
    start_plan(client_user, answers, TODAY)
    link = CoachLink.objects.create(coach=coach_user, client=client_user)
    confirm(client_user, coach_user, "pool")
    plan = current_plan(client_user)
    change_routine(
        client_user,
        days=["mon", "wed", "fri"],
        minutes_available=40,
        places={"access_pool": True},
        today=TODAY,
    )
    plan.refresh_from_db()
    assert (plan.stage, plan.stages) == ("pool", ["pool"])

    coaching.end_link(link, by=client_user)
    plan.refresh_from_db()
    assert plan.supervised_stages == []
    assert (plan.status, plan.paused_for, plan.pause_needs) == ("paused", "supervision", "coach")
    assert plan.events.first().kind == "pause"
    client.force_login(client_user, backend=BACKEND)
    assert (
        "needs someone trained with you every time" in client.get(reverse("today")).content.decode()
    )

    review = clearances.Clearance(
        kind="review", name="Sam Lee", profession="physiotherapist", cleared_on=TODAY
    )
    with pytest.raises(ClearanceNotEnough, match="A coach must confirm that first"):
        clearances.clear(client_user, review, by=client_user)
    assert Plan.objects.get(pk=plan.pk).status == "paused"

    CoachLink.objects.create(coach=other_coach_user, client=client_user)
    confirm(client_user, other_coach_user, "pool")
    plan.refresh_from_db()
    adjustments.adjust_plan(
        client_user,
        other_coach_user,
        Adjustment("resume", "A lifeguard is there every time.", plan.row_version),
    )
    plan.refresh_from_db()
    assert (plan.status, plan.stage, plan.supervised_stages) == ("active", "pool", ["pool"])
