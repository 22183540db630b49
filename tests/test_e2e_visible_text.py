"""Spoofing with bidi overrides and hidden characters, against a real Daphne (audit F-12)."""

import asyncio
import json

import pytest

from tests.peers import open_agent, open_visitor
from tests.servers import server_shell

pytestmark = pytest.mark.e2e

MARK = "\ufffd"
AUDIT_NAME = "Mallory\u202eevil (updated)"
AUDIT_MESSAGE = "abc\u202egnp.exe \u200b\u200d\u2066RTL\u2069 \ufeff"
WALES = "\U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f"
FAMILY_IN_WALES = f"Teulu 👨\u200d👩\u200d👧 yn Nhŷ Gwyn {WALES}"
# Selectors and joiners between Latin letters, which Chromium shows as plain "password".
SELECTOR_MESSAGE = "pa\u180bss\ufe00wo\U000e0100rd pass\ufe0fword pass\u200dword"
SELECTOR_NAME = "N\u180ba\ufe0fme"
HIDDEN = "\u180b\ufe00\U000e0100"
HIDDEN += "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u2060\ufeff\x00"


async def _stored(server, conversation_id: str) -> dict[str, object]:
    """The details, messages and rating comment as the store reads them back."""
    output = await asyncio.to_thread(
        server_shell,
        server,
        "import json; from transcripts.record import store;"
        f"c = '{conversation_id}';"
        "print(json.dumps({'details': store.read_details(c).as_dict(),"
        " 'texts': [m.text for m in store.read_messages(c)],"
        " 'comment': store.read_rating_comment(c)}))",
    )
    stored: dict[str, object] = json.loads(output.strip().splitlines()[-1])
    return stored


async def test_hidden_characters_never_reach_the_agent_or_the_store(start_server) -> None:
    server = start_server()
    agent, _snapshot, _browser = await open_agent(server, "alice")
    visitor = await open_visitor(server)
    await visitor.hello()
    await visitor.start(name="Tess", address="1 Stryd\u2067\nCaerdydd")
    assigned = await agent.expect("assigned")
    conversation_id = assigned["conversation"]["conversation_id"]

    await visitor.send({"type": "details", "details": {"name": AUDIT_NAME}})
    await visitor.expect("details_saved")
    details = await agent.expect("details", conversation_id=conversation_id)
    assert details["details"]["name"] == f"Mallory{MARK}evil (updated)"

    await visitor.say(AUDIT_MESSAGE)
    line = await agent.expect("message", conversation_id=conversation_id, **{"from": "visitor"})
    assert line["text"] == f"abc{MARK}gnp.exe {MARK}RTL{MARK} {MARK}"
    await visitor.say(FAMILY_IN_WALES)
    line = await agent.expect("message", conversation_id=conversation_id, **{"from": "visitor"})
    assert line["text"] == FAMILY_IN_WALES

    await visitor.say(SELECTOR_MESSAGE)
    line = await agent.expect("message", conversation_id=conversation_id, **{"from": "visitor"})
    assert line["text"] == f"pa{MARK}ss{MARK}wo{MARK}rd pass{MARK}word pass{MARK}word"
    await visitor.send({"type": "details", "details": {"name": SELECTOR_NAME}})
    await visitor.expect("details_saved")
    details = await agent.expect("details", conversation_id=conversation_id)
    assert details["details"]["name"] == f"N{MARK}a{MARK}me"
    await visitor.send({"type": "details", "details": {"name": AUDIT_NAME}})
    await visitor.expect("details_saved")
    await agent.expect("details", conversation_id=conversation_id)

    await visitor.send({"type": "details", "details": {"email": "tess\u200b@example.org"}})
    refused = await visitor.expect("error")
    assert refused["code"] == "invalid" and "hidden" in refused["message"]

    # Agents' lines are cleaned the same way.
    await agent.send_line(
        conversation_id, "Diolch \u2067Tess\u2069! pass\u200cword", client_id="agent-1"
    )
    reply = await visitor.expect("message", **{"from": "agent"})
    assert reply["text"] == f"Diolch {MARK}Tess{MARK}! pass{MARK}word"

    await agent.send_close(conversation_id)
    await visitor.expect("status", status="closed")
    await visitor.send({"type": "rate", "score": 5, "comment": "Diolch\u202e!\u200b"})
    await visitor.expect("rated")

    stored = await _stored(server, conversation_id)
    assert stored["details"] == {
        "name": f"Mallory{MARK}evil (updated)",
        "address": f"1 Stryd{MARK}\nCaerdydd",
    }
    texts = [text for text in stored["texts"] if text]  # type: ignore[union-attr]
    assert f"abc{MARK}gnp.exe {MARK}RTL{MARK} {MARK}" in texts and FAMILY_IN_WALES in texts
    assert f"Diolch {MARK}Tess{MARK}! pass{MARK}word" in texts
    assert f"pa{MARK}ss{MARK}wo{MARK}rd pass{MARK}word pass{MARK}word" in texts
    assert stored["comment"] == f"Diolch{MARK}!{MARK}"
    everything = json.dumps(stored, ensure_ascii=False)
    assert not set(HIDDEN) & set(everything)
    assert "\u200d" not in everything.replace("👨\u200d👩\u200d👧", "")
    assert "\u200c" not in everything
