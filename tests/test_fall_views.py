"""§9.7 "I had a fall" through the pages: Today and the menu lead to it, the form saves the fall
once and pauses the plan as a fall on a log does, and the next page says what to do."""

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import User
from plans.models import FallReport, Plan, PlanEvent
from tests.engine.answer_factory import make_answers_dict
from tests.factories import make_plan, make_screening

# Wednesday 2 December 2026, 10:00 UTC.
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
MONDAY = date(2026, 11, 30)
URL = "/today/fall/"
UNHURT = {"when": "2026-12-02T08:30", "injury": "no", "head_strike": "no"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def plan(client_user):
    return make_plan(client_user, MONDAY)


def state_of(user) -> tuple:
    """Everything a fall report could change: to show a refusal changed nothing."""
    plan = Plan.objects.filter(client=user).first()
    return (
        list(FallReport.objects.filter(client=user).values()),
        plan and (plan.status, plan.pause_needs, plan.falls_logged, plan.row_version),
        PlanEvent.objects.filter(plan__client=user).count(),
    )


def chosen(html: str) -> dict[str, str]:
    """The radio answers the page starts with."""
    found = re.findall(r'<input type="radio"[^>]*name="(\w+)" value="(\w+)"[^>]* checked>', html)
    return dict(found)


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_the_url_keeps_its_name():
    """The offline queue links a refused fall here by name (issue 23, point 3)."""
    assert reverse("report_fall") == URL


# --- Ways in ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_s9_7_today_and_the_menu_offer_i_had_a_fall(logged_in, plan):
    html = logged_in.get(reverse("today")).content.decode()
    assert html.count(f'href="{URL}"') >= 3  # the menu (bar and folded) and Today's button
    assert "I had a fall" in html


@pytest.mark.django_db
def test_s9_7_the_menu_offers_it_before_there_is_a_plan(logged_in):
    html = logged_in.get(reverse("questionnaire"), follow=True).content.decode()
    assert f'href="{URL}"' in html


@pytest.mark.django_db
def test_s9_7_a_paused_plan_s_today_still_offers_it(logged_in, plan):
    logged_in.post(URL, UNHURT)
    html = logged_in.get(reverse("today")).content.decode()
    assert "Your plan is paused" in html
    assert html.count(f'href="{URL}"') >= 3


@pytest.mark.django_db
def test_s9_7_the_safety_rules_link_to_it(logged_in, plan):
    html = logged_in.get(reverse("plan")).content.decode()
    assert f'<a href="{URL}">I had a fall</a>' in html


# --- The form --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_s9_7_the_form_asks_when_hurt_and_head(logged_in):
    response = logged_in.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for words in ("When did it happen?", "Were you hurt?", "Did you hit your head?"):
        assert words in html
    assert 'type="datetime-local"' in html
    assert 'value="2026-12-02T10:00"' in html  # now, in the person's own time
    assert 'max="2026-12-02T10:00"' in html and 'min="2025-12-02T10:00"' in html


@pytest.mark.django_db
def test_s9_7_a_link_may_prefill_the_answers(logged_in):
    html = logged_in.get(URL + "?injury=1&head=1&when=2026-12-01T18:45").content.decode()
    assert 'value="2026-12-01T18:45"' in html
    assert chosen(html) == {"injury": "yes", "head_strike": "yes"}
    html = logged_in.get(URL + "?injury=0&head=0").content.decode()
    assert chosen(html) == {"injury": "no", "head_strike": "no"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        pytest.param("?when=2026-12-03T09:00&injury=maybe&head=2", id="future and nonsense"),
        pytest.param("?when=2025-01-01T09:00", id="over 12 months ago"),
        pytest.param("?when=yesterday", id="not a time"),
    ],
)
def test_s9_7_a_bad_prefill_is_left_out(logged_in, query):
    response = logged_in.get(URL + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="2026-12-02T10:00"' in html  # now, as without a prefill
    assert chosen(html) == {}
    assert "Please check the form" not in html


# --- Saving ---------------------------------------------------------------------------------


@pytest.mark.way_in("plans.views.falls.report_fall")
@pytest.mark.django_db
def test_s9_7_an_unhurt_fall_pauses_and_the_next_page_says_what_to_do(logged_in, plan):
    response = logged_in.post(URL, UNHURT)
    assert response["Location"] == reverse("fall_reported")

    report = FallReport.objects.get()
    assert report.happened_at == datetime(2026, 12, 2, 8, 30, tzinfo=UTC)
    assert (report.injury, report.head_strike) == (False, False)
    plan.refresh_from_db()
    assert (plan.status, plan.pause_needs, plan.paused_for, plan.falls_logged) == (
        "paused",
        "self",
        "fall",
        1,
    )

    page = logged_in.get(response["Location"])
    html = page.content.decode()
    assert "Your fall is saved" in messages_of(page)
    assert "You fell on Wednesday 2 December, 08:30." in html
    assert "Your plan is paused. Rest for at least two days (48 hours)." in html
    assert "From Friday 4 December, 10:00, if you feel well" in html
    assert "You had a fall." in html  # the rules' reason
    assert "roll onto your side" in html  # domain §4 "After a fall"
    assert "Get medical care today" not in html


@pytest.mark.way_in("plans.views.falls.report_fall")
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answers", "post", "why"),
    [
        pytest.param({}, {"head_strike": "yes"}, "You hit your head.", id="§9.7 head strike"),
        pytest.param(
            {"anticoagulants": True}, {}, "You take blood thinners.", id="§9.7 blood thinners"
        ),
    ],
)
def test_s9_7_a_head_strike_or_blood_thinners_says_get_care_today(
    logged_in, client_user, answers, post, why
):
    screening = make_screening(client_user, answers=make_answers_dict(age=70, **answers))
    make_plan(client_user, MONDAY, screening=screening)
    logged_in.post(URL, {**UNHURT, **post})
    html = logged_in.get(reverse("fall_reported")).content.decode()
    assert "Get medical care today" in html
    assert why in html
    assert "Your plan is paused until a doctor has checked you" in html
    assert reverse("physician_letter") in html
    assert Plan.objects.get(client=client_user).pause_needs == "physician"


