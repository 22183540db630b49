"""MFA required, not offered: a signed-in agent reaches the console, the admin and the
agent socket only from a session that answered the second-factor challenge; the first
sign-in leads to enrolment. TOTP codes are computed here (tests.mfa.totp, RFC 6238)."""

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from chatserver.chat.agent_auth import agent_session_is_valid
from chatserver.chat.consumers import AgentConsumer
from identity.mfa_policy import MfaState, mfa_state
from identity.sso.session import record_idp_sign_in
from tests import factories
from tests.mfa import TEST_SECRET, enrol, mark_mfa_verified, sign_in, totp
from transcripts.compliance import audit
from transcripts.compliance.models import AuditEntry

pytestmark = pytest.mark.django_db

PAGES = ["/console/", "/console/dashboard/", "/console/history/", "/admin/", "/"]


def password_only(user: User) -> Client:
    """A session signed in without the challenge (as Django's own login would make)."""
    client = Client()
    client.force_login(user)
    return client


def sign_in_with_password(client: Client, username: str) -> str:
    response = client.post("/accounts/login/", {"login": username, "password": factories.PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


@pytest.mark.parametrize("page", PAGES)
def test_an_agent_without_an_authenticator_is_sent_to_enrolment(page: str) -> None:
    supervisor = factories.supervisor("carol")
    supervisor.is_staff = True
    supervisor.save()
    response = password_only(supervisor).get(page)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/"


@pytest.mark.parametrize("page", PAGES)
def test_an_enrolled_agent_whose_session_skipped_the_challenge_is_sent_to_it(page: str) -> None:
    alice = factories.agent("alice")
    enrol(alice)
    response = password_only(alice).get(page)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/?next=")


def test_a_verified_session_reaches_the_console() -> None:
    client = Client()
    sign_in(client, factories.agent("alice"))
    assert client.get("/console/").status_code == 200


def test_the_policy_states() -> None:
    alice = factories.agent("alice")
    client = password_only(alice)
    assert mfa_state(client.session, alice) is MfaState.NOT_ENROLLED
    enrol(alice)
    assert mfa_state(client.session, alice) is MfaState.NOT_VERIFIED
    session = client.session
    mark_mfa_verified(session, alice)
    assert mfa_state(SessionStore(session.session_key), alice) is MfaState.VERIFIED
    # Another account's records in the session prove nothing for this one.
    assert mfa_state(SessionStore(session.session_key), factories.agent("bob")) is not (
        MfaState.VERIFIED
    )


def test_sign_in_asks_for_the_code_and_audits_the_factors_without_them() -> None:
    alice = factories.agent("alice")
    enrol(alice)
    client = Client()
    assert sign_in_with_password(client, "alice") == "/accounts/2fa/authenticate/"
    assert client.get("/console/").status_code == 302  # not signed in until the code
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    response = client.post("/accounts/2fa/authenticate/", {"code": totp(TEST_SECRET)})
    assert response.status_code == 302
    assert client.get("/console/").status_code == 200
    entry = AuditEntry.objects.get(action=audit.SIGNED_IN)
    assert entry.actor_id == alice.pk
    assert entry.detail == {"methods": ["mfa", "password"], "factors": ["totp"]}
    assert AuditEntry.objects.get(action=audit.MFA_FAILED).actor_id == alice.pk
    logged = str(list(AuditEntry.objects.values_list("detail", flat=True)))
    assert factories.PASSWORD not in logged
    assert totp(TEST_SECRET) not in logged


def test_wrong_codes_lock_the_account_and_the_lock_is_audited() -> None:
    alice = factories.agent("alice")
    enrol(alice)
    client = Client()
    sign_in_with_password(client, "alice")
    for _ in range(6):
        client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    response = client.post("/accounts/2fa/authenticate/", {"code": totp(TEST_SECRET)})
    assert "Too many failed login attempts" in response.content.decode()
    assert client.get("/console/").status_code == 302
    locked = AuditEntry.objects.get(action=audit.SIGN_IN_LOCKED)
    assert (locked.actor_id, locked.detail) == (alice.pk, {"factor": "mfa"})


def test_the_first_sign_in_leads_to_enrolment_then_the_challenge(
    django_capture_on_commit_callbacks,
) -> None:
    factories.agent("dana")
    client = Client()
    assert sign_in_with_password(client, "dana") == "/console/"
    assert client.get("/console/")["Location"] == "/accounts/2fa/"
    page = client.get("/accounts/2fa/totp/activate/").content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page)
    secret = secret or re.search(r'value="([A-Z2-7]{32})"', page)
    assert secret, page
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals on commit
        activated = client.post("/accounts/2fa/totp/activate/", {"code": totp(secret.group(1))})
    assert activated["Location"] == "/accounts/2fa/recovery-codes/"
    codes = client.get("/accounts/2fa/recovery-codes/").content.decode()
    assert len(re.findall(r"\b[0-9a-f]{8}\b", codes)) >= 10
    added = AuditEntry.objects.filter(action=audit.MFA_ADDED).values_list("detail", flat=True)
    assert sorted(detail["factor"] for detail in added) == ["recovery_codes", "totp"]
    # Enrolling is not the challenge: the console asks for a code first.
    challenge = client.get("/console/")["Location"]
    assert challenge.startswith("/accounts/2fa/reauthenticate/")
    answered = client.post(challenge, {"code": totp(secret.group(1), step=1)})
    assert answered["Location"] == "/console/"
    assert client.get("/console/").status_code == 200


def test_a_recovery_code_signs_in_once_and_is_audited() -> None:
    dana = factories.agent("dana")
    enrol(dana)
    code = RecoveryCodes.activate(dana).generate_codes()[0]
    fresh = Client()
    sign_in_with_password(fresh, "dana")
    assert fresh.post("/accounts/2fa/authenticate/", {"code": code})["Location"] == "/console/"
    used = AuditEntry.objects.get(action=audit.MFA_RECOVERY_CODE_USED)
    assert used.detail == {"remaining": 9}
    again = Client()
    sign_in_with_password(again, "dana")
    assert again.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 200


def test_the_admin_has_no_sign_in_form_of_its_own(client: Client) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


async def agent_socket(user: User, session_key: str) -> tuple[bool, int | None]:
    communicator = WebsocketCommunicator(AgentConsumer.as_asgi(), "/ws/agent/")
    communicator.scope.update(user=user, session=SessionStore(session_key))
    connected, _ = await communicator.connect()
    output = await communicator.receive_output(timeout=5)
    await communicator.disconnect()
    return connected, output.get("code") if output["type"] == "websocket.close" else None


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("enrolled", [False, True])
async def test_the_agent_socket_refuses_a_session_without_the_challenge(enrolled: bool) -> None:
    from channels.db import database_sync_to_async

    @database_sync_to_async
    def unverified() -> tuple[User, str]:
        alice = factories.agent("alice")
        if enrolled:
            enrol(alice)
        client = password_only(alice)
        return alice, client.session.session_key

    alice, key = await unverified()
    assert await agent_socket(alice, key) == (True, 4401)


@pytest.mark.django_db(transaction=True)
async def test_the_agent_socket_serves_a_verified_session() -> None:
    from channels.db import database_sync_to_async

    @database_sync_to_async
    def verified() -> tuple[User, str]:
        alice = factories.agent("alice")
        client = Client()
        sign_in(client, alice)
        return alice, client.session.session_key

    alice, key = await verified()
    assert await agent_socket(alice, key) == (True, None)


def test_removing_the_last_authenticator_ends_what_the_socket_accepts() -> None:
    alice = factories.agent("alice")
    client = Client()
    sign_in(client, alice)
    key = client.session.session_key
    assert agent_session_is_valid(key, alice.pk)
    alice.authenticator_set.all().delete()
    assert not agent_session_is_valid(key, alice.pk)


@pytest.mark.parametrize("page", ["/accounts/2fa/", "/accounts/2fa/webauthn/add/"])
def test_enrolment_offers_a_security_key_with_no_inline_script_for_the_csp(page: str) -> None:
    """The pages run under ``script-src 'self'``: every script is a file or JSON data."""
    factories.agent("dana")
    client = Client()
    sign_in_with_password(client, "dana")
    response = client.get(page)
    assert response.status_code == 200
    scripts = re.findall(r"<script([^>]*)>", response.content.decode())
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)
    if page.endswith("/add/"):
        assert any("webauthn" in attrs for attrs in scripts)


