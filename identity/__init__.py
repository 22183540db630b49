"""Agent sign-in: who may be an agent, how they sign in, for how long, and how an account's
sessions end.

Single sign-on with any OpenID Connect provider (``identity.sso``) signs agents in and maps
the provider's roles to the agent and supervisor groups; SCIM provisioning
(``identity.scim``) lets the landlord's identity provider create, update and deactivate
accounts; ``identity.sessions`` ends an account's sessions. This app never imports the
chat: it changes accounts and sessions through Django's models, and the chat's own
receivers of those models' signals close the sockets.
"""
