"""Agents' alert preferences: kept on the server, sent in the snapshot, followed by
every socket of the agent; bad values refused (issue 30)."""

import pytest
from channels.db import database_sync_to_async
from django.contrib.sessions.backends.db import SessionStore

from chatserver.chat.consumers import AgentConsumer
from chatserver.chat.models import AlertPreferences
from tests.peers import InProcessPeer, open_agent_in_process, signed_in

pytestmark = pytest.mark.django_db(transaction=True)


async def test_preferences_are_kept_for_the_agent_and_reach_their_other_sockets() -> None:
    agent, socket = await open_agent_in_process("prefs-agent")
    snapshot = socket.received[0]
    assert snapshot["agent"]["alerts"] == {"sound": True, "desktop": True, "volume": 70}
    assert snapshot["agent"]["teams"] == []
    session_key = await database_sync_to_async(signed_in)(agent)
    other = await InProcessPeer.connect(
        AgentConsumer.as_asgi(), "/ws/agent/", [], user=agent, session=SessionStore(session_key)
    )
    await other.expect("snapshot")

    await socket.send({"type": "alert_preferences", "sound": False, "desktop": True, "volume": 30})
    wanted = {"sound": False, "desktop": True, "volume": 30}
    assert (await socket.expect("alert_preferences"))["alerts"] == wanted
    assert (await other.expect("alert_preferences"))["alerts"] == wanted
    kept = await database_sync_to_async(AlertPreferences.objects.get)(agent=agent)
    assert (kept.sound, kept.desktop, kept.volume) == (False, True, 30)
    await other.close()
    third = await InProcessPeer.connect(
        AgentConsumer.as_asgi(), "/ws/agent/", [], user=agent, session=SessionStore(session_key)
    )
    assert (await third.expect("snapshot"))["agent"]["alerts"] == wanted
    await third.close()

    for bad in (
        {"sound": "no", "desktop": True, "volume": 30},
        {"sound": True, "desktop": True, "volume": 101},
        {"sound": True, "desktop": True, "volume": True},
        {"sound": True, "volume": 10},
    ):
        await socket.send({"type": "alert_preferences", **bad})
        assert (await socket.expect("error"))["code"] == "invalid"
    await socket.close()
