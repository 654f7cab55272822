"""The guided session's steps follow the session's own dose, to the second."""

from dataclasses import dataclass

import pytest

from plans.player import (
    BACKWARD,
    BELT_REST,
    COOLDOWN,
    FORWARD,
    SEATED,
    WARMUP,
    bouts_in,
    session_phases,
)


@dataclass
class Dose:
    stage: str = "handrail"
    warmup_minutes: int = 5
    backward_minutes: int = 4
    forward_minutes: int = 4
    cooldown_minutes: int = 3
    bout_backward_seconds: int = 60
    bout_forward_seconds: int = 60
    seated_rest: bool = False


def kinds(phases):
    return [(p.kind, p.seconds) for p in phases]


@pytest.mark.parametrize(
    ("dose", "expected"),
    [
        pytest.param(
            Dose(backward_minutes=2, forward_minutes=2),
            [
                (WARMUP, 300),
                (BACKWARD, 60),
                (FORWARD, 60),
                (BACKWARD, 60),
                (FORWARD, 60),
                (COOLDOWN, 180),
            ],
            id="1:1 bouts alternate backward and easy walking",
        ),
        pytest.param(
            Dose(backward_minutes=1, forward_minutes=2, bout_backward_seconds=30, seated_rest=True),
            [
                (WARMUP, 240),
                (SEATED, 60),  # v3 §9.16: the warm-up ends sitting, before the first bout
                (BACKWARD, 30),
                (SEATED, 60),
                (BACKWARD, 30),
                (SEATED, 60),
                (COOLDOWN, 180),
            ],
            id="seated rest: the warm-up and each backward bout end with a minute sitting",
        ),
        pytest.param(
            # 7 backward minutes at 90:60 -> forward rounded up to 5 by the engine.
            Dose(backward_minutes=7, forward_minutes=5, bout_backward_seconds=90),
            [(WARMUP, 300)]
            + [(BACKWARD, 90), (FORWARD, 60)] * 4
            + [(BACKWARD, 60), (FORWARD, 60), (COOLDOWN, 180)],
            id="a shorter last bout; the rounded-up easy walking goes into the last rest",
        ),
        pytest.param(
            Dose(
                warmup_minutes=3,
                backward_minutes=3,
                forward_minutes=2,
                cooldown_minutes=2,
                bout_backward_seconds=180,
                bout_forward_seconds=120,
            ),
            [(WARMUP, 180), (BACKWARD, 180), (FORWARD, 120), (COOLDOWN, 120)],
            id="one long bout (LOW tier)",
        ),
        pytest.param(
            Dose(stage="treadmill", backward_minutes=2, forward_minutes=2),
            [
                (WARMUP, 300),
                (BACKWARD, 60),
                (BELT_REST, 60),
                (BACKWARD, 60),
                (BELT_REST, 60),
                (COOLDOWN, 180),
            ],
            id="§9.3 treadmill: a rest on the slowed or stopped belt, never easy walking forward",
        ),
        pytest.param(
            Dose(stage="treadmill", backward_minutes=1, forward_minutes=1, seated_rest=True),
            [(WARMUP, 240), (SEATED, 60), (BACKWARD, 60), (SEATED, 60), (COOLDOWN, 180)],
            id="§9.3 treadmill with seated rest: sitting, as on the other stages (§9.16 too)",
        ),
    ],
)
def test_phases_follow_the_dose(dose, expected):
    assert kinds(session_phases(dose)) == expected


@pytest.mark.parametrize(
    "dose",
    [
        Dose(),
        Dose(backward_minutes=7, forward_minutes=5, bout_backward_seconds=90),
        Dose(backward_minutes=5, forward_minutes=10, bout_backward_seconds=30, seated_rest=True),
        Dose(backward_minutes=13, forward_minutes=5, bout_backward_seconds=150),
        Dose(stage="treadmill", backward_minutes=7, forward_minutes=5, bout_backward_seconds=90),
    ],
)
def test_the_phases_add_up_to_each_part_of_the_session(dose):
    phases = session_phases(dose)
    total = lambda *k: sum(p.seconds for p in phases if p.kind in k)  # noqa: E731
    bouts = lambda *k: sum(p.seconds for p in phases if p.kind in k and p.bout)  # noqa: E731
    warm_up = sum(p.seconds for p in phases if p.kind in (WARMUP, SEATED) and not p.bout)
    assert warm_up == dose.warmup_minutes * 60  # v3 §9.16: with seated rest, its last minute sat
    assert total(BACKWARD) == dose.backward_minutes * 60
    assert bouts(FORWARD, BELT_REST, SEATED) == dose.forward_minutes * 60
    assert total(COOLDOWN) == dose.cooldown_minutes * 60
    assert bouts_in(phases) == -(-dose.backward_minutes * 60 // dose.bout_backward_seconds)
