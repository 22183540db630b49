"""The single sign-on configuration, parsed from the plain values in settings.

Each parser raises ``ImproperlyConfigured`` naming the variable (never echoing a secret);
``identity.sso.checks`` turns that into a system check error, which stops the server at
start-up.
"""

import re
from dataclasses import dataclass
from ipaddress import ip_address
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# RFC 8176's "mfa" and Entra ID's "ngcmfa" (Windows Hello for Business, a multi-factor
# credential) say that more than one factor was used; "otp", "pwd" or "swk" alone do not.
DEFAULT_MFA_AMR = "mfa,ngcmfa"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_AMR_VALUE = re.compile(r"[A-Za-z0-9_.-]+")
_CLAIM_NAME = re.compile(r"[^\s\x00-\x1f\x7f]+")
_PROVIDER_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")


@dataclass(frozen=True)
class Provider:
    """The one OpenID Connect provider agents sign in with."""

    provider_id: str
    name: str
    server_url: str
    client_id: str
    secret: str


@dataclass(frozen=True)
class RoleMap:
    """Which values of which claim make an agent and which a supervisor."""

    claim: str
    agent: frozenset[str]
    supervisor: frozenset[str]


def sso_enabled() -> bool:
    return bool(settings.OIDC_SERVER_URL)


def parse_values(text: str, name: str) -> frozenset[str]:
    """A comma-separated list of claim values, none empty and none with control characters."""
    if not text.strip():
        return frozenset()
    items = [item.strip() for item in text.split(",")]
    if any(not item or _CONTROL.search(item) for item in items):
        raise ImproperlyConfigured(
            f"{name} must be comma-separated values with none empty (no stray commas)."
        )
    return frozenset(items)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def _check_server_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise ImproperlyConfigured("OIDC_SERVER_URL must be an https:// URL (the issuer).")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise ImproperlyConfigured(
            "OIDC_SERVER_URL must use https:// (plain http only on this machine's loopback)."
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ImproperlyConfigured(
            "OIDC_SERVER_URL must have no query, fragment or credentials (give the issuer)."
        )


def provider() -> Provider | None:
    """The configured provider, or ``None`` when single sign-on is off."""
    if not sso_enabled():
        if settings.OIDC_CLIENT_ID or settings.OIDC_CLIENT_SECRET:
            raise ImproperlyConfigured(
                "OIDC_CLIENT_ID or OIDC_CLIENT_SECRET is set but OIDC_SERVER_URL is not."
            )
        return None
    _check_server_url(settings.OIDC_SERVER_URL)
    if not settings.OIDC_CLIENT_ID or not settings.OIDC_CLIENT_SECRET:
        raise ImproperlyConfigured(
            "OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are required with OIDC_SERVER_URL."
        )
    if not _PROVIDER_ID.fullmatch(settings.OIDC_PROVIDER_ID):
        raise ImproperlyConfigured(
            "OIDC_PROVIDER_ID must be 1 to 40 lower-case letters, digits, - or _."
        )
    return Provider(
        provider_id=settings.OIDC_PROVIDER_ID,
        name=settings.OIDC_PROVIDER_NAME,
        server_url=settings.OIDC_SERVER_URL,
        client_id=settings.OIDC_CLIENT_ID,
        secret=settings.OIDC_CLIENT_SECRET,
    )


def role_map() -> RoleMap:
    claim = settings.OIDC_ROLES_CLAIM
    if not _CLAIM_NAME.fullmatch(claim):
        raise ImproperlyConfigured("OIDC_ROLES_CLAIM must be a claim name without spaces.")
    agent = parse_values(settings.OIDC_AGENT_ROLES, "OIDC_AGENT_ROLES")
    supervisor = parse_values(settings.OIDC_SUPERVISOR_ROLES, "OIDC_SUPERVISOR_ROLES")
    if sso_enabled() and not agent and not supervisor:
        raise ImproperlyConfigured(
            "OIDC_AGENT_ROLES or OIDC_SUPERVISOR_ROLES must name a value of "
            f"{claim!r}: without one nobody could sign in with single sign-on."
        )
    return RoleMap(claim=claim, agent=agent, supervisor=supervisor)


def mfa_amr_values() -> frozenset[str]:
    """The ``amr`` values that show MFA."""
    values = parse_values(settings.OIDC_MFA_AMR, "OIDC_MFA_AMR")
    if any(not _AMR_VALUE.fullmatch(value) for value in values):
        raise ImproperlyConfigured(
            "OIDC_MFA_AMR values are amr method names (letters, digits, '.', '_', '-')."
        )
    if settings.OIDC_REQUIRE_MFA and not values:
        raise ImproperlyConfigured(
            "OIDC_MFA_AMR is empty while OIDC_REQUIRE_MFA is on: no login could pass."
        )
    return values


def mfa_required() -> bool:
    """Whether an SSO login whose ID token shows no MFA is refused (on by default). Off,
    the deployer declares that the provider enforces MFA itself (a Conditional Access
    policy, say) and every SSO login counts as MFA-verified."""
    return bool(settings.OIDC_REQUIRE_MFA)


def sso_only() -> bool:
    if settings.SSO_ONLY and not sso_enabled():
        raise ImproperlyConfigured(
            "SSO_ONLY is on but OIDC_SERVER_URL is not set: only break-glass accounts "
            "could sign in."
        )
    return bool(settings.SSO_ONLY)
