"""Development helpers around allauth's TOTP: enrol an account and read its current code.

Only the demo (``bootstrap_demo``) and the ``totp_code`` command use these, and both
refuse to run unless ``DJANGO_DEBUG`` is on: a code read from the database is not a
second factor.
"""

import time
from typing import Any

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt
from django.db import transaction


def totp_secret(user: Any) -> str | None:
    """The base32 secret of the account's authenticator app, or None when it has none."""
    found = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).first()
    return decrypt(found.data["secret"]) if found is not None else None


@transaction.atomic
def ensure_totp(user: Any) -> str:
    """Enrols the account in TOTP (with recovery codes) unless it is already; its secret."""
    secret = totp_secret(user)
    if secret is None:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        RecoveryCodes.activate(user)
    return secret


def current_code(secret: str) -> str:
    """The code an authenticator app shows now for ``secret``."""
    counter = int(time.time()) // app_settings.TOTP_PERIOD
    return str(format_hotp_value(hotp_value(secret, counter)))
