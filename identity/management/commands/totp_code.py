from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from identity.totp import current_code, ensure_totp, totp_secret


class Command(BaseCommand):
    help = (
        "Development only: prints the current authenticator code of an account (what its "
        "authenticator app would show). With --enrol, first enrols an account that has no "
        "authenticator app and prints its secret."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--enrol", action="store_true", help="Enrol the account first if it is not."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("totp_code is for development (DJANGO_DEBUG=1) only.")
        user = get_user_model()._default_manager.filter(username=options["username"]).first()
        if user is None:
            raise CommandError("No such account.")
        if options["enrol"]:
            self.stdout.write(f"secret {ensure_totp(user)}")
        secret = totp_secret(user)
        if secret is None:
            raise CommandError("The account has no authenticator app (sign in to set one up).")
        self.stdout.write(current_code(secret))
