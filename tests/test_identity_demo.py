"""The demo's second factor: totp_code enrols an account and prints its current code."""

import io

import pytest
from django.core.management import CommandError, call_command

from tests import factories
from tests.totp import totp

pytestmark = pytest.mark.django_db


def command(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("totp_code", *args, stdout=out)
    return out.getvalue().split("\n")


def test_totp_code_enrols_once_and_prints_the_code_an_app_would_show() -> None:
    factories.agent("dana")
    first = command("dana", "--enrol")
    secret = first[0].removeprefix("secret ")
    assert first[1] in {totp(secret, step=step) for step in (-1, 0, 1)}
    assert command("dana", "--enrol")[0] == f"secret {secret}"
    assert command("dana")[0] in {totp(secret, step=step) for step in (-1, 0, 1)}


def test_totp_code_refuses_an_account_without_an_app_and_outside_development(settings) -> None:
    factories.agent("dana")
    with pytest.raises(CommandError, match="no authenticator app"):
        command("dana")
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development"):
        command("dana", "--enrol")
