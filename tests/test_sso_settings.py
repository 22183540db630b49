"""The single sign-on settings: plain values parsed by identity.sso, a bad one a check error
that stops the server."""

from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from identity.sso import checks, config
from tests.production import production_env, run

GOOD = {
    "OIDC_SERVER_URL": "https://login.microsoftonline.com/0000-tenant/v2.0",
    "OIDC_CLIENT_ID": "app-id",
    "OIDC_CLIENT_SECRET": "s3cret-value-never-echoed",
    "OIDC_AGENT_ROLES": "Chat.Agent",
    "OIDC_SUPERVISOR_ROLES": "Chat.Supervisor",
}


def check_ids(**values: Any) -> list[str]:
    with override_settings(**{**GOOD, **values}):
        return [message.id for message in checks.check_sso_settings()]


def test_a_good_configuration_passes_and_parses() -> None:
    assert check_ids() == []
    with override_settings(**{**GOOD, "OIDC_AGENT_ROLES": " Chat.Agent , Housing Agents "}):
        role_map = config.role_map()
        provider = config.provider()
    assert role_map.agent == {"Chat.Agent", "Housing Agents"}
    assert role_map.claim == "roles"
    assert provider is not None and provider.provider_id == "sso"


def test_single_sign_on_off_needs_nothing() -> None:
    assert check_ids(OIDC_SERVER_URL="", OIDC_CLIENT_ID="", OIDC_CLIENT_SECRET="") == []


@pytest.mark.parametrize(
    ("values", "check_id"),
    [
        ({"OIDC_SERVER_URL": "http://login.example.org"}, "identity.E001"),
        ({"OIDC_SERVER_URL": "ftp://login.example.org"}, "identity.E001"),
        ({"OIDC_SERVER_URL": "https://login.example.org/?tenant=1"}, "identity.E001"),
        ({"OIDC_SERVER_URL": "https://user:pw@login.example.org"}, "identity.E001"),
        ({"OIDC_CLIENT_SECRET": ""}, "identity.E001"),
        ({"OIDC_SERVER_URL": ""}, "identity.E001"),
        ({"OIDC_PROVIDER_ID": "Entra ID"}, "identity.E001"),
        ({"OIDC_AGENT_ROLES": "", "OIDC_SUPERVISOR_ROLES": ""}, "identity.E002"),
        ({"OIDC_AGENT_ROLES": "Chat.Agent,,Other"}, "identity.E002"),
        ({"OIDC_SUPERVISOR_ROLES": "Chat.Supervisor,"}, "identity.E002"),
        ({"OIDC_ROLES_CLAIM": "app roles"}, "identity.E002"),
        ({"OIDC_MFA_AMR": ""}, "identity.E003"),
        ({"OIDC_MFA_AMR": "mfa, multi factor"}, "identity.E003"),
        (
            {
                "SSO_ONLY": True,
                "OIDC_SERVER_URL": "",
                "OIDC_CLIENT_ID": "",
                "OIDC_CLIENT_SECRET": "",
            },
            "identity.E004",
        ),
    ],
)
def test_bad_values_are_check_errors(values: dict[str, Any], check_id: str) -> None:
    assert check_id in check_ids(**values)


def test_plain_http_is_allowed_on_loopback_only() -> None:
    assert check_ids(OIDC_SERVER_URL="http://127.0.0.1:8800/openid") == []
    assert check_ids(OIDC_SERVER_URL="http://localhost:8800/openid") == []
    assert check_ids(OIDC_SERVER_URL="http://10.0.0.1/openid") == ["identity.E001"]


def test_the_mfa_check_may_be_turned_off_with_an_empty_list() -> None:
    assert check_ids(OIDC_REQUIRE_MFA=False, OIDC_MFA_AMR="") == []


def test_a_bad_single_sign_on_setting_stops_the_server_without_echoing_the_secret(
    tmp_path: Path,
) -> None:
    env = production_env(
        tmp_path / "prod.sqlite3", **{**GOOD, "OIDC_SERVER_URL": "http://login.example.org"}
    )
    checked = run(env, "manage.py", "check")
    assert checked.returncode == 1, checked.stderr
    assert "(identity.E001) OIDC_SERVER_URL must use https://" in checked.stderr
    served = run(env, "-c", "import chatserver.asgi")
    assert served.returncode != 0
    assert "The chat server cannot start" in served.stderr
    assert "identity.E001" in served.stderr
    output = checked.stdout + checked.stderr + served.stdout + served.stderr
    assert GOOD["OIDC_CLIENT_SECRET"] not in output
