"""SCIM's error responses (RFC 7644, section 3.12): a status, a ``scimType`` and a detail
that names attributes at most, never a value sent."""

from typing import Any

ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"


class ScimError(Exception):
    """A request SCIM refuses; ``scim_type`` is RFC 7644's keyword for a 400 or a 409."""

    def __init__(self, status: int, detail: str, scim_type: str | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.scim_type = scim_type

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "schemas": [ERROR_SCHEMA],
            "status": str(self.status),
            "detail": self.detail,
        }
        if self.scim_type:
            body["scimType"] = self.scim_type
        return body


def bad_request(detail: str, scim_type: str) -> ScimError:
    return ScimError(400, detail, scim_type)


def not_found() -> ScimError:
    return ScimError(404, "No such resource.")


def unauthorized() -> ScimError:
    return ScimError(401, "A valid bearer token is required.")
