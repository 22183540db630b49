"""System checks for the single sign-on settings: a bad value stops the server at start-up."""

from collections.abc import Callable
from typing import Any

from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import ImproperlyConfigured

from identity.sso import config

# The parser of each part of the configuration and the id a bad value is reported under.
PARSED_SETTINGS: tuple[tuple[str, Callable[[], object], str], ...] = (
    ("OIDC_SERVER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET", config.provider, "identity.E001"),
    ("OIDC_ROLES_CLAIM, OIDC_AGENT_ROLES, OIDC_SUPERVISOR_ROLES", config.role_map, "identity.E002"),
    ("OIDC_MFA_AMR", config.mfa_amr_values, "identity.E003"),
    ("SSO_ONLY", config.sso_only, "identity.E004"),
)


@register("identity")
def check_sso_settings(**kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    for names, parse, check_id in PARSED_SETTINGS:
        try:
            parse()
        except ImproperlyConfigured as error:
            messages.append(
                Error(str(error), hint=f"See {names} in docs/deployment.md.", id=check_id)
            )
    return messages
