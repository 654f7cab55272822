"""The session player's steps: one planned session's dose as a timed list of phases.

Pure functions, no database and no request. The player page renders the list as JSON and
plans/static/js/player.js walks through it, so the timer can only ever follow the stored dose.

How the bouts are laid out: backward bouts of `bout_backward_seconds` alternate with easy
walking (or sitting, with seated rest) of `bout_forward_seconds`, until the session's
backward minutes are used up; the last backward bout may be shorter. The engine rounds the
forward minutes up, so whatever easy walking or sitting is left goes into the last rest.
The phases therefore add up exactly to warm-up + backward + forward + cool-down minutes.

On a treadmill nobody turns round to walk forward (§9.3): between bouts the person stays
facing the back of the treadmill and rests with the belt slowed or stopped (BELT_REST).

Seated rest (v3 §9.16): the warm-up's last minute is spent sitting, so no walking, the warm-up
included, runs past 5 minutes before the first sit (`walking_before_first_sit`).
"""

from dataclasses import dataclass
from typing import Protocol

WARMUP = "warmup"
BACKWARD = "backward"
FORWARD = "forward"
BELT_REST = "belt_rest"  # the treadmill's rest between bouts: belt slowed or stopped
SEATED = "seated"
COOLDOWN = "cooldown"
SEATED_WARMUP_SECONDS = 60  # v3 §9.16: with seated rest, the warm-up ends sitting down


class Dose(Protocol):
    stage: str
    warmup_minutes: int
    backward_minutes: int
    forward_minutes: int
    cooldown_minutes: int
    bout_backward_seconds: int
    bout_forward_seconds: int
    seated_rest: bool


@dataclass(frozen=True, slots=True)
class Phase:
    kind: str  # WARMUP, BACKWARD, FORWARD, BELT_REST, SEATED or COOLDOWN
    seconds: int
    bout: int  # 1-based number of the backward bout this phase belongs to; 0 for the ends


def session_phases(dose: Dose) -> tuple[Phase, ...]:
    """Warm-up, the bouts (backward, then easy walking, a rest on the belt or sitting),
    cool-down."""
    phases = []
    if dose.warmup_minutes:
        sit = SEATED_WARMUP_SECONDS if dose.seated_rest and dose.warmup_minutes > 1 else 0
        phases.append(Phase(WARMUP, dose.warmup_minutes * 60 - sit, 0))
        if sit:
            phases.append(Phase(SEATED, sit, 0))
    rest_kind = rest_kind_for(dose)
    backward_left = dose.backward_minutes * 60
    rest_left = dose.forward_minutes * 60
    bout = 0
    while backward_left > 0 and dose.bout_backward_seconds > 0:
        bout += 1
        seconds = min(dose.bout_backward_seconds, backward_left)
        backward_left -= seconds
        phases.append(Phase(BACKWARD, seconds, bout))
        rest = rest_left if backward_left == 0 else min(dose.bout_forward_seconds, rest_left)
        if rest > 0:
            rest_left -= rest
            phases.append(Phase(rest_kind, rest, bout))
    if rest_left > 0:  # no backward bouts at all: keep the easy walking anyway
        phases.append(Phase(rest_kind, rest_left, bout))
    if dose.cooldown_minutes:
        phases.append(Phase(COOLDOWN, dose.cooldown_minutes * 60, 0))
    return tuple(phases)


def rest_kind_for(dose: Dose) -> str:
    """What follows each backward bout: sitting, a rest on the belt, or easy walking."""
    if dose.seated_rest:
        return SEATED
    return BELT_REST if dose.stage == "treadmill" else FORWARD


def walking_before_first_sit(phases: tuple[Phase, ...]) -> int:
    """Seconds of walking (warm-up, backward, easy walking) before the first sit; all of the
    session's walking when there is no sit."""
    walked = 0
    for phase in phases:
        if phase.kind == SEATED:
            break
        walked += phase.seconds
    return walked


def bouts_in(phases: tuple[Phase, ...]) -> int:
    return max((p.bout for p in phases if p.kind == BACKWARD), default=0)
