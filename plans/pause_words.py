"""Why a plan is paused, in words for the coach (the client's own pause_reason speaks to them)."""

from django.utils.translation import gettext_lazy as _

# One line per cause (plans.progression.PAUSE_CAUSES, and the coach's own pause).
CAUSES = {
    "fall": _("They logged a fall."),
    "red_flag": _("They logged a warning sign during a session."),
    "health_change": _(
        "They said their health has changed; they answer the health questions again."
    ),
    "long_break": _("A long break without sessions; they answer the health questions again."),
    "illness": _("They are ill or getting over an illness; their answers said to wait."),
    "pain": _("They logged strong pain."),
    "screening": _("Their health answers need a clearance before they walk."),
    "coach": _("A coach paused the plan."),
    "supervision": _(
        "Their coach link ended and their stage needs someone trained with them; confirm it "
        "under supervised stages before the plan restarts."
    ),
}
UNKNOWN = _("The rules paused the plan; see Decisions and changes below.")


def pause_for_coach(paused_for: str) -> str:
    """The cause of a pause, for the coach, from the plan's `paused_for` code."""
    return str(CAUSES.get(paused_for or "", UNKNOWN))
