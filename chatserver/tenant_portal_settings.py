"""Settings for tenants verified by the landlord's portal (``chatserver.tenant_portal``).

Read from the environment as plain values, like ``chatserver.settings`` (which imports this
module and adds ``TENANT_PORTAL_APPS`` to its apps); the app parses the key and checks the
whole set-up at start-up (tenant_portal.E001). Unset ``TENANT_PORTAL_KEY`` and
``TENANT_PORTAL_KEY_FILE``, the feature is off: an assertion is refused (and audited) and
the chat goes on anonymously. Every variable is in docs/integrations.md.
"""

from chatserver.env import env_int, env_str

TENANT_PORTAL_APPS = ["chatserver.tenant_portal"]
# How the portal signs: "HS256" (a shared secret of at least 32 bytes) or "ES256" (an EC
# P-256 key pair: the portal keeps the private key, the chat server holds the public key),
# or "RS256" (an RSA key of at least 2048 bits, likewise). One algorithm, never a choice
# read from the token (RFC 8725 section 2.1).
TENANT_PORTAL_ALGORITHM = env_str("TENANT_PORTAL_ALGORITHM", "ES256")
# The shared secret (HS256) or the public key in PEM (ES256, RS256); or a file holding it.
TENANT_PORTAL_KEY = env_str("TENANT_PORTAL_KEY")
TENANT_PORTAL_KEY_FILE = env_str("TENANT_PORTAL_KEY_FILE")
# The portal's name in the "iss" claim, and this chat server's in "aud": both must match.
TENANT_PORTAL_ISSUER = env_str("TENANT_PORTAL_ISSUER")
TENANT_PORTAL_AUDIENCE = env_str("TENANT_PORTAL_AUDIENCE", "housing-chat")
# The longest lifetime (exp - iat) an assertion may claim, and the clock skew allowed.
TENANT_PORTAL_MAX_LIFETIME_SECONDS = env_int("TENANT_PORTAL_MAX_LIFETIME_SECONDS", 300, minimum=1)
TENANT_PORTAL_LEEWAY_SECONDS = env_int("TENANT_PORTAL_LEEWAY_SECONDS", 30)
