"""Every staff line carries who wrote it wherever staff read it: live, after a transfer,
in a catch-up, and in the history frame (docs/protocol.md: ``author``)."""

import pytest

from chatserver.asgi import application
from tests.peers import InProcessPeer, open_agent_in_process

pytestmark = pytest.mark.django_db(transaction=True)

HEADERS = [(b"host", b"testserver"), (b"origin", b"http://testserver")]


def written_by(frame: dict, agent) -> bool:
    return frame.get("author") == {"id": agent.pk, "name": agent.username}


async def test_lines_are_attributed_to_their_writers_across_a_transfer(settings) -> None:
    settings.CHAT_ROUTING = "manual"
    alice, alice_socket = await open_agent_in_process("alice")
    bob, bob_socket = await open_agent_in_process("bob")
    await alice_socket.set_presence("available")
    await bob_socket.set_presence("available")
    visitor = await InProcessPeer.connect(application, "/ws/visitor/", HEADERS)
    try:
        await visitor.hello()
        conversation_id = (await visitor.start())["conversation_id"]
        await visitor.say("my boiler is broken")
        await alice_socket.accept(conversation_id)

        await alice_socket.reply(conversation_id, "I can book a visit")
        live = await alice_socket.expect("message", text="I can book a visit")
        assert written_by(live, alice)
        await alice_socket.note(conversation_id, "tenant is elderly")
        assert written_by(await alice_socket.expect("message", text="tenant is elderly"), alice)
        to_visitor = await visitor.expect("message", text="I can book a visit")
        assert "author" not in to_visitor

        await alice_socket.send_transfer(conversation_id, bob.pk)
        assigned = (await bob_socket.expect("assigned"))["conversation"]
        by_text = {line["text"]: line for line in assigned["messages"]}
        assert written_by(by_text["I can book a visit"], alice)
        assert written_by(by_text["tenant is elderly"], alice)
        assert "author" not in by_text["my boiler is broken"]

        await bob_socket.reply(conversation_id, "Bob here, Tuesday suits")
        assert written_by(await bob_socket.expect("message", text="Bob here, Tuesday suits"), bob)
        await bob_socket.send(
            {"type": "history", "conversation_id": conversation_id, "after_seq": 0}
        )
        history = {line["text"]: line for line in (await bob_socket.expect("history"))["messages"]}
        assert written_by(history["I can book a visit"], alice)
        assert written_by(history["Bob here, Tuesday suits"], bob)
    finally:
        await visitor.close()
        await alice_socket.close()
        await bob_socket.close()
