"""The visitor's socket is told a case's reference (``case_recorded``) once it is
recorded, with exactly the protocol's keys."""

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth.models import User

from chatserver.asgi import application
from chatserver.casework import actions
from chatserver.casework.actions import CaseRequest
from chatserver.chat import protocol
from tests import factories
from tests.peers import InProcessPeer

pytestmark = pytest.mark.django_db(transaction=True)

HEADERS = [(b"host", b"testserver"), (b"origin", b"http://testserver")]


@database_sync_to_async
def record(conversation_id: str, request: CaseRequest) -> str:
    sue = User.objects.filter(username="sue").first() or factories.supervisor("sue")
    return actions.do_record_case(sue, conversation_id, request).shown_reference


async def test_the_visitor_is_told_the_reference_of_a_case_recorded_from_the_chat() -> None:
    visitor = await InProcessPeer.connect(application, "/ws/visitor/", HEADERS)
    try:
        await visitor.hello()
        conversation_id = (await visitor.start())["conversation_id"]
        await visitor.send({"type": "message", "client_id": "v1", "text": "there is mould"})
        await visitor.expect("ack")
        reference = await record(conversation_id, CaseRequest("hazard", 1, "emergency", "fire"))
        frame = await visitor.expect("case_recorded")
    finally:
        await visitor.close()
    assert frame == {"type": "case_recorded", "reference": reference, "kind": "hazard"}
    assert protocol.FRAMES[("visitor", "out", "case_recorded")] is protocol.CaseRecordedFrame


async def test_a_reloaded_widget_is_told_the_chats_cases_again() -> None:
    visitor = await InProcessPeer.connect(application, "/ws/visitor/", HEADERS)
    try:
        welcome = await visitor.hello()
        conversation_id = (await visitor.start())["conversation_id"]
        await visitor.send({"type": "message", "client_id": "v1", "text": "I want to complain"})
        await visitor.expect("ack")
        first = await record(conversation_id, CaseRequest("complaint", 1))
        second = await record(conversation_id, CaseRequest("service_request", 1))
    finally:
        await visitor.close()
    again = await InProcessPeer.connect(application, "/ws/visitor/", HEADERS)
    try:
        replay = await again.hello(welcome["token"])
    finally:
        await again.close()
    assert replay["conversation"]["cases"] == [
        {"reference": first, "kind": "complaint"},
        {"reference": second, "kind": "service_request"},
    ]
