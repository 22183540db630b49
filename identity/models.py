"""The app's models, defined by concern in their own modules."""

from identity.scim.models import ScimAccount, ScimToken

__all__ = ["ScimAccount", "ScimToken"]
