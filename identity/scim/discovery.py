"""What the service provider says of itself (RFC 7644, section 4): its configuration, its
resource types and the schema of the attributes it keeps."""

from typing import Any

from identity.scim.groups import GROUP_SCHEMA
from identity.scim.parsing import USER_SCHEMA

CONFIG_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"
MAX_RESULTS = 200


def service_provider_config(base_url: str) -> dict[str, Any]:
    return {
        "schemas": [CONFIG_SCHEMA],
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": MAX_RESULTS},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": False},
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "Bearer token",
                "description": "A token made with manage.py scim_token create NAME.",
                "primary": True,
            }
        ],
        "meta": {
            "resourceType": "ServiceProviderConfig",
            "location": f"{base_url}/ServiceProviderConfig",
        },
    }


def user_resource_type(base_url: str) -> dict[str, Any]:
    return {
        "schemas": [RESOURCE_TYPE_SCHEMA],
        "id": "User",
        "name": "User",
        "endpoint": "/Users",
        "description": "An agent's account",
        "schema": USER_SCHEMA,
        "meta": {"resourceType": "ResourceType", "location": f"{base_url}/ResourceTypes/User"},
    }


def _attribute(
    name: str,
    *,
    kind: str = "string",
    required: bool = False,
    case_exact: bool = False,
    mutability: str = "readWrite",
    uniqueness: str = "none",
    sub: list[dict[str, Any]] | None = None,
    multi: bool = False,
) -> dict[str, Any]:
    attribute: dict[str, Any] = {
        "name": name,
        "type": "complex" if sub else kind,
        "multiValued": multi,
        "required": required,
        "caseExact": case_exact,
        "mutability": mutability,
        "returned": "default",
        "uniqueness": uniqueness,
    }
    if sub:
        attribute["subAttributes"] = sub
    return attribute


def user_schema(base_url: str) -> dict[str, Any]:
    """The attributes kept: every other one is refused with a 400 (``invalidPath``)."""
    return {
        "schemas": [SCHEMA_SCHEMA],
        "id": USER_SCHEMA,
        "name": "User",
        "description": "An agent's account",
        "attributes": [
            _attribute("userName", required=True, uniqueness="server"),
            _attribute("externalId", case_exact=True),
            _attribute("name", sub=[_attribute("givenName"), _attribute("familyName")]),
            _attribute("displayName"),
            _attribute("active", kind="boolean"),
            _attribute(
                "emails",
                multi=True,
                sub=[
                    _attribute("value"),
                    _attribute("type"),
                    _attribute("primary", kind="boolean"),
                ],
            ),
        ],
        "meta": {"resourceType": "Schema", "location": f"{base_url}/Schemas/{USER_SCHEMA}"},
    }


def group_resource_type(base_url: str) -> dict[str, Any]:
    return {
        "schemas": [RESOURCE_TYPE_SCHEMA],
        "id": "Group",
        "name": "Group",
        "endpoint": "/Groups",
        "description": "A role: agents or supervisors",
        "schema": GROUP_SCHEMA,
        "meta": {"resourceType": "ResourceType", "location": f"{base_url}/ResourceTypes/Group"},
    }


def group_schema(base_url: str) -> dict[str, Any]:
    return {
        "schemas": [SCHEMA_SCHEMA],
        "id": GROUP_SCHEMA,
        "name": "Group",
        "description": "A role: agents or supervisors",
        "attributes": [
            _attribute("displayName", required=True, uniqueness="server"),
            _attribute("members", multi=True, sub=[_attribute("value", mutability="immutable")]),
        ],
        "meta": {"resourceType": "Schema", "location": f"{base_url}/Schemas/{GROUP_SCHEMA}"},
    }