def test_a_single_sign_on_the_provider_vouched_mfa_for_counts_as_the_second_factor(
    settings,
) -> None:
    """An SSO agent has no local authenticator: the provider's MFA (its ``amr``) is the
    second factor, so the console and the socket serve the session; without it, nothing."""
    settings.OIDC_REQUIRE_MFA = True
    alice, bob = factories.agent("alice"), factories.agent("bob")
    for user, amr_shows_mfa, expected in ((alice, True, 200), (bob, False, 302)):
        client = password_only(user)
        session = client.session
        record_idp_sign_in(session, user.pk, "sso", amr_shows_mfa=amr_shows_mfa)
        session.save()
        assert client.get("/console/").status_code == expected
        verified = mfa_state(SessionStore(session.session_key), user) is MfaState.VERIFIED
        assert verified is amr_shows_mfa
        assert agent_session_is_valid(session.session_key, user.pk) is amr_shows_mfa


def test_a_code_used_already_is_refused_with_a_reason_the_agent_can_act_on() -> None:
    """Usability: two sign-ins in one 30 s window with the same code; the second is told
    the code works once, not just "Incorrect code"."""
    alice = factories.agent("alice")
    enrol(alice)
    code = totp(TEST_SECRET)
    first = Client()
    sign_in_with_password(first, "alice")
    assert first.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    second = Client()
    sign_in_with_password(second, "alice")
    refused = second.post("/accounts/2fa/authenticate/", {"code": code}).content.decode()
    assert "used already" in refused and "next code" in refused


def test_the_challenge_offers_a_security_key_only_to_an_account_that_has_one() -> None:
    alice = factories.agent("alice")
    enrol(alice)
    client = Client()
    sign_in_with_password(client, "alice")
    page = client.get("/accounts/2fa/authenticate/").content.decode()
    assert "Use a security key" not in page
    assert "Cancel" in page
