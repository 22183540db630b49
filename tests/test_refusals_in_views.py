"""The chat's ``Forbidden`` and ``NotFound`` are Django's ``PermissionDenied`` and
``Http404`` too: a view that raises them gets Django's 403 and 404, with no translation."""

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from chatserver.chat import protocol
from chatserver.chat.access import ConversationNotFound, NotYourConversation
from chatserver.chat.errors import ChatError, Forbidden, NotFound, error_frame_for


def _forbidden(request: HttpRequest) -> HttpResponse:
    raise NotYourConversation("this conversation is not assigned to you")


def _not_found(request: HttpRequest) -> HttpResponse:
    raise ConversationNotFound("no such conversation")


urlpatterns = [path("forbidden/", _forbidden), path("missing/", _not_found)]


@pytest.mark.urls(__name__)
def test_a_view_raising_forbidden_answers_403_with_the_reason() -> None:
    answer = Client().get("/forbidden/")
    assert answer.status_code == 403
    assert b"this conversation is not assigned to you" in answer.content


@pytest.mark.urls(__name__)
def test_a_view_raising_not_found_answers_404() -> None:
    assert Client().get("/missing/").status_code == 404


@pytest.mark.parametrize("refusal", [Forbidden, NotFound])
def test_sockets_still_answer_them_as_error_frames(refusal: type[ChatError]) -> None:
    frame = error_frame_for(refusal("refused"), frame_type="accept", ref="r1")
    assert frame == {"type": "error", "code": refusal.code, "message": "refused", "ref": "r1"}
    assert refusal.code in (protocol.FORBIDDEN, protocol.NOT_FOUND)
