"""``/scim/v2/`` in process: bearer tokens, SCIM errors, Entra ID's requests, the audit
log, and a deactivation or DELETE taking the agent out of routing."""

import json
import logging
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from chatserver.chat import availability, state
from chatserver.chat.models import AgentSocket
from identity.scim.actions import do_create_token
from identity.scim.models import ScimToken
from identity.scim.parsing import PATCH_SCHEMA, USER_SCHEMA
from tests import factories
from transcripts.compliance.models import AuditEntry

pytestmark = pytest.mark.django_db

ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"
SCIM_JSON = "application/scim+json"


@pytest.fixture
def token() -> str:
    return do_create_token("entra-id")


@pytest.fixture
def scim(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", enforce_csrf_checks=True)


def send(client: Client, method: str, path: str, body: Any = None) -> Any:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return getattr(client, method)(f"/scim/v2/{path}", data=data, content_type=SCIM_JSON)


def deactivation(*, entra_form: bool) -> dict[str, Any]:
    operation = (
        {"op": "Replace", "path": "active", "value": "False"}
        if entra_form
        else {"op": "replace", "value": {"active": False}}
    )
    return {"schemas": [PATCH_SCHEMA], "Operations": [operation]}


def assert_scim_error(response: Any, status: int, scim_type: str | None = None) -> None:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == SCIM_JSON
    body = response.json()
    assert body["schemas"] == [ERROR_SCHEMA] and body["status"] == str(status)
    assert body.get("scimType") == scim_type


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer wrong-token", "Basic ZW50cmE6aWQ=", "bearer  scim-nope"],
)
def test_a_missing_or_wrong_token_gets_a_scim_401(token: str, authorization: str | None) -> None:
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    for path in ("Users", "Users/1", "ServiceProviderConfig", "Schemas", "ResourceTypes"):
        response = Client(**headers).get(f"/scim/v2/{path}")
        assert_scim_error(response, 401)
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_token_is_stored_as_its_hash_only(token: str) -> None:
    stored = ScimToken.objects.get(name="entra-id")
    assert token not in stored.digest and len(stored.digest) == 64


def test_a_revoked_token_stops_working_at_once(scim: Client) -> None:
    assert scim.get("/scim/v2/Users").status_code == 200
    call_command("scim_token", "revoke", "entra-id", stdout=StringIO())
    assert_scim_error(scim.get("/scim/v2/Users"), 401)
    actions = list(AuditEntry.objects.order_by("at").values_list("action", "detail"))
    assert actions == [
        ("scim_token_created", {"token": "entra-id"}),
        ("scim_token_revoked", {"token": "entra-id"}),
    ]


def test_the_command_prints_the_token_once_and_lists_no_secret() -> None:
    out, err = StringIO(), StringIO()
    call_command("scim_token", "create", "okta", stdout=out, stderr=err)
    made = out.getvalue().strip()
    assert made.startswith("scim-") and "cannot be shown again" in err.getvalue()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {made}").get("/scim/v2/Users").status_code == 200
    listed = StringIO()
    call_command("scim_token", "list", stdout=listed)
    assert "okta\tlive" in listed.getvalue() and made not in listed.getvalue()


def test_discovery_documents(scim: Client) -> None:
    config = scim.get("/scim/v2/ServiceProviderConfig").json()
    assert config["patch"]["supported"] is True and config["bulk"]["supported"] is False
    types = scim.get("/scim/v2/ResourceTypes").json()
    assert [t["endpoint"] for t in types["Resources"]] == ["/Users", "/Groups"]
    schema = scim.get(f"/scim/v2/Schemas/{USER_SCHEMA}").json()
    assert {a["name"] for a in schema["attributes"]} == {
        "userName",
        "externalId",
        "name",
        "displayName",
        "active",
        "emails",
    }
    assert_scim_error(scim.get("/scim/v2/Schemas/urn:nope"), 404)


def entra_user(user_name: str = "alice@contoso.example") -> dict[str, Any]:
    return {
        "schemas": [USER_SCHEMA],
        "externalId": "alice",
        "userName": user_name,
        "active": True,
        "displayName": "Alice Jones",
        "emails": [{"primary": True, "type": "work", "value": "alice@contoso.example"}],
        "name": {"familyName": "Jones", "givenName": "Alice"},
    }


def test_entra_ids_create_then_match_by_filter(scim: Client) -> None:
    created = send(scim, "post", "Users", entra_user())
    assert created.status_code == 201, created.content
    resource = created.json()
    user = User.objects.get(pk=int(resource["id"]))
    assert (user.username, user.first_name, user.last_name, user.email) == (
        "alice@contoso.example",
        "Alice",
        "Jones",
        "alice@contoso.example",
    )
    assert not user.has_usable_password() and user.is_active
    assert created["Location"].endswith(f"/scim/v2/Users/{user.pk}")
    found = scim.get("/scim/v2/Users", {"filter": 'userName eq "ALICE@contoso.example"'}).json()
    assert found["totalResults"] == 1 and found["Resources"][0] == resource
    assert resource["externalId"] == "alice" and resource["displayName"] == "Alice Jones"
    none = scim.get("/scim/v2/Users", {"filter": 'userName eq "bob@contoso.example"'}).json()
    assert (none["totalResults"], none["Resources"]) == (0, [])
    by_external = scim.get("/scim/v2/Users", {"filter": 'externalId eq "alice"'}).json()
    assert by_external["totalResults"] == 1


def test_a_taken_user_name_is_a_scim_409(scim: Client) -> None:
    factories.agent("alice@contoso.example")
    assert_scim_error(send(scim, "post", "Users", entra_user()), 409, "uniqueness")


