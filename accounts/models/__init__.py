"""The person's account and what the app keeps to protect it."""

from accounts.models.privacy import Consent, SendCount
from accounts.models.users import User

__all__ = ["Consent", "SendCount", "User"]
