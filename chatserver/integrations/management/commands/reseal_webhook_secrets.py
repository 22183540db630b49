from typing import Any

from django.core.management.base import BaseCommand

from chatserver.integrations import actions


class Command(BaseCommand):
    help = (
        "Seals every webhook endpoint's signing secret again under the primary master key "
        "of TRANSCRIPT_KEYS. Run it after rotate_keys, before a retired key leaves the ring "
        "(docs/deployment.md); running it again changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        resealed, unchanged = actions.do_reseal_secrets()
        self.stdout.write(
            f"Webhook secrets: {resealed} sealed again under the primary key, "
            f"{unchanged} already under it."
        )
