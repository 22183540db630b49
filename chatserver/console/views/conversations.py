"""The live console: the agent's page, who can take a transfer, and photos."""

import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language_info
from django.views.decorators.http import require_POST

from chatserver.chat import protocol
from chatserver.chat import views as chat_views
from chatserver.chat.access import (
    RestrictedTeamChat,
    access_conversation_for_agent,
    display_name,
    is_supervisor,
    photo_for_agent,
)
from chatserver.chat.actions import photos
from chatserver.chat.clients import request_address
from chatserver.chat.errors import ChatError, NotFound
from chatserver.chat.models import CannedResponse
from chatserver.chat.transfer_targets import transfer_targets
from chatserver.console.views import casework
from chatserver.console.views.common import agent_required, signed_in
from chatserver.wrapup import choices
from transcripts.compliance import audit
from transcripts.record.models import Message


def _canned_responses() -> list[dict[str, object]]:
    return [
        {
            "shortcut": response.shortcut,
            "text": response.text,
            "translations": {given.language: given.text for given in response.translations.all()},
        }
        for response in CannedResponse.objects.order_by("shortcut").prefetch_related("translations")
    ]


def _languages() -> dict[str, object]:
    """The visitors' languages as an English-speaking agent reads them: each in its own
    words with the English name beside ("Cymraeg (Welsh)"), and the English name alone."""
    english = {
        code: get_language_info(code.split("-")[0])["name"] for code, _ in settings.LANGUAGES
    }
    names = {
        code: name if name == english[code] else f"{name} ({english[code]})"
        for code, name in settings.LANGUAGES
    }
    return {"default": settings.LANGUAGE_CODE, "names": names, "english": english}


@agent_required
def console(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "console/console.html",
        {
            "canned": _canned_responses(),
            "languages": _languages(),
            "wrap_up": choices.offered(),
            "agent_name": display_name(signed_in(request)),
            "supervisor": is_supervisor(request.user),
            **casework.case_choices(),
        },
    )


@agent_required
def available_agents(request: HttpRequest) -> JsonResponse:
    """Whom the agent's conversation (``conversation_id``, optional) can be transferred
    to: available agents with capacity who may read its team's chats, and teams with
    someone else available (docs/protocol.md, "Transfer targets")."""
    agent = signed_in(request)
    try:
        asked = request.GET.get("conversation_id")
        conversation = (
            access_conversation_for_agent(agent, _conversation_asked(request)) if asked else None
        )
    except ChatError as error:
        return chat_views.error_response(error)
    return JsonResponse(transfer_targets(agent, conversation))


def _conversation_asked(request: HttpRequest) -> uuid.UUID:
    try:
        return uuid.UUID(request.GET.get("conversation_id", ""))
    except ValueError:
        raise NotFound("no such conversation") from None


@agent_required
@require_POST
def photo_upload(request: HttpRequest) -> HttpResponse:
    """An agent's photo for one of their conversations (the raw image as the body).
    Refusals are the photo endpoints' JSON errors (docs/protocol.md, "Photos")."""
    try:
        conversation = access_conversation_for_agent(
            signed_in(request), _conversation_asked(request)
        )
        result = photos.do_send_photo(
            conversation.pk,
            sender=Message.Sender.AGENT,
            data=chat_views.read_upload(request),
            client_id=chat_views.upload_client_id(request),
            address=request_address(request),
            author=signed_in(request),
        )
    except Exception as error:  # noqa: BLE001  (answered like a refused frame)
        return chat_views.error_response(error)
    return JsonResponse(chat_views.stored_answer(result, protocol.AGENT_PHOTOS), status=201)


@agent_required
def photo(request: HttpRequest, attachment_id: uuid.UUID, part: str) -> HttpResponse:
    """A photo for an agent of its conversation or a supervisor; every full view is
    audited, a thumbnail once a day per viewer (the page shows it on every render)."""
    try:
        found = photo_for_agent(signed_in(request), attachment_id)
    except RestrictedTeamChat as refusal:
        audit.record_read_refused(
            actor_id=request.user.pk,
            conversation_id=refusal.conversation_id,
            read="photo",
            rule=refusal.rule,
        )
        return chat_views.error_response(refusal)
    except ChatError as error:
        return chat_views.error_response(error)
    audit.record_photo_view(
        actor_id=request.user.pk,
        conversation_id=found.conversation_id,
        photo_id=found.pk,
        part=part,
    )
    return chat_views.photo_response(found, part)
