"""SCIM bearer tokens (kept as hashes) and what SCIM says of an account beyond Django's user."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.timezone import now as timezone_now


def token_digest(token: str) -> str:
    """What is stored for a token: its SHA-256. The token itself is shown once, at creation."""
    return hashlib.sha256(token.encode()).hexdigest()


class ScimToken(models.Model):
    """A bearer token an identity provider uses for ``/scim/v2/``; revoked, never deleted."""

    name = models.CharField(max_length=100, unique=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone_now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "SCIM token"

    def __str__(self) -> str:
        return self.name


class ScimAccount(models.Model):
    """The SCIM attributes Django's user has no field for: the provider's own id of the
    account (``externalId``) and its ``displayName``."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scim"
    )
    external_id = models.CharField(max_length=255, blank=True, db_index=True)
    display_name = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = "SCIM account"

    def __str__(self) -> str:
        return f"SCIM account {self.user_id}"
