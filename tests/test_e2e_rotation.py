"""Master key rotation against real server processes: rotate, retire the old key,
restart, and read every kind of stored item; and what happens when a process that
still had the old key as its primary wrapped a data key after the rotation."""

import asyncio
import json
import urllib.request

import pytest

from tests.keys import ring_text
from tests.peers import Peer, open_agent, open_visitor
from tests.servers import Browserless, ChatServer, manage

pytestmark = pytest.mark.e2e

OLD = ring_text(("k-old", 21))
BOTH = ring_text(("k-new", 22), ("k-old", 21))
NEW = ring_text(("k-new", 22))
KEPT = {
    "name": "Rowena Rotated",
    "email": "rowena.rotated@example.org",
    "address": "3 Keyring Lane",
}
STRANDED = ("Stella Stranded", "stella.stranded@example.org")


async def _agent_socket(server: ChatServer, cookie: str) -> tuple[Peer, dict]:
    peer = await Peer.open(server.ws_url("/ws/agent/"), origin=server.origin, cookie=cookie)
    return peer, await peer.expect("snapshot")


def _logged_in(server: ChatServer, username: str) -> Browserless:
    browser = Browserless(server)
    browser.login(username)
    return browser


def _supervisor_transcript(server: ChatServer, conversation_id: str) -> tuple[int, str]:
    carol = _logged_in(server, "carol")
    path = f"/console/history/{conversation_id}/"
    return carol.post(path, {"reason": "complaint", "csrfmiddlewaretoken": carol.csrf_token(path)})


def _health(server: ChatServer) -> dict:
    with urllib.request.urlopen(f"{server.origin}/healthz", timeout=5) as response:
        return json.load(response)


async def test_rotated_and_retired_key_leaves_everything_readable_and_no_socket_fails(
    start_server,
) -> None:
    before = start_server(TRANSCRIPT_KEYS=OLD, CHAT_ROUTING="auto")
    agent, _, alice = await open_agent(before, "alice")
    visitor = await open_visitor(before)
    token = (await visitor.hello())["token"]
    await visitor.send({"type": "start", "details": KEPT})
    kept_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
    await visitor.say("the boiler is leaking again", client_id="v1")
    await agent.note(kept_id, "NOTE-ROTATED", "n1")
    cookie = alice.cookie_header()
    before.stop()

    rotated = await asyncio.to_thread(manage, dict(before.env, TRANSCRIPT_KEYS=BOTH), "rotate_keys")
    assert "the other keys may leave the ring" in rotated

    # A process that was never given the new ring starts a chat after the rotation.
    stale = start_server(database_url=before.database_url, TRANSCRIPT_KEYS=OLD, CHAT_ROUTING="auto")
    stale_agent, _ = await _agent_socket(stale, cookie)
    await stale_agent.send({"type": "presence", "status": "available"})
    stale_visitor = await open_visitor(stale)
    stranded_token = (await stale_visitor.hello())["token"]
    await stale_visitor.send(
        {"type": "start", "details": {"name": STRANDED[0], "email": STRANDED[1]}}
    )
    stranded_id = (await stale_agent.expect("assigned"))["conversation"]["conversation_id"]
    await stale_visitor.say("my ceiling has a crack")
    stale.stop()
    with pytest.raises(RuntimeError, match="1 data keys wrapped under master key 'k-old'"):
        await asyncio.to_thread(
            manage, dict(before.env, TRANSCRIPT_KEYS=BOTH), "rotate_keys", "--check"
        )

    after = start_server(database_url=before.database_url, TRANSCRIPT_KEYS=NEW, CHAT_ROUTING="auto")
    agent, snapshot = await _agent_socket(after, cookie)  # the socket that worked before
    conversations = {c["conversation_id"]: c for c in snapshot["conversations"]}
    kept = conversations[kept_id]
    assert kept["unreadable"] is False
    assert kept["details"] == KEPT
    texts = [message["text"] for message in kept["messages"]]
    assert "the boiler is leaking again" in texts and "NOTE-ROTATED" in texts
    assert conversations[stranded_id]["unreadable"] is True
    assert conversations[stranded_id]["messages"] == []

    resumed = await open_visitor(after)
    welcome = await resumed.hello(token=token, after_seq=0)
    assert welcome["resumed"] is True and welcome["conversation"]["id"] == kept_id
    visible = [message["text"] for message in welcome["messages"]]
    assert "the boiler is leaking again" in visible and "NOTE-ROTATED" not in visible
    ack = await resumed.say("still here after the rotation")
    assert (await agent.expect("message", seq=ack["seq"]))[
        "text"
    ] == "still here after the rotation"

    status, page = await asyncio.to_thread(_supervisor_transcript, after, kept_id)
    assert (
        status == 200
        and KEPT["name"] in page
        and KEPT["address"] in page
        and "NOTE-ROTATED" in page
    )
    assert "127.0.0.1" in page  # the diagnostics row
    await resumed.send({"type": "end"})
    await agent.expect("status", status="closed", conversation_id=kept_id)
    alice_after = await asyncio.to_thread(_logged_in, after, "alice")
    token = await asyncio.to_thread(alice_after.csrf_token, "/console/history/")
    _status, found = await asyncio.to_thread(
        alice_after.post,
        "/console/history/",
        {"email": KEPT["email"], "csrfmiddlewaretoken": token},
    )
    assert kept_id in found  # the blind index was made again under the new key
    _status, missed = await asyncio.to_thread(
        alice_after.post,
        "/console/history/",
        {"email": "not." + KEPT["email"], "csrfmiddlewaretoken": token},
    )
    assert kept_id not in missed

    stranded_visitor = await open_visitor(after)
    welcome = await stranded_visitor.hello(token=stranded_token, after_seq=0)
    assert welcome["conversation"]["id"] == stranded_id and welcome["messages"] == []
    await stranded_visitor.send({"type": "message", "client_id": "s2", "text": "hello?"})
    refused = await stranded_visitor.expect("error", ref="s2")
    assert refused["code"] == "server_error" and "master key" in refused["message"]
    await agent.send({"type": "history", "conversation_id": stranded_id, "after_seq": 0})
    assert (await agent.expect("error"))["code"] == "server_error"
    status, page = await asyncio.to_thread(_supervisor_transcript, after, stranded_id)
    assert status == 409 and "cannot be opened" in page and STRANDED[0] not in page

    [warning] = (await asyncio.to_thread(_health, after))["warnings"]
    assert "1 data keys wrapped under master key 'k-old'" in warning
    assert "Traceback" not in after.log_text()
