"""The coach's page for a client starts with what happened (flags, the latest logs with pain,
falls and notes, why any pause in the coach's words), then the changes; the rest is reached by
an in-page menu, and a failed form comes back at the form."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from coaching.models import CoachLink
from plans.models import Plan
from tests.factories import log_session, make_plan

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
MONDAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan(client_user, coach_user):
    CoachLink.objects.create(coach=coach_user, client=client_user, shares_history=True)
    return make_plan(client_user, MONDAY, weeks=2, stage="handrail", level=2, backward_minutes=10)


def page(coach_logged_in, client_user) -> str:
    response = coach_logged_in.get(reverse("coach_client", args=[client_user.public_id]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_what_happened_comes_before_the_changes_and_the_plan(coach_logged_in, client_user, plan):
    html = page(coach_logged_in, client_user)
    order = [html.index(f'id="{anchor}"') for anchor in ("happened-h", "change-h", "plan-h")]
    assert order == sorted(order)
    # The menu to the rest comes after what happened, so a phone shows that first.
    assert order[0] < html.index('class="client-menu') < order[1]


@pytest.mark.django_db
def test_every_menu_link_has_a_target_on_the_page(coach_logged_in, client_user, plan):
    html = page(coach_logged_in, client_user)
    menu = html[html.index('class="client-menu') : html.index("</nav>", html.index("client-menu"))]
    anchors = [part.split('"')[0] for part in menu.split('href="#')[1:]]
    assert len(anchors) >= 6
    for anchor in anchors:
        assert f'id="{anchor}"' in html, anchor


@pytest.mark.django_db
def test_the_latest_logs_show_pain_falls_and_notes(coach_logged_in, client_user, plan):
    log_session(
        plan.sessions.get(date=MONDAY), pain=7, fall=True, note="Felt wobbly near the door."
    )
    html = page(coach_logged_in, client_user)
    top = html[html.index('id="happened-h"') : html.index('id="change-h"')]
    assert "pain 7 during" in top
    assert "a fall" in top
    assert "Felt wobbly near the door." in top
    assert "latest-log-fall" in top


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("paused_for", "pause_needs", "coach_words"),
    [
        ("fall", "physician", "They logged a fall."),
        ("pain", "coach", "They logged strong pain."),
        ("coach", "coach", "A coach paused the plan."),
    ],
)
def test_a_pause_is_explained_in_the_coachs_words(
    coach_logged_in, client_user, plan, paused_for, pause_needs, coach_words
):
    Plan.objects.filter(pk=plan.pk).update(
        status="paused",
        paused_for=paused_for,
        pause_needs=pause_needs,
        paused_on=MONDAY,
        pause_reason=[{"code": "do.after_pain"}],
    )
    html = page(coach_logged_in, client_user)
    top = html[html.index('id="happened-h"') : html.index('id="change-h"')]
    assert coach_words in top
    assert "Who can restart it:" in top
    assert "call your doctor" not in html  # the client's own instructions are theirs


@pytest.mark.django_db
def test_a_failed_change_comes_back_at_its_form(coach_logged_in, client_user, plan):
    response = coach_logged_in.post(
        reverse("coach_adjust", args=[client_user.public_id, "dose"]),
        {
            "dose-row_version": plan.row_version,
            "dose-reason": "",
            "dose-level": 3,
            "dose-backward_minutes": 12,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    # The form comes back open, its first wrong field focused (so scrolled to)...
    form = html[html.index('id="adjust-dose"') :]
    form = form[: form.index("</details>")]
    assert (
        " open" in html[html.index('id="adjust-dose"') - 40 : html.index('id="adjust-dose"') + 40]
    )
    # ...and nothing else on the page takes the focus.
    assert html.count("autofocus") == 1
    assert (
        'name="dose-reason"' in form[form.index("autofocus") - 200 : form.index("autofocus") + 200]
    )


@pytest.mark.django_db
def test_a_refused_change_focuses_its_message(coach_logged_in, client_user, plan):
    response = coach_logged_in.post(
        reverse("coach_adjust", args=[client_user.public_id, "dose"]),
        {
            "dose-row_version": plan.row_version,
            "dose-reason": "Same again.",
            "dose-level": plan.level,
            "dose-backward_minutes": plan.backward_minutes,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("autofocus") == 1
    alert = html[html.index("autofocus") - 120 : html.index("autofocus") + 200]
    assert 'tabindex="-1"' in alert
    assert "Nothing was changed" in alert


@pytest.mark.django_db
def test_a_failed_note_comes_back_at_the_notes(coach_logged_in, client_user, plan):
    response = coach_logged_in.post(
        reverse("coach_note", args=[client_user.public_id]), {"body": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("autofocus") == 1
    assert "autofocus" in html[html.index('id="notes"') :]


@pytest.mark.django_db
def test_another_coach_never_sees_the_page(client, other_coach_user, client_user, plan):
    client.force_login(other_coach_user)
    response = client.get(reverse("coach_client", args=[client_user.public_id]))
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.way_in("plans.services.sessions.record_log")
@pytest.mark.way_in("plans.services.sessions.correct_log")
def test_the_cached_logs_follow_a_new_log_and_its_correction(coach_logged_in, client_user, plan):
    """The latest logs and the recent-logs table are cached under the page's version: a log
    written or corrected after the coach looked shows on the next look, top and table."""
    from plans.services.sessions import correct_log, record_log

    def sections(html: str) -> tuple[str, str]:
        top = html[html.index('id="happened-h"') : html.index('id="change-h"')]
        table = html[
            html.index('id="logs-h"') : html.index("</section>", html.index('id="logs-h"'))
        ]
        return top, table

    assert all(
        "Made it to the door." not in part for part in sections(page(coach_logged_in, client_user))
    )
    today = plan.sessions.get(date=NOW.date())
    log = record_log(
        client_user,
        today,
        {"status": "done", "minutes": 20, "rpe": 4, "note": "Made it to the door."},
    ).log
    assert all(
        "Made it to the door." in part for part in sections(page(coach_logged_in, client_user))
    )
    correct_log(
        client_user, log, {"status": "done", "minutes": 20, "rpe": 4, "note": "Made it twice."}
    )
    assert all("Made it twice." in part for part in sections(page(coach_logged_in, client_user)))
