"""Arbitrary values in every field of every frame type, against a real server, beside
well-formed traffic on other sockets (F-07, F-01).

One sender's bad input never costs anyone else a line, never crashes a socket and is
answered with an ``error`` frame and its code (or the frame's documented answer).
Lone surrogates reach the server as JSON escapes (``"\\udc00"``), as any client can
send them.
"""

import asyncio
import json
import re
import threading
import uuid
from collections import Counter
from collections.abc import Coroutine
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from chatserver.chat import protocol
from chatserver.chat.consumers.agent import AgentConsumer
from chatserver.chat.consumers.visitor import VisitorConsumer
from tests.peers import Peer, open_agent, open_visitor
from tests.servers import server_shell

pytestmark = pytest.mark.e2e

SAFE_CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
TEXT_LIMIT = 4000
# Every documented code but server_error: bad input must never look like a failure.
REFUSAL_CODES = set(protocol.ERROR_CODES) - {protocol.SERVER_ERROR}
HANDLERS = {"visitor": set(VisitorConsumer.handlers), "agent": set(AgentConsumer.handlers)}
# "ping" is the marker that ends each attack's answers, so it is not fuzzed itself; nor is
# "forget": once the chat has ended, a forget erases it and closes the socket by design,
# and an example goes on over one socket (forget's refusals: test_e2e_forget.py).
FUZZED_TYPES = sorted((HANDLERS["visitor"] | HANDLERS["agent"]) - {"ping", "forget"})
THE_CONVERSATION = "<the attacker's own conversation>"

surrogates = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
nasty_characters = st.one_of(
    st.characters(),
    surrogates,
    st.sampled_from(["\x00", "\u202e", "\u200b", "\ufeff", "\n", "a", "-", "_", "@"]),
)
nasty_text = st.one_of(
    st.text(nasty_characters, min_size=1, max_size=8),
    st.text(nasty_characters, min_size=1, max_size=8),
    st.text(nasty_characters, max_size=70),
    st.builds(lambda c, n: c * n, nasty_characters, st.integers(TEXT_LIMIT - 2, TEXT_LIMIT + 50)),
    st.sampled_from(["", " ", "hello", "x" * 64, "x" * 65, "someone@example.org", "cy"]),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.integers(min_value=-2, max_value=6),
    st.floats(allow_nan=False),
    nasty_text,
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["name", "email", "address", "type"]) | st.text(max_size=5),
            children,
            max_size=3,
        )
    ),
    max_leaves=6,
)
# Nasty strings most of the time: they are what slips past a type check.
anything = st.one_of(nasty_text, nasty_text, json_values)
FIELDS = {
    "token": anything,
    "after_seq": st.integers(min_value=-1, max_value=2**64) | anything,
    "details": st.fixed_dictionaries(
        {}, optional={name: anything for name in ("name", "email", "address")}
    )
    | json_values,
    "client_id": st.from_regex(SAFE_CLIENT_ID, fullmatch=True) | anything,
    "text": st.just("hello") | anything,
    "active": anything,
    "conversation_id": st.just(THE_CONVERSATION) | anything,
    "language": anything,
    "email": anything,
    "score": st.integers(min_value=0, max_value=6) | anything,
    "comment": anything,
    "status": st.sampled_from(["available", "away"]) | anything,
    "to_agent_id": st.integers(min_value=-1, max_value=2**64) | anything,
    "reason": st.sampled_from(["repair", "complaint", "nope"]) | anything,
    "outcome": st.sampled_from(["signposted", "repair-raised"]) | anything,
    "tags": st.lists(st.sampled_from(["follow-up-needed", "escalated"]), max_size=3) | anything,
    "to_team_id": st.integers(min_value=-1, max_value=2**64) | anything,
    "note": st.just("the tenant is deaf: please use text only") | anything,
}
# The fields each frame type reads (docs/protocol.md), per endpoint.
READS = {
    "visitor": {
        "hello": ("token", "after_seq"),
        "start": ("details", "language"),
        "message": ("client_id", "text"),
        "typing": ("active",),
        "details": ("details",),
        "end": (),
        "email_transcript": ("email",),
        # No "forget": see FUZZED_TYPES.
        "rate": ("score", "comment"),
        "exit": (),
    },
    "agent": {
        "presence": ("status",),
        "accept": ("conversation_id",),
        "message": ("conversation_id", "client_id", "text"),
        "note": ("conversation_id", "client_id", "text"),
        "typing": ("conversation_id", "active"),
        "transfer": ("conversation_id", "to_agent_id", "to_team_id", "note"),
        "close": ("conversation_id", "reason", "outcome", "tags"),
        "wrap_up": ("conversation_id", "reason", "outcome", "tags"),
        "history": ("conversation_id", "after_seq"),
        "clear_emergency": ("conversation_id",),
    },
}


