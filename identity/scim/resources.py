"""Accounts as SCIM user resources (RFC 7643, section 4.1), and the ones SCIM may see."""

from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet

from identity.scim.errors import not_found
from identity.scim.models import ScimAccount
from identity.scim.parsing import USER_SCHEMA, is_id

LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse"


def provisioned_users() -> QuerySet[User]:
    """The accounts SCIM manages: everyone but superusers, who are break-glass accounts
    and stay out of the identity provider's reach."""
    return User.objects.filter(is_superuser=False).select_related("scim").order_by("pk")


def user_by_id(user_id: str) -> User:
    """The user a SCIM id names (the account's primary key); 404 for any other."""
    if not is_id(user_id):
        raise not_found()
    user = provisioned_users().filter(pk=int(user_id)).first()
    if user is None:
        raise not_found()
    return user


def scim_account(user: User) -> ScimAccount | None:
    try:
        return user.scim
    except ScimAccount.DoesNotExist:
        return None


def user_resource(user: User, base_url: str) -> dict[str, Any]:
    """The SCIM user for ``user``; ``base_url`` is ``/scim/v2`` made absolute."""
    account = scim_account(user)
    resource: dict[str, Any] = {
        "schemas": [USER_SCHEMA],
        "id": str(user.pk),
        "userName": user.username,
        "name": {"givenName": user.first_name, "familyName": user.last_name},
        "displayName": account.display_name if account else user.get_full_name(),
        "active": user.is_active,
        "emails": [{"value": user.email, "type": "work", "primary": True}] if user.email else [],
        "meta": {
            "resourceType": "User",
            "created": user.date_joined.isoformat(),
            "location": f"{base_url}/Users/{user.pk}",
        },
    }
    if account and account.external_id:
        resource["externalId"] = account.external_id
    return resource


def list_response(resources: list[dict[str, Any]], total: int, start: int) -> dict[str, Any]:
    return {
        "schemas": [LIST_SCHEMA],
        "totalResults": total,
        "startIndex": start,
        "itemsPerPage": len(resources),
        "Resources": resources,
    }
