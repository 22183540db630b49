"""Socket security requirements against a real Daphne process."""

import asyncio
import json
import socket
import uuid

import pytest
import websockets

from tests.peers import Peer, open_agent, open_visitor
from tests.servers import (
    AGENT_PASSWORD,
    Browserless,
    allow_message_inserts,
    enrol_totp,
    expire_all_sessions,
    manage,
    refuse_message_inserts,
    server_shell,
)

pytestmark = pytest.mark.e2e


async def _conversation_with_agent(server, agent_name="alice"):
    agent, snapshot, browser = await open_agent(server, agent_name)
    visitor = await open_visitor(server)
    token = (await visitor.hello())["token"]
    await visitor.start()
    conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
    await visitor.expect("message", **{"from": "system"})
    await agent.drain()
    return agent, visitor, conversation_id, token, browser


async def _message_count(server, conversation_id: str) -> int:
    output = await asyncio.to_thread(
        server_shell,
        server,
        "from transcripts.record.models import Message;"
        f"print(Message.objects.filter(conversation_id='{conversation_id}').count())",
    )
    return int(output.strip())


async def test_agent_socket_needs_a_valid_agent_session(start_server) -> None:
    """Agents must authenticate."""
    server = start_server()
    anonymous = await Peer.open(server.ws_url("/ws/agent/"), origin=server.origin)
    assert await anonymous.closed_code() == 4401

    agent, snapshot, browser = await open_agent(server, "alice", available=False)
    agent_id = snapshot["agent"]["id"]
    assert snapshot["agent"]["name"] == "Alice"
    await agent.close()

    # Stale auth hash: the password changed after this session was made.
    await asyncio.to_thread(
        server_shell,
        server,
        "from django.contrib.auth.models import User;"
        "u = User.objects.get(username='alice'); u.set_password('another-pass-123!'); u.save()",
    )
    stale = await Peer.open(
        server.ws_url("/ws/agent/"), origin=server.origin, cookie=browser.cookie_header()
    )
    assert await stale.closed_code() == 4401

    # Expired session.
    bob_browser = Browserless(server)
    await asyncio.to_thread(bob_browser.login, "bob")
    await asyncio.to_thread(expire_all_sessions, server)
    expired = await Peer.open(
        server.ws_url("/ws/agent/"), origin=server.origin, cookie=bob_browser.cookie_header()
    )
    assert await expired.closed_code() == 4401

    # A logged-in user who is not an agent.
    await asyncio.to_thread(
        server_shell,
        server,
        "from django.contrib.auth.models import User;"
        "User.objects.create_user('tenant', password='tenant-pass-123!')",
    )
    await asyncio.to_thread(enrol_totp, server.env, "tenant")  # refused as no agent, not for MFA
    tenant = Browserless(server)
    await asyncio.to_thread(tenant.login, "tenant", "tenant-pass-123!")
    not_agent = await Peer.open(
        server.ws_url("/ws/agent/"), origin=server.origin, cookie=tenant.cookie_header()
    )
    assert await not_agent.closed_code() == 4401

    # An agent signed in with a password only: not enrolled yet, so not MFA-verified.
    await asyncio.to_thread(
        manage, server.env, "create_agent", "dana", "--password-stdin", stdin=AGENT_PASSWORD + "\n"
    )
    dana = Browserless(server)
    token = await asyncio.to_thread(dana.csrf_token, "/accounts/login/")
    fields = {"login": "dana", "password": AGENT_PASSWORD, "csrfmiddlewaretoken": token}
    _status, page = await asyncio.to_thread(dana.post, "/accounts/login/", fields)
    assert "Activate" in page  # sent to enrolment
    unverified = await Peer.open(
        server.ws_url("/ws/agent/"), origin=server.origin, cookie=dana.cookie_header()
    )
    assert await unverified.closed_code() == 4401
    assert agent_id