@pytest.mark.parametrize(
    ("body", "scim_type"),
    [
        ("{not json", "invalidSyntax"),
        (b"\xff\xfe", "invalidSyntax"),
        ({"schemas": [USER_SCHEMA], "userName": "a", "phoneNumbers": []}, "invalidPath"),
        ({"schemas": [USER_SCHEMA], "userName": "has space"}, "invalidValue"),
    ],
)
def test_bad_bodies_get_scim_400s_never_500s(scim: Client, body: Any, scim_type: str) -> None:
    assert_scim_error(send(scim, "post", "Users", body), 400, scim_type)
    assert not User.objects.exists()


def test_bad_filters_and_methods_get_scim_errors(scim: Client) -> None:
    bad_filter = scim.get("/scim/v2/Users", {"filter": 'userName sw "a"'})
    assert_scim_error(bad_filter, 400, "invalidFilter")
    assert_scim_error(scim.get("/scim/v2/Users", {"count": "many"}), 400, "invalidValue")
    assert_scim_error(scim.get("/scim/v2/Users/999999"), 404)
    assert_scim_error(scim.get("/scim/v2/Users/not-an-id"), 404)
    assert_scim_error(send(scim, "delete", "Users", None), 405)


def test_superusers_are_out_of_scims_reach(scim: Client) -> None:
    root = User.objects.create_superuser("root", password="x" * 20)
    assert_scim_error(scim.get(f"/scim/v2/Users/{root.pk}"), 404)
    assert_scim_error(send(scim, "patch", f"Users/{root.pk}", deactivation(entra_form=True)), 404)
    root.refresh_from_db()
    assert root.is_active


def test_paging(scim: Client) -> None:
    for name in ("a1", "a2", "a3"):
        factories.agent(name)
    page = scim.get("/scim/v2/Users", {"startIndex": "2", "count": "1"}).json()
    assert (page["totalResults"], page["startIndex"], page["itemsPerPage"]) == (3, 2, 1)
    assert page["Resources"][0]["userName"] == "a2"


@pytest.mark.parametrize("entra_form", [True, False])
def test_a_patch_deactivation_takes_the_agent_out_of_routing_and_is_audited(
    scim: Client, entra_form: bool, django_capture_on_commit_callbacks: Any
) -> None:
    alice = factories.online_agent("alice")
    assert availability.agents_with_capacity().filter(agent_id=alice.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = send(scim, "patch", f"Users/{alice.pk}", deactivation(entra_form=entra_form))
    assert response.status_code == 200 and response.json()["active"] is False
    alice.refresh_from_db()
    assert not alice.is_active
    assert not AgentSocket.objects.filter(agent=alice).exists()
    assert not availability.agents_with_capacity().exists()
    entry = AuditEntry.objects.get(action="scim_user_changed")
    assert entry.actor_id is None
    assert entry.detail == {
        "token": "entra-id",
        "user_id": alice.pk,
        "change": "patched",
        "attributes": ["active"],
    }


def test_delete_deactivates_and_keeps_the_account(
    scim: Client, django_capture_on_commit_callbacks: Any
) -> None:
    alice = factories.online_agent("alice")
    with django_capture_on_commit_callbacks(execute=True):
        response = send(scim, "delete", f"Users/{alice.pk}")
    assert response.status_code == 204
    alice.refresh_from_db()
    assert not alice.is_active
    assert not AgentSocket.objects.filter(agent=alice).exists()
    assert AuditEntry.objects.get(action="scim_user_changed").detail["change"] == "deactivated"


def test_put_replaces_and_clears_what_it_leaves_out(scim: Client) -> None:
    alice = factories.agent("alice")
    body = {"schemas": [USER_SCHEMA], "userName": "alice", "name": {"givenName": "Ali"}}
    response = send(scim, "put", f"Users/{alice.pk}", body)
    assert response.status_code == 200, response.content
    alice.refresh_from_db()
    assert (alice.first_name, alice.email, alice.is_active) == ("Ali", "", True)
    entry = AuditEntry.objects.get(action="scim_user_changed")
    assert entry.detail["change"] == "replaced" and entry.detail["attributes"] == ["name.givenName"]


def test_an_unchanged_patch_writes_no_audit_entry(scim: Client) -> None:
    alice = factories.agent("alice")
    body = {
        "schemas": [PATCH_SCHEMA],
        "Operations": [{"op": "replace", "path": "active", "value": True}],
    }
    assert send(scim, "patch", f"Users/{alice.pk}", body).status_code == 200
    assert not AuditEntry.objects.filter(action="scim_user_changed").exists()


def test_no_session_cookie_and_no_csrf_token_needed(scim: Client) -> None:
    response = send(scim, "post", "Users", entra_user())
    assert response.status_code == 201
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies


def test_nothing_scim_sends_reaches_the_log(scim: Client, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    send(scim, "post", "Users", entra_user())
    scim.get("/scim/v2/Users", {"filter": 'userName eq "alice@contoso.example"'})
    send(
        scim, "post", "Users", {"schemas": [USER_SCHEMA], "userName": "x", "title": "secret-title"}
    )
    assert "contoso" not in caplog.text and "secret-title" not in caplog.text


def test_a_deactivated_agents_chat_goes_back_to_the_queue(
    scim: Client, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.CHAT_ROUTING = "auto"
    alice = factories.online_agent("alice")
    conversation = factories.started()
    assert conversation.live.assigned_agent_id == alice.pk
    with django_capture_on_commit_callbacks(execute=True):
        send(scim, "patch", f"Users/{alice.pk}", deactivation(entra_form=True))
    conversation.refresh_from_db()
    assert (conversation.live.status, conversation.live.assigned_agent_id) == ("offline", None)
    assert conversation in state.queued()
