"""Single sign-on with an OpenID Connect provider (Microsoft Entra ID, or any other), on
django-allauth's ``openid_connect`` provider.

Each SSO sign-in maps the provider's role or group claim to the agent and supervisor groups
(``claims``), refuses a login whose ID token shows no multi-factor authentication, records in
the session that the provider verified MFA (``session.session_has_idp_mfa``) and writes the
audit log. ``backends.SsoOnlyAuthenticationBackend`` (allauth's backend) turns password
sign-in off for everyone but break-glass accounts in SSO-only mode. Settings hold the plain
values; ``config`` parses them and ``checks`` reports a bad one (``identity.E001`` to
``identity.E004``).
"""
