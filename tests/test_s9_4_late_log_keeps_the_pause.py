"""§9.4: a log that comes in while a plan is paused adds its own causes to the open ones and
never takes one away. Found by the property in test_safety_properties.py: a head strike paused
the plan for a physician; 19 days later the person logged an earlier session late, and the
rules (asked with an "active" stand-in) saw a long break and replaced the stack with the
break's own cause, which the person lifts themselves. The pages, the offline queue and the API
take logs of this week only, so none of them reached it; the service did.
"""

from datetime import timedelta

import pytest
import time_machine

from plans.models import Plan, PlannedSession
from plans.services.intake import current_plan
from plans.services.sessions import record_log
from tests.test_safety_properties import NOW, PAUSES, fresh_user

LATE = {"status": "done", "minutes": 0}


def _paused_by_a_head_strike_then_away(traveller):
    user = fresh_user()
    PAUSES["head strike (§3 v2)"](user)
    traveller.shift(timedelta(days=19))
    earliest = PlannedSession.objects.filter(client=user).order_by("date").first()
    return user, earliest


def _assert_still_waits_for_a_physician(user):
    plan = current_plan(user)
    assert plan.status == Plan.Status.PAUSED
    assert plan.pause_needs == Plan.PauseNeeds.PHYSICIAN
    assert [c["cause"] for c in plan.pause_causes if not c["cleared"]][0] == "fall"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "late",
    [LATE, {"status": "partial", "minutes": 5}, {"status": "skipped", "minutes": 0}],
    ids=["done 0 min", "partly", "skipped"],
)
def test_s9_4_a_late_log_after_weeks_away_keeps_the_physicians_cause(late):
    with time_machine.travel(NOW, tick=False) as traveller:
        user, earliest = _paused_by_a_head_strike_then_away(traveller)
        record_log(user, earliest, late, today=user.local_today())
        _assert_still_waits_for_a_physician(user)
