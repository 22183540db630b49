"""The SSO policy at allauth's ``pre_social_login`` hook, on logins built as allauth builds them."""

from typing import Any

import pytest
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.auth.models import User
from django.test import RequestFactory, override_settings

from identity.sso.adapter import SsoSocialAccountAdapter
from tests import factories
from transcripts.compliance.models import AuditEntry

pytestmark = pytest.mark.django_db
SSO_ON = {
    "OIDC_SERVER_URL": "https://login.example.org/tenant/v2.0",
    "OIDC_CLIENT_ID": "app",
    "OIDC_CLIENT_SECRET": "secret",
    "OIDC_AGENT_ROLES": "Chat.Agent",
    "OIDC_SUPERVISOR_ROLES": "Chat.Supervisor",
}


def login(user: User | None, **id_token: Any) -> SocialLogin:
    account = SocialAccount(provider="sso", uid="subject-1", extra_data={"id_token": id_token})
    return SocialLogin(user=user or User(username="new"), account=account)


def refusal(sociallogin: SocialLogin) -> tuple[int, str]:
    request = RequestFactory().get("/accounts/oidc/sso/login/callback/")
    with override_settings(**SSO_ON), pytest.raises(ImmediateHttpResponse) as refused:
        SsoSocialAccountAdapter().pre_social_login(request, sociallogin)
    response = refused.value.response
    return response.status_code, response.content.decode()


def test_a_login_with_mfa_and_a_role_passes_and_keeps_no_email() -> None:
    sociallogin = login(None, amr=["pwd", "mfa"], roles=["Chat.Agent"])
    sociallogin.email_addresses = ["placeholder"]
    with override_settings(**SSO_ON):
        SsoSocialAccountAdapter().pre_social_login(RequestFactory().get("/"), sociallogin)
    assert sociallogin.email_addresses == []
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("claims", "title", "reason"),
    [
        ({"amr": ["pwd"], "roles": ["Chat.Agent"]}, "no multi-factor authentication", "no_mfa"),
        ({"roles": ["Chat.Agent"]}, "no multi-factor authentication", "no_mfa"),
        ({"amr": ["mfa"], "roles": ["Other"]}, "no chat role", "no_role"),
        ({"amr": ["mfa"]}, "no chat role", "no_role"),
    ],
)
def test_a_new_user_is_refused_with_the_reason(
    claims: dict[str, Any], title: str, reason: str
) -> None:
    status, page = refusal(login(None, **claims))
    assert status == 403 and f"Sign-in refused: {title}" in page
    assert not User.objects.filter(username="new").exists()
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor_id, entry.detail["reason"]) == ("sso_refused", None, reason)


def test_a_deactivated_user_is_refused_and_keeps_their_groups_for_the_record() -> None:
    bob = factories.supervisor("bob")
    bob.is_active = False
    bob.save()
    status, page = refusal(login(bob, amr=["mfa"], roles=["Chat.Supervisor"]))
    assert status == 403 and "Sign-in refused: account deactivated" in page
    entry = AuditEntry.objects.get()
    assert (entry.actor_id, entry.detail["reason"]) == (bob.pk, "inactive")
    assert set(bob.groups.values_list("name", flat=True)) == {"agents", "supervisors"}


def test_an_existing_user_left_with_no_role_loses_the_managed_groups_only() -> None:
    bob = factories.supervisor("bob")
    bob.groups.create(name="break-glass")
    status, _page = refusal(login(bob, amr=["mfa"], roles=[]))
    assert status == 403
    assert list(bob.groups.values_list("name", flat=True)) == ["break-glass"]
    assert AuditEntry.objects.get().detail["left"] == ["agents", "supervisors"]
