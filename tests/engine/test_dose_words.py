"""The "why" names the same backward minutes as the first session, even when time is short."""

from datetime import date

import pytest
from answer_factory import make_answers

from plans.engine import build_plan
from plans.screening import screen

MONDAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("overrides", "minutes"),
    [
        pytest.param({}, 10, id="low-tier-with-time-to-spare"),
        pytest.param({"minutes": 20}, 8, id="low-tier-cut-to-fit-20-minutes"),
        pytest.param({"minutes": 15}, 4, id="low-tier-cut-to-fit-15-minutes"),
        pytest.param({"age": 78}, 8, id="mod-tier"),
        pytest.param({"falls_12m": 1, "minutes": 15}, 3, id="high-tier-cut-to-the-floor"),
    ],
)
def test_dose_reason_names_the_first_sessions_backward_minutes(overrides, minutes):
    answers = make_answers(**overrides)
    plan = build_plan(answers, screen(answers), MONDAY)
    first = plan.weeks[0].sessions[0]
    dose = next(reason for reason in plan.reasons if reason.code == "dose").message
    assert first.backward_minutes == minutes
    assert f"{minutes} minutes of backward walking per session" in dose
