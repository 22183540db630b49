"""The REST API against a real Daphne process: schemathesis (a separate process) runs the
served OpenAPI schema with a valid token and finds no server error and no answer that
breaks the schema; a system line posted over HTTP reaches the visitor's and the agent's
sockets, and a close with a wrap-up over HTTP ends the live chat."""

import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.peers import open_agent, open_visitor
from tests.servers import ChatServer, server_shell

pytestmark = pytest.mark.e2e

EVERY_SCOPE = (
    "conversations:read personal_data:read conversations:post_system_line "
    "conversations:close reports:read"
).split()
# The checks that need no knowledge of the data: no 5xx, and every status, content type,
# header and body as the schema says; input outside the schema must be refused, and so
# must the same request without its token or with a wrong one (ignored_auth).
CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_headers_conformance,response_schema_conformance,negative_data_rejection,"
    "ignored_auth"
)
SEED = (
    "import json\n"
    "from django.contrib.auth.models import User\n"
    "from chatserver.api.actions import do_create_token\n"
    "from tests import factories\n"
    "from django.utils.timezone import now\n"
    "from chatserver.casework.models import Case\n"
    "from transcripts.compliance.references import new_reference\n"
    "chats = [factories.conversation(status=s, details={'name': 'Ada'}, lines=['Hello'])\n"
    "         for s in ('active', 'active', 'waiting', 'closed')]\n"
    "case = Case.objects.create(reference=new_reference(), kind='service_request',\n"
    "    conversation=chats[-1], aware_seq=1, aware_at=now(), recorded_at=now())\n"
    "carol = User.objects.get(username='carol')\n"
    "print(json.dumps({'token': do_create_token(carol, 'e2e', SCOPES)[1],\n"
    "    'chats': [str(c.pk) for c in chats], 'case': case.shown_reference}))\n"
)
# Known ids and wrap-up codes, offered half the time, so that schemathesis reaches the
# operations' own logic as well as their 404s and 422s.
CONFIG = """
[dictionaries.chats]
values = {chats}
[dictionaries.cases]
values = {cases}
[dictionaries.reasons]
values = ["repair", "other"]
[dictionaries.outcomes]
values = ["repair-raised", "signposted"]
[parameters]
"path.conversation_id" = {{ dictionary = "chats", probability = 0.5 }}
"path.reference" = {{ dictionary = "cases", probability = 0.5 }}
"body.reason" = {{ dictionary = "reasons", probability = 0.5 }}
"body.outcome" = {{ dictionary = "outcomes", probability = 0.5 }}
"""


def seed(server: ChatServer, scopes: list[str]) -> dict[str, Any]:
    """Four chats (with the visitor's name and a line), a case and a token of ``scopes``."""
    code = f"SCOPES = {scopes!r}\n{SEED}"
    return json.loads(server_shell(server, code).strip().splitlines()[-1])


def make_token(server: ChatServer, scopes: list[str]) -> str:
    """A token of ``scopes`` alone (no chats that routing would hand to a test's agent)."""
    code = (
        "from django.contrib.auth.models import User\n"
        "from chatserver.api.actions import do_create_token\n"
        f"print(do_create_token(User.objects.get(username='carol'), 'e2e', {scopes!r})[1])\n"
    )
    return server_shell(server, code).strip().splitlines()[-1]


def call(server: ChatServer, token: str, method: str, path: str, body: Any = None) -> Any:
    request = urllib.request.Request(
        f"{server.origin}/api/v1/{path}",
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_schemathesis_finds_no_server_error_and_no_answer_off_the_schema(
    start_server: Any, tmp_path: Path
) -> None:
    server = start_server(API_REQUESTS_PER_MINUTE="1000000")
    seeded = seed(server, EVERY_SCOPE)
    config = tmp_path / "schemathesis.toml"
    config.write_text(
        CONFIG.format(chats=json.dumps(seeded["chats"]), cases=json.dumps([seeded["case"]]))
    )
    token = seeded["token"]
    report = tmp_path / "junit.xml"
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("schemathesis")),
            "--config-file",
            str(config),
            "run",
            f"{server.origin}/api/v1/openapi.json",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            CHECKS,
            "--phases",
            "examples,coverage,fuzzing",
            "--max-examples",
            "30",
            "--workers",
            "1",
            "--seed",
            "33",
            "--generation-database",
            "none",
            "--no-color",
            "--report",
            "junit",
            "--report-junit-path",
            str(report),
        ],
        # Its cache of crashes goes under the test's own folder, never into the work tree.
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    # Every operation was exercised, and the server logged no error of its own.
    assert "7 passed" in output or "7 operations" in output, output[-3000:]
    assert "Internal Server Error" not in server.log_text()


async def test_a_system_line_and_a_close_over_http_reach_the_live_chat(start_server: Any) -> None:
    server = start_server(CHAT_ROUTING="auto")
    token = make_token(server, ["conversations:post_system_line", "conversations:close"])
    agent, _snapshot, _browser = await open_agent(server, "alice")
    visitor = await open_visitor(server)
    await visitor.hello()
    if (await visitor.start(name="Tess"))["status"] != "active":
        await visitor.expect("status", status="active")
    conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
    await visitor.drain(0.3)

    status, body = call(
        server, token, "POST", f"conversations/{conversation_id}/system-lines", {"text": "Booked"}
    )
    assert status == 201, body
    heard = await visitor.expect("message", seq=body["seq"])
    assert (heard["from"], heard["text"]) == ("system", "Booked")
    assert (await agent.expect("message", seq=body["seq"]))["text"] == "Booked"

    wrap_up = {"reason": "repair", "outcome": "repair-raised"}
    status, body = call(server, token, "POST", f"conversations/{conversation_id}/close", wrap_up)
    assert (status, body) == (200, {"closed": True})
    await visitor.expect("status", status="closed")
    status, body = call(server, token, "POST", f"conversations/{conversation_id}/close", wrap_up)
    assert (status, body["error"]) == (409, "conflict")
    await visitor.close()
    await agent.close()
