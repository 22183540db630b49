"""The visitor's "forget" reaches every conversation of the widget session (audit F-11).

"Start a new chat" in the widget keeps the session's token, so one token may have
started several conversations: ``forget`` erases all of them at once, or none.
"""

import asyncio
import json
import re

import pytest

from tests.peers import Peer, open_visitor
from tests.servers import ChatServer, server_shell

pytestmark = pytest.mark.e2e


async def _chat_and_end(visitor: Peer, text: str, **details: str) -> str:
    """Starts a conversation on the socket, says ``text``, ends it; returns its id."""
    started = await visitor.start(**details)
    await visitor.say(text)
    await visitor.send({"type": "end"})
    await visitor.expect("status", status="closed")
    return str(started["conversation_id"])


async def _erased(server: ChatServer, *conversation_ids: str) -> dict[str, bool]:
    """Whether each conversation is erased, read from the server's database."""
    ids = json.dumps(list(conversation_ids))
    output = await asyncio.to_thread(
        server_shell,
        server,
        "import json; from transcripts.record.models import Conversation;"
        f"rows = Conversation.objects.filter(pk__in=json.loads({ids!r}));"
        "print(json.dumps({str(c.pk): c.erased_at is not None for c in rows}))",
    )
    return dict(json.loads(output.strip().splitlines()[-1]))


async def _reached(server: ChatServer, reference: str) -> set[str]:
    """The conversations the DPO's search finds by a receipt's reference, in the server."""
    output = await asyncio.to_thread(
        server_shell,
        server,
        "import json; from transcripts.compliance import subject_search;"
        f"found = subject_search.do_search_subject('reference', {reference!r}, actor_id=None);"
        "print(json.dumps([str(row.conversation_id) for row in found.conversations]))",
    )
    return set(json.loads(output.strip().splitlines()[-1]))


async def test_forget_erases_every_conversation_of_the_session(start_server) -> None:
    server = start_server(CHAT_ROUTING="manual")
    visitor = await open_visitor(server)
    await visitor.hello()
    first = await _chat_and_end(visitor, "FIRST-CHAT line", name="Token Tester")
    second = await _chat_and_end(visitor, "SECOND-CHAT line")
    assert first != second

    await visitor.send({"type": "forget"})
    receipt = (await visitor.expect("forgotten"))["receipt"]

    assert await _erased(server, first, second) == {first: True, second: True}
    assert receipt["conversations"] == 2
    # The short reference a tenant can read out finds the request and both conversations.
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", receipt["reference"])
    assert await _reached(server, receipt["reference"]) == {first, second}


async def test_a_session_with_a_held_conversation_is_not_forgotten(start_server) -> None:
    """One conversation under legal hold refuses the whole request: nothing is erased."""
    server = start_server(CHAT_ROUTING="manual")
    visitor = await open_visitor(server)
    await visitor.hello()
    first = await _chat_and_end(visitor, "HELD-CHAT line")
    second = await _chat_and_end(visitor, "LATER-CHAT line")
    await asyncio.to_thread(
        server_shell,
        server,
        "from transcripts.compliance import holds;"
        f"holds.set_legal_hold('{first}', hold=True, reason='claim', actor_id=None)",
    )

    await visitor.send({"type": "forget"})
    refusal = await visitor.expect("error")

    assert refusal["code"] == "forbidden"
    assert await _erased(server, first, second) == {first: False, second: False}
    # The request stays open for the DPO, and the visitor is given its reference to quote.
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", refusal["reference"])


async def test_forget_waits_until_every_chat_of_the_session_has_ended(start_server) -> None:
    """A token whose latest chat is open is refused (``invalid``); the earlier one stays."""
    server = start_server(CHAT_ROUTING="manual")
    visitor = await open_visitor(server)
    token = (await visitor.hello())["token"]
    first = await _chat_and_end(visitor, "ENDED-CHAT line")
    await visitor.close()
    again = await open_visitor(server)
    await again.hello(token)
    second = str((await again.start())["conversation_id"])

    await again.send({"type": "forget"})
    refusal = await again.expect("error")

    assert refusal["code"] == "invalid"
    assert await _erased(server, first, second) == {first: False, second: False}
