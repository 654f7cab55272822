"""What the navigation needs to know: which of the client's pages exist for them yet."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils.functional import SimpleLazyObject

from accounts.models import User
from coaching.models import CoachLink, Note
from plans.models import Plan


@dataclass(frozen=True)
class ClientNav:
    has_plan: bool
    has_coach: bool


def client_nav(user) -> ClientNav:
    """One query: a plan (any version) and a coach, present or past with notes kept."""
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            has_plan=Exists(Plan.objects.filter(client=OuterRef("pk"))),
            has_link=Exists(CoachLink.objects.filter(client=OuterRef("pk"), ended_at=None)),
            has_notes=Exists(Note.objects.filter(client=OuterRef("pk"))),
        )
        .values("has_plan", "has_link", "has_notes")
        .first()
    )
    if row is None:
        return ClientNav(has_plan=False, has_coach=False)
    return ClientNav(has_plan=row["has_plan"], has_coach=row["has_link"] or row["has_notes"])


def navigation(request) -> dict:
    """Lazy, so pages that never draw the client's menu (coaches, error pages) pay nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_coach:
        return {}
    return {"client_nav": SimpleLazyObject(lambda: client_nav(user))}
