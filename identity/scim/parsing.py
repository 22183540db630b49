"""Reading what an identity provider sends: filters, user resources and PATCH operations.

Everything is read into one flat form, ``Changes``: the canonical name of each supported
attribute (``userName``, ``name.givenName``, ``name.familyName``, ``displayName``,
``email``, ``externalId``, ``active``) to its new value. Attribute names, operation names
and the ``eq`` operator are case-insensitive, as RFC 7643 says and as Microsoft Entra ID
relies on (it sends ``"op": "Replace"`` and ``"active": "False"``). An attribute this
server does not keep is refused with a 400, never ignored: a provider mapping that sends
a phone number or an address should fail visibly, not hand us personal data we drop.

Any input gives either a result or a ``ScimError``, never another exception
(``tests/test_scim_parsing.py`` checks this with hypothesis).
"""

import json
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from identity.scim.errors import ScimError, bad_request

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

Changes = dict[str, Any]

# Lower-cased attribute path -> canonical name.
ATTRIBUTES = {
    "username": "userName",
    "name.givenname": "name.givenName",
    "name.familyname": "name.familyName",
    "displayname": "displayName",
    "externalid": "externalId",
    "active": "active",
    "email": "email",
}
# The most characters each string attribute may have (the columns they are kept in).
MAX_LENGTHS = {
    "userName": 150,
    "name.givenName": 150,
    "name.familyName": 150,
    "displayName": 255,
    "externalId": 255,
    "email": 254,
}
# Attributes a client may filter users (and groups) on, and with ``eq`` only.
FILTERABLE = {"username": "userName", "externalid": "externalId", "id": "id"}
GROUP_FILTERABLE = {"displayname": "displayName", "id": "id"}
# A resource's read-only parts, which a client may send back and which are not changes.
READ_ONLY = {"schemas", "id", "meta", "groups"}

_URN_PREFIX = USER_SCHEMA.lower() + ":"
_FILTER_PREFIXES = (_URN_PREFIX, "urn:ietf:params:scim:schemas:core:2.0:group:")
_WORK_EMAIL = re.compile(r'emails\[\s*type\s+eq\s+"work"\s*\]\.value', re.IGNORECASE)
_FILTER = re.compile(
    r'\s*(?P<attribute>[A-Za-z][\w.:-]*)\s+eq\s+(?P<value>"(?:[^"\\]|\\.)*")\s*',
    re.IGNORECASE | re.DOTALL,
)


def is_id(text: str) -> bool:
    """Whether ``text`` can be an account's or a group's id: ASCII digits, and few enough
    for a database integer (``isdigit`` alone admits other scripts' digits and "²")."""
    return text.isascii() and text.isdigit() and len(text) <= 18


def storable(text: str) -> bool:
    """No control characters (NUL among them) and no lone surrogates: what no column can
    keep, and what no name, address or id holds."""
    return not any(ord(c) < 32 or 127 <= ord(c) < 160 or 0xD800 <= ord(c) < 0xE000 for c in text)


def _unqualified(path: str) -> str:
    """``path`` without the core user schema's URN, lower-cased."""
    lowered = path.strip().lower()
    return lowered.removeprefix(_URN_PREFIX)


def canonical_attribute(path: Any) -> str:
    """The canonical name of an attribute path; raises 400 ``invalidPath`` for any other."""
    if not isinstance(path, str):
        raise bad_request("An attribute path must be a string.", "invalidPath")
    if _WORK_EMAIL.fullmatch(path.strip().removeprefix(USER_SCHEMA + ":")):
        return "email"
    name = ATTRIBUTES.get(_unqualified(path))
    if name is None or name == "email":
        raise bad_request(f"Unsupported attribute: {path[:100]!r}.", "invalidPath")
    return name


def parse_filter(text: str, filterable: dict[str, str] = FILTERABLE) -> tuple[str, str]:
    """``attribute eq "value"`` as (canonical attribute, value); the only filter supported,
    on one of ``filterable`` (users: ``userName``, ``externalId`` or ``id``). Raises 400
    ``invalidFilter`` otherwise."""
    match = _FILTER.fullmatch(text)
    if match is None:
        raise bad_request(
            'Only filters of the form attribute eq "value" are supported.', "invalidFilter"
        )
    name = match["attribute"].lower()
    for prefix in _FILTER_PREFIXES:
        name = name.removeprefix(prefix)
    attribute = filterable.get(name)
    if attribute is None:
        raise bad_request(f"Filters may use {', '.join(filterable.values())}.", "invalidFilter")
    try:
        value = json.loads(match["value"])
    except ValueError:
        raise bad_request("The filter's value is not a valid string.", "invalidFilter") from None
    if not storable(value):
        raise bad_request("The filter's value has characters no value can.", "invalidFilter")
    return attribute, value


