"""§9.3 Treadmill sessions never say "turn round": a table over every stage × seated rest.

Each row builds the engine's own session for a stage and level, then reads every word the
guided session shows and says for it (plans.views.player.phase_steps) and the session's safety
cues (engine.stage_cues), in English with the real translated strings. Pool, handrail and track
keep their own turn cues (§1 v2); a treadmill never has one.
"""

import re
from datetime import date

import pytest
from django.utils import translation

from plans import engine, player
from plans.views.player import phase_steps

MONDAY = date(2026, 11, 30)
STAGES = ("pool", "handrail", "treadmill", "track")
SHOWN = ("title", "bout", "hint", "say", "next", "alt")  # every word of a phase on screen
TURN = re.compile(r"\bturn", re.IGNORECASE)


def session(stage: str, level: int, *, seated_rest: bool) -> engine.SessionPlan:
    """The engine's session on `stage` (seated rest comes with the HIGH tier)."""
    prescription = engine.Prescription(
        tier="high" if seated_rest else "low",
        stages=STAGES,
        stage=stage,
        level=level,
        backward_minutes=10,
        speed_kmh=1.5 if stage == "treadmill" else None,
        days=("mon", "wed", "fri"),
        sessions_per_week=3,
        minutes_available=40,
        seated_rest=seated_rest,
    )
    return engine.session_for(prescription, MONDAY)


def steps_and_cues(planned) -> tuple[list[dict], list[str]]:
    with translation.override("en"):
        steps = phase_steps(planned)
        cues = engine.stage_cues(planned.stage, seated_rest=planned.seated_rest)
    return steps, list(cues)


def shown(step: dict) -> list[str]:
    return [str(step[key]) for key in SHOWN]


ROWS = [
    pytest.param(
        stage, seated, level, id=f"§9.3-{stage}-{'seated' if seated else 'walking'}-L{level}"
    )
    for stage in STAGES
    for seated in (False, True)
    for level in (1, 2, 3, 4)
]


@pytest.mark.parametrize(("stage", "seated", "level"), ROWS)
def test_s9_3_no_treadmill_phase_or_cue_says_turn(stage, seated, level):
    planned = session(stage, level, seated_rest=seated)
    steps, cues = steps_and_cues(planned)
    kinds = {step["kind"] for step in steps}
    words = [text for step in steps for text in shown(step)] + cues

    if stage != "treadmill":
        assert player.BELT_REST not in kinds  # the other stages: see the next test
        return
    assert [text for text in words if TURN.search(text)] == []
    assert player.FORWARD not in kinds, "nobody walks forward on the belt between bouts"
    # Only the warm-up walks forward, and it is on the floor, off the treadmill.
    for step in steps:
        said = " ".join((step["title"], step["hint"], step["say"]))
        assert ("forward" in said) == (step["kind"] == player.WARMUP), said
        assert step["kind"] != player.WARMUP or "off the treadmill" in said
    assert str(engine.TREADMILL_REST_CUE) in cues
    if seated:
        assert player.SEATED in kinds and player.BELT_REST not in kinds
        assert "Stop the belt and sit down" in words
        assert str(engine.TREADMILL_SEATED_REST_CUE) in cues
        assert not [text for text in words if "end of the rail" in text or "pool steps" in text]
    else:
        assert player.BELT_REST in kinds
        assert "Slow the belt and rest" in words


@pytest.mark.parametrize(
    ("stage", "seated", "turning"),
    [
        pytest.param("pool", False, "Turn round. Easy walking forward", id="§1-pool-turns-round"),
        pytest.param("handrail", False, "Stop, and turn to face forward.", id="§1-v2-rail"),
        pytest.param("track", False, "Stop, and turn to face forward.", id="§1-v2-track"),
        pytest.param("handrail", True, None, id="§1-v2-seated-rail-sits-no-walk"),
    ],
)
def test_s9_3_the_other_stages_keep_their_own_turn_between_bouts(stage, seated, turning):
    with translation.override("en"):
        steps = phase_steps(session(stage, 1, seated_rest=seated))
    between = [step["say"] for step in steps if step["kind"] in (player.FORWARD, player.SEATED)]
    assert between
    for said in between:
        assert (turning in said) if turning else not TURN.search(said), said


def test_s9_3_a_bout_is_never_called_a_turn():
    """The count of backward bouts reads "Bout 2 of 5" on every stage, not "Turn 2 of 5"."""
    with translation.override("en"):
        steps = phase_steps(session("pool", 1, seated_rest=False))
    bouts = [step["bout"] for step in steps if step["bout"]]
    assert bouts and all(re.fullmatch(r"Bout \d+ of \d+", bout) for bout in bouts)
