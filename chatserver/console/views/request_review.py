"""One subject request's page: its conversations, reviewed line by line and photo by photo
before an access export is released, the deadline's extension, and the answer to a
rectification, restriction or objection. Every step is an action of
``transcripts.compliance.subject_requests`` (or ``subject_rights`` for the release)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from chatserver.chat import stored_frames
from chatserver.console.forms import (
    CompleteForm,
    ExtendForm,
    StartRequestForm,
    WithholdForm,
    first_error,
)
from chatserver.console.views.common import (
    UNREADABLE,
    bad_form,
    kept_private,
    problem,
    supervisor_required,
)
from transcripts.compliance import audit, subject_requests, subject_rights
from transcripts.compliance.models import AuditEntry, SubjectRequest, Withholding
from transcripts.record import store
from transcripts.record.errors import ConversationErased, CryptoError
from transcripts.record.models import Attachment, Conversation


@require_POST
@supervisor_required
def subject_request_start(request: HttpRequest) -> HttpResponse:
    """Starts a request for the conversations posted (a search's results, say)."""
    form = StartRequestForm(request.POST)
    if not form.is_valid():
        return bad_form(
            request, "Request not recorded", first_error(form), reverse("console-dashboard")
        )
    made = subject_requests.start_request(
        form.cleaned_data["kind"],
        form.cleaned_data["conversation"],
        received_on=form.cleaned_data["received_on"],
        actor_id=request.user.pk,
    )
    return redirect("console-request", request_id=made.id)


def _read_for_review(request: HttpRequest, subject_request: SubjectRequest) -> None:
    """A DPO reviewing an access request reads its conversations: audited once each."""
    already = set(
        AuditEntry.objects.filter(
            action=audit.TRANSCRIPT_READ, actor_id=request.user.pk, request_id=subject_request.id
        ).values_list("conversation_id", flat=True)
    )
    for conversation in subject_request.in_scope.exclude(pk__in=already):
        audit.record(
            audit.TRANSCRIPT_READ,
            actor_id=request.user.pk,
            conversation_id=conversation.pk,
            request_id=subject_request.id,
            reason="subject_request",
        )


def _review_line(
    message: store.StoredMessage,
    writer: str | None,
    photo: Attachment | None,
    line_withheld: Withholding | None,
    photo_withheld: Withholding | None,
) -> dict[str, Any]:
    """One review row: what is withheld already (with its undo), and whether anything is
    left to withhold (the line, or its photo), so nothing is offered twice."""
    return {
        "message": message,
        "writer": writer,
        "photo": photo,
        "line_withheld": line_withheld,
        "photo_withheld": photo_withheld,
        "withheld_parts": [part for part in (line_withheld, photo_withheld) if part],
        "can_withhold": not line_withheld or bool(photo and not photo_withheld),
    }


def _review(conversation: Conversation, withheld: dict[tuple[str, int, str], Withholding]) -> Any:
    """A conversation's lines and photos, each with its withholding if any."""
    messages = store.read_messages(conversation.pk)
    writers = stored_frames.staff_names(stored_frames.author_ids(messages))
    photos = {photo.seq: photo for photo in Attachment.objects.filter(conversation=conversation)}
    key = str(conversation.pk)
    return {
        "conversation": conversation,
        "lines": [
            _review_line(
                message,
                writers.get(message.author_id or 0),
                photos.get(message.seq),
                withheld.get((key, message.seq, Withholding.Part.LINE)),
                withheld.get((key, message.seq, Withholding.Part.PHOTO)),
            )
            for message in messages
        ],
    }


@supervisor_required
def subject_request_page(request: HttpRequest, request_id: str) -> HttpResponse:
    subject_request = get_object_or_404(SubjectRequest, pk=request_id)
    conversations = list(subject_request.in_scope.order_by("created_at"))
    context: dict[str, Any] = {
        "subject_request": subject_request,
        "conversations": conversations,
        "extensions": SubjectRequest.Extension.choices,
        "outcomes": CompleteForm.base_fields["outcome"].choices,  # type: ignore[attr-defined]
        "reasons": Withholding.Reason.choices,
        "by_hand": subject_request.kind in subject_requests.ANSWERED_BY_HAND,
    }
    reviewing = (
        subject_request.kind == SubjectRequest.Kind.ACCESS and subject_request.completed_at is None
    )
    if reviewing:
        _read_for_review(request, subject_request)
        rows = list(subject_request.withheld.all())
        withheld = {(str(row.conversation_id), row.seq, row.part): row for row in rows}
        notes = {row.pk: subject_requests.read_note(row) for row in rows}
        try:
            context["review"] = [_review(c, withheld) for c in conversations if not c.erased_at]
        except CryptoError:
            return problem(request, "Review not possible", UNREADABLE, "/console/dashboard/")
        context["withheld"] = [(row, notes[row.pk]) for row in rows]
    return kept_private(render(request, "console/request.html", context))


def _refused(request: HttpRequest, request_id: str, message: str) -> HttpResponse:
    back = reverse("console-request", kwargs={"request_id": request_id})
    return bad_form(request, "Not done", message, back)


@require_POST
@supervisor_required
def subject_request_withhold(request: HttpRequest, request_id: str) -> HttpResponse:
    form = WithholdForm(request.POST)
    if not form.is_valid():
        return _refused(request, request_id, first_error(form))
    data = form.cleaned_data
    try:
        subject_requests.withhold(
            request_id,
            conversation_id=str(data["conversation"]),
            part=data["part"],
            seq=data["seq"],
            reason=data["reason"],
            note=data["note"],
            actor_id=request.user.pk,
        )
    except (subject_requests.RequestRefused, ConversationErased, SubjectRequest.DoesNotExist) as e:
        return _refused(request, request_id, str(e))
    return redirect("console-request", request_id=request_id)


@require_POST
@supervisor_required
def subject_request_restore(
    request: HttpRequest, request_id: str, withholding_id: str
) -> HttpResponse:
    try:
        subject_requests.restore(request_id, withholding_id, actor_id=request.user.pk)
    except (subject_requests.RequestRefused, Withholding.DoesNotExist) as error:
        return _refused(request, request_id, str(error))
    return redirect("console-request", request_id=request_id)


@require_POST
@supervisor_required
def subject_request_extend(request: HttpRequest, request_id: str) -> HttpResponse:
    form = ExtendForm(request.POST)
    if not form.is_valid():
        return _refused(request, request_id, first_error(form))
    try:
        subject_requests.extend(request_id, form.cleaned_data["reason"], actor_id=request.user.pk)
    except subject_requests.RequestRefused as error:
        return _refused(request, request_id, str(error))
    return redirect("console-request", request_id=request_id)


@require_POST
@supervisor_required
def subject_request_complete(request: HttpRequest, request_id: str) -> HttpResponse:
    form = CompleteForm(request.POST)
    if not form.is_valid():
        return _refused(request, request_id, first_error(form))
    try:
        subject_requests.complete(
            request_id, form.cleaned_data["outcome"], actor_id=request.user.pk
        )
    except subject_requests.RequestRefused as error:
        return _refused(request, request_id, str(error))
    return redirect("console-dashboard")


@require_POST
@supervisor_required
def subject_request_release(request: HttpRequest, request_id: str) -> HttpResponse:
    """Releases a reviewed access request: the export's zip, the request completed."""
    subject_request = get_object_or_404(
        SubjectRequest, pk=request_id, completed_at=None, kind=SubjectRequest.Kind.ACCESS
    )
    back = reverse("console-request", kwargs={"request_id": request_id})
    try:
        archive = subject_rights.release_access(subject_request, actor_id=request.user.pk)
    except CryptoError:
        return problem(request, "Export not possible", f"{UNREADABLE} No export was made.", back)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="sar-{subject_request.id}.zip"'
    return kept_private(response)
