"""The second step at log-in: a 6-digit code from an authenticator app (TOTP), or one of ten
single-use recovery codes.

django-otp keeps the two devices (`TOTPDevice`, `StaticDevice`) and checks a code against them
(no code accepted twice, a growing wait after each wrong one); this module decides who has a
second step, what a typed code means, and turns it on and off. Views and the lock-out wiring
live in accounts/views/second_step.py and accounts/login_steps.py.
"""

import re
import time
from base64 import b32encode
from binascii import unhexlify

import segno
from django.conf import settings
from django.db import transaction
from django_otp import verify_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

RECOVERY_CODE_COUNT = 10
APP_CODE = re.compile(r"\d{6}")
# Spaces and dashes are how people copy codes; they are not part of one.
SEPARATORS = re.compile(r"[\s\-]+")


def is_on(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def required_for(user) -> bool:
    """COACH_2FA_REQUIRED: every coach must have a second step (clients choose)."""
    return bool(settings.COACH_2FA_REQUIRED) and user.is_coach


# --- Setting it up -------------------------------------------------------------------------


def new_secret() -> str:
    """A fresh TOTP key (hex, 20 bytes as RFC 6238 suggests for SHA-1)."""
    return random_hex(20)


def secret_for_typing(secret: str) -> str:
    """The key as an authenticator app asks for it when typed in: base32, in groups of four."""
    letters = b32encode(unhexlify(secret)).decode()
    return " ".join(letters[i : i + 4] for i in range(0, len(letters), 4))


def app_link(user, secret: str) -> str:
    """The otpauth:// link the QR code holds (issuer, account, key)."""
    return TOTPDevice(user=user, key=secret).config_url


def qr_code(link: str) -> str:
    """The QR code as an SVG data: URI, which the strict Content-Security-Policy allows in an
    <img> (img-src data:), with no inline script or style."""
    return segno.make(link, error="m").svg_data_uri(scale=5, border=4)


def _app_code_step(secret: str, code: str) -> int | None:
    """The time step `code` belongs to (now, or one step either side), or None."""
    code = SEPARATORS.sub("", code)
    if not APP_CODE.fullmatch(code):
        return None
    totp = TOTP(unhexlify(secret))
    totp.time = time.time()
    if not totp.verify(int(code), tolerance=1):
        return None
    return totp.t()


def turn_on(user, secret: str, code: str) -> list[str] | None:
    """Save the app (the code proves it holds `secret`) and ten new recovery codes.

    Returns the recovery codes, to be shown once; None when the code does not match.
    """
    step = _app_code_step(secret, code)
    if step is None:
        return None
    with transaction.atomic():
        turn_off(user)
        # last_t: the code just typed cannot be used again to log in.
        TOTPDevice.objects.create(
            user=user, name="Authenticator app", key=secret, confirmed=True, last_t=step
        )
        return _replace_recovery_codes(user)


def new_recovery_codes(user) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    with transaction.atomic():
        return _replace_recovery_codes(user)


def _replace_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def turn_off(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


# --- Checking a code -------------------------------------------------------------------------


def check_code(user, code: str):
    """The device of `user` that accepts `code` (the app's 6 digits, or a recovery code,
    which is then used up), or None. Only this person's own devices are ever asked."""
    typed = SEPARATORS.sub("", code or "").lower()
    model = TOTPDevice if APP_CODE.fullmatch(typed) else StaticDevice
    device = model.objects.filter(user=user, confirmed=True).first()
    if device is None or not typed:
        return None
    # django-otp locks the device's row while it checks, so a recovery code raced from two
    # tabs is accepted once.
    return verify_token(user, device.persistent_id, typed)


def format_recovery_code(code: str) -> str:
    """ "abcd efgh": two groups of four are easier to copy by hand."""
    return f"{code[:4]} {code[4:]}"
