"""Agent sign-in: django-allauth's configuration and the project's rules around it.

Owns who may sign in and how: the account adapter (no public sign-up, failed sign-ins
throttled per address and locked per account, password reset only when configured),
the MFA policy (``mfa_policy``: the one rule for "this session passed a second factor",
enforced on pages by ``middleware`` and on the agent socket by the chat), the audit
entries of sign-in events (``audit``), the supervisor's actions on sign-in (``actions``),
and the sign-in screens in the console's look (``templates``).

May import Django, allauth and ``transcripts.compliance`` (the audit log). It never
imports ``chatserver``: the chat and the console call into identity, never the reverse.
"""
