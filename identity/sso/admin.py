"""allauth's single sign-on admin pages, made to fit the rule that every admin page is
audited or read-only.

The provider is configured from the environment and tokens are never stored, so the
provider and token pages go; the links of accounts to the provider's subjects may be looked
at but not changed here. (Email addresses are not used: ``chatserver.console.admin_identity``
removes allauth's page for them.)
"""

from typing import Any

from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SocialAccountAdmin(ReadOnlyAdmin):
    list_display = ("user", "provider", "last_login")
    list_filter = ("provider",)
    exclude = ("extra_data",)


for model in (SocialApp, SocialToken, SocialAccount):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
admin.site.register(SocialAccount, SocialAccountAdmin)
