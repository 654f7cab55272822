"""Models, one module per subject; import them from here."""

from plans.models.assessments import AssessmentResult
from plans.models.choices import Clearance, Outcome, Stage, Tier
from plans.models.coaching import CoachLink, Invite, Note
from plans.models.falls import FallReport
from plans.models.feeds import CalendarFeed
from plans.models.notifications import MailPreferences, Notification, PushSubscription
from plans.models.plan import Plan, PlanEvent, PlannedSession, SessionLog
from plans.models.privacy import Consent, SendCount
from plans.models.screening import QuestionnaireDraft, Screening
from plans.models.users import User

__all__ = [
    "AssessmentResult",
    "CalendarFeed",
    "Clearance",
    "CoachLink",
    "Consent",
    "FallReport",
    "Invite",
    "MailPreferences",
    "Note",
    "Notification",
    "PushSubscription",
    "Outcome",
    "Plan",
    "PlanEvent",
    "PlannedSession",
    "QuestionnaireDraft",
    "Screening",
    "SendCount",
    "SessionLog",
    "Stage",
    "Tier",
    "User",
]
