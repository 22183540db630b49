from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from chatserver.casework import digest


class Command(BaseCommand):
    help = (
        "Emails every active supervisor the day's casework digest: the references of open "
        "cases with a step waiting, and its due date, the overdue first, then the open cases "
        "ready to close. Run daily "
        "(deploy/systemd/housing-chat-case-digest.timer)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the digest; send nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["dry_run"]:
            composed = digest.compose(now)
            self.stdout.write(f"{composed.subject}\n\n{composed.body}")
            return
        composed, sent = digest.send(now)
        if not sent:
            raise CommandError(
                "no active supervisor has an email address, so the digest went to nobody: "
                "give supervisors one in the admin (Users)"
            )
        self.stdout.write(
            f"Casework digest: {composed.overdue} overdue, {composed.due} due; "
            f"sent to {sent} supervisor{'s' if sent != 1 else ''}."
        )
