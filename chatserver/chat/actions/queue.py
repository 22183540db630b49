"""Telling agents and waiting visitors that the queue changed."""

import uuid

from django.conf import settings

from chatserver.chat import broadcast, protocol, queue_lines, state
from chatserver.chat.coalesce import Coalesced
from chatserver.chat.models import LiveConversation

QUEUE_UPDATE_SECONDS = 0.2


def _send_queue_update() -> None:
    """Sends the queue to every agent and the new positions to waiting visitors; the
    supervisors' boards count the queue and agents' loads, which change with it."""
    entries = state.queue_entries()
    head = entries[: settings.CHAT_QUEUE_FRAME_MAX]
    broadcast.queue(
        entries,
        first_lines=queue_lines.sealed(head),
        restricted_teams=queue_lines.restricted_teams(head),
    )
    broadcast.board_changed()
    position = 0
    for entry in entries:
        if entry["status"] == LiveConversation.Status.WAITING:
            position += 1
            broadcast.visitor_status(
                uuid.UUID(entry["conversation_id"]),
                protocol.status_frame(LiveConversation.Status.WAITING, queue_position=position),
            )


# After each change to the queue; changes within 0.2 s of an update share the next one.
publish_queue = Coalesced(_send_queue_update, QUEUE_UPDATE_SECONDS)

# After a change of an agent's presence or load that leaves the queue as it was.
publish_board = Coalesced(broadcast.board_changed, QUEUE_UPDATE_SECONDS)
