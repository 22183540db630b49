"""The REST API in process: tokens (hashed at rest, shown once, revoked, acting only for a
live supervisor), scopes refused where they should be, personal data only with its scope,
the JSON errors, the audit entries and the per-token limit."""

import json
import uuid
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chatserver.api import actions
from chatserver.api.models import ApiToken
from chatserver.api.scopes import SCOPES, Scope
from chatserver.chat import broadcast
from chatserver.chat.errors import ChatError
from chatserver.chat.models import LiveConversation
from chatserver.wrapup import defaults
from chatserver.wrapup.models import WrapUp
from tests import factories
from tests.dumps import assert_absent, dump_test_database
from transcripts.compliance import audit
from transcripts.compliance.models import AuditEntry
from transcripts.record import store

pytestmark = pytest.mark.django_db
Status = LiveConversation.Status
PROBLEM_KEYS = {"error", "detail"}


@pytest.fixture(autouse=True)
def _lists() -> None:
    defaults.seed(lambda name: apps.get_model("wrapup", name))


def make_token(*scopes: str, name: str = "housing-system") -> tuple[ApiToken, str]:
    boss = factories.supervisor(f"boss-{uuid.uuid4().hex[:6]}")
    return actions.do_create_token(boss, name, scopes or tuple(SCOPES))


