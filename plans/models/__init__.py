"""Models, one module per subject; import them from here."""

from plans.models.choices import Clearance, Outcome, Stage, Tier
from plans.models.falls import FallReport
from plans.models.plan import Plan, PlanEvent, PlannedSession, SessionLog
from plans.models.screening import QuestionnaireDraft, Screening

__all__ = [
    "Clearance",
    "FallReport",
    "Outcome",
    "Plan",
    "PlanEvent",
    "PlannedSession",
    "QuestionnaireDraft",
    "Screening",
    "SessionLog",
    "Stage",
    "Tier",
]
