"""Subject requests: recording one, the access export and erasure."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from chatserver.console.forms import (
    ErasureForm,
    SubjectEmailForm,
    SubjectRequestForm,
    first_error,
)
from chatserver.console.views.common import (
    UNREADABLE,
    bad_form,
    kept_private,
    problem,
    supervisor_required,
)
from transcripts.compliance import subject_rights
from transcripts.compliance.models import SubjectRequest
from transcripts.record.errors import CryptoError

WRONG_EMAIL = "That email is not the one this request was made for."


@require_POST
@supervisor_required
def subject_request_new(request: HttpRequest) -> HttpResponse:
    form = SubjectRequestForm(request.POST)
    if not form.is_valid():
        return bad_form(
            request, "Request not recorded", first_error(form), reverse("console-dashboard")
        )
    subject_rights.register_request(
        form.cleaned_data["kind"],
        form.cleaned_data["email"],
        received_on=form.cleaned_data["received_on"] or timezone.localdate(),
        actor_id=request.user.pk,
    )
    return redirect("console-dashboard")


@require_POST
@supervisor_required
def subject_request_export(request: HttpRequest, request_id: str) -> HttpResponse:
    subject_request = get_object_or_404(SubjectRequest, pk=request_id, completed_at=None)
    back = reverse("console-dashboard")
    form = SubjectEmailForm(request.POST)
    try:
        if not form.is_valid():
            return bad_form(request, "Export not made", first_error(form), back)
        email = form.cleaned_data["email"]
        if not subject_rights.matches_request(subject_request, email):
            return bad_form(request, "Export not made", WRONG_EMAIL, back)
        archive = subject_rights.export_subject(email, subject_request, actor_id=request.user.pk)
    except subject_rights.RequestKeyRetired as error:
        return problem(request, "Export not possible", str(error), back)
    except CryptoError:
        return problem(request, "Export not possible", f"{UNREADABLE} No export was made.", back)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="sar-{subject_request.id}.zip"'
    return kept_private(response)


def _erase(request: HttpRequest, subject_request: SubjectRequest) -> dict[str, Any]:
    """What the confirmation page shows after the DPO confirmed (or failed to)."""
    form = ErasureForm(request.POST)
    try:
        if not form.is_valid():
            return {"error": first_error(form)}
        if not subject_rights.matches_request(subject_request, form.cleaned_data["email"]):
            return {"error": WRONG_EMAIL}
        receipt = subject_rights.erase_subject(
            form.cleaned_data["email"],
            subject_request,
            actor_id=request.user.pk,
            override_hold_reason=form.cleaned_data["override_reason"] or None,
        )
    except subject_rights.RequestKeyRetired as error:
        return {"error": str(error)}
    except subject_rights.HeldConversations as held:
        return {"held": held.held}
    return {"receipt": receipt}


@supervisor_required
def subject_request_erase(request: HttpRequest, request_id: str) -> HttpResponse:
    """Erasure behind a confirmation step: the DPO re-enters the email and confirms."""
    subject_request = get_object_or_404(SubjectRequest, pk=request_id, completed_at=None)
    context: dict[str, Any] = {"subject_request": subject_request}
    if request.method != "POST":
        return render(request, "console/erase.html", context)
    context |= _erase(request, subject_request)
    status = 400 if "error" in context else 200
    return render(request, "console/erase.html", context, status=status)
