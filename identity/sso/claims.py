"""Reading the identity provider's claims: roles or groups, and the authentication methods.

Claims come from a signed ID token (or the provider's userinfo answer) but their shapes
vary between providers, so every reader accepts any JSON value and keeps only strings.
"""

from collections.abc import Mapping

from identity.roles import AGENTS_GROUP_NAME, SUPERVISORS_GROUP_NAME
from identity.sso.config import RoleMap

# The groups single sign-on manages: any other group (break-glass, say) it leaves alone.
MANAGED_GROUPS = frozenset({AGENTS_GROUP_NAME, SUPERVISORS_GROUP_NAME})


def claim_values(claims: Mapping[str, object], name: str) -> frozenset[str]:
    """The non-empty strings of a claim that is a list of strings or a single string."""
    value = claims.get(name)
    if isinstance(value, str):
        return frozenset({value}) if value else frozenset()
    if isinstance(value, list):
        return frozenset(item for item in value if isinstance(item, str) and item)
    return frozenset()


def role_claims(
    id_token: Mapping[str, object], userinfo: Mapping[str, object], claim: str
) -> frozenset[str]:
    """The role or group values: the ID token's claim, or userinfo's when the token has none
    (some providers put groups in userinfo only)."""
    if claim in id_token:
        return claim_values(id_token, claim)
    return claim_values(userinfo, claim)


def groups_for(roles: frozenset[str], role_map: RoleMap) -> frozenset[str]:
    """The managed groups a user with these role values belongs in (supervisors are agents)."""
    if roles & role_map.supervisor:
        return MANAGED_GROUPS
    if roles & role_map.agent:
        return frozenset({AGENTS_GROUP_NAME})
    return frozenset()


def shows_mfa(amr: frozenset[str], accepted: frozenset[str]) -> bool:
    """Whether the ``amr`` values include one that proves multi-factor authentication."""
    return bool(amr & accepted)
