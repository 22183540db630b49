from typing import Any

from django.core.management.base import BaseCommand

from transcripts.record import store


class Command(BaseCommand):
    help = (
        "Makes the blind indexes of the visitor's name, surname, address, postcode and the "
        "phone numbers and tenancy references in their lines for every conversation stored "
        "before these indexes were, so the DPO's search finds them. Conversations erased or "
        "aged out hold nothing to index and are skipped. Safe to run again. Prints progress, "
        "never a value."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(done: int, total: int) -> None:
            if done == total or done % 100 == 0:
                self.stdout.write(f"{done}/{total} conversations")

        indexed = store.backfill_detail_indexes(progress)
        self.stdout.write(f"Indexed {indexed} conversation{'' if indexed == 1 else 's'}.")
