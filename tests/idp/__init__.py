"""A real OpenID Connect provider for the single sign-on tests: a second, small Django project
on django-oidc-provider, run as its own process (``tests.idp.process``).

Its users and the claims each one's ID token carries (``amr``, ``roles``) come from a JSON
file the test writes and may rewrite between sign-ins (``IDP_USERS_FILE``).
"""
