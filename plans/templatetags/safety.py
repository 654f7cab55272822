"""`plan_safety` and `stop_rule`: the "Staying safe" copy for one plan, built from the engine's
own cue texts, in the person's own words (v3 §9.15: their stop rule and their walking aid).

Only the stages in the person's plan are listed (a skipped stage's set-up is not their concern).
Nothing here reads more than the plan's own answers (`plan.screening`, loaded once per page).
"""

from django import template

from plans import engine, rules
from plans.models.choices import Stage

register = template.Library()


def _answers(plan) -> dict:
    return plan.screening.answers if plan is not None else {}


@register.simple_tag
def stop_rule(plan) -> dict:
    """The person's stop rule (v3 §9.15): "pain above 5 out of 10" only with knee arthritis;
    a cane or walker user is told to hold the rail instead of the aid."""
    answers = _answers(plan)
    knee_oa = bool(answers.get("knee_oa"))
    walking_aid = answers.get("walking_aid") or "none"
    return {
        "knee_oa": knee_oa,
        "pain": engine.stop_pain_words(knee_oa),
        "walking_aid": walking_aid,
        "aid": engine.aid_cue(walking_aid),
    }


@register.simple_tag
def plan_safety(plan, *session_lists) -> dict:
    """Cues for the plan's own stages, the before-session cues, the plan's effort range and
    the person's stop rule.

    `session_lists`: the planned sessions on the page; seated-rest cues show when any has it.
    """
    stages = [code for code in plan.stages if code not in plan.skipped]
    land = any(code != "pool" for code in stages)
    seated = any(session.seated_rest for sessions in session_lists for session in sessions)
    stop = stop_rule(plan)
    before = [engine.LAND_SHOES] if land else []
    before += list(engine.COMMON_CUES)
    if stop["aid"]:
        before.append(stop["aid"])
    if seated:
        before += engine.SEATED_REST_CUES
    dose = rules.TIER_DOSE.get(plan.tier)
    track_start = list(plan.stages[:1]) == ["track"]
    return {
        "before": before,
        "stages": [
            {
                "code": code,
                "name": Stage(code).label,
                "cues": [
                    *_cues_of(code, seated=seated),
                    *([engine.TRACK_START_CUE] if code == "track" and track_start else []),
                ],
            }
            for code in stages
        ],
        "rpe": (dose.rpe_low, dose.rpe_high) if dose else None,
        "talk": engine.talk_test_words(dose.rpe_low) if dose else "",
        "stop": stop,
    }


def _cues_of(code: str, *, seated: bool) -> list:
    """A stage's own cues; on a treadmill with seated rest, where to sit (§9.3)."""
    cues = [cue for cue in engine.STAGE_CUES[code] if cue != engine.LAND_SHOES]
    if seated and code == "treadmill":
        cues.append(engine.TREADMILL_SEATED_REST_CUE)
    return cues


@register.filter
def talk_test(rpe_low) -> str:
    """`{{ session.rpe_low|talk_test }}`: what that effort feels like when talking (§9.17)."""
    return engine.talk_test_words(int(rpe_low))