@pytest.mark.way_in("plans.views.falls.report_fall")
@pytest.mark.way_in("plans.services.falls.report_fall")
@pytest.mark.django_db
def test_s9_7_with_no_plan_the_fall_is_saved_and_the_page_says_so(logged_in, client_user):
    response = logged_in.post(URL, {**UNHURT, "injury": "yes"}, follow=True)
    assert response.status_code == 200
    assert FallReport.objects.get(client=client_user).injury
    html = response.content.decode()
    assert "You have no plan yet. Your fall is saved" in html


@pytest.mark.way_in("plans.views.falls.report_fall")
@pytest.mark.django_db
def test_s9_7_a_double_submit_records_one_fall(logged_in, plan):
    logged_in.post(URL, UNHURT)
    saved = state_of(plan.client)
    response = logged_in.post(URL, UNHURT, follow=True)
    assert "This fall was already saved" in messages_of(response)
    assert state_of(plan.client) == saved
    assert FallReport.objects.count() == 1


@pytest.mark.django_db
def test_s9_7_the_time_is_read_in_the_person_s_own_zone(logged_in, client_user, plan):
    User.objects.filter(pk=client_user.pk).update(time_zone="America/New_York")
    html = logged_in.get(URL).content.decode()
    assert 'value="2026-12-02T05:00"' in html
    logged_in.post(URL, {**UNHURT, "when": "2026-12-02T04:30"})
    assert FallReport.objects.get().happened_at == datetime(2026, 12, 2, 9, 30, tzinfo=UTC)


@pytest.mark.way_in("plans.views.falls.report_fall")
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("post", "words"),
    [
        pytest.param({"when": "2026-12-02T10:30"}, "cannot be in the future", id="§9.7 future"),
        pytest.param({"when": "2025-11-30T10:00"}, "more than 12 months ago", id="§9.7 too old"),
        pytest.param({"when": "soon"}, "like 2026-11-25 14:30", id="not a time"),
        pytest.param({"when": ""}, "roughly when it happened", id="no time"),
        pytest.param({"injury": ""}, "Please answer yes or no", id="hurt not answered"),
        pytest.param({"head_strike": "maybe"}, "Select a valid choice", id="head not answered"),
    ],
)
def test_s9_7_bad_input_gives_a_clear_message_and_changes_nothing(logged_in, plan, post, words):
    before = state_of(plan.client)
    response = logged_in.post(URL, {**UNHURT, **post})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please check the form" in html
    assert words in html
    assert state_of(plan.client) == before


# --- Who may ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["report_fall", "fall_reported"])
def test_anonymous_people_are_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.way_in("plans.views.falls.report_fall")
@pytest.mark.django_db
def test_an_anonymous_post_saves_nothing(client, client_user, plan):
    before = state_of(client_user)
    response = client.post(URL, UNHURT)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert state_of(client_user) == before


@pytest.mark.way_in("plans.views.falls.report_fall")
@pytest.mark.django_db
def test_a_coach_is_refused_and_saves_nothing(coach_logged_in, coach_user):
    assert coach_logged_in.get(URL).status_code == 403
    assert coach_logged_in.post(URL, UNHURT).status_code == 403
    assert coach_logged_in.get(reverse("fall_reported")).status_code == 403
    assert not FallReport.objects.exists()
    html = coach_logged_in.get(reverse("coach_dashboard")).content.decode()
    assert f'href="{URL}"' not in html


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_refused(logged_in, method):
    assert getattr(logged_in, method)(URL).status_code == 405
    assert logged_in.post(reverse("fall_reported")).status_code == 405
    assert not FallReport.objects.exists()


@pytest.mark.django_db
def test_the_page_after_shows_only_your_own_fall(client, client_user, other_client_user, plan):
    client.force_login(client_user, backend="django.contrib.auth.backends.ModelBackend")
    client.post(URL, UNHURT)
    client.force_login(other_client_user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("fall_reported"))
    assert response["Location"] == URL


# --- The person's data ---------------------------------------------------------------------


@pytest.mark.django_db
def test_s9_7_the_export_holds_the_told_falls(logged_in, client_user, other_client_user):
    from tests.test_privacy import read_zip

    logged_in.post(URL, {**UNHURT, "head_strike": "yes"})
    FallReport.objects.create(client=other_client_user, happened_at=NOW, injury=True)
    everything, tables = read_zip(logged_in.get(reverse("account_export")).content)
    (row,) = everything["fall_reports"]
    assert (row["client"], row["happened_at"], row["head_strike"]) == (
        "you",
        "2026-12-02T08:30:00+00:00",
        True,
    )
    assert len(tables["fall_reports"]) == 1


@pytest.mark.django_db
def test_s9_7_deleting_the_account_removes_the_told_falls(logged_in, client_user, plan):
    from tests.factories import PASSWORD
    from tests.test_privacy import rows_referencing

    logged_in.post(URL, UNHURT)
    client_id = client_user.pk
    response = logged_in.post(
        reverse("account_delete"), {"current_password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    assert not FallReport.objects.exists()
    assert rows_referencing(client_id) == []
