from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError

from identity.scim.actions import do_create_token, do_revoke_token
from identity.scim.models import ScimToken


class Command(BaseCommand):
    help = (
        "Manages the bearer tokens of /scim/v2/: create NAME prints a new token once (only "
        "its hash is kept), revoke NAME stops one at once, list shows them without secrets."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=("create", "revoke", "list"))
        parser.add_argument("name", nargs="?", default="", help="The token's name, e.g. entra-id.")

    def handle(self, *args: Any, **options: Any) -> None:
        action, name = options["action"], options["name"].strip()
        if action == "list":
            for token in ScimToken.objects.order_by("created_at"):
                state = f"revoked {token.revoked_at:%Y-%m-%d %H:%M}" if token.revoked_at else "live"
                used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
                self.stdout.write(f"{token.name}\t{state}\tlast used {used}")
            return
        if not name:
            raise CommandError(f"{action} needs the token's NAME.")
        if action == "create":
            try:
                secret = do_create_token(name)
            except IntegrityError:
                raise CommandError(f"A token named {name!r} exists already.") from None
            self.stdout.write(secret)
            self.stderr.write("Copy this token now: it is not stored and cannot be shown again.")
            return
        found = ScimToken.objects.filter(name=name, revoked_at=None).first()
        if found is None:
            raise CommandError(f"No live token named {name!r}.")
        do_revoke_token(found)
        self.stdout.write(f"Revoked {name}.")
