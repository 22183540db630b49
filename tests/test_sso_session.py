"""The one question the MFA policy asks of a session, and the SSO-only gate on passwords."""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY, authenticate, load_backend
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, override_settings

from identity.sso.backends import BREAK_GLASS_GROUP_NAME
from identity.sso.session import record_idp_sign_in, session_has_idp_mfa
from tests import factories
from transcripts.compliance.models import AuditEntry

pytestmark = pytest.mark.django_db
SSO_ON = {
    "OIDC_SERVER_URL": "https://login.example.org/tenant/v2.0",
    "OIDC_CLIENT_ID": "app",
    "OIDC_CLIENT_SECRET": "secret",
    "OIDC_AGENT_ROLES": "Chat.Agent",
}


def signed_in_session(user_id: int) -> SessionStore:
    session = SessionStore()
    session[SESSION_KEY] = str(user_id)
    return session


def test_only_an_sso_sign_in_whose_amr_showed_mfa_counts() -> None:
    session = signed_in_session(7)
    assert session_has_idp_mfa(session) is False
    record_idp_sign_in(session, 7, "sso", amr_shows_mfa=True)
    assert session_has_idp_mfa(session) is True
    record_idp_sign_in(session, 7, "sso", amr_shows_mfa=False)
    assert session_has_idp_mfa(session) is False


def test_the_record_counts_only_for_the_user_it_was_made_for() -> None:
    session = signed_in_session(8)
    record_idp_sign_in(session, 7, "sso", amr_shows_mfa=True)
    assert session_has_idp_mfa(session) is False
    anonymous = SessionStore()
    record_idp_sign_in(anonymous, 7, "sso", amr_shows_mfa=True)
    assert session_has_idp_mfa(anonymous) is False


def test_with_the_amr_check_off_the_provider_is_trusted_for_sso_sessions_only() -> None:
    session = signed_in_session(7)
    record_idp_sign_in(session, 7, "sso", amr_shows_mfa=False)
    with override_settings(OIDC_REQUIRE_MFA=False):
        assert session_has_idp_mfa(session) is True
        assert session_has_idp_mfa(signed_in_session(7)) is False


@pytest.mark.parametrize("entry", [None, "yes", 1, {"user": "7"}, {"user": "7", "amr_mfa": "true"}])
def test_a_malformed_record_does_not_count(entry: object) -> None:
    session = signed_in_session(7)
    session["identity_sso_sign_in"] = entry
    assert session_has_idp_mfa(session) is False


def test_passwords_work_when_sso_only_mode_is_off() -> None:
    bob = factories.agent("bob")
    with override_settings(**SSO_ON):
        assert authenticate(username="bob", password=factories.PASSWORD) == bob


def test_sso_only_mode_refuses_passwords_except_break_glass_accounts() -> None:
    bob = factories.agent("bob")
    alice = factories.agent("alice")
    alice.groups.add(Group.objects.create(name=BREAK_GLASS_GROUP_NAME))
    with override_settings(**SSO_ON, SSO_ONLY=True):
        assert authenticate(username="bob", password=factories.PASSWORD) is None
        assert authenticate(username="BOB", password=factories.PASSWORD) is None
        assert authenticate(username="nobody", password="x") is None
        assert authenticate(username="alice", password=factories.PASSWORD) == alice
        assert authenticate(username="alice", password="wrong") is None
    refusals = AuditEntry.objects.filter(action="sso_refused").order_by("pk")
    assert [(row.actor_id, row.detail) for row in refusals] == [
        (bob.pk, {"reason": "password_sign_in_off"}),
        (bob.pk, {"reason": "password_sign_in_off"}),
        (None, {"reason": "password_sign_in_off"}),
    ]


def test_sso_only_mode_refuses_an_admins_password_too(client: Client) -> None:
    """The admin has no sign-in form of its own (it sends staff to the one sign-in page), and
    in SSO-only mode that page refuses a superuser's password unless they are break-glass."""
    root = factories.account("root", password=factories.PASSWORD)
    root.is_staff = root.is_superuser = True
    root.save()
    assert client.get("/admin/login/")["Location"].startswith("/accounts/login/")
    with override_settings(**SSO_ON, SSO_ONLY=True):
        client.post("/accounts/login/", {"login": "root", "password": factories.PASSWORD})
        assert "_auth_user_id" not in client.session
    client.post("/accounts/login/", {"login": "root", "password": factories.PASSWORD})
    assert "_auth_user_id" in client.session


def test_the_first_authentication_backend_loads_users(client: Client) -> None:
    """Whatever records a session's backend as the first one (the load benchmark's sessions
    did) gets one that can load the user back: a gate without ``get_user`` answered every
    request of such a session with a server error."""
    alice = factories.agent("alice")
    backend = load_backend(settings.AUTHENTICATION_BACKENDS[0])
    assert backend.get_user(alice.pk) == alice
