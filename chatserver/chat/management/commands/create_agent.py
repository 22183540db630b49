import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from chatserver.chat.access import AGENTS_GROUP_NAME, SUPERVISORS_GROUP_NAME


class Command(BaseCommand):
    help = "Creates (or updates) an agent account non-interactively."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--password-stdin", action="store_true", help="Read the password from standard input."
        )
        parser.add_argument("--display-name", default="", help="The name visitors see.")
        parser.add_argument(
            "--supervisor", action="store_true", help="Also make the agent a supervisor."
        )
        parser.add_argument(
            "--skip-password-validation",
            action="store_true",
            help="Accept a password Django's validators would refuse (test set-ups only).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["password_stdin"]:
            raise CommandError("Give the password on standard input with --password-stdin.")
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CommandError("The password read from standard input is empty.")
        user_model = get_user_model()
        username = options["username"]
        if not options["skip_password_validation"]:
            try:
                validate_password(password, user_model(username=username))
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        display_name = options["display_name"]
        taken = (
            user_model.objects.filter(first_name__iexact=display_name, is_active=True)
            .exclude(username=username)
            .first()
            if display_name
            else None
        )
        if taken is not None:
            raise CommandError(
                f'The agent {taken.username} already shows visitors the name "{taken.first_name}": '
                "choose another, such as one with an initial, so that visitors and transcripts "
                "can tell the two apart."
            )
        with transaction.atomic():
            user, created = user_model.objects.get_or_create(username=username)
            user.set_password(password)
            if options["display_name"]:
                user.first_name = options["display_name"]
            user.is_active = True
            user.save()
            user.groups.add(Group.objects.get_or_create(name=AGENTS_GROUP_NAME)[0])
            if options["supervisor"]:
                user.groups.add(Group.objects.get_or_create(name=SUPERVISORS_GROUP_NAME)[0])
        self.stdout.write(f"{'Created' if created else 'Updated'} agent {username} (id {user.pk}).")
