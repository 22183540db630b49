"""The demo `make run` sets up: its accounts (each with its second factor), canned
responses in both languages, and management commands that work in a development checkout."""

import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from chatserver.chat.access import AGENTS_GROUP_NAME, SUPERVISORS_GROUP_NAME
from chatserver.chat.models import CannedResponse
from chatserver.env import development_checkout
from identity.totp import totp_secret
from tests.totp import totp

pytestmark = pytest.mark.django_db


def bootstrap(settings, tmp_path: Path) -> str:
    settings.DEBUG = True
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    call_command("bootstrap_demo", stdout=out)
    return out.getvalue()


def groups(username: str) -> set[str]:
    return set(User.objects.get(username=username).groups.values_list("name", flat=True))


def test_the_demo_has_two_agents_a_supervisor_and_an_admin(settings, tmp_path: Path) -> None:
    printed = bootstrap(settings, tmp_path)
    assert groups("demo-agent") == {AGENTS_GROUP_NAME}
    assert groups("demo-agent-2") == {AGENTS_GROUP_NAME}
    assert groups("demo-supervisor") == {AGENTS_GROUP_NAME, SUPERVISORS_GROUP_NAME}
    admin = User.objects.get(username="demo-admin")
    assert admin.is_superuser and admin.is_staff
    names = [User.objects.get(username=name).first_name for name in ("demo-agent", "demo-agent-2")]
    assert len(set(names)) == 2 and all(names)
    for username in ("demo-agent", "demo-agent-2", "demo-supervisor", "demo-admin"):
        line = re.search(rf"^ *{username} +(\S+) +([A-Z2-7]{{32}})  \(", printed, re.MULTILINE)
        assert line, printed
        user = User.objects.get(username=username)
        assert user.check_password(line.group(1))
        assert totp_secret(user) == line.group(2)


def test_the_demo_is_the_same_on_every_run(settings, tmp_path: Path) -> None:
    first = bootstrap(settings, tmp_path)
    assert bootstrap(settings, tmp_path) == first
    assert User.objects.filter(username__startswith="demo-").count() == 4


def test_the_demo_has_canned_responses_in_english_and_welsh(settings, tmp_path: Path) -> None:
    bootstrap(settings, tmp_path)
    bootstrap(settings, tmp_path)
    responses = list(CannedResponse.objects.prefetch_related("translations"))
    assert len(responses) >= 3
    for response in responses:
        welsh = {item.language: item.text for item in response.translations.all()}
        assert welsh.keys() == {"cy"} and welsh["cy"] != response.text


@pytest.mark.parametrize(
    ("username", "path", "shows"),
    [("demo-supervisor", "/console/dashboard/", "Subject"), ("demo-admin", "/admin/", "Canned")],
)
def test_a_code_from_a_printed_secret_signs_in(
    settings, tmp_path: Path, client, username: str, path: str, shows: str
) -> None:
    printed = bootstrap(settings, tmp_path)
    password, secret = re.search(rf"^ *{username} +(\S+) +(\S+)", printed, re.M).groups()
    client.post("/accounts/login/", {"login": username, "password": password})
    client.post("/accounts/2fa/authenticate/", {"code": totp(secret)})
    page = client.get(path)
    assert page.status_code == 200 and shows in page.content.decode()


@pytest.mark.parametrize(
    ("environ", "ring", "expected"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"DJANGO_DEBUG": "0"}, True, False),
        ({"DJANGO_SECRET_KEY": "deployed"}, True, False),
        ({"TRANSCRIPT_KEYS": "k1:AAAA"}, True, False),
        ({"TRANSCRIPT_KEYS": "", "DJANGO_SECRET_KEY": " "}, True, True),
    ],
)
def test_development_checkout_is_only_a_make_run_checkout_without_deployment_settings(
    tmp_path: Path, environ: dict[str, str], ring: bool, expected: bool
) -> None:
    if ring:
        (tmp_path / "dev-transcript-keys").write_text("dev-1:x\n")
    assert development_checkout(environ, tmp_path) is expected
