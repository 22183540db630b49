import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from chatserver.chat.access import AGENTS_GROUP_NAME, SUPERVISORS_GROUP_NAME
from identity.totp import ensure_totp

DEMO_USERNAME = "demo-agent"


class Command(BaseCommand):
    help = (
        "Development only: makes a demo agent (a supervisor too) when there is none and "
        "prints its credentials, its authenticator secret included. Run create_dev_keys first."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("bootstrap_demo is for development (DJANGO_DEBUG=1) only.")
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        self._ensure_demo_agent()

    def _ensure_demo_agent(self) -> None:
        password_file = settings.VAR_DIR / "demo-agent-password"
        user_model = get_user_model()
        with transaction.atomic():
            user = user_model.objects.filter(username=DEMO_USERNAME).first()
            if user is None or not password_file.exists():
                password = secrets.token_urlsafe(12)
                user = user or user_model(username=DEMO_USERNAME, first_name="Sam")
                user.set_password(password)
                user.is_staff = True
                user.save()
                password_file.touch(mode=0o600)
                password_file.write_text(password + "\n")
            user.groups.add(Group.objects.get_or_create(name=AGENTS_GROUP_NAME)[0])
            user.groups.add(Group.objects.get_or_create(name=SUPERVISORS_GROUP_NAME)[0])
        password = password_file.read_text().strip()
        secret = ensure_totp(user)
        self.stdout.write(f"Demo agent: username {DEMO_USERNAME}  password {password}")
        self.stdout.write(
            f"  Its authenticator app secret (TOTP, 6 digits, 30 s): {secret}\n"
            f"  or its current code: .venv/bin/python manage.py totp_code {DEMO_USERNAME}"
        )
