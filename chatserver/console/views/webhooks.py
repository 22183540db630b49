"""The supervisors' Webhooks page (endpoints and the delivery log) and an agent's "Send to
the housing system" from a conversation. Thin: the integrations' actions write and audit."""

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from chatserver.chat.access import check_casework
from chatserver.chat.errors import ChatError
from chatserver.console.forms import first_error
from chatserver.console.views.common import (
    agent_required,
    bad_form,
    kept_private,
    problem,
    signed_in,
    supervisor_required,
)
from chatserver.console.webhook_forms import EndpointForm, HousingSummaryForm
from chatserver.integrations import actions, addresses, kinds
from chatserver.integrations.models import Attempt, Endpoint
from transcripts.record.models import Conversation

LOG_ROWS = 100


def _page(request: HttpRequest, form: EndpointForm, **extra: Any) -> HttpResponse:
    context = {
        "form": form,
        "endpoints": Endpoint.objects.all(),
        "event_labels": kinds.EVENT_TYPES,
        "field_labels": kinds.PERSONAL_FIELDS,
        "attempts": Attempt.objects.select_related("endpoint")[:LOG_ROWS],
        **extra,
    }
    return kept_private(render(request, "console/webhooks.html", context))


@supervisor_required
def webhooks(request: HttpRequest) -> HttpResponse:
    """The endpoints, the form to add one, and the latest delivery attempts."""
    return _page(request, EndpointForm())


@supervisor_required
@require_POST
def add_endpoint(request: HttpRequest) -> HttpResponse:
    """Adds an endpoint and shows its secret, this once."""
    back = reverse("console-webhooks")
    form = EndpointForm(request.POST)
    if not form.is_valid():
        return bad_form(request, "No endpoint was added", first_error(form), back)
    try:
        endpoint, secret = actions.do_add_endpoint(
            signed_in(request), actions.EndpointRequest(**form.cleaned_data)
        )
    except (addresses.BadAddress, ChatError) as refusal:
        return bad_form(request, "No endpoint was added", str(refusal), back)
    return _page(request, EndpointForm(), added=endpoint, secret=secret)


@supervisor_required
@require_POST
def disable_endpoint(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    actions.do_disable_endpoint(signed_in(request), endpoint_id)
    return redirect("console-webhooks")


def _summary_context(conversation: Conversation, form: HousingSummaryForm) -> dict[str, Any]:
    housing = Endpoint.objects.filter(housing_system=True, active=True).first()
    return {
        "conversation": conversation,
        "form": form,
        "housing": housing,
        "allowed": [kinds.PERSONAL_FIELDS[f] for f in (housing.allowed_fields if housing else [])],
    }


@agent_required
def send_to_housing(request: HttpRequest, conversation_id: uuid.UUID) -> HttpResponse:
    """The summary form; a POST sends it (the agent must be able to open the chat)."""
    conversation = get_object_or_404(
        Conversation.objects.select_related("live"), pk=conversation_id
    )
    check_casework(signed_in(request), conversation)
    back = reverse("console-transcript", kwargs={"conversation_id": conversation.pk})
    if request.method != "POST":
        context = _summary_context(conversation, HousingSummaryForm())
        return render(request, "console/send_to_housing.html", context)
    form = HousingSummaryForm(request.POST)
    if not form.is_valid():
        return bad_form(request, "Nothing was sent", first_error(form), back)
    try:
        event = actions.do_send_to_housing(
            signed_in(request), conversation.pk, form.cleaned_data["include"]
        )
    except ChatError as refusal:
        return problem(request, "Nothing was sent", str(refusal), back)
    context = {**_summary_context(conversation, form), "sent": event}
    return render(request, "console/send_to_housing.html", context)
