"""The wrap-up lists and policy in the admin, kept by supervisors, every change audited
(``SupervisedAdmin``).

Entries are retired (untick "Active"), never deleted: old wrap-ups name them and the
dashboard still counts them. Wrap-ups themselves are shown read-only.
"""

from django.contrib import admin
from django.http import HttpRequest

from chatserver.console.admin_audit import ReadOnlyAdmin, SupervisedAdmin
from chatserver.wrapup.models import ContactReason, Outcome, Tag, WrapUp, WrapUpPolicy


class ChoiceAdmin(SupervisedAdmin[ContactReason | Outcome | Tag]):
    list_display = ("label", "slug", "position", "active")
    list_editable = ("position", "active")
    list_filter = ("active",)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


admin.site.register(ContactReason, ChoiceAdmin)
admin.site.register(Outcome, ChoiceAdmin)
admin.site.register(Tag, ChoiceAdmin)


@admin.register(WrapUpPolicy)
class WrapUpPolicyAdmin(SupervisedAdmin[WrapUpPolicy]):
    """One row: whether closing needs a contact reason and an outcome."""

    list_display = ("__str__", "required")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not WrapUpPolicy.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(WrapUp)
class WrapUpAdmin(ReadOnlyAdmin[WrapUp], SupervisedAdmin[WrapUp]):
    list_display = ("closed_on", "reason", "outcome", "team", "topic", "agent")
    list_filter = ("closed_on", "reason", "outcome", "team")
    list_select_related = ("reason", "outcome", "team", "topic", "agent")
