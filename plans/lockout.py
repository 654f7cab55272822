"""The login lock-out's view of who is trying (django-axes hooks, named in settings)."""

from django.conf import settings

from plans.validators import normalise_email


def normalise_login(value: str | None) -> str | None:
    """Emails are stored normalised (NFKC, lower-case, stripped), so the lock-out counts them
    that way too: "ＬＥＥ@example.com" gives no extra guesses at "lee@example.com"."""
    if value is None:
        return None
    return normalise_email(value)


def normalised_username(request, credentials: dict | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the login as typed, normalised (axes' own lookup order)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        return normalise_login(credentials.get(field))
    data = getattr(request, "data", None) or getattr(request, "POST", {})
    return normalise_login(data.get(field))
