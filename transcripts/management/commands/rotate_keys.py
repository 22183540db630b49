from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from transcripts.compliance import key_usage
from transcripts.management.progress import Progress
from transcripts.record import crypto, rotation
from transcripts.record.errors import CryptoError

# Items wrapped by a process still on an older primary while this runs are taken up
# by the next pass; more passes than this means some process keeps making them.
MAX_PASSES = 3


class Command(BaseCommand):
    help = (
        "Rewraps every data key under the primary master key (the first in TRANSCRIPT_KEYS) "
        "and recomputes email blind indexes under it. Messages are not touched. Safe to stop "
        "and run again: it resumes where it stopped. It then checks that nothing rests on "
        "another key; only then can older keys leave the ring. --check only reports."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=500, help="Rows per transaction.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; report what still rests on keys other than the primary "
            "and exit non-zero when anything does.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        primary = crypto.key_ring().primary_id
        self.stdout.write(f"Primary master key: {primary}")
        if options["check"]:
            remaining = key_usage.key_usage_outside([primary])
        else:
            try:
                remaining = self._rotate_until_done(primary, max(1, options["batch"]))
            except CryptoError as error:
                raise CommandError(
                    f"A data key or blind index cannot be opened ({type(error).__name__}): its "
                    "master key is not in TRANSCRIPT_KEYS. Put every older key back in the "
                    "ring (after the primary) and run rotate_keys again."
                ) from None
        for line in remaining.lines():
            self.stdout.write(f"  {line}")
        if remaining.rotatable:
            if options["check"]:
                raise CommandError(
                    "Some data keys or blind indexes still rest on another master key: run "
                    "rotate_keys, and keep the older keys in the ring until it succeeds."
                )
            raise CommandError(
                "Data keys or blind indexes were made under another master key while this ran: "
                f"a process still runs with an older primary. Deploy TRANSCRIPT_KEYS with "
                f"{primary!r} first to every process, then run rotate_keys again; keep the "
                "older keys in the ring until it succeeds."
            )
        if remaining.open_subject_requests:
            raise CommandError(
                "Open subject requests were registered under another master key: complete "
                "them before that key leaves the ring (a request registered again is indexed "
                "under the primary)."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Everything is wrapped under {primary}: the other keys may leave the ring."
            )
        )

    def _rotate_until_done(self, primary: str, batch: int) -> key_usage.KeyUsage:
        """Rotates until nothing rotatable is left on other keys, or the passes run out;
        what is left on them then."""
        for _pass in range(MAX_PASSES):
            self._rotate(batch)
            remaining = key_usage.key_usage_outside([primary])
            if not remaining.rotatable:
                break
        return remaining

    def _rotate(self, batch: int) -> None:
        for label, steps in (
            ("data keys rewrapped", rotation.rewrap_data_keys(batch)),
            ("blind indexes recomputed", rotation.reindex_emails(batch)),
        ):
            progress = Progress(self.stderr, label)
            done = 0
            for done, total in steps:
                progress.update(done, total)
            progress.finish(done)
            self.stdout.write(f"{done} {label}.")
