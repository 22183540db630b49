"""The admin's part in sign-in: agents' second factors, and clearing a sign-in lockout.

allauth registers its own admins for email addresses (not used here: accounts sign in
by username), authenticators and user sessions; none would be audited. Authenticators are listed
read-only with their kind and dates (never a secret); deleting one (a lost phone) is
audited, and its agent is asked to enrol again at their next sign-in. Clearing a
lockout is an action on agents (``admin_actions``).
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib import admin
from django.http import HttpRequest

from chatserver.console.admin_audit import AuditedAdmin


class AuthenticatorAdmin(AuditedAdmin[Authenticator]):
    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type",)
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


def register_identity_admin(site: admin.AdminSite) -> None:
    """Replaces allauth's admins: no email addresses, authenticators audited, no user
    sessions (an agent ends their own on "Your sessions"; a supervisor signs an agent out
    everywhere from the dashboard, audited)."""
    for model in (EmailAddress, Authenticator, UserSession):
        if site.is_registered(model):
            site.unregister(model)
    site.register(Authenticator, AuthenticatorAdmin)
