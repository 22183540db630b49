"""The console's API tokens page: supervisors only; a new token is shown once, on the
answer that made it; the list shows its prefix, scopes, when made and last used; revoking
stops it at once; each step audited."""

import pytest
from django.test import Client

from chatserver.api.models import ApiToken
from chatserver.api.scopes import Scope
from tests import factories
from tests.mfa import sign_in
from transcripts.compliance import audit
from transcripts.compliance.models import AuditEntry

pytestmark = pytest.mark.django_db
PAGE = "/console/api-tokens/"


@pytest.fixture
def supervisor_client() -> Client:
    client = Client()
    sign_in(client, factories.supervisor("sam"))
    return client


def test_an_agent_may_not_open_or_use_the_page() -> None:
    client = Client()
    sign_in(client, factories.agent("alice"))
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"name": "x", "scopes": [Scope.READ_REPORTS]}).status_code == 403
    assert not ApiToken.objects.exists()


def test_a_token_is_shown_once_then_listed_by_its_prefix(supervisor_client: Client) -> None:
    scopes = [Scope.READ_CONVERSATIONS, Scope.READ_REPORTS]
    made = supervisor_client.post(PAGE, {"name": "Housing system", "scopes": scopes})
    assert made.status_code == 201
    assert made["Cache-Control"] == "no-store, private"
    token = ApiToken.objects.get()
    shown = made.content.decode()
    value = shown.split('<code id="token-value">')[1].split("</code>")[0]
    assert value.startswith(f"hcapi_{token.prefix}_")

    listed = supervisor_client.get(PAGE).content.decode()
    assert value not in listed and f"hcapi_{token.prefix}…" in listed
    assert "conversations:read, reports:read" in listed and "Never" in listed
    assert Client(HTTP_AUTHORIZATION=f"Bearer {value}").get("/api/v1/cases").status_code == 200
    assert "Never" not in supervisor_client.get(PAGE).content.decode()
    created = AuditEntry.objects.get(action=audit.API_TOKEN_CREATED)
    assert created.detail == {"token": token.prefix, "scopes": sorted(scopes)}


@pytest.mark.parametrize(
    ("name", "scopes", "why"),
    [
        ("", [Scope.READ_REPORTS], "Give the token a name"),
        ("x" * 101, [Scope.READ_REPORTS], "Give the token a name"),
        ("Housing system", [], "Tick at least one"),
        ("Housing system", ["admin:everything"], "not one the API knows"),
    ],
)
def test_a_bad_form_makes_no_token_and_says_why(
    supervisor_client: Client, name: str, scopes: list[str], why: str
) -> None:
    response = supervisor_client.post(PAGE, {"name": name, "scopes": scopes})
    assert response.status_code == 400 and why in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_stops_the_token_at_once(supervisor_client: Client) -> None:
    supervisor_client.post(PAGE, {"name": "CRM", "scopes": [Scope.READ_REPORTS]})
    token = ApiToken.objects.get()
    response = supervisor_client.post(f"{PAGE}{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    again = supervisor_client.post(f"{PAGE}{token.pk}/revoke/")
    assert again.status_code == 409
    revoked = AuditEntry.objects.get(action=audit.API_TOKEN_REVOKED)
    assert revoked.detail == {"token": token.prefix}
