"""The retention job against real server processes and databases."""

import asyncio
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.dumps import assert_absent, dump_url
from tests.peers import open_agent, open_visitor
from tests.servers import ROOT, manage

pytestmark = pytest.mark.e2e

MARKERS = ("Ulrike Agedout", "ulrike.agedout@example.net", "41 Retention Row", "07700 900777")
FUTURE = (datetime.now(UTC) + timedelta(days=91)).isoformat()


async def test_aged_conversation_shows_only_masked_text_to_its_agent(start_server) -> None:
    server = start_server(CHAT_ROUTING="auto")
    agent, _, _ = await open_agent(server, "alice")
    visitor = await open_visitor(server)
    await visitor.hello()
    await visitor.send(
        {
            "type": "start",
            "details": {"name": MARKERS[0], "email": MARKERS[1], "address": MARKERS[2]},
        }
    )
    conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
    await visitor.say(f"I'm {MARKERS[0]} at {MARKERS[2]}, ring {MARKERS[3]}")
    await visitor.say("the damp is back in the bedroom")
    await visitor.send({"type": "end"})
    await agent.expect("status", status="closed")

    output = await asyncio.to_thread(manage, server.env, "age_transcripts", "--now", FUTURE)
    assert "aged 1" in output

    await agent.send({"type": "history", "conversation_id": conversation_id, "after_seq": 0})
    history = (await agent.expect("history"))["messages"]
    assert all(m["state"] == "masked" for m in history)
    texts = [m["text"] for m in history]
    assert "the damp is back in the bedroom" in texts
    assert any(
        t.startswith("I'm <PERSON_") and "<ADDRESS_1>" in t and "<PHONE_1>" in t for t in texts
    ), texts
    assert_absent(await asyncio.to_thread(dump_url, server.database_url), MARKERS)


CREATE_DUE = """
from datetime import timedelta
from django.utils.timezone import now
from transcripts.record import store
from transcripts.record.models import Conversation
for n in range({count}):
    c = store.create_conversation(details={{"name": f"Person {{n}} Smith"}})
    for m in range(3):
        store.append_message(c.pk, sender="visitor", text=f"line {{m}} from Person {{n}} Smith")
Conversation.objects.update(last_activity_at=now() - timedelta(days=100))
print(Conversation.objects.filter(aged_at=None).count())
"""


@pytest.mark.postgres
def test_two_jobs_on_postgresql_age_each_conversation_exactly_once(
    postgres_template, tmp_path: Path
) -> None:
    from tests.servers import base_env

    env = base_env(postgres_template.clone(), CHAT_VAR_DIR=str(tmp_path))
    assert manage(env, "shell", "-v", "0", "-c", CREATE_DUE.format(count=200)).strip() == "200"
    jobs = [
        subprocess.Popen(
            [sys.executable, "manage.py", "age_transcripts", "--batch", "10"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [job.communicate(timeout=600) for job in jobs]
    assert [job.returncode for job in jobs] == [0, 0], outputs
    aged = [int(out.split("aged ")[1].split(",")[0]) for out, _err in outputs]
    assert sum(aged) == 200, outputs
    assert all(count > 0 for count in aged), f"both workers should share the work: {aged}"
    remaining = manage(
        env,
        "shell",
        "-v",
        "0",
        "-c",
        "from transcripts.record.models import Conversation, DataKey;"
        "print(Conversation.objects.filter(aged_at=None).count(), DataKey.objects.count())",
    )
    assert remaining.split() == ["0", "0"]
