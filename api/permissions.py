"""What a token's scope allows. The person's role and which clients a coach reaches are the
pages' own checks (plans.views.access), applied in the views."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions

from api.models import AccessToken, Scope

REFUSALS = {
    Scope.READ: _("This token cannot read your plan. Make a token with a reading scope."),
    Scope.LOG: _(
        "This token can only read. To log sessions, make a token with the scope "
        "“Read, and log” on your account page."
    ),
    Scope.COACH_READ: _("This token cannot read your clients' records."),
    Scope.COACH_WRITE: _(
        "This token can only read. To write notes or record tests, make a token with the "
        "scope “Read, and write notes and record tests” on your account page."
    ),
}


class ScopeRefused(exceptions.PermissionDenied):
    default_code = "scope"


class TokenScope(permissions.BasePermission):
    """The view's `scope` (its GET scope, or `write_scope` for other methods) must be one
    the token grants. A signed-in session acts as the person with every scope of their role."""

    def has_permission(self, request, view):
        token = request.auth
        if not isinstance(token, AccessToken):
            return True
        needed = view.scope if request.method in permissions.SAFE_METHODS else view.write_scope
        if needed is not None and not token.allows(needed):
            raise ScopeRefused(str(REFUSALS[Scope(needed)]))
        return True
