"""Subject requests: recording one by email, and erasure."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from chatserver.chat import state
from chatserver.console.forms import ErasureForm, SubjectRequestForm, first_error
from chatserver.console.views import dashboard
from chatserver.console.views.common import supervisor_required
from transcripts.compliance import subject_requests, subject_rights
from transcripts.compliance.models import SubjectRequest
from transcripts.record import store

WRONG_EMAIL = "That email is not the one this request was made for."
STILL_OPEN = (
    "Nothing was erased: a conversation of this request is still open. Wait until it is "
    "closed, or tick “End the open chat and erase it now”."
)


@require_POST
@supervisor_required
def subject_request_new(request: HttpRequest) -> HttpResponse:
    form = SubjectRequestForm(request.POST)
    if not form.is_valid():
        return dashboard.dashboard_page(request, form, status=400)
    made = subject_rights.register_request(
        form.cleaned_data["kind"],
        form.cleaned_data["email"],
        received_on=form.cleaned_data["received_on"] or timezone.localdate(),
        actor_id=request.user.pk,
    )
    return redirect("console-request", request_id=made.id)


def _erase(request: HttpRequest, subject_request: SubjectRequest) -> dict[str, Any]:
    """What the confirmation page shows after the DPO confirmed (or failed to)."""
    form = ErasureForm(request.POST)
    try:
        if not form.is_valid():
            return {"error": first_error(form)}
        email = form.cleaned_data["email"]
        if email and not subject_rights.matches_request(subject_request, email):
            return {"error": WRONG_EMAIL}
        if email:  # a request registered before its conversations were kept with it
            subject_requests.add_to_scope(
                subject_request, store.find_conversation_ids_by_email(email)
            )
        receipt = subject_rights.erase_request(
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
    """Erasure behind a confirmation step: the DPO sees the conversations and confirms.
    A request with a conversation still open is refused unless the DPO also confirms
    ending it (the visitor's window is then cleared and the agent's chat closed)."""
    subject_request = get_object_or_404(
        SubjectRequest, pk=request_id, completed_at=None, kind=SubjectRequest.Kind.ERASURE
    )
    conversations = list(subject_request.in_scope.order_by("created_at"))
    context: dict[str, Any] = {
        "subject_request": subject_request,
        "conversations": conversations,
        "still_open": state.still_open(conversation.pk for conversation in conversations),
    }
    if request.method != "POST":
        return render(request, "console/erase.html", context)
    # A live chat is not cut off mid-sentence by accident: the visitor may be getting help
    # right now, so ending it takes a confirmation of its own.
    cut_off = context["still_open"] and not request.POST.get("end_open")
    context |= {"error": STILL_OPEN} if cut_off else _erase(request, subject_request)
    status = 400 if "error" in context else 200
    return render(request, "console/erase.html", context, status=status)
