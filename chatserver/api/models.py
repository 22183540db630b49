"""API tokens, kept as hashes: the token itself is shown once, when it is made."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.timezone import now as timezone_now

# A token reads ``hcapi_<prefix>_<secret>``: the prefix is kept to recognise it by in the
# console and the audit log; the whole token is kept only as its SHA-256.
TOKEN_START = "hcapi_"  # noqa: S105  (the tokens' visible start, not a secret)


def token_digest(token: str) -> str:
    """What is stored of a token: its SHA-256 (a token has 256 random bits, so a plain
    hash is enough: there is nothing to guess a word from)."""
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for ``/api/v1/``, made by a supervisor; revoked, never deleted, so the
    audit log's prefix keeps meaning."""

    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=20, unique=True)
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone_now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def allows(self, scope: str) -> bool:
        return scope in self.scopes
