"""Admin actions on agents' accounts that go through an app's audited action."""

from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest

from chatserver.chat.access import is_supervisor
from identity.actions import do_clear_lockout


@admin.action(description="Clear the sign-in lockout of the selected agents")
def clear_sign_in_lockout(
    model_admin: admin.ModelAdmin[User], request: HttpRequest, queryset: QuerySet[User]
) -> None:
    if not (request.user.is_superuser or is_supervisor(request.user)):
        model_admin.message_user(
            request, "Only a supervisor may clear a lockout.", level=messages.ERROR
        )
        return
    for account in queryset:
        do_clear_lockout(request, request.user, account)
    model_admin.message_user(request, f"Cleared the sign-in lockout of {queryset.count()}.")
