"""A rules' Decision turned into a Change for the one writer.

Every field of `progression.Decision` is acted on here or deliberately ignored; the contract
test (tests/test_rules_seam.py) fails when the rules gain a field this module does not name.
"""

from plans import pauses, progression, rules, said
from plans.models import Plan, PlanEvent
from plans.services import state as plan_state
from plans.services.transitions import Change, reasons_as_json

# Decision field -> what the app does with it.
DECISION_FIELDS = {
    "code": "the event's kind; 'pause' and 'resume' also set the status",
    "reasons": "the event's reasons, shown to the client and the coach",
    "new_state": "the dose and its dates (state.state_values)",
    "todo": "pause_reason (as codes), shown first on Today while paused; shown after a log",
    "needs_clearance": "pause_needs, read by the one writer from new_state's causes (the same)",
    "needs_rescreen": "rescreen_due: the questions again before the next log",
    "needs_review": "needs_review and its reason: the coach's flag, or advice to see a physio",
    # notify_coach (no session for 14+ days) is not stored: the coach's dashboard computes the
    # same "no session for 14 days" flag from the sessions themselves (coaching.flags), so a
    # second copy on the plan could only disagree with it.
    "notify_coach": "ignored here on purpose: the dashboard's inactive flag shows it",
}


def _added_words(plan: Plan, causes, decision: progression.Decision) -> list[dict]:
    """The pause's words (codes), with those of each cause that opened (or grew stronger)
    just now."""
    before = {(c.cause, c.needs) for c in pauses.open_only(plan_state.plan_causes(plan))}
    added = [c for c in pauses.open_only(causes) if (c.cause, c.needs) not in before]
    rescreen = decision.needs_rescreen and not plan.rescreen_due
    if not added and not rescreen:
        return list(plan.pause_reason)
    words = progression.cause_todo(added, rescreen) if added else decision.todo
    return said.unique([*plan.pause_reason, *words])


def stronger(a: str, b: str) -> str:
    """The stronger of two pause needs (plan codes: "", self, coach, physician); a plan's
    empty need counts as "self" in the rules' ranking."""
    return rules.stronger_need(a or "self", b or "self")


def change_for(
    plan: Plan, decision: progression.Decision, *, has_coach: bool, source: str
) -> Change:
    """The Change a decision makes to `plan` (paused or not)."""
    values = plan_state.state_values(plan, decision.new_state)
    if decision.code == "pause":
        # Every cause with its own need and start (§9.4); the one writer reads the single
        # fields (pause_needs, paused_for, paused_on) from them.
        causes = progression.all_causes(decision.new_state)
        if plan.status != Plan.Status.ACTIVE:
            # Already paused: the dose waits, and the new causes join the open ones, each
            # adding its own words (§9.5: a fall added to a pain pause brings its advice).
            values = {"pause_reason": _added_words(plan, causes, decision)}
        else:
            values["status"] = Plan.Status.PAUSED
            values["pause_reason"] = list(decision.todo)
        values["pause_causes"] = causes
        values["rescreen_due"] = plan.rescreen_due or decision.needs_rescreen
    elif decision.code == "resume" and plan.status != Plan.Status.ACTIVE:
        values["status"] = Plan.Status.ACTIVE
        values["rescreen_due"] = False
    if decision.needs_review and not plan.needs_review:
        values["needs_review"] = True
        values["needs_review_reason"] = list(progression.review_todo(has_coach))
    kind = decision.code
    if values.get("needs_review") and kind == "hold":
        kind = PlanEvent.Kind.NEEDS_REVIEW  # its own kind, so the coach's history shows it
    return Change(
        kind=kind, source=source, reasons=reasons_as_json(decision.reasons), values=values
    )
