"""Agent identity: how agents and supervisors sign in (single sign-on in ``identity.sso``)."""
