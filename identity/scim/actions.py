"""Every change SCIM makes: to tokens and to accounts, each in its transaction with its
audit entry (under the token's name; attribute names, never values).

A deactivation is ``is_active = False`` saved on the user: the chat's receivers of that
save take the account's sockets out of routing in the same transaction and close them in
every process once it commits. Nothing here imports the chat.
"""

import secrets
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.timezone import now as timezone_now

from identity.scim.errors import ScimError, bad_request
from identity.scim.groups import MemberChanges
from identity.scim.models import ScimAccount, ScimToken, token_digest
from identity.scim.parsing import Changes
from identity.scim.resources import provisioned_users, scim_account
from transcripts.compliance import audit

# Canonical attribute -> the field of Django's user, or of ``ScimAccount``, that keeps it.
USER_FIELDS = {
    "userName": "username",
    "name.givenName": "first_name",
    "name.familyName": "last_name",
    "email": "email",
    "active": "is_active",
}
ACCOUNT_FIELDS = {"displayName": "display_name", "externalId": "external_id"}
# What a PUT that leaves an attribute out clears it to.
CLEARED = {
    "name.givenName": "",
    "name.familyName": "",
    "email": "",
    **dict.fromkeys(ACCOUNT_FIELDS, ""),
}


@transaction.atomic
def do_create_token(name: str) -> str:
    """Makes a token named ``name`` and returns it: only its hash is kept, so this is the
    one time anyone sees it."""
    token = "scim-" + secrets.token_urlsafe(32)
    made = ScimToken.objects.create(name=name, digest=token_digest(token))
    audit.record(audit.SCIM_TOKEN_CREATED, token=made.name)
    return token


@transaction.atomic
def do_revoke_token(token: ScimToken) -> None:
    """The token stops working at once; its row stays, so the audit log's name keeps meaning."""
    ScimToken.objects.filter(pk=token.pk).update(revoked_at=timezone_now())
    audit.record(audit.SCIM_TOKEN_REVOKED, token=token.name)


def _check_user_name(user: User) -> None:
    try:
        User.username_validator(user.username)
    except ValidationError:
        raise bad_request(
            "userName has characters an account name cannot have.", "invalidValue"
        ) from None
    taken = User.objects.filter(username__iexact=user.username).exclude(pk=user.pk)
    if taken.exists():
        raise ScimError(409, "userName is already in use.", "uniqueness")


def _set_changed(target: Any, fields: Mapping[str, str], changes: Changes) -> list[str]:
    """Sets on ``target`` each of ``fields`` (SCIM name: model field) whose value changes;
    returns the SCIM names of those that did."""
    changed = [
        name
        for name, field in fields.items()
        if name in changes and getattr(target, field) != changes[name]
    ]
    for name in changed:
        setattr(target, fields[name], changes[name])
    return changed


def _apply(user: User, changes: Changes) -> list[str]:
    """Sets what changes, saves it, and returns the canonical names of what changed."""
    changed = _set_changed(user, USER_FIELDS, changes)
    if "userName" in changed or user.pk is None:
        _check_user_name(user)
    if changed or user.pk is None:
        user.save()
    account = scim_account(user) or ScimAccount(user=user)
    account_changed = _set_changed(account, ACCOUNT_FIELDS, changes)
    if account_changed:
        account.save()
    return sorted(changed + account_changed)


def _audit(token: ScimToken, user: User, change: str, changed: list[str]) -> None:
    audit.record(
        audit.SCIM_USER_CHANGED,
        token=token.name,
        user_id=user.pk,
        change=change,
        attributes=changed,
    )


@transaction.atomic
def do_create_user(token: ScimToken, changes: Changes) -> User:
    """A new account, with no usable password (it signs in through the identity provider)
    and in no group (an administrator or SCIM groups make it an agent)."""
    user = User()
    user.set_unusable_password()
    changed = _apply(user, {"active": True, **changes})
    _audit(token, user, "created", changed)
    return user


@transaction.atomic
def do_update_user(token: ScimToken, user: User, changes: Changes, *, replace: bool) -> None:
    """A PATCH (``replace`` False) or a PUT, which clears the optional attributes it omits."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    changed = _apply(locked, {**CLEARED, **changes} if replace else changes)
    if changed:
        _audit(token, locked, "replaced" if replace else "patched", changed)


@transaction.atomic
def do_deactivate_user(token: ScimToken, user: User) -> None:
    """SCIM's DELETE: the account is deactivated, never deleted, as the audit log names it."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if _apply(locked, {"active": False}):
        _audit(token, locked, "deactivated", ["active"])


@transaction.atomic
def do_create_group(token: ScimToken, name: str) -> Group:
    """The role group ``name`` (made if missing: ``parse_group`` admits the roles only)."""
    group, created = Group.objects.get_or_create(name=name)
    if created:
        audit.record(audit.SCIM_GROUP_CHANGED, token=token.name, group=name, change="created")
    return group


@transaction.atomic
def do_change_members(token: ScimToken, group: Group, changes: MemberChanges) -> None:
    """Applies a PATCH to a role's members. A member taken out of their last role loses
    their sockets at once: the chat's receiver of the membership change closes them."""
    current = {
        str(pk) for pk in group.user_set.filter(is_superuser=False).values_list("pk", flat=True)
    }
    wanted = (
        (current if changes.replace is None else changes.replace) - changes.removed
    ) | changes.added
    named = (changes.replace or set()) | changes.added
    known = {
        str(pk)
        for pk in provisioned_users()
        .filter(pk__in=[int(i) for i in named])
        .values_list("pk", flat=True)
    }
    if named - known:
        raise bad_request("A member is not a user this provider manages.", "invalidValue")
    removed, added = (
        sorted(int(i) for i in current - wanted),
        sorted(int(i) for i in wanted - current),
    )
    if removed:
        group.user_set.remove(*removed)
    if added:
        group.user_set.add(*added)
    if removed or added:
        audit.record(
            audit.SCIM_GROUP_CHANGED,
            token=token.name,
            group=group.name,
            change="members",
            added=added,
            removed=removed,
        )
