from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email

from transcripts.compliance import subject_rights
from transcripts.compliance.models import SubjectRequest
from transcripts.record.errors import CryptoError


def checked_email(value: str) -> str:
    try:
        validate_email(value.strip())
    except ValidationError:
        raise CommandError("--email must be a valid email address.") from None
    return value.strip()


class Command(BaseCommand):
    help = (
        "Answers a subject access request: finds every conversation whose visitor gave this "
        "email (through the blind index) and writes a zip with export.json and export.html. "
        "The request is recorded in the register with its statutory deadline."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--out", help="Where to write the zip (default: sar-<request id>.zip).")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="The language of export.html (default: that of the subject's latest chat).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = checked_email(options["email"])
        request = subject_rights.register_request(SubjectRequest.Kind.ACCESS, email)
        try:
            archive = subject_rights.export_subject(email, request, language=options["language"])
        except CryptoError:
            raise CommandError(
                f"Request {request.id} is registered but no export was made: a conversation of "
                "this subject cannot be opened (a master key missing from TRANSCRIPT_KEYS, or "
                "altered bytes; the log names it). Put the key back in the ring, run "
                "rotate_keys, then export again."
            ) from None
        out = Path(options["out"] or f"sar-{request.id}.zip")
        out.write_bytes(archive)
        out.chmod(0o600)
        request.refresh_from_db()
        self.stdout.write(
            f"Request {request.id}: {request.conversations} conversations exported to {out} "
            f"(deadline was {request.deadline:%d %B %Y})."
        )
