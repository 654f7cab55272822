"""The login lock-out's view of who is trying (django-axes hooks, named in settings)."""

from django.conf import settings


def normalise_login(value: str | None) -> str | None:
    """Emails are stored lower-case and stripped, so the lock-out counts them that way too."""
    if value is None:
        return None
    return value.strip().lower()


def normalised_username(request, credentials: dict | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the login as typed, normalised (axes' own lookup order)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        return normalise_login(credentials.get(field))
    data = getattr(request, "data", None) or getattr(request, "POST", {})
    return normalise_login(data.get(field))