@pytest.mark.parametrize("revocation", ["logout", "deactivate", "expire"])
async def test_open_agent_sockets_are_revoked(start_server, revocation: str) -> None:
    """Live sockets are revoked: closed within the re-validation interval, nothing after."""
    server = start_server(CHAT_AGENT_RECHECK_SECONDS="1", CHAT_ROUTING="manual")
    agent, _, browser = await open_agent(server, "alice")
    if revocation == "logout":
        _status, page = await asyncio.to_thread(browser.get, "/accounts/login/")
        token = browser.cookie("csrftoken")
        await asyncio.to_thread(browser.post, "/accounts/logout/", {"csrfmiddlewaretoken": token})
    elif revocation == "deactivate":
        await asyncio.to_thread(
            server_shell,
            server,
            "from django.contrib.auth.models import User;"
            "User.objects.filter(username='alice').update(is_active=False)",
        )
    else:
        await asyncio.to_thread(expire_all_sessions, server)
    started = asyncio.get_running_loop().time()
    visitor = await open_visitor(server)
    await visitor.hello()
    await visitor.start()  # a queue change the revoked socket must not receive after closing
    assert await agent.closed_code(timeout=5) == 4401
    assert asyncio.get_running_loop().time() - started < 4


async def test_agent_cannot_touch_a_conversation_not_assigned_to_them(start_server) -> None:
    """Every frame is authorized for agents."""
    server = start_server(CHAT_ROUTING="auto")
    alice, visitor, conversation_id, _, _ = await _conversation_with_agent(server)
    await alice.send({"type": "presence", "status": "away"})
    bob, _, _ = await open_agent(server, "bob")
    await visitor.drain()
    before = await _message_count(server, conversation_id)
    probes = [
        {"type": "message", "conversation_id": conversation_id, "client_id": "b1", "text": "hi"},
        {"type": "note", "conversation_id": conversation_id, "client_id": "b2", "text": "hi"},
        {"type": "history", "conversation_id": conversation_id, "after_seq": 0},
        {"type": "typing", "conversation_id": conversation_id, "active": True},
        {"type": "close", "conversation_id": conversation_id},
        {"type": "transfer", "conversation_id": conversation_id, "to_agent_id": 1},
    ]
    for probe in probes:
        await bob.send(probe)
        assert (await bob.expect("error"))["code"] == "forbidden"
    for unknown in (str(uuid.uuid4()), "not-a-uuid", 42):
        await bob.send({"type": "history", "conversation_id": unknown, "after_seq": 0})
        assert (await bob.expect("error"))["code"] == "not_found"
    assert await _message_count(server, conversation_id) == before
    assert not [f for f in await visitor.drain(0.5) if f["type"] in {"message", "typing"}]


async def test_visitor_cannot_address_another_conversation(start_server) -> None:
    """Every frame is authorized for visitors: frames naming another conversation are refused."""
    server = start_server(CHAT_ROUTING="auto")
    _alice, victim, victim_id, _, _ = await _conversation_with_agent(server)
    attacker = await open_visitor(server)
    await attacker.hello()
    await attacker.start()
    await victim.drain()
    before = await _message_count(server, victim_id)
    for frame in (
        {"type": "message", "conversation_id": victim_id, "client_id": "x", "text": "hijack"},
        {"type": "typing", "conversation_id": victim_id, "active": True},
        {"type": "details", "conversation_id": victim_id, "details": {"name": "X"}},
        {"type": "history", "conversation_id": victim_id, "after_seq": 0},
    ):
        await attacker.send(frame)
        assert (await attacker.expect("error"))["code"] == "forbidden"
    assert await _message_count(server, victim_id) == before
    assert not [f for f in await victim.drain(0.5) if f["type"] in {"message", "typing"}]
    # A forged token names no session at all.
    forged = await open_visitor(server)
    welcome = await forged.hello(token="eyJzaWQiOiJ4In0:forged:signature")
    assert welcome["resumed"] is False
    assert welcome["conversation"] is None


