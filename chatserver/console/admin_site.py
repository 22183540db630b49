"""The admin site the project serves: Django's, with the administrator's own password
change in the app's audit log like every other change made in the admin."""

from collections.abc import Callable
from typing import Any, TypeVar

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse

from chatserver.chat.access import is_supervisor
from transcripts.compliance import audit

ResponseT = TypeVar("ResponseT", bound=HttpResponseBase)


def record_admin_change(
    request: HttpRequest, obj: Model, operation: str, fields: list[str], **detail: Any
) -> None:
    audit.record(
        audit.ADMIN_CHANGE,
        actor_id=request.user.pk,
        model=obj._meta.label_lower,
        object_id=str(obj.pk),
        operation=operation,
        fields=fields,
        **detail,
    )


def audit_own_password_change(view: Callable[..., ResponseT]) -> Callable[..., ResponseT]:
    """Wraps a "change your password" view: a change it makes is audited (which account,
    never the password), in the same transaction as the new password."""

    def changed_and_audited(request: HttpRequest, *args: Any, **kwargs: Any) -> ResponseT:
        with transaction.atomic():
            before = getattr(request.user, "password", None)
            response = view(request, *args, **kwargs)
            if isinstance(request.user, User) and request.user.password != before:
                record_admin_change(request, request.user, "changed", ["password"])
        return response

    return changed_and_audited


class AuditedAdminSite(admin.AdminSite):
    """The admin site, with the administrator's own password change audited, and no sign-in
    form of its own: it sends to allauth's, which asks for the second factor."""

    def has_permission(self, request: HttpRequest) -> bool:
        """Staff, and supervisors, who see only the set-up they keep (``SupervisedAdmin``)."""
        return super().has_permission(request) or is_supervisor(request.user)

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return secure_admin_login(super().login)(request, extra_context)  # type: ignore[no-any-return]

    def password_change(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> TemplateResponse:
        return audit_own_password_change(super().password_change)(request, extra_context)
