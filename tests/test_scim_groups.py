"""SCIM groups are the two roles: Entra ID's group lookups and membership PATCHes, and a
member taken out of their last role leaving routing at once."""

import json
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from chatserver.chat import availability
from chatserver.chat.access import is_agent, is_supervisor
from chatserver.chat.models import AgentSocket
from identity.scim.actions import do_create_token
from identity.scim.errors import ScimError
from identity.scim.groups import GROUP_SCHEMA, MemberChanges, parse_group, parse_group_patch
from identity.scim.parsing import PATCH_SCHEMA
from tests import factories
from transcripts.compliance.models import AuditEntry

SCIM_JSON = "application/scim+json"


def patch(*operations: Any) -> dict[str, Any]:
    return {"schemas": [PATCH_SCHEMA], "Operations": list(operations)}


def member(user_id: Any) -> dict[str, Any]:
    return {"value": str(user_id)}


# Parsing ---------------------------------------------------------------------------------


def test_entra_ids_membership_operations() -> None:
    body = patch(
        {"op": "Add", "path": "members", "value": [member(1), member(2)]},
        {"op": "Remove", "path": 'members[value eq "2"]'},
        {"op": "Remove", "path": "members", "value": [member(3)]},
    )
    assert parse_group_patch(body, "agents") == MemberChanges(added={"1"}, removed={"2", "3"})


def test_replace_and_remove_all() -> None:
    replaced = parse_group_patch(
        patch({"op": "replace", "path": "members", "value": [member(4)]}), "agents"
    )
    assert replaced == MemberChanges(replace={"4"})
    cleared = parse_group_patch(patch({"op": "remove", "path": "members"}), "agents")
    assert cleared == MemberChanges(replace=set())


def test_a_path_less_update_may_restate_the_name_but_not_change_it() -> None:
    same = patch({"op": "Replace", "value": {"displayName": "Agents", "members": [member(5)]}})
    assert parse_group_patch(same, "agents") == MemberChanges(replace={"5"})
    renamed = patch({"op": "Replace", "value": {"displayName": "supervisors"}})
    with pytest.raises(ScimError) as refused:
        parse_group_patch(renamed, "agents")
    assert refused.value.scim_type == "mutability"


@pytest.mark.parametrize("name", ["Agents", " supervisors "])
def test_only_the_roles_can_be_made(name: str) -> None:
    assert parse_group({"schemas": [GROUP_SCHEMA], "displayName": name}) == name.strip().lower()
    with pytest.raises(ScimError):
        parse_group({"schemas": [GROUP_SCHEMA], "displayName": "Housing Officers"})
    with pytest.raises(ScimError):
        parse_group({"schemas": [GROUP_SCHEMA], "displayName": name, "externalId": "x"})


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=3)
    ),
    max_leaves=15,
)


@settings(max_examples=300)
@given(
    st.one_of(
        json_values,
        st.lists(
            st.dictionaries(
                st.sampled_from(["op", "path", "value", "OP"]), json_values, max_size=3
            ),
            max_size=3,
        ).map(lambda operations: patch(*operations)),
        st.lists(st.integers(min_value=-5, max_value=10**20), max_size=3).map(
            lambda ids: patch(
                {"op": "add", "path": "members", "value": [{"value": i} for i in ids]}
            )
        ),
    )
)
def test_any_json_as_a_group_patch_gives_changes_or_a_scim_400(body: Any) -> None:
    try:
        changes = parse_group_patch(body, "agents")
    except ScimError as refused:
        assert refused.status == 400 and refused.scim_type
    else:
        every = changes.added | changes.removed | (changes.replace or set())
        assert all(i.isdigit() for i in every)


# The endpoint ----------------------------------------------------------------------------


@pytest.fixture
def scim(db: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {do_create_token('entra-id')}")


def send(client: Client, method: str, path: str, body: Any = None) -> Any:
    return getattr(client, method)(
        f"/scim/v2/{path}", data=json.dumps(body), content_type=SCIM_JSON
    )


def group_id(name: str) -> int:
    return Group.objects.get_or_create(name=name)[0].pk


@pytest.mark.django_db
def test_entra_ids_lookup_create_and_add(scim: Client) -> None:
    none = scim.get("/scim/v2/Groups", {"filter": 'displayName eq "Supervisors"'}).json()
    assert none["totalResults"] == 0
    created = send(
        scim, "post", "Groups", {"schemas": [GROUP_SCHEMA], "displayName": "supervisors"}
    )
    assert created.status_code == 201
    found = scim.get("/scim/v2/Groups", {"filter": 'displayName eq "Supervisors"'}).json()
    assert found["Resources"][0]["id"] == created.json()["id"]
    refused = send(scim, "post", "Groups", {"schemas": [GROUP_SCHEMA], "displayName": "everyone"})
    assert refused.status_code == 400 and refused.json()["scimType"] == "invalidValue"
    user = factories.account("dave")
    agents = group_id("agents")
    added = send(
        scim,
        "patch",
        f"Groups/{agents}",
        patch({"op": "Add", "path": "members", "value": [member(user.pk)]}),
    )
    assert added.status_code == 200 and added.json()["members"] == [member(user.pk)]
    assert is_agent(user)
    entry = AuditEntry.objects.filter(action="scim_group_changed").latest("at")
    assert entry.detail == {
        "token": "entra-id",
        "group": "agents",
        "change": "members",
        "added": [user.pk],
        "removed": [],
    }


@pytest.mark.django_db
def test_removal_from_the_last_role_takes_the_agent_out_of_routing(
    scim: Client, django_capture_on_commit_callbacks: Any
) -> None:
    alice = factories.online_agent("alice")
    with django_capture_on_commit_callbacks(execute=True):
        response = send(
            scim,
            "patch",
            f"Groups/{group_id('agents')}",
            patch({"op": "Remove", "path": f'members[value eq "{alice.pk}"]'}),
        )
    assert response.status_code == 200 and response.json()["members"] == []
    assert not is_agent(alice)
    assert not AgentSocket.objects.filter(agent=alice).exists()
    assert not availability.agents_with_capacity().exists()


@pytest.mark.django_db
def test_losing_the_supervisor_role_keeps_the_agent_role(
    scim: Client, django_capture_on_commit_callbacks: Any
) -> None:
    carol = factories.supervisor("carol")
    factories.go_online(carol)
    with django_capture_on_commit_callbacks(execute=True):
        send(scim, "delete", f"Groups/{group_id('supervisors')}")
    assert is_agent(carol) and not is_supervisor(carol)
    assert AgentSocket.objects.filter(agent=carol).exists()
    assert Group.objects.filter(name="supervisors").exists()


@pytest.mark.django_db
def test_unknown_members_other_groups_and_superusers_are_refused(scim: Client) -> None:
    from django.contrib.auth.models import User

    root = User.objects.create_superuser("root", password="x" * 20)
    agents = group_id("agents")
    for target in (999999, root.pk):
        response = send(
            scim,
            "patch",
            f"Groups/{agents}",
            patch({"op": "add", "path": "members", "value": [member(target)]}),
        )
        assert response.status_code == 400 and response.json()["scimType"] == "invalidValue"
    other = Group.objects.create(name="admins").pk
    assert scim.get(f"/scim/v2/Groups/{other}").status_code == 404
    assert not root.groups.exists()
