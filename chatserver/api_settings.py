"""Settings of the REST API (``chatserver.api``), read from the environment as plain values
like ``chatserver.settings``, which imports this module with one line and adds ``API_APPS``
to its apps. Every variable is in docs/integrations.md.
"""

from chatserver.env import env_int

API_APPS = ["chatserver.api"]
# Requests a token may make in a minute, in each server process (``chatserver.api.limits``);
# past it the API answers 429 with Retry-After.
API_REQUESTS_PER_MINUTE = env_int("API_REQUESTS_PER_MINUTE", 120, minimum=1)
