"""Helpers for running the project under its production configuration."""

import base64
import subprocess
import sys
from pathlib import Path

from tests.servers import inherited_environment

ROOT = Path(__file__).resolve().parent.parent


def production_env(database_path: Path, **overrides: str) -> dict[str, str]:
    env = inherited_environment()
    env.update(
        DJANGO_SETTINGS_MODULE="chatserver.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="production-like-secret-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="chat.example.org",
        TRANSCRIPT_KEYS="prod-1:" + base64.b64encode(b"k" * 32).decode(),
        CHAT_ALLOWED_ORIGINS="https://www.landlord.example,https://tenants.landlord.example",
        DATABASE_URL=f"sqlite:///{database_path}",
        REDIS_URL="redis://127.0.0.1:6379/0",
        CHAT_TRUSTED_PROXY="1",
    )
    env.update(overrides)
    return env


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
