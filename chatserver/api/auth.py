"""The bearer token on each request: checked against the stored hashes, then counted
against the token's limit. A token whose supervisor is no longer an active supervisor
stops working (401) as if revoked."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from chatserver.api import errors, limits
from chatserver.api.models import ApiToken, token_digest
from chatserver.api.scopes import Scope
from chatserver.chat.access import is_supervisor

# Set by a view that answered with personal data, for the request's audit entry.
PERSONAL_SHOWN = "api_personal_shown"


def find_token(presented: str) -> ApiToken | None:
    """The live token with this value, looked up by its SHA-256 (so no stored value is
    compared a character at a time with what a client sent)."""
    token = (
        ApiToken.objects.select_related("created_by")
        .filter(digest=token_digest(presented.strip()), revoked_at=None)
        .first()
    )
    if token is None or not is_supervisor(token.created_by):
        return None
    return token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``: the token, or 401; past its limit, 429."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = find_token(token) if token.strip() else None
        if found is None:
            return None
        wait = limits.wait_before_next(found)
        if wait:
            raise errors.rate_limited(wait)
        return found


def token_of(request: HttpRequest) -> ApiToken:
    token: Any = getattr(request, "auth", None)
    if not isinstance(token, ApiToken):
        raise errors.unauthorized()
    return token


def require(request: HttpRequest, scope: Scope) -> ApiToken:
    """The request's token if it has ``scope``; 403 otherwise."""
    token = token_of(request)
    if not token.allows(scope):
        raise errors.missing_scope(scope.value)
    return token


def personal_allowed(request: HttpRequest) -> bool:
    """Whether the answer may hold personal data (the token's separate scope); noted for
    the request's audit entry."""
    allowed = token_of(request).allows(Scope.PERSONAL_DATA)
    setattr(request, PERSONAL_SHOWN, allowed)
    return allowed
