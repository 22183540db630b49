"""The agent socket's queue frame from an older process's event (a rolling upgrade)."""

import pytest
from channels.layers import get_channel_layer

from chatserver.chat import broadcast
from tests.peers import open_agent_in_process

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_queue_event_without_a_total_still_reaches_the_console() -> None:
    _agent, socket = await open_agent_in_process("upgrading-agent")
    await get_channel_layer().group_send(
        broadcast.AGENTS_GROUP, {"type": "chat.queue", "queue": []}
    )
    assert (await socket.expect("queue"))["total"] == 0
    await socket.close()
