"""create_agent refuses a display name another agent already shows visitors (usability
review, set-up: following the README gave "Sam transferred the chat to Sam")."""

import io

import pytest
from django.core.management import CommandError, call_command

from tests import factories

pytestmark = pytest.mark.django_db


def create(name: str, display_name: str) -> None:
    call_command("create_agent", name, "--password-stdin", "--display-name", display_name)


def test_a_display_name_in_use_by_another_agent_is_refused(monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(factories.PASSWORD + "\n"))
    create("sam", "Sam")
    monkeypatch.setattr("sys.stdin", io.StringIO(factories.PASSWORD + "\n"))
    with pytest.raises(CommandError, match='The agent sam already shows visitors the name "Sam"'):
        create("sam2", "sam")
    monkeypatch.setattr("sys.stdin", io.StringIO(factories.PASSWORD + "\n"))
    create("sam", "Sam")  # the same account may keep its own name
