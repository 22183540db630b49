from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from transcripts import crypto, store
from transcripts.management.progress import Progress


class Command(BaseCommand):
    help = (
        "Rewraps every data key under the primary master key (the first in TRANSCRIPT_KEYS) "
        "and recomputes email blind indexes under it. Messages are not touched. Safe to stop "
        "and run again: it resumes where it stopped. Afterwards older keys can leave the ring."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=500, help="Rows per transaction.")

    def handle(self, *args: Any, **options: Any) -> None:
        batch = max(1, options["batch"])
        primary = crypto.key_ring().primary_id
        self.stdout.write(f"Primary master key: {primary}")
        for label, steps in (
            ("data keys rewrapped", store.rewrap_data_keys(batch)),
            ("blind indexes recomputed", store.reindex_emails(batch)),
        ):
            progress = Progress(self.stderr, label)
            done = 0
            for done, total in steps:
                progress.update(done, total)
            progress.finish(done)
            self.stdout.write(f"{done} {label}.")
        self.stdout.write(self.style.SUCCESS(f"Everything is wrapped under {primary}."))
