"""Checking a portal assertion and marking the conversation: a valid one is used once (its
jti remembered in the database until it expires), every refusal is audited with its
reason and nothing of the token, and the tenant is sealed like the visitor's details,
shown to the agent, found by the DPO's tenancy search and erased with the chat."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import timezone

from chatserver.chat import state
from chatserver.tenant_portal import actions, verifier
from chatserver.tenant_portal.models import UsedAssertion
from tests import factories
from tests import portal_assertions as portal
from transcripts.compliance import audit
from transcripts.compliance.models import AuditEntry
from transcripts.record import store
from transcripts.record.models import DetailIndex, PortalTenant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _portal(settings: Any) -> None:
    portal.configure(settings, "ES256")


def refusals() -> list[str]:
    return [
        entry.detail["reason"]
        for entry in AuditEntry.objects.filter(action=audit.PORTAL_ASSERTION_REFUSED).order_by(
            "at", "pk"
        )
    ]


def test_a_valid_assertion_is_used_once_then_refused_as_replayed() -> None:
    token = portal.assertion(reference="TN-50001")
    first = actions.do_check_assertion(token)
    assert isinstance(first, verifier.Verified) and first.reference == "TN-50001"
    assert UsedAssertion.objects.count() == 1
    assert actions.do_check_assertion(token) is None
    assert refusals() == ["replayed"]


def test_a_used_assertion_is_forgotten_once_it_has_expired() -> None:
    UsedAssertion.objects.create(digest="0" * 64, expires_at=timezone.now() - timedelta(seconds=1))
    assert actions.do_check_assertion(portal.assertion()) is not None
    assert not UsedAssertion.objects.filter(digest="0" * 64).exists()


REFUSED = {
    "forged": {"key": portal.OTHER_EC_KEY},
    "expired": {"iat": 1_000_000_000, "exp": 1_000_000_100},
    "wrong audience": {"aud": "someone-else"},
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_refused_assertion_is_audited_without_its_contents(case: str) -> None:
    token = portal.assertion(reference="TN-60606", name="Pat Secret", **REFUSED[case])
    assert actions.do_check_assertion(token) is None
    [entry] = AuditEntry.objects.filter(action=audit.PORTAL_ASSERTION_REFUSED)
    assert entry.conversation_id is None and set(entry.detail) == {"reason"}
    for secret in ("TN-60606", "Pat Secret", token, token.split(".")[1]):
        assert secret not in str(entry.detail)
    assert UsedAssertion.objects.count() == 0


def test_an_assertion_without_a_configured_key_is_refused(settings: Any) -> None:
    settings.TENANT_PORTAL_KEY = ""
    assert actions.do_check_assertion(portal.assertion()) is None
    assert refusals() == ["not_configured"]


def verified(reference: str = "TN-0042117", name: str | None = "Sam Tenant") -> verifier.Verified:
    outcome = actions.do_check_assertion(portal.assertion(reference=reference, name=name))
    assert isinstance(outcome, verifier.Verified)
    return outcome


def test_the_tenant_is_sealed_into_an_open_conversation_once() -> None:
    chat = factories.conversation(status="waiting")
    assert actions.do_verify_conversation(chat.pk, verified())
    row = PortalTenant.objects.get(conversation=chat)
    assert b"TN-0042117" not in bytes(row.tenancy_reference)
    assert b"Sam Tenant" not in bytes(row.display_name or b"")
    view = store.read_portal_tenant(chat.pk)
    assert view == store.PortalTenantView("TN-0042117", "Sam Tenant")
    assert not actions.do_verify_conversation(chat.pk, verified("TN-99999"))
    assert store.read_portal_tenant(chat.pk) == view
    [entry] = AuditEntry.objects.filter(action=audit.PORTAL_VERIFIED)
    assert entry.conversation_id == chat.pk and entry.detail == {}


def test_a_closed_conversation_is_not_marked() -> None:
    chat = factories.conversation(status="closed")
    assert not actions.do_verify_conversation(chat.pk, verified())
    assert store.read_portal_tenant(chat.pk) is None


def test_the_agent_sees_verified_by_the_portal_with_the_reference() -> None:
    agent = factories.agent("ash")
    chat = factories.conversation(status="active", assigned_agent=agent)
    assert state.conversation_summary(chat).get("portal") is None
    actions.do_verify_conversation(chat.pk, verified(name=None))
    chat.refresh_from_db()
    assert state.conversation_summary(chat)["portal"] == {"reference": "TN-0042117"}
    frame = state.details_frame(str(chat.pk))
    assert frame is not None and frame["portal"] == {"reference": "TN-0042117"}


def test_the_dpo_finds_the_conversation_by_its_verified_reference() -> None:
    chat = factories.conversation(status="waiting")
    actions.do_verify_conversation(chat.pk, verified("TN-0042117"))
    assert DetailIndex.objects.filter(conversation=chat, kind="tenancy").count() == 1
    assert store.find_conversation_ids_by_detail("tenancy", "tn 0042117") == [chat.pk]


def test_erasure_destroys_the_verified_tenant() -> None:
    chat = factories.conversation(status="waiting")
    actions.do_verify_conversation(chat.pk, verified())
    store.shred_conversation(chat.pk)
    assert not PortalTenant.objects.filter(conversation=chat).exists()
    assert store.read_portal_tenant(chat.pk) is None


@pytest.mark.parametrize(
    "changes",
    [
        {"TENANT_PORTAL_ALGORITHM": "HS256", "TENANT_PORTAL_KEY": "too-short"},
        {"TENANT_PORTAL_ALGORITHM": "HS256", "TENANT_PORTAL_KEY": portal.public_pem(portal.EC_KEY)},
        {"TENANT_PORTAL_ALGORITHM": "RS256"},
        {"TENANT_PORTAL_ALGORITHM": "none"},
        {"TENANT_PORTAL_ISSUER": ""},
        {"TENANT_PORTAL_KEY": "not a pem key"},
        {"TENANT_PORTAL_KEY_FILE": "/nonexistent/portal.pem"},
    ],
)
def test_a_bad_portal_key_set_up_stops_the_server(settings: Any, changes: dict[str, str]) -> None:
    for name, value in changes.items():
        setattr(settings, name, value)
    with pytest.raises(SystemCheckError, match="tenant_portal.E001"):
        call_command("check")


def test_the_subject_export_holds_the_verified_tenant() -> None:
    from transcripts.compliance import subject_rights

    chat = factories.conversation(status="waiting")
    actions.do_verify_conversation(chat.pk, verified("TN-0042117", "Sam Tenant"))
    exported = subject_rights._conversation_export(chat)
    assert exported["portal_tenant"] == {
        "tenancy_reference": "TN-0042117",
        "display_name": "Sam Tenant",
    }


def test_the_transcript_page_shows_the_verified_tenant() -> None:
    from django.test import Client

    from tests.mfa import sign_in

    alice = factories.agent("alice")
    chat = factories.conversation(status="active", handled_by=alice, assigned_agent=alice)
    client = Client()
    sign_in(client, alice)
    assert b"Verified by the portal" not in client.get(f"/console/history/{chat.pk}/").content
    actions.do_verify_conversation(chat.pk, verified("TN-0042117", "Sam Tenant"))
    page = client.get(f"/console/history/{chat.pk}/").content.decode()
    assert "Verified by the portal" in page and "TN-0042117" in page and "Sam Tenant" in page
