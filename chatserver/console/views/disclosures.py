"""Disclosures to third parties: recorded, and their archive handed over, in one step."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from chatserver.console.forms import DisclosureForm, first_error
from chatserver.console.views.common import (
    UNREADABLE,
    bad_form,
    kept_private,
    problem,
    signed_in,
    supervisor_required,
)
from transcripts.compliance import disclosures
from transcripts.record.errors import CryptoError
from transcripts.record.models import Conversation


def _disclosed(request: HttpRequest, conversation: Conversation, back: str) -> HttpResponse:
    form = DisclosureForm(request.POST)
    if not form.is_valid():
        return bad_form(request, "Nothing was disclosed", first_error(form), back)
    try:
        disclosure, archive = disclosures.disclose(
            conversation,
            disclosures.DisclosureRequest(**form.cleaned_data),
            actor_id=signed_in(request).pk,
        )
    except disclosures.DisclosureRefused as refusal:
        return bad_form(request, "Nothing was disclosed", str(refusal), back)
    except CryptoError:
        return problem(request, "Transcript unavailable", UNREADABLE, back)
    response = HttpResponse(archive, content_type="application/zip")
    name = f"disclosure-{disclosure.disclosed_at:%Y%m%d}-{str(disclosure.pk)[:8]}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return kept_private(response)


@supervisor_required
def disclose(request: HttpRequest, conversation_id: str) -> HttpResponse:
    """The disclosure form and the conversation's register of disclosures; a valid
    POST records one and answers its archive."""
    conversation = get_object_or_404(Conversation, pk=conversation_id)
    if request.method == "POST":
        back = reverse("console-transcript", kwargs={"conversation_id": conversation.pk})
        return _disclosed(request, conversation, back)
    return render(
        request,
        "console/disclose.html",
        {
            "conversation": conversation,
            "form": DisclosureForm(None),
            "register": conversation.disclosures.select_related("disclosed_by"),
        },
    )
