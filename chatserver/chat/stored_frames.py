"""Stored lines as the frames each audience receives.

The wire protocol knows nothing of the record (an import-linter contract): these
builders join the two, for replay, catch-up and the live fan-out alike.
"""

from chatserver.chat import protocol
from transcripts.record import store


def visitor_frame(message: store.StoredMessage) -> protocol.VisitorMessageFrame:
    return protocol.visitor_message_frame(
        seq=message.seq,
        sender=message.sender,
        text=message.text or "",
        at=protocol.iso(message.at),
        client_id=message.client_id,
        attachment=protocol.attachment_ref(message.attachment),
    )


def agent_frame(message: store.StoredMessage) -> protocol.AgentMessageFrame:
    return protocol.agent_message_frame(
        conversation_id=message.conversation_id,
        seq=message.seq,
        sender=message.sender,
        text=message.text,
        at=protocol.iso(message.at),
        client_id=message.client_id,
        state=message.state,
        attachment=protocol.attachment_ref(message.attachment),
    )
