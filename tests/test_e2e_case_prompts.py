"""Complaint and hazard prompts over real sockets on a real Daphne process: a visitor's
dissatisfied line prompts the agent once while the prompt is open, the agent's decision
is audited, and a low rating prompts too."""

import json
from typing import Any

import pytest

from tests.peers import open_agent, open_visitor

pytestmark = pytest.mark.e2e


def audit_details(server: Any, action: str) -> list[dict[str, Any]]:
    """The details of the server's audit entries of ``action``, oldest first."""
    url = server.env["DATABASE_URL"]
    query = "SELECT detail FROM transcripts_auditentry WHERE action = %s ORDER BY id"
    if url.startswith("sqlite:///"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            rows = db.execute(query.replace("%s", "?"), (action,)).fetchall()
        return [json.loads(detail) for (detail,) in rows]
    import psycopg

    with psycopg.connect(url) as db:
        return [detail for (detail,) in db.execute(query, (action,)).fetchall()]


async def test_a_dissatisfied_line_prompts_once_and_the_decision_is_audited(start_server) -> None:
    server = start_server(CHAT_ROUTING="auto")
    agent, _, _ = await open_agent(server, "alice")
    visitor = await open_visitor(server)
    await visitor.hello()
    await visitor.start()
    conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
    ack = await visitor.say("I'm not happy, this is the third time")
    prompt = await agent.expect("case_prompt", conversation_id=conversation_id)
    assert (prompt["prompt"], prompt["trigger"], prompt["state"], prompt["seq"]) == (
        "complaint",
        "words",
        "open",
        ack["seq"],
    )
    assert "complaint" in prompt["offer"]

    await visitor.say("honestly I'm fed up with it")
    await agent.expect("message", text="honestly I'm fed up with it")
    assert [frame for frame in await agent.drain() if frame["type"] == "case_prompt"] == []

    decision = {"type": "case_prompt_decision", "conversation_id": conversation_id}
    await agent.send({**decision, "prompt": "hazard", "decision": "recorded"})
    assert (await agent.expect("error"))["code"] == "invalid"  # no hazard prompt open
    await agent.send({**decision, "prompt": "complaint", "decision": "not_relevant"})
    answered = await agent.expect("case_prompt", conversation_id=conversation_id)
    assert answered["state"] == "decided"

    assert audit_details(server, "case_prompted") == [
        {"prompt": "complaint", "trigger": "words", "seq": ack["seq"]}
    ]
    assert audit_details(server, "case_prompt_decided") == [
        {"prompt": "complaint", "decision": "not_relevant", "trigger": "words"}
    ]
    assert "third time" not in server.log_text() and "fed up" not in server.log_text()


async def test_a_hazard_and_a_low_rating_prompt_the_agent(start_server) -> None:
    server = start_server(CHAT_ROUTING="auto")
    agent, _, _ = await open_agent(server, "alice")
    visitor = await open_visitor(server)
    await visitor.hello()
    await visitor.start()
    conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
    await visitor.say("mae llwydni du ar wal y llofft")
    hazard = await agent.expect("case_prompt", conversation_id=conversation_id)
    assert (hazard["prompt"], hazard["category"], hazard["severity"]) == (
        "hazard",
        "damp_mould",
        "significant",
    )
    await agent.send_close(conversation_id)
    await visitor.expect("status", status="closed")
    await visitor.send({"type": "rate", "score": 1})
    await visitor.expect("rated")
    rating = await agent.expect("case_prompt", conversation_id=conversation_id, trigger="rating")
    assert (rating["prompt"], rating["state"]) == ("complaint", "open")
    assert "seq" not in rating
    await agent.send(
        {
            "type": "case_prompt_decision",
            "conversation_id": conversation_id,
            "prompt": "complaint",
            "decision": "declined",
        }
    )
    declined = await agent.expect("case_prompt", conversation_id=conversation_id, state="decided")
    assert declined["trigger"] == "rating"
    assert audit_details(server, "case_prompt_decided") == [
        {"prompt": "complaint", "decision": "declined", "trigger": "rating"}
    ]
