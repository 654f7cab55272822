"""One hierarchy for everything a service refuses; each message is shown to the person as is."""

from django.utils.translation import gettext as _


class PlanError(Exception):
    """An action that cannot happen now; the message says why in plain words."""


class ClearanceNotEnough(PlanError):
    """The clearance given cannot lift this pause (yet); the message says who can, or when."""


class LogRefused(PlanError):
    """This session cannot be logged now (cancelled by a pause, answers needed first...)."""


class CoachingError(PlanError):
    """A coaching action that cannot happen."""


class PlanChanged(CoachingError):
    """The plan moved on (a log, another change) since the form was shown."""

    def __init__(self, plan=None):
        super().__init__(
            _(
                "The plan changed while you were editing (a new log or another change). "
                "Here is the latest; please check it and try again."
            )
        )
        self.plan = plan
