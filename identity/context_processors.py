"""What the sign-in screens need to know of the configuration."""

from django.conf import settings
from django.http import HttpRequest


def sign_in(request: HttpRequest) -> dict[str, bool]:
    return {"password_reset_enabled": settings.IDENTITY_PASSWORD_RESET}