def _frames_read_by(endpoint: str) -> st.SearchStrategy[dict[str, Any]]:
    """Frames of the endpoint's types with every field they read, and now and then others."""

    def with_fields(frame_type: str) -> st.SearchStrategy[dict[str, Any]]:
        reads = READS[endpoint][frame_type]
        return st.fixed_dictionaries(
            {"type": st.just(frame_type), **{name: FIELDS[name] for name in reads}},
            optional={
                name: FIELDS[name] for name in ("conversation_id", "text") if name not in reads
            },
        )

    lines = sorted({"message", "note"} & set(READS[endpoint]))
    # Lines half the time: they are what meets other senders' lines in the writer.
    return (st.sampled_from(lines) | st.sampled_from(sorted(READS[endpoint]))).flatmap(with_fields)


arbitrary_frames = st.fixed_dictionaries(
    {"type": st.sampled_from(FUZZED_TYPES) | json_values}, optional=FIELDS
)


def _payloads(endpoint: str) -> st.SearchStrategy[Any]:
    return st.tuples(
        st.just(endpoint),
        st.one_of(
            _frames_read_by(endpoint),
            _frames_read_by(endpoint),
            _frames_read_by(endpoint),
            arbitrary_frames,
            json_values,
            st.binary(max_size=40),
        ),
    )


attacks = st.lists(_payloads("visitor") | _payloads("agent"), min_size=1, max_size=8)
# What the audit and earlier fuzzing found, tried on every run before the random frames.
KNOWN_ATTACKS: list[tuple[str, Any]] = [
    ("visitor", {"type": "message", "client_id": "fine-1", "text": "a fine line"}),
    (
        "agent",
        {"type": "note", "conversation_id": THE_CONVERSATION, "client_id": "n1", "text": "ok"},
    ),
    ("visitor", {"type": ["x"]}),
    ("agent", {"type": {"a": 1}}),
    ("visitor", {"type": "message", "client_id": "sur\udc00", "text": "poison"}),
    ("visitor", {"type": "message", "client_id": "nul\x00", "text": "poison"}),
    ("visitor", {"type": "message", "client_id": "ok-1", "text": "lone \udc00 surrogate"}),
    (
        "agent",
        {"type": "note", "conversation_id": THE_CONVERSATION, "client_id": "n\x00", "text": "x"},
    ),
    (
        "agent",
        {
            "type": "message",
            "conversation_id": THE_CONVERSATION,
            "client_id": "\ud800",
            "text": "x",
        },
    ),
    ("agent", {"type": "history", "conversation_id": THE_CONVERSATION, "after_seq": 2**64}),
    ("agent", {"type": "transfer", "conversation_id": THE_CONVERSATION, "to_agent_id": 2**64}),
    ("agent", {"type": "transfer", "conversation_id": THE_CONVERSATION, "to_team_id": 2**64}),
    (
        "agent",
        {"type": "transfer", "conversation_id": THE_CONVERSATION, "to_team_id": 1, "note": "\x00"},
    ),
    ("visitor", {"type": "details", "details": {"name": "nul\x00", "address": "\udfff"}}),
    ("visitor", {"type": "email_transcript", "email": "a\x00@example.org"}),
    ("visitor", {"type": "end"}),
    ("visitor", {"type": "rate", "score": 5, "comment": "lone \udc00 surrogate"}),
    ("visitor", {"type": "rate", "score": 4, "comment": "nul \x00"}),
]
# The attacking visitor's first frame: a hello with arbitrary fields, or a clean one.
first_hellos = st.none() | st.fixed_dictionaries(
    {"type": st.just("hello")},
    optional={"token": FIELDS["token"], "after_seq": FIELDS["after_seq"]},
)


