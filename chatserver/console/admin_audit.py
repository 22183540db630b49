"""The admin's changes in the app's own audit log (``transcripts_auditentry``).

Django's ``LogEntry`` alone is not the audit trail supervisors read on the dashboard, so
every add, change and deletion made through the admin also writes an ``admin_change``
entry: who, which record, and which fields changed. Never a value: no password, no hash,
no text; for agents, the groups joined or left and whether the account is active.
"""

from typing import Any, TypeVar

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse

from chatserver.chat.access import is_supervisor
from chatserver.console.admin_actions import clear_sign_in_lockout
from chatserver.console.admin_site import record_admin_change

ModelT = TypeVar("ModelT", bound=Model)


def changed_fields(message: Any) -> list[str]:
    """The field labels an admin change message names (its objects' texts are left out)."""
    fields: list[str] = []
    for part in message if isinstance(message, list) else []:
        for kind, what in part.items():
            if not isinstance(what, dict):
                continue
            labels = [str(label) for label in what.get("fields", [])]
            if "name" in what:  # an inline's row: its model and what happened to it
                labels = [f"{what['name']} {kind}", *(f"{what['name']}: {x}" for x in labels)]
            fields.extend(labels)
    return fields


class AuditedAdmin(admin.ModelAdmin[ModelT]):
    """A model admin whose every add, change and deletion is in the audit log too."""

    def audit_detail(self, obj: ModelT) -> dict[str, Any]:
        """What more than the field names the audit entry of a change records."""
        return {}

    def log_addition(self, request: HttpRequest, obj: ModelT, message: Any) -> Any:
        record_admin_change(
            request, obj, "added", changed_fields(message), **self.audit_detail(obj)
        )
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: ModelT, message: Any) -> Any:
        record_admin_change(
            request, obj, "changed", changed_fields(message), **self.audit_detail(obj)
        )
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        for obj in queryset:
            record_admin_change(request, obj, "deleted", [])
        return super().log_deletions(request, queryset)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ModelT]) -> None:
        with transaction.atomic():  # not deleted without its audit entries, nor the reverse
            super().delete_queryset(request, queryset)


class ReadOnlyAdmin(admin.ModelAdmin[ModelT]):
    """Rows the admin shows and never adds, changes or deletes (records kept elsewhere)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SupervisedAdmin(AuditedAdmin[ModelT]):
    """The set-up a supervisor keeps (teams, topics, skills, the wrap-up lists and policy):
    a supervisor may view, add and change it without being staff or holding Django model
    permissions; deleting stays as each admin says. Audited like every admin change."""

    def _supervises(self, request: HttpRequest) -> bool:
        return is_supervisor(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._supervises(request) or super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._supervises(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._supervises(request) or super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._supervises(request) or super().has_change_permission(request, obj)


class SupervisedInline(admin.TabularInline[ModelT, Any]):
    """An inline of a ``SupervisedAdmin``: supervisors view, add and change its rows."""

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_supervisor(request.user) or super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any) -> bool:  # type: ignore[override]
        return is_supervisor(request.user) or super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_supervisor(request.user) or super().has_change_permission(request, obj)


class AgentAdmin(AuditedAdmin[User], UserAdmin[User]):
    """Staff accounts: changes audited with the groups joined or left and ``is_active``.

    Accounts are deactivated (untick "Active"), never deleted here: deleting one would
    blank the "who" of its audit entries and its conversations' agent. No search box: the
    admin's search is a GET, so a name or an email typed into it would reach access logs
    (the list is filtered by group, "Active" and "Staff" instead).
    """

    search_fields = ()
    # A supervisor lets an agent locked out by failed sign-ins try again (audited).
    actions = [clear_sign_in_lockout]

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return False

    def save_related(
        self, request: HttpRequest, form: ModelForm[User], formsets: Any, change: bool
    ) -> None:
        before = set(form.instance.groups.values_list("name", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(form.instance.groups.values_list("name", flat=True))
        form.instance._audit_groups = (sorted(after - before), sorted(before - after))  # type: ignore[attr-defined]

    def audit_detail(self, obj: User) -> dict[str, Any]:
        added, removed = getattr(obj, "_audit_groups", ([], []))
        return {"groups_added": added, "groups_removed": removed, "is_active": obj.is_active}

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        with transaction.atomic():  # the new password and its audit entry, or neither
            return super().user_change_password(request, id, form_url)


class AuditedGroupAdmin(AuditedAdmin[Group], GroupAdmin):
    """Groups (agents, supervisors): renamed, given permissions or deleted, audited."""


def register_audited_auth_admin(site: admin.AdminSite) -> None:
    """Replaces Django's own User and Group admins with the audited ones."""
    for model, model_admin in ((User, AgentAdmin), (Group, AuditedGroupAdmin)):
        if site.is_registered(model):
            site.unregister(model)
        site.register(model, model_admin)