def client(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", enforce_csrf_checks=True)


def get(token: str, path: str, **params: Any) -> Any:
    return client(token).get(f"/api/v1/{path}", params)


def post(token: str, path: str, body: Any) -> Any:
    data = body if isinstance(body, str) else json.dumps(body)
    return client(token).post(f"/api/v1/{path}", data=data, content_type="application/json")


def assert_problem(response: Any, status: int, error: str) -> None:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == PROBLEM_KEYS and body["error"] == error


def test_a_token_is_kept_as_a_hash_and_its_prefix_only() -> None:
    made, token = make_token(Scope.READ_CONVERSATIONS)
    made.refresh_from_db()
    assert token.startswith(f"hcapi_{made.prefix}_") and len(token) > 40
    assert token not in {made.digest, made.prefix, made.name}
    secret = token.rsplit("_", 1)[1]
    stored = json.dumps(list(ApiToken.objects.values()), default=str)
    audited = json.dumps(list(AuditEntry.objects.values("detail")), default=str)
    assert secret not in stored and secret not in audited
    assert get(token, "conversations").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_dump_of_the_database_holds_no_token() -> None:
    _made, token = make_token(Scope.READ_CONVERSATIONS)
    assert get(token, "conversations").status_code == 200
    assert_absent(dump_test_database(), [token, token.rsplit("_", 1)[1]])


@pytest.mark.parametrize(
    ("header", "why"),
    [
        (None, "no header"),
        ("Bearer", "no token"),
        ("Bearer hcapi_00000000_not-a-token", "unknown token"),
        ("Basic dXNlcjpwYXNz", "another scheme"),
    ],
)
def test_no_or_an_unknown_token_is_401_with_a_json_body(header: str | None, why: str) -> None:
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    response = Client(**extra).get("/api/v1/conversations")
    assert_problem(response, 401, "unauthorized")
    assert response["WWW-Authenticate"] == 'Bearer realm="api"', why


def test_a_revoked_token_and_one_whose_supervisor_left_stop_working() -> None:
    made, token = make_token(Scope.READ_CONVERSATIONS)
    actions.do_revoke_token(made.created_by, made.pk)
    assert_problem(get(token, "conversations"), 401, "unauthorized")
    made, token = make_token(Scope.READ_CONVERSATIONS)
    made.created_by.groups.clear()
    assert_problem(get(token, "conversations"), 401, "unauthorized")


# Each operation and the scope it needs; a token with every other scope is refused it.
OPERATIONS = [
    ("get", "conversations", Scope.READ_CONVERSATIONS),
    ("get", "conversations/{id}", Scope.READ_CONVERSATIONS),
    ("get", "cases", Scope.READ_CONVERSATIONS),
    ("post", "conversations/{id}/system-lines", Scope.POST_SYSTEM_LINE),
    ("post", "conversations/{id}/close", Scope.CLOSE),
    ("get", "reports/figures", Scope.READ_REPORTS),
]


@pytest.mark.parametrize(("method", "path", "scope"), OPERATIONS)
def test_an_operation_is_refused_without_its_scope(method: str, path: str, scope: str) -> None:
    chat = factories.conversation(status=Status.ACTIVE)
    _made, token = make_token(*(SCOPES - {scope}))
    where = path.format(id=chat.pk)
    body = {"text": "Hello"} if "system" in path else {"reason": "repair", "outcome": "signposted"}
    response = get(token, where) if method == "get" else post(token, where, body)
    assert_problem(response, 403, "missing_scope")
    assert scope in response.json()["detail"]
    assert [line.sender for line in store.read_messages(chat.pk)] == []
    chat.live.refresh_from_db()
    assert chat.live.status == Status.ACTIVE
    entry = AuditEntry.objects.filter(action=audit.API_REQUEST).latest("at")
    assert entry.detail["status"] == 403


def test_personal_data_only_with_its_own_scope() -> None:
    details = {"name": "Ada Tenant", "email": "ada@example.org"}
    chat = factories.conversation(details=details, lines=["My boiler is broken"])
    _plain, without = make_token(Scope.READ_CONVERSATIONS)
    _personal, with_scope = make_token(Scope.READ_CONVERSATIONS, Scope.PERSONAL_DATA)

    listed = get(without, "conversations").json()["items"][0]
    one = get(without, f"conversations/{chat.pk}").json()
    assert listed["details"] is None and one["details"] is None and one["messages"] is None
    assert "Ada" not in json.dumps([listed, one]) and "boiler" not in json.dumps(one)

    one = get(with_scope, f"conversations/{chat.pk}").json()
    assert one["details"]["name"] == "Ada Tenant"
    assert [line["text"] for line in one["messages"]] == ["My boiler is broken"]
    flags = list(
        AuditEntry.objects.filter(action=audit.API_REQUEST)
        .order_by("at")
        .values_list("detail__personal", flat=True)
    )
    assert flags == [False, False, True]


def test_every_request_of_a_token_is_audited_with_its_operation_and_status() -> None:
    chat = factories.conversation()
    made, token = make_token(Scope.READ_CONVERSATIONS)
    get(token, f"conversations/{chat.pk}")
    get(token, f"conversations/{uuid.uuid4()}")
    get(token, "conversations", limit=0)
    entries = AuditEntry.objects.filter(action=audit.API_REQUEST).order_by("at")
    assert [(e.detail["operation"], e.detail["status"]) for e in entries] == [
        ("read_conversation", 200),
        ("read_conversation", 404),
        ("list_conversations", 422),
    ]
    assert entries[0].conversation_id == chat.pk
    assert all(
        e.actor_id == made.created_by_id and e.detail["token"] == made.prefix for e in entries
    )
    made.refresh_from_db()
    assert made.last_used_at is not None


def test_a_system_line_reaches_the_live_chat_through_the_broadcast(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    sent: list[broadcast.MessageSignal] = []
    monkeypatch.setattr(broadcast, "message", sent.append)
    chat = factories.conversation(status=Status.ACTIVE)
    made, token = make_token(Scope.POST_SYSTEM_LINE)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(token, f"conversations/{chat.pk}/system-lines", {"text": "Repair booked"})
    assert response.status_code == 201 and response.json() == {"seq": 1}
    assert factories.line_texts(chat) == [("system", "Repair booked")]
    assert [(s.conversation_id, s.seq, s.sender, s.to_visitor) for s in sent] == [
        (chat.pk, 1, "system", True)
    ]
    posted = AuditEntry.objects.get(action=audit.API_SYSTEM_LINE_POSTED)
    assert posted.detail == {"token": made.prefix, "seq": 1}


def test_a_system_line_is_refused_in_a_closed_chat_and_when_empty() -> None:
    closed = factories.conversation(status=Status.CLOSED)
    _made, token = make_token(Scope.POST_SYSTEM_LINE)
    path = f"conversations/{closed.pk}/system-lines"
    assert_problem(post(token, path, {"text": "Hello"}), 409, "conflict")
    live = factories.conversation(status=Status.ACTIVE)
    path = f"conversations/{live.pk}/system-lines"
    assert_problem(post(token, path, {"text": "   "}), 422, "invalid")
    assert_problem(post(token, path, {"text": "two\nlines"}), 422, "invalid")
    assert_problem(post(token, path, "{not json"), 422, "invalid")
    assert_problem(post(token, path, {}), 422, "invalid")
    assert store.read_messages(live.pk) == []


def test_closing_with_a_wrap_up_follows_the_wrap_up_rules() -> None:
    chat = factories.conversation(status=Status.ACTIVE)
    made, token = make_token(Scope.CLOSE)
    path = f"conversations/{chat.pk}/close"
    refused = post(token, path, {"reason": "not-offered", "outcome": "signposted"})
    assert_problem(refused, 422, "invalid")
    assert "reason" in refused.json()["detail"]
    chat.live.refresh_from_db()
    assert chat.live.status == Status.ACTIVE

    response = post(token, path, {"reason": "repair", "outcome": "repair-raised"})
    assert response.status_code == 200 and response.json() == {"closed": True}
    chat.live.refresh_from_db()
    assert chat.live.status == Status.CLOSED and chat.live.ended_by == "agent"
    wrap_up = WrapUp.objects.get(conversation_id=chat.pk)
    assert (wrap_up.reason.slug, wrap_up.outcome.slug, wrap_up.agent_id) == (
        "repair",
        "repair-raised",
        made.created_by_id,
    )
    assert_problem(
        post(token, path, {"reason": "repair", "outcome": "signposted"}), 409, "conflict"
    )
    closed = AuditEntry.objects.get(action=audit.API_CONVERSATION_CLOSED)
    assert closed.detail["reason"] == "repair" and closed.conversation_id == chat.pk


def test_unknown_ids_and_paths_are_json_404s() -> None:
    _made, token = make_token()
    assert_problem(get(token, f"conversations/{uuid.uuid4()}"), 404, "not_found")
    assert_problem(get(token, "cases/ZZZZ-ZZZZ"), 404, "not_found")
    assert_problem(get(token, "cases/not a reference"), 404, "not_found")
    assert_problem(get(token, "no/such/thing"), 404, "not_found")
    assert_problem(post(token, "no/such/thing", {}), 404, "not_found")
    assert_problem(Client(enforce_csrf_checks=True).get("/api/v1/"), 404, "not_found")
    assert_problem(get(token, "conversations/not-a-uuid"), 422, "invalid")


def test_the_limit_answers_429_with_retry_after(settings: Any) -> None:
    settings.API_REQUESTS_PER_MINUTE = 3
    _made, token = make_token(Scope.READ_CONVERSATIONS)
    _other, other = make_token(Scope.READ_CONVERSATIONS)
    assert [get(token, "conversations").status_code for _ in range(3)] == [200] * 3
    refused = get(token, "conversations")
    assert_problem(refused, 429, "rate_limited")
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert get(other, "conversations").status_code == 200  # per token, not for everyone
    assert AuditEntry.objects.filter(action=audit.API_REQUEST).count() == 4


def test_report_figures_use_the_reports_rules() -> None:
    _made, token = make_token(Scope.READ_REPORTS)
    factories.conversation()
    figures = get(token, "reports/figures", by="language").json()
    assert figures["overall"]["chats"] == 1 and figures["by"] == "language"
    refused = get(token, "reports/figures", start="2026-01-10", end="2026-01-01")
    assert_problem(refused, 422, "invalid")
    assert_problem(get(token, "reports/figures", team=999), 422, "invalid")
    assert_problem(get(token, "reports/figures", start="0001-01-01"), 422, "invalid")


def test_the_schema_is_served_and_describes_every_operation() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    operations = {(method, path) for path, item in schema["paths"].items() for method in item}
    assert operations == {
        ("get", "/api/v1/conversations"),
        ("get", "/api/v1/conversations/{conversation_id}"),
        ("post", "/api/v1/conversations/{conversation_id}/system-lines"),
        ("post", "/api/v1/conversations/{conversation_id}/close"),
        ("get", "/api/v1/cases"),
        ("get", "/api/v1/cases/{reference}"),
        ("get", "/api/v1/reports/figures"),
    }
    for item in schema["paths"].values():
        for operation in item.values():
            assert {"401", "403", "422", "429"} <= set(operation["responses"])


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(max_size=1200))
def test_a_system_line_text_is_accepted_or_refused_clearly(text: str) -> None:
    try:
        line = actions.check_line(text)
    except ChatError as error:
        assert str(error) == actions.LINE_NEEDED
    else:
        assert line == text.strip() and 1 <= len(line) <= actions.MAX_LINE
        assert all(ord(char) >= 32 and ord(char) != 127 for char in line)


QUERY_VALUES = st.one_of(
    st.text(max_size=30), st.integers().map(str), st.dates().map(lambda day: day.isoformat())
)


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    params=st.dictionaries(
        st.sampled_from(
            "start end team topic reason outcome language by threshold status limit offset "
            "started_from started_to open kind".split()
        ),
        QUERY_VALUES,
        max_size=5,
    )
)
def test_any_query_is_answered_or_refused_as_json_never_a_server_error(
    params: dict[str, str],
) -> None:
    _made, token = make_token(Scope.READ_CONVERSATIONS, Scope.READ_REPORTS)
    clean = {name: value.replace("\x00", "") for name, value in params.items()}
    for path in ("reports/figures", "conversations", "cases"):
        response = get(token, path, **clean)
        assert response.status_code in (200, 422), (path, clean, response.content)
        assert response["Content-Type"].startswith("application/json")


def test_the_list_without_personal_data_reads_in_the_same_queries_for_any_page() -> None:
    _made, token = make_token(Scope.READ_CONVERSATIONS)
    counts = []
    for _ in range(2):
        for _ in range(10):
            factories.conversation(details={"name": "Ada"}, lines=["Hello"])
        with CaptureQueriesContext(connection) as queries:
            assert len(get(token, "conversations").json()["items"]) in (10, 20)
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]