async def test_oversized_frames_and_texts(start_server) -> None:
    """Frames and messages have a size limit."""
    server = start_server(CHAT_ROUTING="auto")
    visitor = await open_visitor(server)
    await visitor.hello()
    await visitor.start()
    await visitor.send({"type": "message", "client_id": "long", "text": "x" * 4001})
    refused = await visitor.expect("error", ref="long")
    assert (refused["code"], refused["limit"]) == ("too_long", 4000)

    big = await open_visitor(server)
    await big.hello()
    await big.ws.send("x" * (1024 * 1024 + 1))
    assert await big.closed_code() == 1009

    ack = await visitor.say("still served")
    assert ack["seq"] == 1  # the refused long text was never stored


def _raw_upgrade(port: int, extra_header: bytes) -> bytes:
    request = (
        (
            b"GET /ws/visitor/ HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n"
            b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            b"Sec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1:%d\r\n" % (port, port)
        )
        + extra_header
        + b"\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request)
        return sock.recv(200)


@pytest.mark.parametrize("byte", [b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e", b"\x85"])
def test_header_smuggling_is_refused(start_server, byte: bytes) -> None:
    """Smuggled headers are refused."""
    server = start_server()
    assert _raw_upgrade(server.port, b"X-Ok: fine").startswith(b"HTTP/1.1 101")
    response = _raw_upgrade(server.port, b"X-Foo: a" + byte + b"Origin: https://landlord.example")
    assert response.startswith(b"HTTP/1.1 400"), response


async def test_message_rate_limit_refuses_then_closes(start_server) -> None:
    """Messages are rate-limited."""
    server = start_server(
        CHAT_ROUTING="auto",
        CHAT_MESSAGES_PER_MINUTE="100",
        CHAT_RATE_PER_SECOND="1000",
        CHAT_RATE_BURST="1000",
    )
    visitor = await open_visitor(server)
    await visitor.hello()
    status = await visitor.start()
    for n in range(100):
        await visitor.say(f"message {n}", client_id=f"m{n}")
    await visitor.send({"type": "message", "client_id": "m100", "text": "one too many"})
    refused = await visitor.expect("error", ref="m100")
    assert refused["code"] == "rate_limited"
    assert refused["retry_after"] > 0
    for n in range(101, 140):
        try:
            await visitor.send({"type": "message", "client_id": f"m{n}", "text": "flood"})
        except websockets.ConnectionClosed:
            break
    assert await visitor.closed_code() == 4429
    assert await _message_count(server, status["conversation_id"]) == 100


async def test_frame_rate_bucket_answers_rate_limited(start_server) -> None:
    server = start_server(CHAT_RATE_PER_SECOND="1", CHAT_RATE_BURST="3")
    visitor = await open_visitor(server)
    await visitor.hello()
    for _ in range(5):
        await visitor.send({"type": "ping"})
    limited = await visitor.expect("error", code="rate_limited")
    assert limited["retry_after"] > 0


async def test_connection_limits_per_address(start_server) -> None:
    """Connections are limited: concurrent sockets and connects per minute."""
    server = start_server(CHAT_MAX_SOCKETS_PER_IP="3", CHAT_CONNECTS_PER_MINUTE_PER_IP="100")
    sockets = [await open_visitor(server) for _ in range(3)]
    with pytest.raises(websockets.InvalidStatus):
        await open_visitor(server)
    await sockets[0].close()
    await asyncio.sleep(0.3)
    sockets[0] = await open_visitor(server)

    limited = start_server(CHAT_CONNECTS_PER_MINUTE_PER_IP="5")
    for _ in range(5):
        await (await open_visitor(limited)).close()
    with pytest.raises(websockets.InvalidStatus):
        await open_visitor(limited)


async def test_idle_sockets_are_closed_and_none_outlives_the_timeout(start_server) -> None:
    """Connections are limited: idle timeout and Daphne's websocket_timeout."""
    server = start_server(CHAT_SOCKET_IDLE_SECONDS="5")
    idle = await open_visitor(server)
    await idle.hello()
    assert await idle.closed_code(timeout=15) == 4408

    capped = start_server(WEBSOCKET_TIMEOUT="3")
    busy = await open_visitor(capped)
    await busy.hello()
    started = asyncio.get_running_loop().time()
    with pytest.raises(websockets.ConnectionClosed):
        for _ in range(100):
            await busy.send({"type": "ping"})
            await busy.expect("pong")
            await asyncio.sleep(0.2)
    assert asyncio.get_running_loop().time() - started < 8


async def test_idle_conversations_are_closed_with_a_system_message(start_server) -> None:
    server = start_server(
        CHAT_ROUTING="auto", CHAT_VISITOR_IDLE_SECONDS="5", CHAT_HOUSEKEEPING_SECONDS="1"
    )
    agent, visitor, conversation_id, _, _ = await _conversation_with_agent(server)
    closed = await visitor.expect("status", status="closed", timeout=15)
    assert closed["status"] == "closed"
    notice = await visitor.expect("message", **{"from": "system"}, timeout=5)
    while "inactive" not in notice["text"]:
        notice = await visitor.expect("message", **{"from": "system"}, timeout=5)
    await agent.expect("status", status="closed", conversation_id=conversation_id)


async def test_trusted_proxy_address_is_the_one_recorded(start_server) -> None:
    """The client address is the trusted proxy's own entry, not one the client supplied."""
    server = start_server(CHAT_TRUSTED_PROXY="1", CHAT_MAX_SOCKETS_PER_IP="1")
    headers = {"X-Forwarded-For": "6.6.6.6, 203.0.113.50"}
    visitor = await Peer.open(
        server.ws_url("/ws/visitor/"), origin=server.origin, additional_headers=headers
    )
    await visitor.hello()
    status = await visitor.start()
    output = await asyncio.to_thread(
        server_shell,
        server,
        "from transcripts.record import store;"
        f"print(store.read_diagnostics('{status['conversation_id']}').ip_address)",
    )
    assert output.strip() == "203.0.113.50"
    # The limit counts the proxy-asserted address: another claimed 6.6.6.6 is no way round it.
    with pytest.raises(websockets.InvalidStatus):
        await Peer.open(
            server.ws_url("/ws/visitor/"),
            origin=server.origin,
            additional_headers={"X-Forwarded-For": "6.6.6.7, 203.0.113.50"},
        )
    other = await Peer.open(
        server.ws_url("/ws/visitor/"),
        origin=server.origin,
        additional_headers={"X-Forwarded-For": "6.6.6.6, 203.0.113.51"},
    )
    await other.close()


async def test_failed_write_gets_no_ack_and_no_broadcast(start_server) -> None:
    """A line is stored before it is acked."""
    server = start_server(CHAT_ROUTING="auto")
    agent, visitor, conversation_id, _, _ = await _conversation_with_agent(server)
    await asyncio.to_thread(refuse_message_inserts, server)
    await visitor.send({"type": "message", "client_id": "lost-1", "text": "will this stick"})
    error = await visitor.expect("error", ref="lost-1")
    assert error["code"] == "server_error"
    assert error["retryable"] is True
    frames = await visitor.drain(0.5) + await agent.drain(0.2)
    assert not [f for f in frames if f["type"] in {"ack", "message"}]
    await asyncio.to_thread(allow_message_inserts, server)
    ack = await visitor.say("will this stick", client_id="lost-1")
    assert (await agent.expect("message", seq=ack["seq"]))["text"] == "will this stick"


async def test_protocol_errors_and_close_codes(start_server) -> None:
    server = start_server(CHAT_ROUTING="manual")
    rude = await open_visitor(server)
    await rude.send({"type": "message", "client_id": "a", "text": "no hello"})
    assert (await rude.expect("error"))["code"] == "invalid"
    assert await rude.closed_code() == 4400

    visitor = await open_visitor(server)
    await visitor.ws.send("{not json")
    assert (await visitor.expect("error"))["code"] == "bad_json"
    await visitor.ws.send(b"\x00\x01binary")
    assert (await visitor.expect("error"))["code"] == "bad_json"
    await visitor.ws.send("[1, 2]")
    assert (await visitor.expect("error"))["code"] == "bad_json"
    await visitor.hello()
    await visitor.send({"type": "teleport"})
    assert (await visitor.expect("error"))["code"] == "unknown_type"
    await visitor.send({"type": "message", "client_id": "early", "text": "hi"})
    assert (await visitor.expect("error", ref="early"))["code"] == "not_started"
    for bad in (
        {"type": "start", "details": {"email": "not-an-email"}},
        {"type": "start", "details": {"name": "x" * 101}},
        {"type": "start", "details": "Priya"},
        {"type": "hello", "token": None},
    ):
        await visitor.send(bad)
        assert (await visitor.expect("error"))["code"] == "invalid"
    await visitor.start()
    for bad in (
        {"type": "message", "client_id": "", "text": "x"},
        {"type": "message", "client_id": "c" * 65, "text": "x"},
        {"type": "message", "client_id": "ok", "text": "   "},
        {"type": "message", "client_id": "ok", "text": 42},
        {"type": "typing", "active": "yes"},
    ):
        await visitor.send(bad)
        assert (await visitor.expect("error"))["code"] == "invalid"

    agent, _, _ = await open_agent(server, "alice")
    await agent.send({"type": "presence", "status": "invisible"})
    assert (await agent.expect("error"))["code"] == "invalid"
    await agent.send_accept(str(uuid.uuid4()))
    assert (await agent.expect("error"))["code"] == "not_found"
    await agent.send({"type": "hello"})
    assert (await agent.expect("error"))["code"] == "unknown_type"


async def test_agent_capacity_limit(start_server) -> None:
    server = start_server(CHAT_ROUTING="manual", CHAT_AGENT_MAX_CONVERSATIONS="1")
    agent, _, _ = await open_agent(server, "alice")
    ids = []
    for _ in range(2):
        visitor = await open_visitor(server)
        await visitor.hello()
        ids.append((await visitor.start())["conversation_id"])
    await agent.accept(ids[0])
    await agent.send_accept(ids[1])
    refused = await agent.expect("error")
    assert refused["code"] == "forbidden"
    assert "1 conversations" in refused["message"]


async def test_no_personal_data_in_logs(start_server) -> None:
    """No personal data in logs."""
    server = start_server(CHAT_ROUTING="auto")
    agent, snapshot, browser = await open_agent(server, "alice")
    visitor = await open_visitor(server)
    token = (await visitor.hello())["token"]
    secrets = {
        "name": "Quentin Logleak",
        "email": "quentin.logleak@example.net",
        "address": "99 Leaky Gardens",
        "text": "LOGLEAK my neighbour at 4 Pipe Street is loud",
    }
    await visitor.send(
        {"type": "start", "details": {k: secrets[k] for k in ("name", "email", "address")}}
    )
    conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
    await visitor.say(secrets["text"])
    await visitor.send({"type": "message", "client_id": "bad", "text": "x" * 5000})
    await visitor.expect("error", ref="bad")
    await agent.send(
        {
            "type": "message",
            "conversation_id": conversation_id,
            "client_id": "r",
            "text": secrets["text"] + " reply",
        }
    )
    await agent.expect("ack")
    await visitor.ws.send("{broken json " + secrets["email"])
    await visitor.expect("error", code="bad_json")
    await visitor.send({"type": "end"})
    await visitor.expect("status", status="closed")
    await asyncio.sleep(0.5)
    log = server.log_text()
    assert "GET /ws/visitor/" in log or "WSCONNECT" in log or "started" in log.lower()
    for label, value in secrets.items():
        assert value not in log, label
    for fragment in ("Quentin", "Logleak", "quentin.logleak", "Leaky Gardens", "LOGLEAK", "Pipe"):
        assert fragment not in log, fragment
    session = browser.cookie("sessionid")
    assert token not in log
    assert session not in log
    assert json.dumps(snapshot)  # the agent saw the data; the log did not
