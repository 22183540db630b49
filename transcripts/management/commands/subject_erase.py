from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from transcripts.compliance import subject_rights
from transcripts.compliance.models import SubjectRequest
from transcripts.management.commands.subject_export import checked_email


class Command(BaseCommand):
    help = (
        "Answers an erasure request: crypto-shreds every conversation whose visitor gave this "
        "email and deletes their details, diagnostics and blind-index rows. Conversations on "
        "legal hold are refused unless --override-hold --reason is given. Prints a receipt "
        "that holds no personal data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")
        parser.add_argument("--override-hold", action="store_true")
        parser.add_argument("--reason", default="", help="Why a legal hold is overridden.")

    def handle(self, *args: Any, **options: Any) -> None:
        email = checked_email(options["email"])
        if options["override_hold"] and not options["reason"].strip():
            raise CommandError("--override-hold needs --reason.")
        conversations = subject_rights.conversations_for_erasure(email)
        if not options["yes"]:
            answer = input(
                f"Erase {len(conversations)} conversations for good? This cannot be undone. "
                "Type 'erase' to continue: "
            )
            if answer.strip().lower() != "erase":
                raise CommandError("Nothing was erased.")
        request = subject_rights.register_request(SubjectRequest.Kind.ERASURE, email)
        try:
            receipt = subject_rights.erase_conversations(
                conversations,
                request,
                override_hold_reason=options["reason"].strip()
                if options["override_hold"]
                else None,
            )
        except subject_rights.HeldConversations as held:
            lines = "\n".join(
                f"  {c.pk} (hold: {c.legal_hold_reason or 'no reason'}"
                f"{f', until {c.legal_hold_until}' if c.legal_hold_until else ''})"
                for c in held.held
            )
            raise CommandError(
                f"{len(held.held)} conversations are on legal hold; nothing was erased:\n{lines}\n"
                'Use --override-hold --reason "..." to erase them anyway.'
            ) from None
        self.stdout.write(f"Receipt: {receipt.text()}")
