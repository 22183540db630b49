"""The bearer token on each SCIM request, checked against the stored hashes."""

from django.http import HttpRequest
from django.utils.timezone import now as timezone_now

from identity.scim.errors import unauthorized
from identity.scim.models import ScimToken, token_digest


def authenticate(request: HttpRequest) -> ScimToken:
    """The live token the request carries (``Authorization: Bearer …``); 401 otherwise.

    Looked up by its SHA-256, so the stored digests are never compared a character at a
    time against what a client sent.
    """
    scheme, _space, token = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthorized()
    found = ScimToken.objects.filter(digest=token_digest(token.strip()), revoked_at=None).first()
    if found is None:
        raise unauthorized()
    ScimToken.objects.filter(pk=found.pk).update(last_used_at=timezone_now())
    return found
