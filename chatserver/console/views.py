"""The agent console, transcript history with read-audit, and the supervisor dashboard.

Views are thin: permissions and forms here, reading and writing through
``transcripts.record.store`` and ``chatserver.chat.actions``. Opening a transcript
writes an audit entry before any text is decrypted.
"""

import uuid
from collections.abc import Callable
from datetime import date, datetime, time
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from chatserver.chat import protocol, state
from chatserver.chat import views as chat_views
from chatserver.chat.access import (
    TranscriptRefused,
    access_conversation_for_agent,
    check_transcript_access,
    display_name,
    is_agent,
    is_supervisor,
    photo_for_agent,
)
from chatserver.chat.actions import photos
from chatserver.chat.clients import request_address
from chatserver.chat.errors import ChatError, NotFound
from chatserver.chat.models import CannedResponse, LiveConversation
from chatserver.console import charts, stats
from chatserver.console.forms import (
    HOLD_REASONS,
    READ_REASONS,
    DisclosureForm,
    ErasureForm,
    HistorySearchForm,
    LegalHoldForm,
    ReadReasonForm,
    SubjectEmailForm,
    SubjectRequestForm,
    first_error,
)
from transcripts.compliance import audit, disclosures, holds, retention, subject_rights
from transcripts.compliance.models import AuditEntry, Disclosure, SubjectRequest
from transcripts.record import store
from transcripts.record.crypto import CryptoError
from transcripts.record.models import Conversation, Message


