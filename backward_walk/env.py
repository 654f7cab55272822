"""Typed readers for environment variables.

Each helper rejects a value it cannot read with a message that names the variable, so a
typo in production fails at start-up instead of quietly meaning something else.
"""

import base64
import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str = "", environ: Mapping[str, str] = os.environ) -> str:
    return environ.get(name, default)


def env_bool(name: str, default: bool, environ: Mapping[str, str] = os.environ) -> bool:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a yes/no value: use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(
    name: str,
    default: int,
    environ: Mapping[str, str] = os.environ,
    minimum: int | None = None,
) -> int:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum of {minimum}.")
    return value


def env_list(name: str, default: list[str], environ: Mapping[str, str] = os.environ) -> list[str]:
    """A comma-separated list; blanks around items are dropped."""
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


# The one table Django's database cache keeps; `migrate` creates it (plans/apps.py).
DEFAULT_CACHE_TABLE = "django_cache"
_CACHE_BACKENDS = {
    "db": "django.core.cache.backends.db.DatabaseCache",
    "file": "django.core.cache.backends.filebased.FileBasedCache",
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "redis": "django.core.cache.backends.redis.RedisCache",
    "rediss": "django.core.cache.backends.redis.RedisCache",
}


def env_cache(
    name: str, default: str = "locmem://", environ: Mapping[str, str] = os.environ
) -> dict[str, object]:
    """One CACHES entry from a URL, so choosing a cache needs no code change.

    db://            Django's database cache in the `django_cache` table (db://other_table)
    file:///path     a folder of files (one server; the folder must be writable)
    locmem://        this process's memory (tests, a single process)
    redis://host:6379/0, rediss://...   Django's RedisCache (needs `pip install redis`)
    """
    raw = environ.get(name, "").strip() or default
    scheme, sep, rest = raw.partition("://")
    backend = _CACHE_BACKENDS.get(scheme.lower()) if sep else None
    if backend is None:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a cache URL: use db://, file:///a/folder, locmem:// "
            "or redis://host:6379/0."
        )
    scheme = scheme.lower()
    if scheme == "db":
        location = rest.strip("/") or DEFAULT_CACHE_TABLE
        if not location.replace("_", "").isalnum():
            raise ImproperlyConfigured(f"{name}={raw!r}: the table name may hold only a-z, 0-9, _.")
    elif scheme == "file":
        if not rest.startswith("/") or rest == "/":
            raise ImproperlyConfigured(
                f"{name}={raw!r}: give an absolute folder, file:///a/folder."
            )
        location = rest
    elif scheme == "locmem":
        location = rest
    else:
        if not rest.strip("/"):
            raise ImproperlyConfigured(f"{name}={raw!r}: give the Redis host, redis://host:6379/0.")
        location = raw
    return {"BACKEND": backend, "LOCATION": location}


def _b64url_bytes(text: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError:  # binascii.Error is one
        return None


def vapid_public_key(private_key: str) -> str:
    """The public half of a VAPID private key, both base64url (the browser is given this half).

    The private key is the 32-byte P-256 number, as the web-push tools print it."""
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    number = int.from_bytes(_b64url_bytes(private_key) or b"", "big")
    point = (
        ec.derive_private_key(number, ec.SECP256R1())
        .public_key()
        .public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    )
    return base64.urlsafe_b64encode(point).rstrip(b"=").decode()


def env_vapid_keys(
    public_name: str, private_name: str, environ: Mapping[str, str] = os.environ
) -> tuple[str, str]:
    """(public, private) VAPID keys for Web Push, or ("", "") when neither is set.

    A message never repeats the private key: start-up errors end up in logs."""
    public = environ.get(public_name, "").strip()
    private = environ.get(private_name, "").strip()
    if not public and not private:
        return "", ""
    make_a_pair = "python manage.py vapid_keys makes a pair"
    if not public or not private:
        raise ImproperlyConfigured(
            f"{public_name} and {private_name} go together: set both or neither ({make_a_pair})."
        )
    if len(_b64url_bytes(private) or b"") != 32:
        raise ImproperlyConfigured(
            f"{private_name} is not a VAPID private key: give the 32-byte key in base64url "
            f"({make_a_pair})."
        )
    raw_public = _b64url_bytes(public) or b""
    if len(raw_public) != 65 or raw_public[0] != 4:
        raise ImproperlyConfigured(
            # Not repeated either: it may be the private key, set in the wrong variable.
            f"{public_name} is not a VAPID public key: give the 65-byte key in base64url "
            f"({make_a_pair})."
        )
    if vapid_public_key(private) != base64.urlsafe_b64encode(raw_public).rstrip(b"=").decode():
        raise ImproperlyConfigured(
            f"{public_name} is not the public half of {private_name}: set the two from one "
            f"pair ({make_a_pair})."
        )
    return public, private


def env_vapid_subject(
    name: str, default: str, *, allow_http: bool, environ: Mapping[str, str] = os.environ
) -> str:
    """Who runs this site, for the push services: a mailto: or https:// address."""
    value = environ.get(name, "").strip() or default
    schemes = ("mailto:", "https://", "http://") if allow_http else ("mailto:", "https://")
    if not value.startswith(schemes) or len(value) <= len("https://"):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a contact for the push services: give a mailto: or "
            "https:// address, e.g. mailto:ops@walk.example.org."
        )
    return value
