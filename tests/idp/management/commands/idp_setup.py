"""Makes the signing key, the chat server's client and the users of the users file."""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from oidc_provider.models import Client, ResponseType


class Command(BaseCommand):
    help = "Sets up the test identity provider: key, client, users."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--client-secret", required=True)
        parser.add_argument("--redirect-uri", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("creatersakey")
        client = Client.objects.create(
            name="Housing chat",
            client_type="confidential",
            client_id=options["client_id"],
            client_secret=options["client_secret"],
            jwt_alg="RS256",
            require_consent=False,
            reuse_consent=True,
        )
        client.redirect_uris = [options["redirect_uri"]]
        client.scope = ["openid", "profile", "email"]
        client.save()
        client.response_types.add(ResponseType.objects.get(value="code"))
        model = get_user_model()
        for username, entry in json.loads(Path(settings.IDP_USERS_FILE).read_text()).items():
            user = model.objects.create_user(
                username, email=f"{username}@idp.example", password=entry["password"]
            )
            user.first_name = entry.get("name", username.title())
            user.save()
