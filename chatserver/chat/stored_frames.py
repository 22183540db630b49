"""Stored lines as the frames each audience receives.

The wire protocol knows nothing of the record (an import-linter contract): these
builders join the two, for replay, catch-up and the live fan-out alike.
"""

import uuid
from collections.abc import Collection, Mapping, Sequence

from django.contrib.auth.models import User

from chatserver.chat import access, protocol
from chatserver.chat.models import LiveConversation
from transcripts.record import store
from transcripts.record.errors import CryptoError
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


def readable_messages(
    conversation_id: uuid.UUID | str,
    *,
    after_seq: int | None = None,
    include_notes: bool = True,
    limit: int | None = None,
) -> list[store.StoredMessage] | None:
    """``store.read_messages``, or None when the transcript cannot be opened."""
    try:
        return store.read_messages(
            conversation_id, after_seq=after_seq, include_notes=include_notes, limit=limit
        )
    except CryptoError:
        return None


def handover(live: LiveConversation) -> protocol.Handover | None:
    """The last transfer of the chat for its receiver: who handed it over, to which team,
    and their note (None without one, or when the transcript cannot be opened)."""
    if live.handover_at is None:
        return None
    note = None
    if live.handover_note_seq is not None:
        seq = live.handover_note_seq
        lines = readable_messages(live.conversation_id, after_seq=seq - 1) or []
        note = next((line.text for line in lines if line.seq == seq), None)
    by = live.handover_by
    return {
        "from": {"id": by.pk, "name": access.display_name(by)} if by is not None else None,
        "team": {"id": live.team.pk, "name": live.team.name} if live.team is not None else None,
        "note": note,
        "at": protocol.iso(live.handover_at),
    }
