"""Photos over HTTP: uploaded and fetched outside the socket, never as frames.

Visitors authenticate with their resume token in ``Authorization: Bearer`` (never in
a URL); agents with their session (``chatserver.console.views``). An upload answers
the stored line as JSON; the socket then carries it like any other line. Photos are
served with ``Content-Disposition``, ``nosniff`` and no caching.
"""

import uuid
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from chatserver.chat import inbound, protocol, state
from chatserver.chat.access import photo_for_visitor
from chatserver.chat.actions import photos
from chatserver.chat.clients import request_address
from chatserver.chat.errors import ChatError, NotStarted, error_frame_for
from chatserver.chat.photos import size_limit
from chatserver.chat.visitor_auth import session_id_from_token
from locality.languages import in_visitor_language
from transcripts.record import store
from transcripts.record.models import Attachment, Message

STATUS_BY_CODE = {
    protocol.INVALID: 400,
    protocol.TOO_LONG: 413,
    protocol.RATE_LIMITED: 429,
    protocol.NOT_STARTED: 409,
    protocol.NOT_FOUND: 404,
    protocol.FORBIDDEN: 403,
    protocol.SERVER_ERROR: 500,
}


def error_response(error: Exception) -> JsonResponse:
    """The refusal as JSON, ``{"error": {"code", "message", ...}}``, with its status."""
    frame = error_frame_for(error, frame_type="photo", ref=None)
    body = {key: value for key, value in frame.items() if key != "type"}
    status = getattr(error, "http_status", None) or STATUS_BY_CODE.get(frame["code"], 400)
    response = JsonResponse({"error": body}, status=status)
    if "retry_after" in frame:
        response["Retry-After"] = str(round(frame["retry_after"]))
    return response


def read_upload(request: HttpRequest) -> bytes:
    """The raw body, at most ``CHAT_PHOTO_MAX_BYTES`` (larger ones never reach here in
    full: ``chatserver.serve`` under Daphne, or ``RequestBodyLimit``, refuses them first)."""
    limit = settings.CHAT_PHOTO_MAX_BYTES
    data = request.read(limit + 1)
    if len(data) > limit:
        raise ChatError(
            size_limit(),
            code=protocol.TOO_LONG,
            limit=limit,
        )
    return data


def upload_client_id(request: HttpRequest) -> str:
    return inbound.client_id({"client_id": request.GET.get("client_id", "")})


def stored_answer(result: store.AppendResult, base: str) -> dict[str, Any]:
    ref = protocol.attachment_ref(result.message.attachment)
    return {
        "seq": result.message.seq,
        "client_id": result.message.client_id,
        "attachment": protocol.attachment_links(ref, base) if ref else None,
    }


def photo_response(photo: Attachment, part: str) -> HttpResponse:
    data = store.read_photo(photo, part)
    if data is None:
        return error_response(ChatError(_("this photo was erased"), code=protocol.NOT_FOUND))
    response = HttpResponse(data, content_type=photo.content_type)
    name = f"photo-{photo.seq}{'-thumbnail' if part == 'thumbnail' else ''}.{photo.extension}"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def _visitor_conversation(request: HttpRequest) -> uuid.UUID:
    header = request.headers.get("Authorization", "")
    token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
    session_id = session_id_from_token(token) if token else None
    conversation_id = state.session_conversation(session_id) if session_id else None
    if conversation_id is None:
        raise NotStarted(_("start a chat before sending photos"))
    return conversation_id


@csrf_exempt  # authenticated by the bearer token, which no other site can send
@require_POST
@in_visitor_language
def visitor_upload(request: HttpRequest) -> JsonResponse:
    try:
        conversation_id = _visitor_conversation(request)
        client_id = upload_client_id(request)
        data = read_upload(request)
        result = photos.do_send_photo(
            conversation_id,
            sender=Message.Sender.VISITOR,
            data=data,
            client_id=client_id,
            address=request_address(request),
        )
    except Exception as error:  # noqa: BLE001  (answered like a refused frame)
        return error_response(error)
    return JsonResponse(stored_answer(result, protocol.VISITOR_PHOTOS), status=201)


@require_GET
@in_visitor_language
def visitor_photo(request: HttpRequest, attachment_id: uuid.UUID, part: str) -> HttpResponse:
    try:
        photo = photo_for_visitor(_visitor_conversation(request), attachment_id)
    except ChatError as error:
        return error_response(error)
    return photo_response(photo, part)
