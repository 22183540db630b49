"""Settings for agents' sign-in through django-allauth: passwords with a required second
factor, throttled (``identity``), and single sign-on (``identity.sso``).

Read from the environment as plain values, like ``chatserver.settings`` (which imports this
module and adds ``IDENTITY_APPS`` to its apps; the middleware is in its list, in order); the
identity app parses and checks the single sign-on ones (identity.E001 to identity.E004).
Every variable is in README.md and docs/deployment.md.
"""

import re
from urllib.parse import urlsplit

from chatserver.env import env_bool, env_int, env_str

ACCOUNT_ADAPTER = "identity.adapter.AccountAdapter"
MFA_ADAPTER = "identity.mfa_adapter.MfaAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]  # sign-up is closed
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False  # one agent may sign in over another's session
ACCOUNT_LOGOUT_REDIRECT_URL = "/accounts/login/"
ACCOUNT_SESSION_REMEMBER = True  # DJANGO_SESSION_SECONDS, with no "remember me" box
# Password reset by email is off unless a deployer turns it on (audit F-13); throttled when on.
IDENTITY_PASSWORD_RESET = env_bool("IDENTITY_PASSWORD_RESET", default=False)
# Failed sign-ins (a wrong password or a wrong code): per client address (an IPv6 one's /64),
# and per account, which locks the account for the rest of the window; a supervisor clears
# a lockout in the admin (identity.actions.do_clear_lockout). Audit F-02.
IDENTITY_LOGIN_FAILURES_PER_IP = env_int("IDENTITY_LOGIN_FAILURES_PER_IP", 10, minimum=1)
IDENTITY_LOCKOUT_FAILURES = env_int("IDENTITY_LOCKOUT_FAILURES", 5, minimum=1)
IDENTITY_LOCKOUT_MINUTES = env_int("IDENTITY_LOCKOUT_MINUTES", 15, minimum=1)
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": (
        f"{IDENTITY_LOGIN_FAILURES_PER_IP}/m/ip,"
        f"{IDENTITY_LOCKOUT_FAILURES}/{IDENTITY_LOCKOUT_MINUTES}m/key"
    ),
    "reset_password": "5/h/ip,3/h/key",
    "reset_password_from_key": "20/h/ip",
}
# MFA is required of every local account (identity.mfa_policy): an authenticator app (TOTP)
# with recovery codes, or a security key or passkey (WebAuthn). Codes of the periods either
# side count too (a phone's clock a little off); no "trust this browser". A single sign-on
# counts when the provider vouched for MFA (identity.sso.session).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_TOLERANCE = 1
MFA_TRUST_ENABLED = False

# Agents sign in with an OpenID Connect provider (Microsoft Entra ID or any other; see
# docs/deployment.md). The provider's issuer URL, whose /.well-known/openid-configuration is
# read; unset, single sign-on is off. The identity app parses and checks these plain values
# (identity.E001 to identity.E004).
OIDC_SERVER_URL = env_str("OIDC_SERVER_URL").rstrip("/")
OIDC_CLIENT_ID = env_str("OIDC_CLIENT_ID")
OIDC_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET")
# In the callback URL /accounts/oidc/<OIDC_PROVIDER_ID>/login/callback/, and on the button.
OIDC_PROVIDER_ID = env_str("OIDC_PROVIDER_ID", "sso")
OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME", "single sign-on")
# The claim holding roles or groups (Entra ID: "roles" for app roles, "groups" for group
# ids), and its comma-separated values that make an agent and a supervisor.
OIDC_ROLES_CLAIM = env_str("OIDC_ROLES_CLAIM", "roles")
OIDC_AGENT_ROLES = env_str("OIDC_AGENT_ROLES")
OIDC_SUPERVISOR_ROLES = env_str("OIDC_SUPERVISOR_ROLES")
# An SSO login whose ID token's amr has none of these values is refused.
OIDC_REQUIRE_MFA = env_bool("OIDC_REQUIRE_MFA", default=True)
OIDC_MFA_AMR = env_str("OIDC_MFA_AMR", "mfa,ngcmfa")
# Password sign-in only for members of the "break-glass" group.
SSO_ONLY = env_bool("SSO_ONLY", default=False)
# The sign-in button's form is redirected to the provider, which CSP's form-action must allow
# (chatserver.middleware). Only a plain origin is taken; identity.E001 reports a bad URL.
_oidc_url = urlsplit(OIDC_SERVER_URL)
CSP_FORM_ACTION_ORIGINS = (
    [f"{_oidc_url.scheme}://{_oidc_url.netloc}"]
    if _oidc_url.scheme in {"http", "https"}
    and re.fullmatch(r"[A-Za-z0-9.:\[\]-]+", _oidc_url.netloc)
    else []
)
del _oidc_url

IDENTITY_APPS = [
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # An agent's own list of their sessions (where and when signed in), and signing the
    # others out; without activity tracking (no write on every request).
    "allauth.usersessions",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "identity.sso",
]
# allauth's backend, with SSO-only mode in front of its password check.
AUTHENTICATION_BACKENDS = ["identity.sso.backends.SsoOnlyAuthenticationBackend"]
SOCIALACCOUNT_ADAPTER = "identity.sso.adapter.SsoSocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": (
            [
                {
                    "provider_id": OIDC_PROVIDER_ID,
                    "name": OIDC_PROVIDER_NAME,
                    "client_id": OIDC_CLIENT_ID,
                    "secret": OIDC_CLIENT_SECRET,
                    "settings": {"server_url": OIDC_SERVER_URL},
                }
            ]
            if OIDC_SERVER_URL
            else []
        ),
    }
}
