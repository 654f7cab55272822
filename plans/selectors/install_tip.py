"""Whether Today shows the card that says how to put backward-walk on the phone."""

from accounts.models import User
from plans.models import Plan, SessionLog


def install_tip_due(user: User, plan: Plan) -> bool:
    """From the person's first logged session until they hide the card, on whichever device
    (the choice is kept on the account). Not while the plan is paused: that page is about what
    to do now. The phone hides it too when the app already runs from the home screen
    (plans/static/js/install.js)."""
    if user.install_tip_hidden_at is not None or plan.status != Plan.Status.ACTIVE:
        return False
    return SessionLog.objects.filter(client=user).exists()
