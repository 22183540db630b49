import os
import secrets
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from transcripts.record.keyring import format_key_entry


class Command(BaseCommand):
    help = "Development only: makes a transcript master key ring under var/ if there is none."
    # It runs before the checks can pass: making the missing keys is its purpose.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("create_dev_keys is for development (DJANGO_DEBUG=1) only.")
        ring_file = settings.DEV_KEY_RING_FILE
        if ring_file.exists() or os.environ.get("TRANSCRIPT_KEYS"):
            return
        ring_file.parent.mkdir(parents=True, exist_ok=True)
        ring_file.touch(mode=0o600)
        ring_file.write_text(format_key_entry("dev-1", secrets.token_bytes(32)) + "\n")
        self.stderr.write(
            self.style.WARNING(
                f"WARNING: created a DEVELOPMENT transcript key ring at {ring_file}. "
                "It is for development only: production must set TRANSCRIPT_KEYS."
            )
        )
