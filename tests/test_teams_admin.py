"""Teams, topics and language skills: configured in the admin (audited) and seeded by the
demo with a landlord's usual teams and a Welsh speaker."""

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from chatserver.teams.models import LanguageSkill, Team, Topic
from tests import factories
from tests.mfa import sign_in
from transcripts.compliance.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["superuser", "supervisor"])
def admin_client(request: pytest.FixtureRequest) -> Client:
    """The admin as its superuser, and as a supervisor who is not staff (they keep teams)."""
    client = Client()
    if request.param == "superuser":
        sign_in(client, User.objects.create_superuser("root", password="root-pass-for-tests-1"))
    else:
        sign_in(client, factories.supervisor("morgan"))
    return client


def audited(model: str) -> list[dict[str, object]]:
    return [
        entry.detail
        for entry in AuditEntry.objects.filter(action="admin_change").order_by("at")
        if entry.detail.get("model") == f"teams.{model}"
    ]


def test_a_supervisor_sets_up_a_team_with_members_and_its_topics(admin_client: Client) -> None:
    bob = factories.agent("bob")
    added = admin_client.post(
        "/admin/teams/team/add/",
        {
            "name": "Safeguarding",
            "restricted": "on",
            "members": [bob.pk],
            "topics-TOTAL_FORMS": "1",
            "topics-INITIAL_FORMS": "0",
            "topics-0-slug": "safeguarding",
            "topics-0-label": "Worried about someone",
            "topics-0-label_cy": "Pryderu am rywun",
            "topics-0-position": "5",
        },
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    team = Team.objects.get(name="Safeguarding")
    assert team.restricted and list(team.members.all()) == [bob]
    assert Topic.objects.get(slug="safeguarding").team == team
    assert audited("team")


def test_an_agents_language_skill_is_set_in_the_admin(admin_client: Client) -> None:
    bob = factories.agent("bob")
    added = admin_client.post(
        "/admin/teams/languageskill/add/", {"agent": bob.pk, "language": "cy"}
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    assert LanguageSkill.objects.filter(agent=bob, language="cy").exists()
    assert audited("languageskill")


def test_the_team_pages_list(admin_client: Client) -> None:
    for page in ("team", "topic", "languageskill"):
        assert admin_client.get(f"/admin/teams/{page}/").status_code == 200


def test_the_demo_has_a_landlords_teams_topics_and_a_welsh_speaker(
    settings, tmp_path: Path
) -> None:
    settings.DEBUG = True
    settings.VAR_DIR = tmp_path
    for _run in range(2):  # the same on every run
        call_command("bootstrap_demo", stdout=io.StringIO())
    names = set(Team.objects.values_list("name", flat=True))
    assert names == {
        "Repairs",
        "Rent and income",
        "Neighbourhood",
        "Lettings",
        "Safeguarding",
    }
    assert set(Team.objects.filter(restricted=True).values_list("name", flat=True)) == {
        "Neighbourhood",
        "Safeguarding",
    }
    assert all(team.topics.exists() and team.members.exists() for team in Team.objects.all())
    assert all(topic.label_cy for topic in Topic.objects.all())
    assert LanguageSkill.objects.filter(language="cy").exists()
    assert Topic.objects.count() == len(set(Topic.objects.values_list("slug", flat=True)))
