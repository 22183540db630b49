"""The console's history against a real Daphne process: what reaches the access log,
who may open a live chat, and the audit of every search."""

import asyncio
import json
import re
from html.parser import HTMLParser

import pytest

from tests.peers import open_agent, open_visitor
from tests.servers import Browserless, server_shell

pytestmark = pytest.mark.e2e

EMAIL = "priya.atrest@example.org"
LIVE_LINE = "private line while the chat is open"


class _Forms(HTMLParser):
    """The page's forms: method, action and the names of their fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, object]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form":
            method = (values.get("method") or "get").lower()
            self.forms.append({"method": method, "action": values.get("action"), "fields": {}})
        elif tag in ("input", "select") and self.forms and values.get("name"):
            fields = self.forms[-1]["fields"]
            assert isinstance(fields, dict)
            fields[values["name"]] = values.get("value") or ""


def _search_form(page: str) -> dict[str, object]:
    parser = _Forms()
    parser.feed(page)
    return next(form for form in parser.forms if "email" in form["fields"])  # type: ignore[operator]


def _search_as_the_page_says(browser: Browserless, email: str) -> tuple[int, str]:
    """Fills in the history page's search form and submits it the way its markup says."""
    _status, page = browser.get("/console/history/")
    form = _search_form(page)
    fields = dict(form["fields"], email=email)  # type: ignore[call-overload]
    action = str(form["action"] or "/console/history/")
    if form["method"] == "post":
        return browser.post(action, fields)
    query = "&".join(f"{name}={value}" for name, value in fields.items())
    return browser.get(f"{action}?{query}")


async def _chat(server, agent_name: str, email: str):
    """A chat of ``agent_name`` with a visitor who gave ``email``: (agent, visitor, id)."""
    agent, _snapshot, _browser = await open_agent(server, agent_name)
    visitor = await open_visitor(server)
    await visitor.hello()
    await visitor.start(email=email, name="Olive Open")
    conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
    await visitor.say(LIVE_LINE)
    return agent, visitor, conversation_id


async def _end(visitor, agent=None) -> None:
    """Ends the chat; the agent, if given, steps away so the next chat goes to another."""
    await visitor.send({"type": "end"})
    await visitor.expect("status", status="closed")
    if agent is not None:
        await agent.set_presence("away")


def _audit(server, action: str) -> list[dict[str, object]]:
    output = server_shell(
        server,
        "import json; from transcripts.compliance.models import AuditEntry;"
        f"print(json.dumps([dict(e.detail, actor=e.actor.username if e.actor else None)"
        f" for e in AuditEntry.objects.filter(action='{action}').order_by('at')]))",
    )
    return json.loads(output)


async def test_history_search_keeps_the_email_out_of_urls_and_logs(start_server) -> None:
    server = start_server()
    agent, visitor, conversation_id = await _chat(server, "alice", EMAIL)
    await _end(visitor, agent)
    other_agent, other, other_id = await _chat(server, "bob", "someone.else@example.org")
    await _end(other)
    alice = Browserless(server)
    await asyncio.to_thread(alice.login, "alice")

    status, page = await asyncio.to_thread(_search_as_the_page_says, alice, EMAIL)
    assert status == 200
    assert f"/console/history/{conversation_id}/" in page
    assert f"/console/history/{other_id}/" not in page
    assert not [url for url in re.findall(r'(?:href|action)="([^"]*)"', page) if "@" in url]
    await asyncio.sleep(0.3)
    log = server.log_text()
    assert "/console/history/" in log
    assert "priya" not in log.lower() and "atrest" not in log


async def test_live_chat_needs_its_agent_or_a_supervisor(start_server) -> None:
    server = start_server()
    agent, visitor, conversation_id = await _chat(server, "alice", EMAIL)
    path = f"/console/history/{conversation_id}/"
    bob, carol = Browserless(server), Browserless(server)
    await asyncio.to_thread(bob.login, "bob")
    await asyncio.to_thread(carol.login, "carol")

    asked = await asyncio.to_thread(bob.get, path)
    assert asked[0] == 403 and "still open" in asked[1] and LIVE_LINE not in asked[1]
    token = await asyncio.to_thread(bob.csrf_token, "/console/history/")
    forced = await asyncio.to_thread(
        bob.post, path, {"reason": "quality", "csrfmiddlewaretoken": token}
    )
    assert forced[0] == 403 and LIVE_LINE not in forced[1]

    token = await asyncio.to_thread(carol.csrf_token, path)
    read = await asyncio.to_thread(
        carol.post, path, {"reason": "safeguarding", "csrfmiddlewaretoken": token}
    )
    assert read[0] == 200 and LIVE_LINE in read[1]

    await _end(visitor)
    token = await asyncio.to_thread(bob.csrf_token, path)
    closed = await asyncio.to_thread(
        bob.post, path, {"reason": "quality", "csrfmiddlewaretoken": token}
    )
    assert closed[0] == 200 and LIVE_LINE in closed[1]
    reads = await asyncio.to_thread(_audit, server, "transcript_read")
    assert [(row["actor"], row["reason"]) for row in reads] == [
        ("carol", "safeguarding"),
        ("bob", "quality"),
    ]


async def test_every_history_search_is_audited_without_the_value(start_server) -> None:
    server = start_server()
    agent, visitor, conversation_id = await _chat(server, "alice", EMAIL)
    await _end(visitor)
    bob = Browserless(server)
    await asyncio.to_thread(bob.login, "bob")
    found = await asyncio.to_thread(_search_as_the_page_says, bob, EMAIL)
    missed = await asyncio.to_thread(_search_as_the_page_says, bob, "nobody.here@example.org")
    assert conversation_id in found[1] and conversation_id not in missed[1]

    searches = await asyncio.to_thread(_audit, server, "history_searched")
    assert [(row["actor"], row["filters"], row["results"]) for row in searches] == [
        ("bob", ["email"], 1),
        ("bob", ["email"], 0),
    ]
    assert "example.org" not in json.dumps(searches)
