"""Models, one module per subject; import them from here."""

from plans.models.users import User

__all__ = ["User"]