class LoopThread:
    """One event loop for the whole test, so sockets outlive each hypothesis example."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coroutine: Coroutine[Any, Any, Any], timeout: float = 120) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def _encoded(payload: Any, conversation_id: str) -> str | bytes:
    """The payload as sent: JSON with ASCII escapes (lone surrogates as ``\\udXXX``)."""
    if isinstance(payload, bytes):
        return payload
    if isinstance(payload, dict) and payload.get("conversation_id") == THE_CONVERSATION:
        payload = {**payload, "conversation_id": conversation_id}
    return json.dumps(payload)


def _may_be_text(value: Any, limit: int = TEXT_LIMIT) -> bool:
    """A non-blank string within the limit. Text with a lone surrogate or a NUL may be
    refused (``invalid``) or cleaned; either is a documented answer, a crash is not."""
    return isinstance(value, str) and bool(value.strip()) and len(value) <= limit


def _must_be_refused(endpoint: str, frame: dict[str, Any]) -> bool:
    """Frames that are certainly wrong, whatever state the socket is in."""
    frame_type = frame.get("type")
    if frame_type in ("message", "note"):
        client_id = frame.get("client_id")
        return not (
            isinstance(client_id, str) and SAFE_CLIENT_ID.fullmatch(client_id)
        ) or not _may_be_text(frame.get("text"))
    if frame_type == "typing":
        return not isinstance(frame.get("active"), bool)
    return endpoint == "visitor" and frame_type == "hello"  # hello was already received


class Traffic:
    """The sockets of the test: well-formed traffic and the two attackers."""

    def __init__(self, server: Any) -> None:
        self.server = server
        self.sent: list[str] = []

    async def open(self) -> None:
        self.alice, _, _ = await open_agent(self.server, "alice")
        self.bob, _, _ = await open_agent(self.server, "bob")
        self.victim = await open_visitor(self.server)
        await self.victim.hello()
        self.conversation_id = (await self.victim.start())["conversation_id"]
        await self.alice.accept(self.conversation_id)

    async def close(self) -> None:
        for peer in ("alice", "bob", "victim"):
            if hasattr(self, peer):
                await getattr(self, peer).close()

    async def well_formed_lines(self) -> None:
        """Lines from the victim and its agent, sent at once, all acked exactly once."""
        visitor_ids = [f"v-{uuid.uuid4().hex}" for _ in range(3)]
        agent_ids = [f"a-{uuid.uuid4().hex}" for _ in range(2)]
        for client_id in visitor_ids:
            await self.victim.send({"type": "message", "client_id": client_id, "text": "hi"})
        for client_id in agent_ids:
            await self.alice.send_line(self.conversation_id, "hello there", client_id=client_id)
        self.sent += visitor_ids + agent_ids
        for peer, client_ids in ((self.victim, visitor_ids), (self.alice, agent_ids)):
            for client_id in client_ids:
                answer = await peer.expect_any({"ack", "error"})
                assert answer == {**answer, "type": "ack", "client_id": client_id}, answer

    async def attacker_visitor(self, first_hello: dict[str, Any] | None) -> tuple[Peer, str]:
        visitor = await open_visitor(self.server)
        try:
            return visitor, await self._start_attacker_chat(visitor, first_hello)
        except BaseException:
            await visitor.close()  # a failed example keeps no socket (and no slot) open
            raise

    async def _start_attacker_chat(self, visitor: Peer, first_hello: dict[str, Any] | None) -> str:
        if first_hello is not None:
            await visitor.ws.send(_encoded(first_hello, ""))
            answer = await visitor.expect_any({"welcome", "error"})
            if answer["type"] == "error":
                assert answer["code"] in REFUSAL_CODES, (first_hello, answer)
        if first_hello is None or answer["type"] == "error":
            await visitor.hello()
        conversation_id = (await visitor.start())["conversation_id"]
        await self.bob.send({"type": "presence", "status": "available"})
        await self.bob.expect("presence")
        await self.bob.send_accept(conversation_id)
        while (await self.bob.expect("assigned"))["conversation"]["conversation_id"] != (
            conversation_id
        ):
            pass
        return conversation_id

    async def attack(self, peer: Peer, payload: Any, conversation_id: str) -> list[dict]:
        """Sends ``payload`` then a ping; every answer to it arrives before the pong."""
        peer._unread.clear()
        await peer.ws.send(_encoded(payload, conversation_id))
        await peer.send({"type": "ping"})
        await peer.expect("pong")  # the socket is still open and usable
        answers, peer._unread = list(peer._unread), []
        return answers


def _check_answers(endpoint: str, payload: Any, answers: list[dict]) -> None:
    errors = [answer for answer in answers if answer["type"] == "error"]
    codes = [error["code"] for error in errors]
    assert set(codes) <= REFUSAL_CODES, (payload, errors)  # no server_error: nothing broke
    if not isinstance(payload, dict):
        assert codes == [protocol.BAD_JSON], (payload, answers)
        return
    frame_type = payload.get("type")
    if not isinstance(frame_type, str) or frame_type not in HANDLERS[endpoint]:
        # A visitor's frame naming another conversation is refused before its type is read.
        expected = {protocol.UNKNOWN_TYPE}
        if endpoint == "visitor" and "conversation_id" in payload:
            expected.add(protocol.FORBIDDEN)
        assert len(codes) == 1 and codes[0] in expected, (payload, answers)
        return
    assert len(errors) <= 1, (payload, answers)
    if frame_type in ("message", "note"):
        results = [answer for answer in answers if answer["type"] in ("ack", "error")]
        assert len(results) == 1, (payload, answers)
    if _must_be_refused(endpoint, payload):
        assert len(errors) == 1 and not [a for a in answers if a["type"] == "ack"], (
            payload,
            answers,
        )


async def _one_example(
    traffic: Traffic, first_hello: dict[str, Any] | None, batch: list[tuple[str, Any]]
) -> None:
    visitor, conversation_id = await traffic.attacker_visitor(first_hello)
    peers = {"visitor": visitor, "agent": traffic.bob}

    async def attack_all() -> None:
        for endpoint, payload in batch:
            answers = await traffic.attack(peers[endpoint], payload, conversation_id)
            _check_answers(endpoint, payload, answers)

    try:
        await asyncio.gather(traffic.well_formed_lines(), attack_all())
    finally:
        await visitor.close()
        await traffic.bob.send({"type": "close", "conversation_id": conversation_id})
        await traffic.bob.drain(0.05)


def _stored_client_ids(server: Any, conversation_id: str) -> tuple[dict[str, int], list[str]]:
    """How often each ``client_id`` is stored in the victim's conversation, and every
    ``client_id`` stored anywhere."""
    output = server_shell(
        server,
        "import json\n"
        "from transcripts.record.models import Message\n"
        "rows = list(Message.objects.exclude(client_id=None)"
        ".values_list('conversation_id', 'client_id'))\n"
        "print(json.dumps([[str(c), i] for c, i in rows]))",
    )
    rows = json.loads(output.strip().splitlines()[-1])
    counts = Counter(
        client_id for conversation, client_id in rows if conversation == conversation_id
    )
    return dict(counts), [client_id for _, client_id in rows]


def test_bad_values_in_any_frame_cost_no_one_else_a_line(start_server, tmp_path) -> None:
    server = start_server(
        CHAT_ROUTING="manual",
        CHAT_RATE_PER_SECOND="1000",
        CHAT_RATE_BURST="10000",
        CHAT_MESSAGES_PER_MINUTE="100000",
        CHAT_CONNECTS_PER_MINUTE_PER_IP="100000",
        CHAT_CONVERSATIONS_PER_IP_PER_HOUR="100000",
        CHAT_QUEUED_CONVERSATIONS_PER_IP="100000",
        CHAT_EMAIL_CODES_PER_IP_PER_HOUR="100000",
        CHAT_AGENT_MAX_CONVERSATIONS="1000",
        CHAT_TRANSCRIPT_EMAILS_PER_HOUR="100000",
        CHAT_VAR_DIR=str(tmp_path / "var"),
    )
    loop = LoopThread()
    traffic = Traffic(server)
    try:
        loop.run(traffic.open())

        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
        @given(first_hello=first_hellos, batch=attacks)
        @example(first_hello=None, batch=KNOWN_ATTACKS)
        @example(first_hello={"type": "hello", "token": "\udc00abc"}, batch=[])
        @example(first_hello={"type": "hello", "token": "a\x00:b:c", "after_seq": 2**64}, batch=[])
        def attack(first_hello: dict[str, Any] | None, batch: list[tuple[str, Any]]) -> None:
            for _endpoint, payload in batch:
                assume(len(_encoded(payload, str(uuid.UUID(int=0)))) < 60000)
            loop.run(_one_example(traffic, first_hello, batch))

        attack()
        counts, everything = _stored_client_ids(server, traffic.conversation_id)
        assert counts == dict.fromkeys(traffic.sent, 1)
        assert all(SAFE_CLIENT_ID.fullmatch(client_id) for client_id in everything), everything
        ack_counts = Counter(
            frame["client_id"]
            for peer in (traffic.victim, traffic.alice)
            for frame in peer.received
            if frame["type"] == "ack"
        )
        assert ack_counts == dict.fromkeys(traffic.sent, 1)
    finally:
        loop.run(traffic.close())
        loop.stop()
    assert "Exception inside application" not in server.log_text()
