"""Agent sign-in: who may be an agent, for how long, and how an account's sessions end.

SCIM provisioning (``identity.scim``) lets the landlord's identity provider create,
update and deactivate accounts; ``identity.sessions`` ends an account's sessions. This
app never imports the chat: it changes accounts and sessions through Django's models,
and the chat's own receivers of those models' signals close the sockets.
"""
