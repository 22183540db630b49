"""Tenants verified by the landlord's portal, end to end: a real Daphne process configured
with the portal's ES256 public key, real sockets. A valid assertion in the visitor's hello
reaches the agent as "verified by the portal" with the reference; a forged, expired,
wrong-audience or replayed one gives an ordinary chat and an audit entry without it."""

import json
from typing import Any

import pytest

from tests import portal_assertions as portal
from tests.peers import Peer, open_agent, open_visitor
from tests.servers import server_shell

pytestmark = pytest.mark.e2e


def portal_env() -> dict[str, str]:
    return {
        "TENANT_PORTAL_ALGORITHM": "ES256",
        "TENANT_PORTAL_KEY": portal.public_pem(portal.EC_KEY),
        "TENANT_PORTAL_ISSUER": portal.ISSUER,
        "TENANT_PORTAL_AUDIENCE": portal.AUDIENCE,
        "CHAT_AGENT_MAX_CONVERSATIONS": "8",
    }


async def visitor_with(server: Any, assertion: str) -> tuple[Peer, dict[str, Any]]:
    visitor = await open_visitor(server)
    await visitor.send({"type": "hello", "token": None, "after_seq": None, "assertion": assertion})
    await visitor.expect("welcome")
    return visitor, await visitor.start()


def audited(server: Any) -> dict[str, Any]:
    code = (
        "import json; from transcripts.compliance.models import AuditEntry; "
        "print(json.dumps([[e.action, e.detail, str(e.conversation_id)] for e in "
        "AuditEntry.objects.filter(action__startswith='portal_').order_by('at', 'pk')]))"
    )
    return json.loads(server_shell(server, code).strip().splitlines()[-1])


async def test_the_agent_sees_the_verified_tenant_and_bad_assertions_give_ordinary_chats(
    start_server,
) -> None:
    server = start_server(**portal_env())
    agent, _snapshot, _browser = await open_agent(server, "alice")
    valid = portal.assertion(reference="TN-0042117", name="Sam Tenant")
    visitor, status = await visitor_with(server, valid)
    assigned = await agent.expect("assigned")
    assert assigned["conversation"]["conversation_id"] == status["conversation_id"]
    # Routing may assign the chat as it starts, before it is marked: a details frame follows.
    seen = assigned["conversation"].get("portal") or (
        await agent.expect("details", conversation_id=status["conversation_id"])
    ).get("portal")
    assert seen == {"reference": "TN-0042117", "name": "Sam Tenant"}
    await visitor.close()

    bad = {
        "forged": portal.assertion(key=portal.OTHER_EC_KEY, reference="TN-66666"),
        "expired": portal.assertion(iat=1_000_000_000, exp=1_000_000_100, reference="TN-66666"),
        "audience": portal.assertion(aud="another-chat", reference="TN-66666"),
        "replayed": valid,
    }
    for case, assertion in bad.items():
        other, other_status = await visitor_with(server, assertion)
        assert other_status["status"] in {"active", "waiting"}, case
        assert not [f for f in await other.drain() if f["type"] == "error"], case
        conversation = (await agent.expect("assigned"))["conversation"]
        assert conversation["conversation_id"] == other_status["conversation_id"], case
        assert "portal" not in conversation, case
        assert not [f for f in await agent.drain() if "portal" in f], case
        await other.close()

    entries = audited(server)
    assert entries[0] == ["portal_verified", {}, status["conversation_id"]]
    refused = [detail["reason"] for action, detail, _c in entries[1:]]
    assert refused == ["signature", "expired", "audience", "replayed"]
    assert "TN-" not in json.dumps(entries) and "Sam" not in json.dumps(entries)
    await agent.close()
