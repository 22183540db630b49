"""SCIM 2.0 (RFC 7643, RFC 7644) provisioning of agent accounts by an identity provider.

``parsing`` reads filters and PATCH operations, ``resources`` maps accounts to SCIM
users, ``actions`` writes them (each change audited under the token's name), ``auth``
checks the bearer token and ``views`` serves ``/scim/v2/``.
"""
