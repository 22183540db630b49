"""Settings of the outbound webhooks (``chatserver.integrations``): delivery timeouts, the
retry schedule and when a failing endpoint is disabled.

Read from the environment as plain values, like ``chatserver.settings`` (which imports this
module and adds ``INTEGRATIONS_APPS`` to its apps). Every variable is in docs/integrations.md.
"""

from chatserver.env import env_bool, env_int

INTEGRATIONS_APPS = ["chatserver.integrations"]

# One delivery attempt gives up after this many seconds (connecting, sending and reading
# the answer each; the receiver should answer at once and do its work afterwards).
CHAT_WEBHOOK_TIMEOUT_SECONDS = env_int("CHAT_WEBHOOK_TIMEOUT_SECONDS", 10, minimum=1)
# A failed delivery is tried again after the first wait, doubled each time up to the
# longest, until this many hours after the event; then it is given up.
CHAT_WEBHOOK_FIRST_RETRY_SECONDS = env_int("CHAT_WEBHOOK_FIRST_RETRY_SECONDS", 30, minimum=1)
CHAT_WEBHOOK_LONGEST_RETRY_SECONDS = env_int(
    "CHAT_WEBHOOK_LONGEST_RETRY_SECONDS", 4 * 3600, minimum=1
)
CHAT_WEBHOOK_RETRY_HOURS = env_int("CHAT_WEBHOOK_RETRY_HOURS", 24, minimum=1)
# An endpoint that has failed every attempt for this many hours (and at least this many
# attempts) is disabled, and the supervisors are emailed.
CHAT_WEBHOOK_DISABLE_AFTER_HOURS = env_int("CHAT_WEBHOOK_DISABLE_AFTER_HOURS", 24, minimum=0)
CHAT_WEBHOOK_DISABLE_AFTER_FAILURES = env_int("CHAT_WEBHOOK_DISABLE_AFTER_FAILURES", 10, minimum=1)
# Endpoints must be https; a test or a developer's own receiver on this machine may be
# plain http on 127.0.0.1 or localhost when this is on (never in production).
CHAT_WEBHOOK_ALLOW_LOOPBACK_HTTP = env_bool("CHAT_WEBHOOK_ALLOW_LOOPBACK_HTTP", default=False)
# How long the worker sleeps when nothing is due (it wakes sooner for nothing else).
CHAT_WEBHOOK_POLL_SECONDS = env_int("CHAT_WEBHOOK_POLL_SECONDS", 2, minimum=1)
# Settled events (delivered or given up) and delivery attempts are deleted after this many
# days: the outbox and the log are for running deliveries, not an archive.
CHAT_WEBHOOK_KEEP_DAYS = env_int("CHAT_WEBHOOK_KEEP_DAYS", 30, minimum=2)
