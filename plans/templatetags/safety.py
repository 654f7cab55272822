"""`plan_safety`: the "Staying safe" copy for one plan, built from the engine's own cue texts.

Only the stages in the person's plan are listed (a skipped stage's set-up is not their concern),
and nothing here reads the database: the plan row and the sessions already on the page suffice.
"""

from django import template

from plans import engine, rules
from plans.models.choices import Stage

register = template.Library()


@register.simple_tag
def plan_safety(plan, *session_lists) -> dict:
    """Cues for the plan's own stages, the before-session cues, and the plan's effort range.

    `session_lists`: the planned sessions on the page; seated-rest cues show when any has it.
    """
    stages = [code for code in plan.stages if code not in plan.skipped]
    land = any(code != "pool" for code in stages)
    seated = any(session.seated_rest for sessions in session_lists for session in sessions)
    before = [engine.LAND_SHOES] if land else []
    # The engine's own stop cue is a short form of the full "stop now" list on the page.
    before += [cue for cue in engine.COMMON_CUES if cue is not engine.STOP_CUE]
    before.append(engine.WALKING_AID_CUE)
    if seated:
        before += engine.SEATED_REST_CUES
    dose = rules.TIER_DOSE.get(plan.tier)
    return {
        "before": before,
        "stages": [
            {
                "code": code,
                "name": Stage(code).label,
                "cues": _cues_of(code, seated=seated),
            }
            for code in stages
        ],
        "rpe": (dose.rpe_low, dose.rpe_high) if dose else None,
    }


def _cues_of(code: str, *, seated: bool) -> list:
    """A stage's own cues; on a treadmill with seated rest, where to sit (§9.3)."""
    cues = [cue for cue in engine.STAGE_CUES[code] if cue != engine.LAND_SHOES]
    if seated and code == "treadmill":
        cues.append(engine.TREADMILL_SEATED_REST_CUE)
    return cues
