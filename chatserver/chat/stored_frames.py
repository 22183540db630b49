"""Stored lines as the frames each audience receives.

The wire protocol knows nothing of the record (an import-linter contract): these
builders join the two, for replay, catch-up and the live fan-out alike.
"""

from collections.abc import Collection, Mapping, Sequence

from django.contrib.auth.models import User

from chatserver.chat import access, protocol
from transcripts.record import store
from transcripts.record.models import Message

# The lines a staff member writes, which agents see under the writer's name.
STAFF_LINES = frozenset({Message.Sender.AGENT, Message.Sender.NOTE})


def visitor_frame(message: store.StoredMessage) -> protocol.VisitorMessageFrame:
    return protocol.visitor_message_frame(
        seq=message.seq,
        sender=message.sender,
        text=message.text or "",
        at=protocol.iso(message.at),
        client_id=message.client_id,
        attachment=protocol.attachment_ref(message.attachment),
    )


def staff_names(author_ids: Collection[int]) -> dict[int, str]:
    """The display names of these staff members, by id (one query)."""
    if not author_ids:
        return {}
    return {user.pk: access.display_name(user) for user in User.objects.filter(pk__in=author_ids)}


def author_ids(messages: Sequence[store.StoredMessage]) -> set[int]:
    return {
        message.author_id
        for message in messages
        if message.sender in STAFF_LINES and message.author_id is not None
    }


def author_of(
    sender: str, author_id: int | None, names: Mapping[int, str]
) -> protocol.Author | None:
    """Who wrote a staff line, as agents are told (None for other lines, or an account
    since deleted)."""
    if sender not in STAFF_LINES or author_id is None or author_id not in names:
        return None
    return {"id": author_id, "name": names[author_id]}


def agent_frame(
    message: store.StoredMessage, names: Mapping[int, str]
) -> protocol.AgentMessageFrame:
    return protocol.agent_message_frame(
        conversation_id=message.conversation_id,
        seq=message.seq,
        sender=message.sender,
        text=message.text,
        at=protocol.iso(message.at),
        client_id=message.client_id,
        state=message.state,
        attachment=protocol.attachment_ref(message.attachment),
        author=author_of(message.sender, message.author_id, names),
    )


def agent_frames(messages: Sequence[store.StoredMessage]) -> list[protocol.AgentMessageFrame]:
    """Stored lines as agents see them, each staff line under its writer's name."""
    names = staff_names(author_ids(messages))
    return [agent_frame(message, names) for message in messages]
