"""The page after "I had a fall" (domain §9.7): what the fall did to the plan, and what to do."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from accounts.models import User
from plans import progression, rules
from plans.models import FallReport, Plan, Screening


@dataclass(frozen=True)
class AfterAFall:
    report: FallReport
    plan: Plan | None  # the current plan, if any
    reasons: tuple[dict, ...]  # the rules' reasons for what the fall did to the plan
    blood_thinners: bool
    restart_from: datetime | None  # the earliest own restart after an unhurt fall
    advice: str  # domain §4 "After a fall"

    @property
    def care_today(self) -> bool:
        """A head strike, or blood thinners: get care today (domain §4)."""
        return self.report.head_strike or self.blood_thinners


def after_a_fall(client: User) -> AfterAFall | None:
    """The person's latest reported fall and their plan as it stands; None before any."""
    report = FallReport.objects.filter(client=client).select_related("event").first()
    if report is None:
        return None
    plan = Plan.objects.current().filter(client=client).select_related("screening").first()
    if plan is not None:
        answers = plan.screening.answers
    else:
        latest = Screening.objects.filter(client=client).order_by("-created_at").first()
        answers = latest.answers if latest else {}
    return AfterAFall(
        report=report,
        plan=plan,
        reasons=tuple(report.event.reasons) if report.event else (),
        blood_thinners=bool(answers.get("anticoagulants")),
        restart_from=_restart_from(plan),
        advice=str(progression.AFTER_A_FALL),
    )


def _restart_from(plan: Plan | None) -> datetime | None:
    if plan is None or plan.paused_for != "fall" or plan.pause_needs != Plan.PauseNeeds.SELF:
        return None
    if plan.paused_at is None or plan.status == Plan.Status.ACTIVE:
        return None
    return plan.paused_at + timedelta(hours=rules.FALL_SELF_WAIT_HOURS)
