"""What the navigation needs to know: which of the client's pages exist for them yet."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ClientNav:
    has_plan: bool
    has_coach: bool


def client_nav(user) -> ClientNav:
    """Read from the person's own row, no query: the writers of plans, coach links and notes
    store these facts when they change them (User.menu_has_plan, menu_has_coach)."""
    return ClientNav(has_plan=user.menu_has_plan, has_coach=user.menu_has_coach)


def navigation(request) -> dict:
    """Nothing for coaches, error pages and visitors, who never draw the client's menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_coach:
        return {}
    return {"client_nav": client_nav(user)}
