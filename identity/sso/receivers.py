"""After allauth signs a user in by single sign-on: groups, audit row, session record."""

from typing import Any

from allauth.account.signals import user_logged_in
from django.http import HttpRequest

from identity.sso import actions, adapter, claims, config, session


def complete_sso_sign_in(
    sender: Any, *, request: HttpRequest, user: Any, sociallogin: Any = None, **kwargs: Any
) -> None:
    if sociallogin is None:
        return
    id_token, userinfo = adapter.sso_claims(sociallogin)
    role_map = config.role_map()
    wanted = claims.groups_for(claims.role_claims(id_token, userinfo, role_map.claim), role_map)
    provider_id = sociallogin.account.provider
    actions.do_complete_sso_sign_in(
        user, provider_id, wanted, created=sociallogin.state.get(adapter.NEW_ACCOUNT_STATE) is True
    )
    amr_mfa = claims.shows_mfa(adapter.amr_of(id_token), config.mfa_amr_values())
    session.record_idp_sign_in(request.session, user.pk, provider_id, amr_shows_mfa=amr_mfa)


def connect() -> None:
    user_logged_in.connect(complete_sso_sign_in, dispatch_uid="identity.sso.sign_in")