def _requires(
    allowed: Callable[[Any], bool], refusal: str
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not allowed(request.user):
                raise PermissionDenied(refusal)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


agent_required = _requires(is_agent, "Agents only.")
supervisor_required = _requires(is_supervisor, "Supervisors only.")


UNREADABLE = (
    "This transcript cannot be opened: it was sealed under a master key that is not in "
    "TRANSCRIPT_KEYS, or its stored bytes were altered. Nothing was shown. Ask the "
    "administrator to put the key back in the ring and run manage.py rotate_keys."
)


def _user(request: HttpRequest) -> User:
    """The signed-in agent of a view behind ``agent_required``."""
    return cast(User, request.user)


def _problem(
    request: HttpRequest, title: str, message: str, back_url: str, status: int = 409
) -> HttpResponse:
    """A page that says why something cannot be done: 409 when the state forbids it,
    400 when the form was not valid."""
    context = {"title": title, "message": message, "back_url": back_url}
    return render(request, "console/problem.html", context, status=status)


def _bad_form(request: HttpRequest, title: str, message: str, back_url: str) -> HttpResponse:
    return _problem(request, title, message, back_url, status=400)


@agent_required
def console(request: HttpRequest) -> HttpResponse:
    canned = [
        {
            "shortcut": response.shortcut,
            "text": response.text,
            "translations": {given.language: given.text for given in response.translations.all()},
        }
        for response in CannedResponse.objects.order_by("shortcut").prefetch_related("translations")
    ]
    return render(
        request,
        "console/console.html",
        {
            "canned": canned,
            "languages": {"default": settings.LANGUAGE_CODE, "names": dict(settings.LANGUAGES)},
            "agent_name": display_name(_user(request)),
            "supervisor": is_supervisor(request.user),
        },
    )


@agent_required
def available_agents(request: HttpRequest) -> JsonResponse:
    """Agents a conversation can be transferred to (available, online, with capacity)."""
    presences = state.agents_with_capacity().exclude(agent=_user(request)).select_related("agent")
    return JsonResponse(
        {"agents": [{"id": p.agent_id, "name": display_name(p.agent)} for p in presences]}
    )


def _day(value: str | None, end: bool = False) -> datetime | None:
    parsed = parse_date(value or "")
    if parsed is None:
        return None
    return _start_of(parsed, end=end)


def _start_of(day: date, end: bool = False) -> datetime:
    """The first (or with ``end``, the last) instant of ``day`` in the local time zone."""
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


def _kept_private(response: HttpResponse) -> None:
    """Personal data (search results, an export, an archive): no cache may keep a copy."""
    response["Cache-Control"] = "no-store, private"


def _history_matches(search: dict[str, Any]) -> QuerySet[Conversation]:
    conversations = Conversation.objects.filter(live__status=LiveConversation.Status.CLOSED)
    if search.get("start"):
        conversations = conversations.filter(created_at__gte=_start_of(search["start"]))
    if search.get("end"):
        conversations = conversations.filter(created_at__lte=_start_of(search["end"], end=True))
    if search.get("agent"):
        conversations = conversations.filter(live__handled_by=search["agent"])
    if search.get("email"):
        ids = store.find_conversation_ids_by_email(search["email"])
        conversations = conversations.filter(pk__in=ids)
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
    page = Paginator(_history_matches(search), 50).get_page(search.get("page"))
    if searched:
        audit.record(
            audit.HISTORY_SEARCHED,
            actor_id=request.user.pk,
            filters=form.used(),
            results=page.paginator.count,
            page=page.number,
        )
    agents = get_user_model().objects.filter(groups__name__in=["agents", "supervisors"]).distinct()
    response = render(
        request,
        "console/history.html",
        {
            "page": page,
            "agents": agents,
            "search": form.data if form.is_bound else {},
            "error": first_error(form) if form.is_bound and not searched else "",
        },
        status=400 if form.is_bound and not searched else 200,
    )
    _kept_private(response)
    return response


@agent_required
def transcript(request: HttpRequest, conversation_id: str) -> HttpResponse:
    conversation = get_object_or_404(
        Conversation.objects.select_related("live"), pk=conversation_id
    )
    try:
        check_transcript_access(request.user, conversation)
    except TranscriptRefused as refusal:
        back = reverse("console-history")
        return _problem(request, "You cannot open this chat", str(refusal), back, status=403)
    handled = conversation.live.handled_by.filter(pk=_user(request).pk).exists()
    reason = "own_conversation"
    if not handled:
        form = ReadReasonForm(request.POST if request.method == "POST" else None)
        if not form.is_valid():
            return render(
                request,
                "console/read_reason.html",
                {"conversation": conversation, "reasons": READ_REASONS, "error": form.is_bound},
                status=400 if form.is_bound else 200,
            )
        reason = form.cleaned_data["reason"]
    live: dict[str, Any] = {"live": True} if conversation.live.is_open else {}
    audit.record(
        audit.TRANSCRIPT_READ,
        actor_id=request.user.pk,
        conversation_id=conversation.pk,
        reason=reason,
        **live,
    )
    supervisor = is_supervisor(request.user)
    try:
        messages = store.read_messages(conversation.pk)
        details = store.read_details(conversation.pk)
        diagnostics = store.read_diagnostics(conversation.pk) if supervisor else None
    except CryptoError:
        return _problem(request, "Transcript unavailable", UNREADABLE, reverse("console-history"))
    return render(
        request,
        "console/transcript.html",
        {
            "conversation": conversation,
            "messages": messages,
            "details": details,
            "diagnostics": diagnostics,
            "supervisor": supervisor,
            "hold_reasons": HOLD_REASONS,
            "hidden_marker": protocol.HIDDEN_MARKER,
            "agents": ", ".join(
                display_name(agent) for agent in conversation.live.handled_by.all()
            ),
        },
    )


@require_POST
@supervisor_required
def legal_hold(request: HttpRequest, conversation_id: str) -> HttpResponse:
    conversation = get_object_or_404(Conversation, pk=conversation_id)
    back = reverse("console-transcript", kwargs={"conversation_id": conversation.pk})
    form = LegalHoldForm(request.POST)
    if not form.is_valid():
        return _bad_form(request, "Legal hold not changed", first_error(form), back)
    hold = form.cleaned_data["action"] == "set"
    holds.set_legal_hold(
        conversation.pk,
        hold=hold,
        reason=form.cleaned_data["reason"],
        actor_id=request.user.pk,
        until=form.cleaned_data["until"],
    )
    return redirect(back)


@supervisor_required
def dashboard(request: HttpRequest) -> HttpResponse:
    figures = stats.dashboard()
    audit = AuditEntry.objects.select_related("actor").order_by("-at")
    action = request.GET.get("action", "")
    if action:
        audit = audit.filter(action=action)
    actor = request.GET.get("actor", "")
    if actor.isdigit():
        audit = audit.filter(actor_id=int(actor))
    start, end = _day(request.GET.get("from")), _day(request.GET.get("to"), end=True)
    if start:
        audit = audit.filter(at__gte=start)
    if end:
        audit = audit.filter(at__lte=end)
    return render(
        request,
        "console/dashboard.html",
        {
            "figures": figures,
            "chart": mark_safe(charts.bar_chart(figures.per_day, "Chats per day, last 30 days")),  # noqa: S308
            "rating_chart": mark_safe(  # noqa: S308  (built from numbers and escaped labels)
                charts.bar_chart(
                    [(day, row.average) for day, row in figures.ratings.per_day],
                    "Average rating per day, last 30 days",
                    unit="average",
                    top=5,
                    notes=[f"{row.count} ratings" for _day, row in figures.ratings.per_day],
                )
            ),
            "last_run": retention.last_run(),
            "retention_warning": retention.overdue_warning(),
            "audit": Paginator(audit, 50).get_page(request.GET.get("page")),
            "actions": AuditEntry.objects.values_list("action", flat=True).distinct(),
            "actors": get_user_model().objects.filter(auditentry__isnull=False).distinct(),
            "filters": request.GET,
            "subject_requests": _open_requests(),
            "disclosures": Disclosure.objects.select_related("disclosed_by")[:50],
            "request_kinds": SubjectRequest.Kind.choices,
        },
    )


def _open_requests() -> list[dict[str, Any]]:
    today = timezone.localdate()
    return [
        {"request": request, "days_left": (request.deadline - today).days}
        for request in SubjectRequest.objects.filter(completed_at=None).order_by("deadline")
    ]


@require_POST
@supervisor_required
def subject_request_new(request: HttpRequest) -> HttpResponse:
    form = SubjectRequestForm(request.POST)
    if not form.is_valid():
        return _bad_form(
            request, "Request not recorded", first_error(form), reverse("console-dashboard")
        )
    subject_rights.register_request(
        form.cleaned_data["kind"],
        form.cleaned_data["email"],
        received_on=form.cleaned_data["received_on"] or timezone.localdate(),
        actor_id=request.user.pk,
    )
    return redirect("console-dashboard")


WRONG_EMAIL = "That email is not the one this request was made for."


@require_POST
@supervisor_required
def subject_request_export(request: HttpRequest, request_id: str) -> HttpResponse:
    subject_request = get_object_or_404(SubjectRequest, pk=request_id, completed_at=None)
    back = reverse("console-dashboard")
    form = SubjectEmailForm(request.POST)
    try:
        if not form.is_valid():
            return _bad_form(request, "Export not made", first_error(form), back)
        email = form.cleaned_data["email"]
        if not subject_rights.matches_request(subject_request, email):
            return _bad_form(request, "Export not made", WRONG_EMAIL, back)
        archive = subject_rights.export_subject(email, subject_request, actor_id=request.user.pk)
    except subject_rights.RequestKeyRetired as error:
        return _problem(request, "Export not possible", str(error), back)
    except CryptoError:
        return _problem(request, "Export not possible", f"{UNREADABLE} No export was made.", back)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="sar-{subject_request.id}.zip"'
    _kept_private(response)
    return response


@supervisor_required
def subject_request_erase(request: HttpRequest, request_id: str) -> HttpResponse:
    """Erasure behind a confirmation step: the DPO re-enters the email and confirms."""
    subject_request = get_object_or_404(SubjectRequest, pk=request_id, completed_at=None)
    context: dict[str, Any] = {"subject_request": subject_request}
    if request.method != "POST":
        return render(request, "console/erase.html", context)
    form = ErasureForm(request.POST)
    try:
        if not form.is_valid():
            context["error"] = first_error(form)
        elif not subject_rights.matches_request(subject_request, form.cleaned_data["email"]):
            context["error"] = WRONG_EMAIL
        else:
            context["receipt"] = subject_rights.erase_subject(
                form.cleaned_data["email"],
                subject_request,
                actor_id=request.user.pk,
                override_hold_reason=form.cleaned_data["override_reason"] or None,
            )
    except subject_rights.RequestKeyRetired as error:
        context["error"] = str(error)
    except subject_rights.HeldConversations as held:
        context["held"] = held.held
    status = 400 if "error" in context else 200
    return render(request, "console/erase.html", context, status=status)


@agent_required
@require_POST
def photo_upload(request: HttpRequest) -> HttpResponse:
    """An agent's photo for one of their conversations (the raw image as the body)."""
    try:
        conversation_id = uuid.UUID(request.GET.get("conversation_id", ""))
    except ValueError:
        return chat_views.error_response(NotFound("no such conversation"))
    try:
        conversation = access_conversation_for_agent(_user(request), conversation_id)
        result = photos.do_send_photo(
            conversation.pk,
            sender=Message.Sender.AGENT,
            data=chat_views.read_upload(request),
            client_id=chat_views.upload_client_id(request),
            address=request_address(request),
            author=_user(request),
        )
    except Exception as error:  # noqa: BLE001  (answered like a refused frame)
        return chat_views.error_response(error)
    return JsonResponse(chat_views.stored_answer(result, protocol.AGENT_PHOTOS), status=201)


@agent_required
def photo(request: HttpRequest, attachment_id: uuid.UUID, part: str) -> HttpResponse:
    """A photo for an agent of its conversation or a supervisor; every view is audited."""
    try:
        found = photo_for_agent(_user(request), attachment_id)
    except ChatError as error:
        return chat_views.error_response(error)
    audit.record(
        audit.PHOTO_VIEWED,
        actor_id=request.user.pk,
        conversation_id=found.conversation_id,
        photo=str(found.pk),
        part=part,
    )
    return chat_views.photo_response(found, part)


@supervisor_required
def disclose(request: HttpRequest, conversation_id: str) -> HttpResponse:
    """Records a disclosure to a third party and hands over its archive in one step."""
    conversation = get_object_or_404(Conversation, pk=conversation_id)
    back = reverse("console-transcript", kwargs={"conversation_id": conversation.pk})
    form = DisclosureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not form.is_valid():
            return _bad_form(request, "Nothing was disclosed", first_error(form), back)
        try:
            disclosure, archive = disclosures.disclose(
                conversation,
                disclosures.DisclosureRequest(**form.cleaned_data),
                actor_id=_user(request).pk,
            )
        except disclosures.DisclosureRefused as refusal:
            return _bad_form(request, "Nothing was disclosed", str(refusal), back)
        except CryptoError:
            return _problem(request, "Transcript unavailable", UNREADABLE, back)
        response = HttpResponse(archive, content_type="application/zip")
        name = f"disclosure-{disclosure.disclosed_at:%Y%m%d}-{str(disclosure.pk)[:8]}.zip"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        _kept_private(response)
        return response
    return render(
        request,
        "console/disclose.html",
        {
            "conversation": conversation,
            "form": form,
            "register": conversation.disclosures.select_related("disclosed_by"),
        },
    )
