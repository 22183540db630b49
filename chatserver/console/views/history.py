"""Closed chats: the searchable history, a transcript (audited before it is opened)
and its legal hold."""

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from chatserver.chat import emergencies, protocol, stored_frames
from chatserver.chat.access import (
    TranscriptRefused,
    agents,
    check_transcript_access,
    display_name,
    is_supervisor,
    needs_read_reason,
    sees_diagnostics,
    team_readable,
)
from chatserver.chat.models import LiveConversation
from chatserver.console.forms import (
    ANY_EMERGENCY,
    HOLD_REASONS,
    READ_REASONS,
    HistorySearchForm,
    LegalHoldForm,
    ReadReasonForm,
    first_error,
)
from chatserver.console.views import casework
from chatserver.console.views.common import (
    UNREADABLE,
    agent_required,
    bad_form,
    kept_private,
    problem,
    supervisor_required,
)
from locality.days import end_of, start_of
from transcripts.compliance import audit, holds
from transcripts.record import store
from transcripts.record.errors import ConversationErased, CryptoError
from transcripts.record.models import Conversation


def _history_matches(user: Any, search: dict[str, Any]) -> QuerySet[Conversation]:
    closed = Conversation.objects.filter(live__status=LiveConversation.Status.CLOSED)
    conversations = team_readable(user, closed)
    if search.get("start"):
        conversations = conversations.filter(created_at__gte=start_of(search["start"]))
    if search.get("end"):
        conversations = conversations.filter(created_at__lte=end_of(search["end"]))
    if search.get("agent"):
        conversations = conversations.filter(live__handled_by=search["agent"])
    if search.get("email"):
        ids = store.find_conversation_ids_by_email(search["email"])
        conversations = conversations.filter(pk__in=ids)
    if search.get("emergency") == ANY_EMERGENCY:
        conversations = conversations.exclude(live__emergency="")
    elif search.get("emergency"):
        # The categories are a JSON list of plain words: the quoted word is one of them.
        category = f'"{search["emergency"]}"'
        conversations = conversations.filter(live__emergency_categories__icontains=category)
    return (
        conversations.order_by("-created_at")
        .select_related("live")
        .prefetch_related("live__handled_by")
    )


@agent_required
@require_http_methods(["GET", "POST"])
def history(request: HttpRequest) -> HttpResponse:
    """Closed conversations, newest first; searches are POSTed (no filter in a URL or an
    access log) and each one is audited with the kinds of filter used, never their values."""
    form = HistorySearchForm(request.POST if request.method == "POST" else None)
    searched = form.is_bound and form.is_valid()
    search = form.cleaned_data if searched else {}
    page = Paginator(_history_matches(request.user, search), 50).get_page(search.get("page"))
    for conversation in page:
        conversation.emergency_labels = ", ".join(  # type: ignore[attr-defined]
            sorted(emergencies.LABELS.get(c, c) for c in conversation.live.emergency_categories)
        )
    if searched:
        audit.record(
            audit.HISTORY_SEARCHED,
            actor_id=request.user.pk,
            filters=form.used(),
            results=page.paginator.count,
            page=page.number,
        )
    context = {
        "page": page,
        "agents": agents(),
        "emergency_choices": form.fields["emergency"].choices,  # type: ignore[attr-defined]
        "search": form.data if form.is_bound else {},
        "error": first_error(form) if form.is_bound and not searched else "",
    }
    status = 400 if form.is_bound and not searched else 200
    return kept_private(render(request, "console/history.html", context, status=status))


def _read_reason(request: HttpRequest, conversation: Conversation) -> str | HttpResponse:
    """Why the transcript is opened, or the page that asks for a reason."""
    if not needs_read_reason(request.user, conversation):
        return "own_conversation"
    form = ReadReasonForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        return str(form.cleaned_data["reason"])
    return render(
        request,
        "console/read_reason.html",
        {"conversation": conversation, "reasons": READ_REASONS, "error": form.is_bound},
        status=400 if form.is_bound else 200,
    )


@agent_required
def transcript(request: HttpRequest, conversation_id: str) -> HttpResponse:
    conversation = get_object_or_404(
        Conversation.objects.select_related("live__team"), pk=conversation_id
    )
    try:
        check_transcript_access(request.user, conversation)
    except TranscriptRefused as refusal:
        audit.record_read_refused(
            actor_id=request.user.pk,
            conversation_id=conversation.pk,
            read="transcript",
            rule=refusal.rule,
        )
        raise
    reason = _read_reason(request, conversation)
    if isinstance(reason, HttpResponse):
        return reason
    live: dict[str, Any] = {"live": True} if conversation.live.is_open else {}
    audit.record(
        audit.TRANSCRIPT_READ,
        actor_id=request.user.pk,
        conversation_id=conversation.pk,
        reason=reason,
        **live,
    )
    try:
        messages = store.read_messages(conversation.pk)
        details = store.read_details(conversation.pk)
        portal = store.read_portal_tenant(conversation.pk)
        diagnostics = (
            store.read_diagnostics(conversation.pk) if sees_diagnostics(request.user) else None
        )
    except CryptoError:
        return problem(request, "Transcript unavailable", UNREADABLE, reverse("console-history"))
    writers = stored_frames.staff_names(stored_frames.author_ids(messages))
    context = {
        "conversation": conversation,
        "lines": [(message, writers.get(message.author_id or 0)) for message in messages],
        "details": details,
        "portal": portal,
        "diagnostics": diagnostics,
        "supervisor": is_supervisor(request.user),
        "hold_reasons": HOLD_REASONS,
        "hidden_marker": protocol.HIDDEN_MARKER,
        "agents": ", ".join(display_name(agent) for agent in conversation.live.handled_by.all()),
        **casework.transcript_context(conversation, messages),
    }
    return render(request, "console/transcript.html", context)


@require_POST
@supervisor_required
def legal_hold(request: HttpRequest, conversation_id: str) -> HttpResponse:
    conversation = get_object_or_404(Conversation, pk=conversation_id)
    back = reverse("console-transcript", kwargs={"conversation_id": conversation.pk})
    form = LegalHoldForm(request.POST)
    if not form.is_valid():
        return bad_form(request, "Legal hold not changed", first_error(form), back)
    try:
        holds.set_legal_hold(
            conversation.pk,
            hold=form.cleaned_data["action"] == "set",
            reason=form.cleaned_data["reason"],
            actor_id=request.user.pk,
            until=form.cleaned_data["until"],
        )
    except ConversationErased:
        message = "This transcript was erased: nothing of it is left to hold."
        return bad_form(request, "Legal hold not placed", message, back)
    return redirect(back)
