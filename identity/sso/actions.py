"""The writes single sign-on makes: group membership from the provider's roles, and the audit
rows of every SSO sign-in and refusal (ids, group names and reasons only: never a token, a
claim value or a name)."""

from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction

from identity.sso.claims import MANAGED_GROUPS
from transcripts.compliance import audit

# Why a sign-in was refused, as the audit log and the refusal page name it.
REFUSED_NO_MFA = "no_mfa"
REFUSED_NO_ROLE = "no_role"
REFUSED_INACTIVE = "inactive"
REFUSED_PASSWORD_OFF = "password_sign_in_off"  # noqa: S105  (a reason, not a password)


@transaction.atomic
def do_set_managed_groups(user: Any, wanted: frozenset[str]) -> tuple[list[str], list[str]]:
    """Puts ``user`` in exactly the ``wanted`` managed groups (agents, supervisors), leaving
    every other group alone; returns the groups joined and left. Leaving goes through
    ``groups.remove``, whose signal closes a former agent's sockets (chatserver.chat.receivers)."""
    current = set(user.groups.filter(name__in=MANAGED_GROUPS).values_list("name", flat=True))
    joined = sorted(wanted - current)
    left = sorted(current - wanted)
    if left:
        user.groups.remove(*Group.objects.filter(name__in=left))
    if joined:
        user.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in joined))
    return joined, left


@transaction.atomic
def do_complete_sso_sign_in(
    user: Any, provider_id: str, wanted: frozenset[str], *, created: bool
) -> None:
    """After allauth has signed ``user`` in: their groups follow the provider's roles, audited."""
    joined, left = do_set_managed_groups(user, wanted)
    audit.record(
        audit.SSO_SIGNED_IN,
        actor_id=user.pk,
        provider=provider_id,
        created=created,
        groups=sorted(wanted),
        joined=joined,
        left=left,
    )


@transaction.atomic
def do_refuse_sso_sign_in(
    user: Any | None, provider_id: str, reason: str, *, amr: frozenset[str] = frozenset()
) -> None:
    """Audits a refused SSO sign-in. A known user refused for having no role loses the
    managed groups (their role was removed at the provider)."""
    left: list[str] = []
    if user is not None and reason == REFUSED_NO_ROLE:
        _joined, left = do_set_managed_groups(user, frozenset())
    audit.record(
        audit.SSO_REFUSED,
        actor_id=user.pk if user is not None else None,
        provider=provider_id,
        reason=reason,
        amr=sorted(amr),
        left=left,
    )


def record_password_refusal(user_id: int | None) -> None:
    """Audits a password sign-in refused because SSO-only mode is on."""
    audit.record(audit.SSO_REFUSED, actor_id=user_id, reason=REFUSED_PASSWORD_OFF)
