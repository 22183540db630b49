"""The test claims: each user's ``amr`` and ``roles`` from the users file, read at every sign-in
so that a test can change them between two sign-ins (a role removed, MFA skipped)."""

import json
from pathlib import Path
from typing import Any

from django.conf import settings


def users() -> dict[str, dict[str, Any]]:
    return json.loads(Path(settings.IDP_USERS_FILE).read_text())


def add_test_claims(id_token: dict[str, Any], user: Any, **kwargs: Any) -> dict[str, Any]:
    entry = users().get(user.username, {})
    for claim in ("amr", "roles"):
        if claim in entry:
            id_token[claim] = entry[claim]
    return id_token


def userinfo(claims: dict[str, Any], user: Any) -> dict[str, Any]:
    claims["preferred_username"] = user.username
    claims["given_name"] = user.first_name
    claims["name"] = user.first_name
    claims["email"] = user.email
    return claims
