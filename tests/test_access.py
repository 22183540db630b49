"""Who may do what is decided in ``chatserver/chat/access.py`` alone."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from chatserver.chat import access
from chatserver.chat.errors import Forbidden
from tests import factories

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
TRANSPORT = [
    *sorted((ROOT / "chatserver" / "chat" / "consumers").glob("*.py")),
    ROOT / "chatserver" / "chat" / "views.py",
    *sorted((ROOT / "chatserver" / "console" / "views").glob("*.py")),
    ROOT / "widget" / "views.py",
]
# What an access rule is made of: group membership, who handled or holds a conversation.
RULE_PARTS = re.compile(
    r"\.groups\.|\bgroups__|handled_by\.filter|assigned_agent_id\s*[!=]=|is_superuser"
)


def _user(name: str, *groups: str) -> User:
    account = User.objects.create_user(name, password="pass-for-tests-123")
    for group in groups:
        account.groups.add(Group.objects.get_or_create(name=group)[0])
    return account


def test_only_agents_and_supervisors_pass_their_checks() -> None:
    tenant = _user("tenant")
    agent = _user("alice", access.AGENTS_GROUP_NAME)
    supervisor = _user("carol", access.AGENTS_GROUP_NAME, access.SUPERVISORS_GROUP_NAME)
    access.require_agent(agent)
    access.require_agent(supervisor)
    access.require_supervisor(supervisor)
    with pytest.raises(Forbidden, match="Agents only"):
        access.require_agent(tenant)
    with pytest.raises(Forbidden, match="Supervisors only"):
        access.require_supervisor(agent)
    assert set(access.agents()) == {agent, supervisor}
    assert not access.sees_diagnostics(agent) and access.sees_diagnostics(supervisor)


def test_a_reason_is_asked_only_of_those_who_did_not_handle_the_chat() -> None:
    alice, bob = factories.agent("alice"), factories.agent("bob")
    conversation = factories.conversation(handled_by=alice)
    assert not access.needs_read_reason(alice, conversation)
    assert access.needs_read_reason(bob, conversation)


@pytest.mark.parametrize("module", TRANSPORT, ids=lambda path: str(path.relative_to(ROOT)))
def test_transport_modules_hold_no_access_rule(module: Path) -> None:
    found = [line for line in module.read_text().splitlines() if RULE_PARTS.search(line)]
    assert found == [], f"{module.name} decides access itself: {found}"


def test_the_rule_scan_finds_a_rule() -> None:
    assert RULE_PARTS.search("handled = conversation.handled_by.filter(pk=user.pk).exists()")
    assert RULE_PARTS.search("User.objects.filter(groups__name__in=['agents'])")
