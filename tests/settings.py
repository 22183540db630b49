"""Test settings: the one settings module, fed a test environment first."""

import os

from tests.backends import worker_redis_url
from tests.keys import ring_text

os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("TRANSCRIPT_KEYS", ring_text(("test-primary", 1), ("test-older", 2)))
os.environ.setdefault("CHAT_ALLOWED_ORIGINS", "https://landlord.example")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
if os.environ.get("REDIS_URL"):
    os.environ["REDIS_URL"] = worker_redis_url(os.environ["REDIS_URL"])

from chatserver.settings import *  # noqa: E402, F403

# A file, not memory, so tests can read the raw database bytes as an attacker would.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"chat-tests-{os.getpid()}.sqlite3")
    }

PASSWORD_HASHERS = ["tests.hashers.OneRoundPBKDF2PasswordHasher"]
