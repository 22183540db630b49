"""Layer events: what processes tell each other's sockets (never readable content)."""

from typing import Literal, NotRequired, TypedDict

from chatserver.chat.protocol.agent_frames import (
    AgentTopicSetFrame,
    AlertPreferences,
    CasePromptFrame,
    QueueEntry,
)
from chatserver.chat.protocol.shared_frames import AttachmentRef, StatusFrame
from chatserver.chat.protocol.visitor_frames import (
    CaseRecordedFrame,
    IdleWarningFrame,
    LanguageOfferFrame,
)


class MessageEvent(TypedDict):
    """A stored line; the body travels as the sealed envelope that is stored."""

    type: Literal["chat.message"]
    conversation_id: str
    seq: int
    sender: str
    at: str
    client_id: str | None
    envelope: bytes
    attachment: NotRequired[AttachmentRef]
    author_id: NotRequired[int]


class StatusEvent(TypedDict):
    type: Literal["chat.status"]
    frame: StatusFrame


class TypingEvent(TypedDict):
    type: Literal["chat.typing"]
    active: bool
    conversation_id: NotRequired[str]


class ConversationEvent(TypedDict):
    """``chat.assigned``, ``chat.unassigned``, ``chat.details``, ``chat.wrapped_up`` and an
    agent's ``chat.erased``."""

    type: Literal[
        "chat.assigned",
        "chat.unassigned",
        "chat.details",
        "chat.erased",
        "chat.wrapped_up",
        "chat.dismissed",
    ]
    conversation_id: str


class EmergencyEvent(TypedDict):
    type: Literal["chat.emergency"]
    conversation_id: str
    category: str


class VisitorErasedEvent(TypedDict):
    type: Literal["chat.erased"]


class IdleWarningEvent(TypedDict):
    type: Literal["chat.idle_warning"]
    frame: IdleWarningFrame


class KeptOpenEvent(TypedDict):
    type: Literal["chat.kept_open"]


class SealedFirstLine(TypedDict):
    """A queued chat's first visitor line, sealed as it is stored."""

    conversation_id: str
    seq: int
    envelope: bytes


class QueueEvent(TypedDict):
    type: Literal["chat.queue"]
    queue: list[QueueEntry]
    # Absent from processes older than the cap (a rolling upgrade): the queue is whole.
    total: NotRequired[int]
    # Each socket opens these for its agent, and withholds those of the restricted teams
    # (by id) that its agent may not read. Absent from older processes: no first lines.
    first_lines: NotRequired[list[SealedFirstLine]]
    restricted_teams: NotRequired[list[int]]


class AlertPreferencesEvent(TypedDict):
    type: Literal["chat.alert_preferences"]
    alerts: AlertPreferences


class KeysDestroyedEvent(TypedDict):
    type: Literal["keys.destroyed"]
    conversation_ids: list[str]


class AgentRevokedEvent(TypedDict):
    """An agent's session ended: the sockets of that session (by the SHA-256 of its key)
    close, or every socket of the agent when ``session`` is None."""

    type: Literal["agent.revoked"]
    session: str | None


class VisitorPresenceEvent(TypedDict):
    type: Literal["chat.visitor_presence"]
    conversation_id: str
    presence: str


class BoardEvent(TypedDict):
    """Something on the supervisors' board changed; each supervisor's socket reads it."""

    type: Literal["chat.board"]


class LanguageOfferEvent(TypedDict):
    type: Literal["chat.language_offer"]
    frame: LanguageOfferFrame


class CaseRecordedEvent(TypedDict):
    type: Literal["chat.case_recorded"]
    frame: CaseRecordedFrame


class TopicEvent(TypedDict):
    type: Literal["chat.topic"]
    frame: AgentTopicSetFrame


class CasePromptEvent(TypedDict):
    type: Literal["chat.case_prompt"]
    frame: CasePromptFrame
