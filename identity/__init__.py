"""Agent sign-in: who may be an agent, how they sign in, for how long, and how an account's
sessions end.

- django-allauth's configuration and the rules around it: the account adapter (no public
  sign-up, failed sign-ins throttled per address and locked per account, password reset
  only when configured), the MFA policy (``mfa_policy``: the one rule for "this session
  passed a second factor", enforced on pages by ``middleware`` and on the agent socket by
  the chat), the audit entries of sign-in events (``audit``), the supervisor's actions on
  sign-in (``actions``) and the sign-in screens in the console's look (``templates``);
- single sign-on with any OpenID Connect provider (``identity.sso``), mapping the
  provider's roles to the agent and supervisor groups;
- SCIM provisioning (``identity.scim``), so the landlord's identity provider creates,
  updates and deactivates accounts; ``identity.sessions`` ends an account's sessions.

May import Django, allauth and ``transcripts.compliance`` (the audit log). It never imports
``chatserver``: the chat and the console call into identity; identity changes accounts and
sessions through Django's models, and the chat's own receivers of those models' signals
close the sockets.
"""
