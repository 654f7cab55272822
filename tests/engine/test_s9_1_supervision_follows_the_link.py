"""§9.1 Supervision follows the link: where a plan walks once the stages a coach confirmed
lapse (engine.stages_now), as table rows over the pure rules."""

import pytest

from plans import engine
from plans.said import render
from tests.engine.answer_factory import make_answers

NO_POOL = {"access_pool": False}
# (answers, tier, stage now, confirmed after, usable stages, stage after, restart, why)
ROWS = [
    (
        {"age": 95, **NO_POOL},
        "high",
        "treadmill",
        frozenset(),
        ("handrail",),
        "handrail",
        False,
        "the 95-year-old on the treadmill goes back to the rail, same level",
    ),
    (
        {"age": 95, **NO_POOL},
        "high",
        "track",
        frozenset(),
        ("handrail",),
        "handrail",
        False,
        "from the open track: the nearest easier stage left",
    ),
    (
        {"age": 95, "access_handrail": False},
        "high",
        "track",
        frozenset(),
        ("pool",),
        "pool",
        False,
        "no rail: back to the pool",
    ),
    (
        {"age": 95, **NO_POOL},
        "high",
        "handrail",
        frozenset(),
        ("handrail",),
        "handrail",
        False,
        "on the rail already: the stage stays, the track ahead goes",
    ),
    (
        {"age": 95, **NO_POOL},
        "high",
        "track",
        frozenset({"track"}),
        ("handrail", "track"),
        "track",
        False,
        "a new coach confirmed the track: it stays",
    ),
    (
        {"age": 70, "seizures_12m": True},
        "mod",
        "pool",
        frozenset(),
        ("handrail",),
        "handrail",
        True,
        "after a seizure the pool needs a helper: nothing easier, so the start stage at level 1",
    ),
    (
        {
            "age": 70,
            "seizures_12m": True,
            "access_handrail": False,
            "access_treadmill": False,
            "access_track": False,
        },
        "mod",
        "pool",
        frozenset(),
        (),
        None,
        False,
        "a pool only, after a seizure: no stage left to walk alone",
    ),
    (
        {"age": 45},
        "low",
        "treadmill",
        frozenset(),
        ("pool", "handrail", "treadmill", "track"),
        "treadmill",
        False,
        "LOW, nothing supervised-only: nothing moves",
    ),
]


@pytest.mark.parametrize(
    ("overrides", "tier", "stage", "supervised", "usable", "after", "restart", "why"),
    ROWS,
    ids=[row[-1] for row in ROWS],
)
def test_s9_1_where_the_plan_walks_when_supervision_lapses(
    overrides, tier, stage, supervised, usable, after, restart, why
):
    """§9.1: without the coach's confirmation the plan keeps to stages walked alone, moving to
    the nearest easier one (or, with none, where a new plan would start)."""
    answers = make_answers(**overrides)
    now = engine.stages_now(answers, tier, stage, supervised)
    assert (now.stages, now.stage, now.restart) == (usable, after, restart)
    for lapsed in {"treadmill", "track"} - set(usable):
        if getattr(answers, f"access_{lapsed}"):
            # §9.2: with no land stage left, the track's reason is that the plan ends in the
            # pool (no coach can add it back); otherwise it waits for someone with them.
            no_land = lapsed == "track" and not set(usable) & {"handrail", "treadmill"}
            why = "your plan ends in the pool" if no_land else "needs someone with you"
            assert why in render(now.skipped[lapsed])


def test_s9_1_a_test_at_risk_keeps_a_low_plan_off_the_treadmill_once_supervision_lapses():
    """§9.1 with §9.13: a LOW person with a test at risk loses the treadmill a coach confirmed."""
    now = engine.stages_now(make_answers(age=45), "low", "treadmill", tests_at_risk=True)
    assert (now.stages, now.stage) == (("pool", "handrail"), "handrail")
