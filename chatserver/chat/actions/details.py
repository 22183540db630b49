"""The visitor's optional details."""

from collections.abc import Mapping

from django.db import transaction

from chatserver.chat import broadcast
from chatserver.chat.actions.queue import publish_queue
from chatserver.chat.state import QUEUE_STATUSES
from transcripts.record import store
from transcripts.record.models import Conversation


def do_update_details(conversation: Conversation, details: Mapping[str, str | None]) -> None:
    with transaction.atomic():
        store.set_details(conversation.pk, details)
        agent_id = conversation.live.assigned_agent_id
        if agent_id is not None:
            transaction.on_commit(lambda: broadcast.details_changed(agent_id, conversation.pk))
        if conversation.live.status in QUEUE_STATUSES:
            transaction.on_commit(publish_queue)
