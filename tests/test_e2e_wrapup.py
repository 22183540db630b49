"""Wrap-up over real sockets and a real Daphne process: a required wrap-up refuses a bare
close, a close with its wrap-up is stored, and a chat the visitor ended is wrapped up
afterwards by its agent (who hears ``wrapped_up``)."""

import json

import pytest

from tests.peers import open_agent, open_visitor
from tests.servers import manage

pytestmark = pytest.mark.e2e

REQUIRED = (
    "from chatserver.wrapup.models import WrapUpPolicy; WrapUpPolicy.objects.update(required=True)"
)
STORED = (
    "import json; from chatserver.wrapup.models import WrapUp; print(json.dumps(["
    "[str(w.conversation_id), w.reason.slug, w.outcome.slug, sorted(t.slug for t in w.tags.all()),"
    " w.agent.username] for w in WrapUp.objects.order_by('wrapped_at')]))"
)


async def chat(server, agent):
    visitor = await open_visitor(server)
    await visitor.hello()
    if (await visitor.start(name="Tess"))["status"] != "active":
        await visitor.expect("status", status="active")
    assigned = await agent.expect("assigned")
    return visitor, assigned["conversation"]["conversation_id"]


async def test_closing_with_a_wrap_up_and_wrapping_up_an_ended_chat(start_server) -> None:
    server = start_server(CHAT_ROUTING="auto")
    manage(server.env, "shell", "-c", REQUIRED)
    agent, _snapshot, _ = await open_agent(server, "alice")

    visitor, first = await chat(server, agent)
    await agent.send_close(first)
    refused = await agent.expect("error")
    assert (refused["code"], refused["message"]) == (
        "invalid",
        "choose a contact reason and an outcome before closing this chat",
    )
    await agent.send(
        {"type": "close", "conversation_id": first, "reason": "burglary", "outcome": "signposted"}
    )
    assert (await agent.expect("error"))[
        "message"
    ] == "reason is not one of the contact reasons offered"
    heard = await visitor.drain(0.3)
    assert not [frame for frame in heard if frame["type"] == "status"]  # still open

    await agent.send(
        {
            "type": "close",
            "conversation_id": first,
            "reason": "repair",
            "outcome": "repair-raised",
            "tags": ["follow-up-needed"],
        }
    )
    await visitor.expect("status", status="closed")
    await agent.expect("status", status="closed", conversation_id=first)
    await agent.expect("wrapped_up", conversation_id=first)

    visitor, second = await chat(server, agent)
    await visitor.send({"type": "end"})
    await agent.expect("status", status="closed", conversation_id=second)
    await agent.send({"type": "wrap_up", "conversation_id": second, "reason": "complaint"})
    assert (await agent.expect("error"))["message"] == (
        "give both a contact reason and an outcome, or neither"
    )
    await agent.send(
        {
            "type": "wrap_up",
            "conversation_id": second,
            "reason": "complaint",
            "outcome": "complaint-recorded",
        }
    )
    await agent.expect("wrapped_up", conversation_id=second)
    bob, _snapshot, _ = await open_agent(server, "bob")
    await bob.send(
        {"type": "wrap_up", "conversation_id": second, "reason": "other", "outcome": "signposted"}
    )
    assert (await bob.expect("error"))["code"] == "forbidden"

    stored = json.loads(manage(server.env, "shell", "-c", STORED).strip().splitlines()[-1])
    assert stored == [
        [first, "repair", "repair-raised", ["follow-up-needed"], "alice"],
        [second, "complaint", "complaint-recorded", [], "alice"],
    ]
