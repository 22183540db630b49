"""The agent socket's queue frame from an older process's event (a rolling upgrade)."""

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.contrib.auth.models import Group, User

from chatserver.chat import broadcast
from tests.peers import InProcessPeer

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_queue_event_without_a_total_still_reaches_the_console() -> None:
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import Client

    from chatserver.chat.consumers import AgentConsumer

    @database_sync_to_async
    def agent_with_session() -> tuple[User, str]:
        agent = User.objects.create_user("upgrading-agent", password="x-long-password-1")
        agent.groups.add(Group.objects.get_or_create(name="agents")[0])
        client = Client()
        client.force_login(agent)
        return agent, client.session.session_key

    agent, session_key = await agent_with_session()
    socket = await InProcessPeer.connect(
        AgentConsumer.as_asgi(), "/ws/agent/", [], user=agent, session=SessionStore(session_key)
    )
    await socket.expect("snapshot")
    await get_channel_layer().group_send(
        broadcast.AGENTS_GROUP, {"type": "chat.queue", "queue": []}
    )
    assert (await socket.expect("queue"))["total"] == 0
    await socket.close()
