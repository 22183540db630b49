"""Webhooks end to end: the worker as a process delivers to a real receiver process that
verifies every signature with the Standard Webhooks library and answers 500s and timeouts
first, the worker is killed with SIGKILL mid-delivery, and still every committed event
arrives (by id, the receiver's idempotency key) and none of a rolled-back change does."""

import json
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.servers import ROOT, base_env, free_port, manage

pytestmark = pytest.mark.e2e
EVENTS = 8
WORKER_SETTINGS = {
    "CHAT_WEBHOOK_ALLOW_LOOPBACK_HTTP": "1",
    "CHAT_WEBHOOK_TIMEOUT_SECONDS": "1",
    "CHAT_WEBHOOK_FIRST_RETRY_SECONDS": "1",
    "CHAT_WEBHOOK_LONGEST_RETRY_SECONDS": "2",
    "CHAT_WEBHOOK_POLL_SECONDS": "1",
    "CHAT_ROUTING": "manual",
}

ADD_ENDPOINT = """
from django.contrib.auth.models import User
from chatserver.integrations import actions, kinds
carol = User.objects.get(username="carol")
request = actions.EndpointRequest(
    url="http://127.0.0.1:{port}/hook",
    description="Housing system",
    event_types=tuple(t for t in kinds.EVENT_TYPES if t != kinds.HOUSING_SUMMARY),
    allowed_fields=(kinds.NAME,),
)
endpoint, secret = actions.do_add_endpoint(carol, request)
print(secret)
"""

MAKE_EVENTS = """
import json, uuid
from django.db import transaction
from chatserver.chat.actions import conversations
from chatserver.integrations.models import OutboxEvent
for n in range({count}):
    conversations.do_start_conversation(
        session_hash=uuid.uuid4().hex, details={{"name": f"Tenant {{n}}"}}, diagnostics=None
    )
rolled_back = []
try:
    with transaction.atomic():
        conversations.do_start_conversation(
            session_hash=uuid.uuid4().hex, details=None, diagnostics=None
        )
        rolled_back = [str(e.pk) for e in OutboxEvent.objects.order_by("-created_at")[:1]]
        raise RuntimeError("the change failed")
except RuntimeError:
    pass
print(json.dumps({{
    "committed": [str(pk) for pk in OutboxEvent.objects.values_list("pk", flat=True)],
    "rolled_back": rolled_back,
}}))
"""

DELIVERY_STATE = """
import json
from chatserver.integrations.models import Attempt, Delivery
print(json.dumps({
    "statuses": sorted(set(Delivery.objects.values_list("status", flat=True))),
    "outcomes": sorted(set(Attempt.objects.values_list("outcome", flat=True))),
}))
"""


def read_log(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def wait_for(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class Processes:
    def __init__(self) -> None:
        self.running: list[subprocess.Popen[bytes]] = []

    def start(self, args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
        with log.open("ab") as out:
            process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=out)
        self.running.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.running:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(5)


@pytest.fixture
def processes() -> Any:
    started = Processes()
    yield started
    started.stop_all()


# How the receiver answers, which of an id's attempts the worker is killed waiting for, and
# the worker's timeout: 500 first, then held past the timeout, then 200 (killed while held);
# or held a second and answered 200 (killed before it hears the 200: the receiver has the
# event, the worker has not recorded it, so it comes again and the receiver deduplicates).
RECEIVERS = {
    "failing": (["--slow", "3"], 2, "1"),
    "accepting": (["--hold-first", "1.5"], 1, "3"),
}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    return request.getfixturevalue(f"{request.param}_template").clone()


@pytest.mark.parametrize("receiver", RECEIVERS)
def test_every_committed_event_arrives_through_failures_and_a_killed_worker(
    database_url: str, receiver: str, processes: Processes, tmp_path: Path
) -> None:
    answers, killed_at, timeout = RECEIVERS[receiver]
    env = base_env(database_url, **{**WORKER_SETTINGS, "CHAT_WEBHOOK_TIMEOUT_SECONDS": timeout})
    port = free_port()
    secret = manage(env, "shell", "-v", "0", "-c", ADD_ENDPOINT.format(port=port)).strip()
    made = json.loads(manage(env, "shell", "-v", "0", "-c", MAKE_EVENTS.format(count=EVENTS)))
    committed, rolled_back = set(made["committed"]), set(made["rolled_back"])
    assert len(committed) == EVENTS and len(rolled_back) == 1 and not committed & rolled_back

    received = tmp_path / "received.jsonl"
    receiver_args = ["--port", str(port), "--secret", secret, "--log", str(received)]
    processes.start(
        [sys.executable, "-m", "tests.webhook_receiver", *receiver_args, *answers],
        env,
        tmp_path / "receiver.log",
    )
    wait_for(received.exists, 15, "the receiver to start")
    worker = [sys.executable, "manage.py", "deliver_webhooks", "--batch", "3"]
    first = processes.start(worker, env, tmp_path / "worker-1.log")

    # Kill the worker while the receiver holds a request (the worker waits for its answer).
    def holding() -> bool:
        return any(
            line.get("attempt") == killed_at and line["phase"] == "received"
            for line in read_log(received)
        )

    wait_for(holding, 60, "a held delivery")
    first.send_signal(signal.SIGKILL)
    first.wait(5)
    others = [processes.start(worker, env, tmp_path / f"worker-{n}.log") for n in (2, 3)]

    def delivered_ids() -> set[str]:
        return {
            line["id"]
            for line in read_log(received)
            if line.get("phase") == "answered" and line["status"] == 200
        }

    wait_for(lambda: committed <= delivered_ids(), 150, "every event delivered")
    log = read_log(received)
    assert all(line["verified"] for line in log), "a request failed verification"
    seen = {line["id"] for line in log}
    assert not seen & rolled_back, "an event of a rolled-back change was sent"
    assert seen == committed
    duplicates = Counter(
        line["id"] for line in log if line.get("phase") == "answered" and line["status"] == 200
    )
    twice = {event_id: n for event_id, n in duplicates.items() if n > 1}
    print(f"events {len(committed)}, requests {len(log) // 2}, duplicates after 200: {twice}")
    statuses = {line["status"] for line in log if line.get("phase") == "answered"}
    assert {500, 200} <= statuses if receiver == "failing" else statuses == {200}
    named = [
        line["data"]
        for line in log
        if line.get("type") == "conversation.created" and line["phase"] == "answered"
    ]
    assert named and all(data["visitor"]["name"].startswith("Tenant ") for data in named)
    for other in others:  # SIGTERM: each finishes what it is doing and exits cleanly
        other.send_signal(signal.SIGTERM)
        assert other.wait(15) == 0
    state = json.loads(manage(env, "shell", "-v", "0", "-c", DELIVERY_STATE))
    assert state["statuses"] == ["delivered"]
    if receiver == "failing":
        assert {"refused", "timed_out", "delivered"} <= set(state["outcomes"])
