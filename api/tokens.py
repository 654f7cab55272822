"""Making, finding and revoking personal access tokens (README: API)."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from api.models import SCOPES_FOR_ROLE, AccessToken

# Every token starts with this, so a leaked one is easy to recognise (and to scan for).
PREFIX = "bw_"
# A person keeps at most this many working tokens: enough for a few apps and devices.
MAX_TOKENS = 20
# "Last used" is written at most this often: a token used every second must not write a row
# on every request.
LAST_USED_EVERY = timedelta(minutes=1)


class TokenRefused(Exception):
    """The token cannot be made; the message says why, in the person's words."""


@dataclass(frozen=True)
class NewToken:
    token: AccessToken
    secret: str  # shown once, never stored


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def make_token(user: User, name: str, scope: str, now: datetime | None = None) -> NewToken:
    name = (name or "").strip()
    if not name:
        raise TokenRefused(_("Give the token a name, such as the app that will use it."))
    if scope not in SCOPES_FOR_ROLE[user.role]:
        raise TokenRefused(_("Choose one of the scopes offered."))
    if AccessToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_TOKENS:
        raise TokenRefused(
            _("You have %(most)s tokens already. Revoke one you no longer use first.")
            % {"most": MAX_TOKENS}
        )
    secret = PREFIX + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        user=user,
        name=name[:80],
        scope=scope,
        prefix=secret[: len(PREFIX) + 6],
        digest=digest(secret),
        created_at=now or timezone.now(),
    )
    return NewToken(token, secret)


def tokens_of(user: User) -> list[AccessToken]:
    """The person's tokens that still work, newest first (the account page)."""
    return list(AccessToken.objects.filter(user=user, revoked_at__isnull=True))


def revoke(user: User, token_id: int, now: datetime | None = None) -> bool:
    """Revoke one of the person's own tokens; False if it is not theirs or already revoked."""
    return bool(
        AccessToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
            revoked_at=now or timezone.now()
        )
    )


def find(secret: str, now: datetime | None = None) -> AccessToken | None:
    """The working token with this secret, with its user; None for anything else."""
    if not secret.startswith(PREFIX):
        return None
    token = (
        AccessToken.objects.select_related("user")
        .filter(digest=digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
