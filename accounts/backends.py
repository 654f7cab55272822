"""The login backend: Django's ModelBackend, plus a plain answer for a sign-up that has not
opened its mailed link yet."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied


class EmailBackend(ModelBackend):
    """Checks the email and password as ModelBackend does, with two differences.

    - The right password for an account still waiting for its email to be confirmed returns
      that account, so the login form can say "confirm your email first" instead of "do not
      match" (EmailLoginForm.confirm_login_allowed refuses every switched-off account, so
      it still cannot log in). django.contrib.auth.authenticate only tells django-axes about
      a failure when no backend returns someone: the person who typed the right password is
      not counted towards the lock-out. Only who knows the password learns the account
      waits; a wrong one gets the usual answer and counts, so nothing is revealed about an
      address and the guesses stay limited. Sessions are not affected: get_user keeps
      ModelBackend's is_active check.
    - Every failure ends the search here (PermissionDenied): ModelBackend stays listed after
      this one only so that sessions made under its name keep working, and must not hash
      the password a second time (the same time for every failure, and half the cost).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        user_model = get_user_model()
        if username is None:
            username = kwargs.get(user_model.USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist:
            user_model().set_password(password)  # as long as a real check (ModelBackend)
            raise PermissionDenied from None
        if user.check_password(password) and (
            self.user_can_authenticate(user) or user.awaits_confirmation
        ):
            return user
        raise PermissionDenied
