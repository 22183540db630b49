import sys
import time
from argparse import ArgumentTypeError
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_naive, make_aware

from transcripts.compliance import retention
from transcripts.management.progress import Progress


def _moment(value: str) -> datetime:
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise ArgumentTypeError("must be an ISO-8601 date and time, e.g. 2026-01-31T12:00:00Z")
    return make_aware(parsed) if is_naive(parsed) else parsed


class Command(BaseCommand):
    help = (
        "Ages finished transcripts older than CHAT_RETENTION_DAYS: masks personal data, keeps "
        "the masked copy, deletes the visitor's details and destroys the data keys; then "
        "deletes masked transcripts older than CHAT_PURGE_DAYS (when set). Conversations on "
        "legal hold are left alone. Exits non-zero when any conversation failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count only; change nothing.")
        parser.add_argument("--now", type=_moment, help="Act as if it were this ISO-8601 time.")
        parser.add_argument("--batch", type=int, default=50, help="Conversations per batch.")
        parser.add_argument("--limit", type=int, help="Age at most this many conversations.")
        parser.add_argument(
            "--every",
            type=float,
            metavar="HOURS",
            help="Keep running, once every HOURS (for a Procfile process).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch"] < 1 or (options["limit"] is not None and options["limit"] < 0):
            raise CommandError("--batch must be at least 1 and --limit at least 0.")
        while True:
            failed = self._run_once(options)
            if options["every"] is None:
                if failed:
                    sys.exit(1)
                return
            time.sleep(options["every"] * 3600)

    def _run_once(self, options: dict[str, Any]) -> bool:
        progress = Progress(self.stderr, "ageing") if self.stderr.isatty() else None
        try:
            report = retention.run(
                now=options["now"],
                dry_run=options["dry_run"],
                batch_size=options["batch"],
                limit=options["limit"],
                progress=(
                    (lambda r: progress.update(r.aged + r.failed + r.skipped, r.due))
                    if progress
                    else None
                ),
            )
        except retention.RetentionLocked as locked:
            raise CommandError(str(locked), returncode=3) from None
        if progress is not None:
            progress.finish(report.aged)
        if report.dry_run:
            self.stdout.write(
                f"Dry run: {report.due} due, {report.held} on legal hold, "
                f"{report.purged} masked transcripts past the purge horizon. Nothing changed."
            )
        elif report.due == 0 and report.purged == 0:
            self.stdout.write(f"Nothing to do: no conversation is due ({report.held} on hold).")
        else:
            self.stdout.write(
                f"aged {report.aged}, held {report.held}, failed {report.failed}, "
                f"skipped {report.skipped}, purged {report.purged}, "
                f"elapsed {report.elapsed:.1f}s, {report.rate:.1f} conversations/s"
            )
        if report.failed:
            self.stderr.write(
                f"{report.failed} conversations failed and will be retried: "
                + ", ".join(report.failed_ids)
            )
        return bool(report.failed)
