"""Erasure and ageing take effect at once in every running process.

Two Daphne processes share PostgreSQL and the Redis pub/sub layer; both have read
(and so cached the data key of) the conversation before a third process erases or
ages it. Then every way a transcript can be read is tried on both.
"""

import asyncio
import io
import re
import zipfile
from datetime import UTC, datetime, timedelta

import pytest

from tests.peers import Peer, open_agent, open_visitor
from tests.servers import Browserless, ChatServer, manage

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.redis]

ERASED = ("Yolanda Cacheleak", "yolanda.cacheleak@example.org", "9 Warmcache Way", "CACHELEAK")
AGED = ("Zebedee Maskleak", "zebedee.maskleak@example.org")


async def _logged_in(servers: tuple[ChatServer, ...], username: str) -> list[Browserless]:
    """A console session of ``username`` on each server."""
    browsers = [Browserless(server) for server in servers]
    for browser in browsers:
        await asyncio.to_thread(browser.login, username)
    return browsers


async def _page(browser: Browserless, conversation_id: str) -> str:
    return await asyncio.to_thread(_transcript_page, browser, conversation_id)


def _transcript_page(browser: Browserless, conversation_id: str) -> str:
    status, page = browser.get(f"/console/history/{conversation_id}/")
    assert status == 200, page[-500:]
    return page


def _export(browser: Browserless, email: str) -> bytes:
    """Registers an access request on the dashboard (the email once) and releases its
    export from the request's page."""
    token = browser.csrf_token("/console/dashboard/")
    fields = {"kind": "access", "email": email, "csrfmiddlewaretoken": token}
    status, page = browser.post("/console/requests/new/", fields)  # to the request's page
    assert status == 200
    request_id = re.findall(r"/console/requests/([0-9a-f-]{36})/release/", page)[0]
    status, archive = browser.post_raw(
        f"/console/requests/{request_id}/release/",
        {"csrfmiddlewaretoken": browser.csrf_token("/console/dashboard/")},
    )
    assert status == 200, archive[-500:]
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return opened.read("export.json") + opened.read("export.html")


async def _history(agent: Peer, conversation_id: str) -> list[dict]:
    await agent.send({"type": "history", "conversation_id": conversation_id, "after_seq": 0})
    return (await agent.expect("history", conversation_id=conversation_id))["messages"]


def _assert_none_of(markers: tuple[str, ...], *texts: str | bytes) -> None:
    for text in texts:
        blob = text.decode(errors="replace") if isinstance(text, bytes) else text
        for marker in markers:
            assert marker.lower() not in blob.lower(), f"{marker!r} was served"


async def _chat(visitor: Peer, agents: list[Peer], markers: tuple[str, ...]) -> tuple[str, str]:
    """Starts a conversation with details, exchanges lines read on every agent socket;
    returns (conversation id, the visitor's resume token)."""
    token = (await visitor.hello())["token"]
    details = dict(zip(("name", "email", "address"), markers, strict=False))
    await visitor.send({"type": "start", "details": details})
    conversation_id = (await agents[0].expect("assigned"))["conversation"]["conversation_id"]
    for agent in agents[1:]:
        await agent.expect("assigned", timeout=15)
    await visitor.expect("status", status="active")
    ack = await visitor.say(f"I am {markers[0]}, write to {markers[1]} ({markers[-1]})")
    for agent in agents:
        assert markers[0] in (await agent.expect("message", seq=ack["seq"]))["text"]
    agent_ack = await agents[0].reply(conversation_id, f"Thanks {markers[0]}", "agent-1")
    assert markers[0] in (await visitor.expect("message", seq=agent_ack["seq"]))["text"]
    return conversation_id, token


async def test_erasure_from_a_third_process_is_served_by_neither_server(start_server) -> None:
    first = start_server(postgres=True, redis=True, CHAT_ROUTING="auto")
    second = start_server(database_url=first.database_url, redis=True, CHAT_ROUTING="auto")
    servers = (first, second)
    agents = (await open_agent(first, "alice"))[0], (await open_agent(second, "alice"))[0]
    visitor = await open_visitor(second)
    conversation_id, token = await _chat(visitor, list(agents), ERASED)
    alice, carol = await _logged_in(servers, "alice"), await _logged_in(servers, "carol")
    for browser, agent in zip(alice, agents, strict=True):  # every read works, warming both
        assert ERASED[0] in await _page(browser, conversation_id)
        assert ERASED[3] in (await _history(agent, conversation_id))[1]["text"]
    assert ERASED[1].encode() in await asyncio.to_thread(_export, carol[0], ERASED[1])

    output = await asyncio.to_thread(
        manage, first.env, "subject_erase", "--email", ERASED[1], "--yes"
    )
    assert "1 conversation, completed on " in output

    assert (await visitor.expect("erased"))["type"] == "erased"
    assert await visitor.closed_code() == 1000
    for agent in agents:
        await agent.expect("erased", conversation_id=conversation_id)
        history = await _history(agent, conversation_id)
        assert history and all(message["state"] == "erased" for message in history)
        _assert_none_of(ERASED, *(message["text"] for message in history))
    for server, agent_browser, supervisor_browser in zip(servers, alice, carol, strict=True):
        resumed = await open_visitor(server)
        welcome = await resumed.hello(token=token, after_seq=0)
        assert welcome["conversation"] is None and welcome["messages"] == []
        await resumed.close()
        _assert_none_of(ERASED, await _page(agent_browser, conversation_id))
        exported = await asyncio.to_thread(_export, supervisor_browser, ERASED[1])
        _assert_none_of(ERASED, exported)
        assert "Traceback" not in server.log_text()


async def test_ageing_from_a_third_process_is_served_masked_by_both_servers(start_server) -> None:
    first = start_server(postgres=True, redis=True, CHAT_ROUTING="auto")
    second = start_server(database_url=first.database_url, redis=True, CHAT_ROUTING="auto")
    agents = (await open_agent(first, "alice"))[0], (await open_agent(second, "alice"))[0]
    visitor = await open_visitor(first)
    conversation_id, _token = await _chat(visitor, list(agents), AGED)
    await visitor.send({"type": "end"})
    await agents[0].expect("status", status="closed", conversation_id=conversation_id)
    alice = await _logged_in((first, second), "alice")
    for browser in alice:
        assert AGED[0] in await _page(browser, conversation_id)

    future = (datetime.now(UTC) + timedelta(days=91)).isoformat()
    output = await asyncio.to_thread(manage, first.env, "age_transcripts", "--now", future)
    assert "aged 1" in output

    for agent in agents:
        history = await _history(agent, conversation_id)
        assert history and all(message["state"] == "masked" for message in history)
        assert any("<PERSON_" in message["text"] for message in history)
        _assert_none_of(AGED, *(message["text"] for message in history))
    for browser in alice:
        page = await _page(browser, conversation_id)
        assert "&lt;PERSON_" in page
        _assert_none_of(AGED, page)
