"""The plan row lock every writer takes before `transitions.transition` (and the daily step)."""

from django.utils.translation import gettext

from accounts.models import User
from plans.models import Plan
from plans.services.errors import PlanChanged, PlanError


def locked_plan(plan_id: int, row_version: int | None = None) -> Plan:
    """The plan row, locked until the transaction ends; PlanChanged if someone moved it on."""
    plan = Plan.objects.select_for_update().select_related("screening", "client").get(pk=plan_id)
    if row_version is not None and plan.row_version != row_version:
        raise PlanChanged(plan)
    return plan


def lock_current_plan(client_id: int) -> Plan | None:
    """The client's current plan locked as `locked_plan` locks it, in one query; None if there
    is none (or it ended while this waited for the lock: the caller reads again)."""
    return (
        Plan.objects.current()
        .filter(client_id=client_id)
        .select_for_update()
        .select_related("screening", "client")
        .first()
    )


def locked_current_plan(client: User, row_version: int | None = None) -> Plan:
    plan_id = Plan.objects.current().filter(client=client).values_list("pk", flat=True).first()
    if plan_id is None:
        raise PlanError(gettext("There is no current plan to change."))
    return locked_plan(plan_id, row_version)
