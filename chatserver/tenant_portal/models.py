"""The assertions already used: each one's ``jti`` is remembered until it expires, in the
database, so a replay is refused by every server process."""

from django.db import models


class UsedAssertion(models.Model):
    """A used assertion, by the SHA-256 of its issuer and ``jti`` (never the token)."""

    digest = models.CharField(max_length=64, primary_key=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Assertion used until {self.expires_at:%Y-%m-%d %H:%M:%S}"
