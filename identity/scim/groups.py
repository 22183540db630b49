"""SCIM groups are the two roles: ``agents`` and ``supervisors`` (``identity.roles``).

A provider may look them up, create them (only under those names), and add or remove
members; it cannot rename them or make others. Membership changes arrive as PATCH
operations on ``members``, read here into one form, ``MemberChanges``: Entra ID sends
``{"op": "Add", "path": "members", "value": [{"value": "<id>"}]}`` and
``{"op": "Remove", "path": "members[value eq \\"<id>\\"]"}`` (or with the ids in
``value``). As with users, any input gives a result or a ``ScimError``.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.db.models import QuerySet

from identity.roles import AGENT_GROUP_NAMES
from identity.scim.errors import bad_request, not_found
from identity.scim.parsing import PATCH_SCHEMA, is_id

GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
_MEMBER_FILTER = re.compile(r'\s*members\[\s*value\s+eq\s+"([0-9]{1,18})"\s*\]\s*', re.IGNORECASE)
_GROUP_PREFIX = GROUP_SCHEMA.lower() + ":"


@dataclass
class MemberChanges:
    """What a PATCH does to a group's members, by SCIM user id, applied in this order:
    replace all (if ``replace`` is not None), then remove, then add."""

    replace: set[str] | None = None
    removed: set[str] = field(default_factory=set)
    added: set[str] = field(default_factory=set)

    def set_all(self, ids: set[str]) -> None:
        self.replace, self.removed, self.added = ids, set(), set()

    def remove(self, ids: set[str]) -> None:
        self.added -= ids
        self.removed |= ids

    def add(self, ids: set[str]) -> None:
        self.removed -= ids
        self.added |= ids


def role_groups() -> QuerySet[Group]:
    return Group.objects.filter(name__in=AGENT_GROUP_NAMES).order_by("pk")


def group_by_id(group_id: str) -> Group:
    group = role_groups().filter(pk=int(group_id)).first() if is_id(group_id) else None
    if group is None:
        raise not_found()
    return group


def role_name(value: Any) -> str:
    """The role a ``displayName`` names, in any case; 400 for any other name."""
    if isinstance(value, str) and value.strip().lower() in AGENT_GROUP_NAMES:
        return value.strip().lower()
    raise bad_request(
        f"Groups are the roles {' and '.join(AGENT_GROUP_NAMES)}; no other can be made.",
        "invalidValue",
    )


def group_resource(group: Group, base_url: str) -> dict[str, Any]:
    members = group.user_set.filter(is_superuser=False).order_by("pk")
    return {
        "schemas": [GROUP_SCHEMA],
        "id": str(group.pk),
        "displayName": group.name,
        "members": [{"value": str(pk)} for pk in members.values_list("pk", flat=True)],
        "meta": {"resourceType": "Group", "location": f"{base_url}/Groups/{group.pk}"},
    }


def member_ids(value: Any) -> set[str]:
    """``[{"value": "<id>"}, …]`` as a set of ids (a single object is taken as a list)."""
    items = [value] if isinstance(value, dict) else value
    if not isinstance(items, list):
        raise bad_request("members must be a list of objects with a value.", "invalidValue")
    ids = set()
    for item in items:
        member = item.get("value") if isinstance(item, dict) else None
        if isinstance(member, int) and not isinstance(member, bool):
            member = str(member)
        if not isinstance(member, str) or not is_id(member):
            raise bad_request("A member's value must be a user id.", "invalidValue")
        ids.add(member)
    return ids


def parse_group(body: Any) -> str:
    """A group resource (POST, PUT) as the role it names; members are set with PATCH."""
    if not isinstance(body, dict):
        raise bad_request("The group must be a JSON object.", "invalidSyntax")
    members = {str(key).lower(): value for key, value in body.items()}
    unknown = set(members) - {"schemas", "id", "meta", "displayname", "members"}
    if unknown:
        raise bad_request(f"Unsupported attribute: {sorted(unknown)[0][:100]!r}.", "invalidPath")
    return role_name(members.get("displayname"))


def _path_less(op: str, value: Any, changes: MemberChanges, name: str) -> None:
    if not isinstance(value, dict):
        raise bad_request("An operation without a path needs an object value.", "invalidValue")
    for key, inner in value.items():
        lowered = str(key).lower().removeprefix(_GROUP_PREFIX)
        if lowered == "displayname":
            if role_name(inner) != name:
                raise bad_request("A role cannot be renamed.", "mutability")
        elif lowered == "members":
            (changes.set_all if op == "replace" else changes.add)(member_ids(inner))
        else:
            raise bad_request(f"Unsupported attribute: {str(key)[:100]!r}.", "invalidPath")


def _operation(operation: Any, changes: MemberChanges, name: str) -> None:
    if not isinstance(operation, dict):
        raise bad_request("Each operation must be a JSON object.", "invalidSyntax")
    members = {str(key).lower(): value for key, value in operation.items()}
    op = str(members.get("op", "")).lower()
    if op not in {"add", "replace", "remove"}:
        raise bad_request("op must be add, replace or remove.", "invalidSyntax")
    path, value = members.get("path"), members.get("value")
    if path is None:
        if op == "remove":
            raise bad_request("remove needs a path.", "noTarget")
        _path_less(op, value, changes, name)
        return
    if not isinstance(path, str):
        raise bad_request("An attribute path must be a string.", "invalidPath")
    one = _MEMBER_FILTER.fullmatch(path)
    lowered = path.strip().lower().removeprefix(_GROUP_PREFIX)
    if one and op == "remove":
        changes.remove({one[1]})
    elif lowered == "members" and op == "remove" and value is None:
        changes.set_all(set())
    elif lowered == "members" and op == "remove":
        changes.remove(member_ids(value))
    elif lowered == "members":
        (changes.set_all if op == "replace" else changes.add)(member_ids(value))
    elif lowered == "displayname" and op != "remove":
        if role_name(value) != name:
            raise bad_request("A role cannot be renamed.", "mutability")
    else:
        raise bad_request(f"Unsupported path: {path[:100]!r}.", "invalidPath")


def parse_group_patch(body: Any, name: str) -> MemberChanges:
    """A PATCH of the group called ``name`` as its member changes (RFC 7644, 3.5.2)."""
    if not isinstance(body, dict):
        raise bad_request("The request must be a JSON object.", "invalidSyntax")
    members = {str(key).lower(): value for key, value in body.items()}
    schemas = members.get("schemas")
    if not isinstance(schemas, list) or PATCH_SCHEMA.lower() not in {
        str(item).lower() for item in schemas
    }:
        raise bad_request(f"schemas must include {PATCH_SCHEMA}.", "invalidSyntax")
    operations = members.get("operations")
    if not isinstance(operations, list) or not operations:
        raise bad_request("Operations must be a non-empty list.", "invalidSyntax")
    changes = MemberChanges()
    for operation in operations:
        _operation(operation, changes, name)
    return changes