def boolean(value: Any) -> bool:
    """A JSON boolean, or the strings "true" and "false" in any case (Entra ID's form)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "false"}:
        return value.strip().lower() == "true"
    raise bad_request("active must be true or false.", "invalidValue")


def attribute_value(name: str, value: Any) -> Any:
    """``value`` checked for attribute ``name``; None clears an optional string."""
    if name == "active":
        return boolean(value)
    if value is None:
        if name == "userName":
            raise bad_request("userName is required.", "invalidValue")
        return ""
    if not isinstance(value, str):
        raise bad_request(f"{name} must be a string.", "invalidValue")
    if len(value) > MAX_LENGTHS[name] or (name == "userName" and not value.strip()):
        raise bad_request(f"{name} is empty or too long.", "invalidValue")
    if not storable(value):
        raise bad_request(f"{name} has control characters or lone surrogates.", "invalidValue")
    if name == "email" and value:
        try:
            validate_email(value)
        except ValidationError:
            raise bad_request("email is not an email address.", "invalidValue") from None
    return value


def work_email(emails: Any) -> str:
    """The address to keep from a multi-valued ``emails``: the primary, else the work one,
    else the first; "" for none."""
    if emails is None or emails == []:
        return ""
    if not isinstance(emails, list) or not all(isinstance(item, dict) for item in emails):
        raise bad_request("emails must be a list of objects.", "invalidValue")
    chosen = (
        next((item for item in emails if item.get("primary") is True), None)
        or next((item for item in emails if item.get("type") == "work"), None)
        or emails[0]
    )
    return str(attribute_value("email", chosen.get("value")))


def _flatten(attributes: dict[Any, Any], changes: Changes) -> None:
    """Adds each attribute of a resource, or of a PATCH value without a path, to ``changes``."""
    for key, value in attributes.items():
        if not isinstance(key, str):
            raise bad_request("Attribute names must be strings.", "invalidSyntax")
        lowered = _unqualified(key)
        if lowered == "name" and isinstance(value, dict):
            _flatten({f"name.{part}": inner for part, inner in value.items()}, changes)
        elif lowered == "emails":
            changes["email"] = work_email(value)
        else:
            name = canonical_attribute(key)
            changes[name] = attribute_value(name, value)


def _members(body: Any, key: str) -> dict[str, Any]:
    """``body`` as an object whose keys are looked up case-insensitively."""
    if not isinstance(body, dict):
        raise bad_request(f"The {key} must be a JSON object.", "invalidSyntax")
    return {str(name).lower(): value for name, value in body.items()}


def _require_schema(members: dict[str, Any], schema: str) -> None:
    schemas = members.get("schemas")
    if not isinstance(schemas, list) or schema.lower() not in {
        str(item).lower() for item in schemas
    }:
        raise bad_request(f"schemas must include {schema}.", "invalidSyntax")


def parse_user(body: Any) -> Changes:
    """A whole user resource (POST, PUT) as changes; ``userName`` is required and the
    read-only attributes (``id``, ``meta``, ``groups``) are left out."""
    members = _members(body, "user")
    _require_schema(members, USER_SCHEMA)
    changes: Changes = {}
    _flatten(
        {key: value for key, value in body.items() if str(key).lower() not in READ_ONLY},
        changes,
    )
    if "userName" not in changes:
        raise bad_request("userName is required.", "invalidValue")
    return changes


def _operation(operation: Any, changes: Changes) -> None:
    members = _members(operation, "operation")
    op = members.get("op")
    if not isinstance(op, str) or op.lower() not in {"add", "replace", "remove"}:
        raise bad_request("op must be add, replace or remove.", "invalidSyntax")
    path, value = members.get("path"), members.get("value")
    if path is None:
        if op.lower() == "remove":
            raise bad_request("remove needs a path.", "noTarget")
        if not isinstance(value, dict):
            raise bad_request("An operation without a path needs an object value.", "invalidValue")
        _flatten(value, changes)
        return
    if isinstance(path, str) and _unqualified(path) == "emails":
        changes["email"] = "" if op.lower() == "remove" else work_email(value)
        return
    name = canonical_attribute(path)
    if op.lower() == "remove":
        if name in {"userName", "active"}:
            raise bad_request(f"{name} cannot be removed.", "mutability")
        value = None
    changes[name] = attribute_value(name, value)


def parse_patch(body: Any) -> Changes:
    """A PATCH request's operations, applied in order, as changes (RFC 7644, 3.5.2).

    Every attribute kept here is single-valued, so ``add`` and ``replace`` do the same.
    """
    members = _members(body, "request")
    _require_schema(members, PATCH_SCHEMA)
    operations = members.get("operations")
    if not isinstance(operations, list) or not operations:
        raise bad_request("Operations must be a non-empty list.", "invalidSyntax")
    changes: Changes = {}
    for operation in operations:
        _operation(operation, changes)
    return changes


def parse_json(raw: bytes) -> Any:
    """A request body as JSON; raises 400 ``invalidSyntax`` for anything else."""
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        raise bad_request("The body is not valid JSON.", "invalidSyntax") from None


def query_int(value: str | None, default: int, maximum: int) -> int:
    """A ``startIndex`` or ``count`` query parameter, within 0 and ``maximum``."""
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise bad_request("startIndex and count must be integers.", "invalidValue") from None
    return max(0, min(number, maximum))


__all__ = ["ScimError", "parse_filter", "parse_json", "parse_patch", "parse_user"]
