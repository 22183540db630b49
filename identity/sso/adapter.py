"""The allauth adapters: the single sign-on policy at allauth's hooks.

``pre_social_login`` runs after allauth has checked the provider's answer (the ID token,
fetched from the token endpoint over TLS: its issuer, audience and expiry; its signature only
when it came another way) and before anyone is signed in: a login whose ID
token shows no MFA, or whose user carries no agent or supervisor role, is refused there
with a page that says why. Accounts are made on a first sign-in only for users with a role;
groups follow the roles at every sign-in (``receivers``).
"""

import re
from collections.abc import Mapping
from typing import Any

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest
from django.shortcuts import render

from identity.sso import actions, claims, config

_AMR_VALUE = re.compile(r"[A-Za-z0-9_.-]{1,32}")
# Set on the login's state: whether this sign-in makes the account (for the audit row).
NEW_ACCOUNT_STATE = "identity_sso_new_account"
REFUSAL_TEMPLATE = "identity/sso/refused.html"
REFUSALS = {
    actions.REFUSED_INACTIVE: (
        "Sign-in refused: account deactivated",
        "Your chat account has been deactivated, so it cannot open the console. If you "
        "should still have access, ask a supervisor or your IT service desk.",
    ),
    actions.REFUSED_NO_MFA: (
        "Sign-in refused: no multi-factor authentication",
        "Your organisation's sign-in did not use multi-factor authentication (MFA), and "
        "the chat console requires it. Sign in again and complete the extra step (an "
        "authenticator app, a security key or a text message); if you were not offered "
        "one, ask your IT service desk to set up MFA for your account.",
    ),
    actions.REFUSED_NO_ROLE: (
        "Sign-in refused: no chat role",
        "Your account is not assigned the agent or supervisor role for the housing chat, "
        "so it cannot open the console. Ask your IT service desk or a supervisor to assign "
        "you a role, then sign in again.",
    ),
}


def sso_claims(sociallogin: Any) -> tuple[Mapping[str, object], Mapping[str, object]]:
    """The ID token's claims and the userinfo answer allauth stored for this login."""
    data = sociallogin.account.extra_data
    id_token = data.get("id_token") if isinstance(data, dict) else None
    userinfo = data.get("userinfo") if isinstance(data, dict) else None
    return (
        id_token if isinstance(id_token, dict) else {},
        userinfo if isinstance(userinfo, dict) else {},
    )


def amr_of(id_token: Mapping[str, object]) -> frozenset[str]:
    """The ``amr`` method names, keeping only short plain names (they reach the audit log)."""
    return frozenset(
        value for value in claims.claim_values(id_token, "amr") if _AMR_VALUE.fullmatch(value)
    )


def refuse(request: HttpRequest, reason: str) -> ImmediateHttpResponse:
    title, explanation = REFUSALS[reason]
    context = {"title": title, "explanation": explanation, "reason": reason}
    return ImmediateHttpResponse(render(request, REFUSAL_TEMPLATE, context, status=403))


class SsoSocialAccountAdapter(DefaultSocialAccountAdapter):  # type: ignore[misc]
    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        id_token, userinfo = sso_claims(sociallogin)
        provider_id = sociallogin.account.provider
        user = sociallogin.user if sociallogin.is_existing else None
        amr = amr_of(id_token)
        if user is not None and not user.is_active:
            actions.do_refuse_sso_sign_in(user, provider_id, actions.REFUSED_INACTIVE, amr=amr)
            raise refuse(request, actions.REFUSED_INACTIVE)
        if config.mfa_required() and not claims.shows_mfa(amr, config.mfa_amr_values()):
            actions.do_refuse_sso_sign_in(user, provider_id, actions.REFUSED_NO_MFA, amr=amr)
            raise refuse(request, actions.REFUSED_NO_MFA)
        role_map = config.role_map()
        roles = claims.role_claims(id_token, userinfo, role_map.claim)
        if not claims.groups_for(roles, role_map):
            actions.do_refuse_sso_sign_in(user, provider_id, actions.REFUSED_NO_ROLE, amr=amr)
            raise refuse(request, actions.REFUSED_NO_ROLE)
        # The identity provider is the directory: no email address is kept here.
        sociallogin.email_addresses = []
        sociallogin.state[NEW_ACCOUNT_STATE] = user is None

    def populate_user(self, request: HttpRequest, sociallogin: Any, data: dict[str, Any]) -> Any:
        user = super().populate_user(request, sociallogin, data)
        user.email = ""
        return user

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        """A first SSO sign-in makes the account: ``pre_social_login`` has already refused
        anyone without an agent or supervisor role."""
        return True

    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin: Any) -> bool:
        return True
