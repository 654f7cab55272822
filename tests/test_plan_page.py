from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from plans.models import Plan, PlanEvent
from plans.said import render_all
from tests.factories import WEEKDAYS, log_session, make_plan

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    assert client.get(reverse("plan"))["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_coach_gets_403(coach_logged_in):
    assert coach_logged_in.get(reverse("plan")).status_code == 403


@pytest.mark.django_db
def test_post_is_refused(logged_in, client_user):
    make_plan(client_user, date(2026, 11, 23))
    assert logged_in.post(reverse("plan")).status_code == 405


@pytest.mark.django_db
def test_plan_shows_stages_weeks_reasons_and_safety(logged_in, client_user):
    plan = make_plan(client_user, date(2026, 11, 23), weeks=2)
    plan.skipped = {"pool": {"code": "access_pool"}}
    plan.stages = ["handrail", "treadmill", "track"]
    plan.save()
    html = logged_in.get(reverse("plan")).content.decode()
    assert 'aria-current="step"' in html
    assert "Skipped: You told us you cannot get to a pool." in html
    assert "This week" in html and "Next week" in html
    assert "Steady start." in html  # the plan's reasons
    assert "Stop straight away if you feel" in html
    assert "If you fall" in html


@pytest.mark.django_db
def test_plan_shows_only_the_clients_own_plan(logged_in, client_user, other_client_user):
    make_plan(client_user, date(2026, 11, 23), stage="handrail")
    other = make_plan(other_client_user, date(2026, 11, 23), stage="pool")
    PlanEvent.objects.create(
        plan=other,
        kind="adjust",
        source="coach",
        effective_on=date(2026, 11, 24),
        note="SECRET-OTHER-NOTE",
    )
    html = logged_in.get(reverse("plan")).content.decode()
    assert "SECRET-OTHER-NOTE" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("logged", [1, 100])
def test_plan_page_runs_a_constant_number_of_queries(
    logged_in, client_user, django_assert_num_queries, logged
):
    plan = make_plan(client_user, date(2026, 5, 4), weeks=32, days=WEEKDAYS)
    for planned in plan.sessions.filter(date__lt=date(2026, 11, 25)).order_by("-date")[:logged]:
        log_session(planned)
    logged_in.get(reverse("plan"))  # fills the fragment cache
    # session + user, plan, sessions of the fortnight, events, coach link, notes, earlier
    # plans; the menu (on the user's row) and the three cached fragments (timeline, weeks and
    # "Staying safe", read from memory) cost none: the plan's answers (the person's own stop
    # rule, v3 §9.15) are read only when "Staying safe" is rendered afresh
    with django_assert_num_queries(8):
        assert logged_in.get(reverse("plan")).status_code == 200


@pytest.mark.django_db
def test_resume_after_pain_pause_restarts_one_level_down(logged_in, client_user):
    plan = make_plan(client_user, date(2026, 11, 2), weeks=5, level=2)
    Plan.objects.filter(pk=plan.pk).update(
        status="paused",
        pause_needs="self",
        paused_for="pain",
        pause_reason=[{"code": "do.after_pain"}],
    )
    response = logged_in.post(
        reverse("resume_plan"), {"pain_ok": "yes", "warning_signs": "no", "new_fall": "no"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.level, plan.pause_needs) == ("active", 1, "")
    event = plan.events.get()
    assert (event.kind, event.source) == ("resume", "client")


@pytest.mark.django_db
def test_resume_with_pain_still_high_changes_nothing(logged_in, client_user):
    plan = make_plan(client_user, date(2026, 11, 2), weeks=5, level=2)
    Plan.objects.filter(pk=plan.pk).update(status="paused", pause_needs="self", paused_for="pain")
    response = logged_in.post(
        reverse("resume_plan"), {"pain_ok": "no", "warning_signs": "no", "new_fall": "no"}
    )
    assert response.status_code == 400  # a refused form answers 400 now (v2 resume view)
    assert "Please rest until the pain settles" in response.content.decode()
    plan.refresh_from_db()
    assert (plan.status, plan.level) == ("paused", 2)


@pytest.mark.django_db
def test_resume_after_a_red_flag_needs_the_physicians_name_and_date(logged_in, client_user):
    plan = make_plan(client_user, date(2026, 11, 2), weeks=5, level=2)
    Plan.objects.filter(pk=plan.pk).update(
        status="paused",
        pause_needs="physician",
        paused_for="red_flag",
        paused_on=date(2026, 11, 20),
    )
    answers = {"pain_ok": "yes", "warning_signs": "no", "new_fall": "no"}
    response = logged_in.post(reverse("resume_plan"), answers)
    html = response.content.decode()
    assert "Type the name of the person who cleared you." in html
    assert "Type the date you were cleared." in html
    assert "Please confirm that a doctor cleared you." in html  # v2 §2f: the person confirms
    plan.refresh_from_db()
    assert plan.status == "paused"
    response = logged_in.post(
        reverse("resume_plan"),
        {**answers, "name": "Okafor", "cleared_on": "2026-11-24", "confirmed_doctor": "on"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "active"
    assert "Dr Okafor on 24 Nov 2026; recorded by" in render_all(plan.events.get().reasons)


@pytest.mark.django_db
def test_resume_with_a_future_clearance_date_is_refused(logged_in, client_user):
    plan = make_plan(client_user, date(2026, 11, 2), weeks=5, level=2)
    Plan.objects.filter(pk=plan.pk).update(
        status="paused", pause_needs="physician", paused_for="fall", paused_on=date(2026, 11, 20)
    )
    response = logged_in.post(
        reverse("resume_plan"),
        {
            "pain_ok": "yes",
            "warning_signs": "no",
            "new_fall": "no",
            "name": "Okafor",
            "cleared_on": "2026-12-24",
            "confirmed_doctor": "on",
        },
    )
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "paused"


@pytest.mark.django_db
def test_resume_when_not_paused_just_goes_back(logged_in, client_user):
    make_plan(client_user, date(2026, 11, 23))
    response = logged_in.get(reverse("resume_plan"))
    assert response.status_code == 302


@pytest.mark.django_db
def test_history_shows_changes_but_not_every_hold(logged_in, client_user):
    plan = make_plan(client_user, date(2026, 11, 2), weeks=5)
    for kind, note in (("hold", "HOLD-NOTE"), ("advance", "ADVANCE-NOTE")):
        PlanEvent.objects.create(
            plan=plan, kind=kind, source="rules", effective_on=date(2026, 11, 20), note=note
        )
    html = logged_in.get(reverse("plan")).content.decode()
    assert "ADVANCE-NOTE" in html
    assert "HOLD-NOTE" not in html


@pytest.mark.django_db
def test_plan_page_shows_the_notes_and_a_reply_form_only_with_a_coach(
    logged_in, client_user, coach_user
):
    from coaching.models import CoachLink, Note

    make_plan(client_user, date(2026, 11, 23))
    Note.objects.create(client=client_user, author=coach_user, body="Lovely progress!")
    html = logged_in.get(reverse("plan")).content.decode()
    assert "Lovely progress!" in html
    assert reverse("note_reply") not in html  # no coach linked: nobody to reply to
    CoachLink.objects.create(coach=coach_user, client=client_user)
    html = logged_in.get(reverse("plan")).content.decode()
    assert reverse("note_reply") in html


def _ended_plan_with_a_log(client_user):
    old = make_plan(client_user, date(2026, 10, 5), weeks=2, status="ended", version=1)
    Plan.objects.filter(pk=old.pk).update(ended_at=datetime(2026, 10, 19, tzinfo=UTC))
    log_session(old.sessions.first(), note="OLD-PLAN-LOG", rpe=6)
    return old


@pytest.mark.django_db
def test_earlier_plans_are_listed_and_viewable_with_their_logs(logged_in, client_user):
    _ended_plan_with_a_log(client_user)
    make_plan(client_user, date(2026, 11, 23), version=2)
    html = logged_in.get(reverse("plan")).content.decode()
    assert reverse("plan_version", args=[1]) in html
    response = logged_in.get(reverse("plan_version", args=[1]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Plan version 1" in html and "Done as planned" in html


@pytest.mark.django_db
def test_the_current_version_redirects_to_the_plan_page(logged_in, client_user):
    make_plan(client_user, date(2026, 11, 23), version=1)
    response = logged_in.get(reverse("plan_version", args=[1]))
    assert response["Location"] == reverse("plan")


@pytest.mark.django_db
def test_another_clients_earlier_plan_is_404(logged_in, other_client_user):
    _ended_plan_with_a_log(other_client_user)
    assert logged_in.get(reverse("plan_version", args=[1])).status_code == 404


@pytest.mark.django_db
def test_earlier_plan_anonymous_coach_and_post_are_refused(client, client_user, coach_user):
    _ended_plan_with_a_log(client_user)
    url = reverse("plan_version", args=[1])
    assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(coach_user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(url).status_code == 403
    client.force_login(client_user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(url).status_code == 405
