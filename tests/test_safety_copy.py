"""The plan page's "Staying safe": the person's own stages' cues, from the engine's texts, and the
§4 v2 copy (shoes, treadmill set-up, turning, walking aids, leg swings held, stop list, RPE)."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import User
from plans import engine
from plans.models import PlannedSession
from tests.factories import make_plan

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
TREADMILL_SET_UP = engine.STAGE_CUES["treadmill"][0]
POOL_SHOES = "Wear non-slip pool shoes; they matter most if your feet feel numb."
RAIL_TURN = "At the end of the rail, stop, turn to face forward, then walk back."
TRACK_TURN = "To turn, stop, turn to face forward, then walk back."


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def safety_box(client) -> str:
    page = client.get(reverse("plan")).content.decode()
    start = page.index('id="safety-h"')
    return page[start : page.index("</section>", start)]


ROWS = [
    pytest.param(
        ["pool", "handrail"],
        {"treadmill": "Needs someone with you.", "track": "Needs someone with you."},
        [POOL_SHOES, RAIL_TURN, "In the pool", "Along a handrail", engine.LAND_SHOES],
        [TREADMILL_SET_UP, TRACK_TURN, "On a treadmill", "On a track or path"],
        id="pool-and-rail-only",
    ),
    pytest.param(
        ["pool"],
        {"handrail": "No rail.", "treadmill": "No treadmill.", "track": "No track."},
        [POOL_SHOES, "Climb out slowly"],
        [RAIL_TURN, TREADMILL_SET_UP, engine.LAND_SHOES],
        id="pool-only-no-land-shoes",
    ),
    pytest.param(
        ["handrail", "treadmill", "track"],
        {"pool": "No pool."},
        [
            TREADMILL_SET_UP,
            "start it at its lowest speed, then hold both rails and step on",
            "To finish, stop the belt first, then step off.",
            RAIL_TURN,
            TRACK_TURN,
        ],
        [POOL_SHOES, "In the pool"],
        id="rail-treadmill-track",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("stages", "skipped", "shown", "not_shown"), ROWS)
def test_staying_safe_lists_only_the_persons_own_stages(
    logged_in, client_user, stages, skipped, shown, not_shown
):
    plan = make_plan(client_user, date(2026, 11, 23), stage=stages[0])
    plan.stages, plan.skipped = stages, skipped
    plan.save(update_fields=["stages", "skipped"])

    box = safety_box(logged_in)

    for text in map(str, shown):  # the engine's texts are lazily translated
        assert text in box, text
    for text in map(str, not_shown):
        assert text not in box, text


@pytest.mark.django_db
def test_staying_safe_covers_the_v2_copy_for_everyone(logged_in, client_user):
    make_plan(client_user, date(2026, 11, 23))

    box = safety_box(logged_in)

    assert 'class="alert alert-warning safety-rules"' in box
    assert "leg swings and ankle circles while you hold the rail" in box
    # v3 §9.15: the stop rule and the aid line are the person's own (no aid, no knee arthritis).
    assert "not with your" not in box and "cane or walker" not in box
    assert "3 is moderate, 5 is hard and 7 is very hard" in box
    assert "Your plan asks for 3 to 5" in box  # the plan's tier (mod)
    assert "Stop straight away if you feel" in box
    assert "any sharp pain, or pain that makes you limp" in box
    assert "5 out of 10" not in box
    assert "call your local emergency number" in box
    assert "If you fall" in box
    assert "a tenth" not in box


@pytest.mark.django_db
def test_seated_rest_cues_show_only_when_the_sessions_have_seated_rest(logged_in, client_user):
    plan = make_plan(client_user, date(2026, 11, 23))
    sitting = str(engine.SEATED_REST_CUES[0])
    assert sitting not in safety_box(logged_in)

    PlannedSession.objects.filter(plan=plan).update(seated_rest=True)
    # By hand here; every writer of sessions (write_schedule) moves the version the cached
    # box is kept under, as this does.
    User.objects.records_changed(client_user.pk)

    assert sitting in safety_box(logged_in)


@pytest.mark.django_db
def test_the_week_table_says_sitting_for_sessions_with_seated_rest(logged_in, client_user):
    """A person who sits between turns is never told to walk forward between them."""
    plan = make_plan(client_user, date(2026, 11, 23))
    PlannedSession.objects.filter(plan=plan).update(seated_rest=True)

    page = logged_in.get(reverse("plan")).content.decode()
    table = page[page.index('class="table week-table') :]
    table = table[: table.index("</table>")]

    assert "sitting" in table
    assert "forward" not in table
