import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from chatserver.chat.access import AGENTS_GROUP_NAME, SUPERVISORS_GROUP_NAME
from chatserver.chat.models import CannedResponse, CannedTranslation
from chatserver.teams.models import LanguageSkill, Team, Topic
from identity.totp import ensure_totp

DEMO_USERNAME = "demo-agent"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: str  # "agent", "supervisor" or "admin"


DEMO_ACCOUNTS = (
    DemoAccount(DEMO_USERNAME, "Sam", "agent"),
    DemoAccount("demo-agent-2", "Jordan", "agent"),
    DemoAccount("demo-supervisor", "Morgan", "supervisor"),
    DemoAccount("demo-admin", "Alex", "admin"),
)

# (shortcut, English, Welsh): what the console offers after "/" in the demo.
DEMO_CANNED = (
    (
        "hello",
        "Hello, thanks for getting in touch. How can I help?",
        "Helo, diolch am gysylltu. Sut alla i helpu?",
    ),
    (
        "repair-logged",
        "I have logged your repair. We will text you the appointment.",
        "Rydw i wedi cofnodi eich atgyweiriad. Byddwn yn anfon neges destun gyda'r apwyntiad.",
    ),
    (
        "anything-else",
        "Is there anything else I can help with today?",
        "Oes unrhyw beth arall y galla i helpu gydag ef heddiw?",
    ),
    (
        "goodbye",
        "Thank you for chatting with us. Goodbye.",
        "Diolch am sgwrsio gyda ni. Hwyl fawr.",
    ),
)


@dataclass(frozen=True)
class DemoTeam:
    name: str
    restricted: bool
    members: tuple[str, ...]
    # (slug, English label, Welsh label) of the topics that go to the team.
    topics: tuple[tuple[str, str, str], ...]


# A landlord's usual teams; Jordan (demo-agent-2) speaks Welsh.
DEMO_TEAMS = (
    DemoTeam(
        "Repairs",
        False,
        (DEMO_USERNAME, "demo-agent-2", "demo-supervisor"),
        (("repairs", "Repairs", "Atgyweiriadau"),),
    ),
    DemoTeam(
        "Rent and income",
        False,
        (DEMO_USERNAME, "demo-agent-2", "demo-supervisor"),
        (("rent", "Rent and payments", "Rhent a thaliadau"),),
    ),
    DemoTeam(
        "Neighbourhood",
        True,
        (DEMO_USERNAME, "demo-supervisor"),
        (("anti-social-behaviour", "Anti-social behaviour", "Ymddygiad gwrthgymdeithasol"),),
    ),
    DemoTeam(
        "Lettings",
        False,
        ("demo-agent-2", "demo-supervisor"),
        (("lettings", "Finding a home", "Dod o hyd i gartref"),),
    ),
    DemoTeam(
        "Safeguarding",
        True,
        ("demo-supervisor",),
        (("safeguarding", "Your safety or someone else's", "Eich diogelwch chi neu rywun arall"),),
    ),
)
WELSH_SPEAKERS = ("demo-agent-2",)


class Command(BaseCommand):
    help = (
        "Development only: makes the demo accounts (two agents, a supervisor, an admin) and "
        "canned responses in English and Welsh when they are missing, and prints each "
        "account's password and authenticator secret. Run create_dev_keys first."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("bootstrap_demo is for development (DJANGO_DEBUG=1) only.")
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        rows = [self._ensure_account(account) for account in DEMO_ACCOUNTS]
        self._ensure_canned()
        self._ensure_teams()
        self.stdout.write(
            "Demo accounts (development only; sign in at /accounts/login/ with the password,\n"
            "then the 6-digit code an authenticator app shows for the secret, or\n"
            "`.venv/bin/python manage.py totp_code USERNAME`):"
        )
        width = max(len(account.username) for account in DEMO_ACCOUNTS)
        for account, (password, secret) in zip(DEMO_ACCOUNTS, rows, strict=True):
            self.stdout.write(
                f"  {account.username:<{width}}  {password}  {secret}"
                f"  ({account.display_name}, {account.role})"
            )

    def _ensure_account(self, account: DemoAccount) -> tuple[str, str]:
        """Makes the account when missing (or its password file is); its password and
        authenticator secret."""
        password_file = settings.VAR_DIR / f"{account.username}-password"
        user_model = get_user_model()
        with transaction.atomic():
            user = user_model.objects.filter(username=account.username).first()
            if user is None or not password_file.exists():
                password = secrets.token_urlsafe(12)
                user = user or user_model(username=account.username)
                user.first_name = account.display_name
                user.set_password(password)
                user.is_staff = account.role != "agent"
                user.is_superuser = account.role == "admin"
                user.save()
                password_file.touch(mode=0o600)
                password_file.write_text(password + "\n")
            if account.role != "admin":
                user.groups.add(Group.objects.get_or_create(name=AGENTS_GROUP_NAME)[0])
            if account.role == "supervisor":
                user.groups.add(Group.objects.get_or_create(name=SUPERVISORS_GROUP_NAME)[0])
        return password_file.read_text().strip(), ensure_totp(user)

    @transaction.atomic
    def _ensure_canned(self) -> None:
        for shortcut, english, welsh in DEMO_CANNED:
            response, created = CannedResponse.objects.get_or_create(
                shortcut=shortcut, defaults={"text": english}
            )
            if created:
                CannedTranslation.objects.create(response=response, language="cy", text=welsh)

    @transaction.atomic
    def _ensure_teams(self) -> None:
        """The demo's teams, their members and topics, and its Welsh speaker."""
        users = get_user_model().objects
        position = 0
        for demo in DEMO_TEAMS:
            team, _created = Team.objects.get_or_create(
                name=demo.name, defaults={"restricted": demo.restricted}
            )
            team.members.add(*users.filter(username__in=demo.members))
            for slug, label, label_cy in demo.topics:
                position += 1
                Topic.objects.get_or_create(
                    slug=slug,
                    defaults={
                        "label": label,
                        "label_cy": label_cy,
                        "team": team,
                        "position": position,
                    },
                )
        for user in users.filter(username__in=WELSH_SPEAKERS):
            LanguageSkill.objects.get_or_create(agent=user, language="cy")
