"""Frames to agents (the console), and the builder of their message frame."""

import uuid
from typing import Literal, NotRequired, TypedDict

from chatserver.chat.protocol.shared_frames import (
    AGENT_PHOTOS,
    AckFrame,
    Attachment,
    AttachmentRef,
    Limits,
    attachment_links,
)


class Author(TypedDict):
    """The staff member who wrote an agent line or a note: their id and display name."""

    id: int
    name: str


AgentMessageFrame = TypedDict(
    "AgentMessageFrame",
    {
        "type": Literal["message"],
        "conversation_id": str,
        "seq": int,
        "from": str,
        "text": str,
        "at": str,
        "client_id": NotRequired[str],
        "state": NotRequired[str],
        "attachment": NotRequired[Attachment],
        "author": NotRequired[Author],
    },
)


class AgentAckFrame(AckFrame):
    conversation_id: str


TypingToAgentFrame = TypedDict(
    "TypingToAgentFrame",
    {
        "type": Literal["typing"],
        "conversation_id": str,
        "from": Literal["visitor"],
        "active": bool,
    },
)


class Emergency(TypedDict):
    category: str
    label: str


class QueueTopic(TypedDict):
    """What the visitor said the chat is about, in English and Welsh."""

    slug: str
    label: str
    label_cy: str


class QueueEntry(TypedDict):
    conversation_id: str
    status: str
    waiting_since: str
    has_details: bool
    special_category: bool
    emergency: Emergency | None
    awaiting_reply: bool
    language: str
    topic: QueueTopic | None
    team_id: int | None
    # The visitor's first line (cut short), for this agent only; None when there is none
    # yet or it is withheld (a restricted team's chat the agent may not read).
    first_line: str | None
    first_line_withheld: bool


class TeamRef(TypedDict):
    id: int
    name: str


Handover = TypedDict(
    "Handover",
    {
        # Who handed the chat over (None once their account is deleted), to which team
        # (None: straight to an agent), their internal note (None without one) and when.
        "from": Author | None,
        "team": TeamRef | None,
        "note": str | None,
        "at": str,
    },
)


class TopicRef(TypedDict):
    slug: str
    label: str


CasePromptKind = Literal["complaint", "hazard"]
CasePromptTrigger = Literal["words", "rating"]
CasePromptState = Literal["open", "offered", "decided"]
CasePromptDecision = Literal["offered", "declined", "recorded", "not_relevant"]


class CasePromptFrame(TypedDict):
    """The agent is prompted to offer the complaint choice or record a hazard (``open``),
    has offered the choice (``offered``), or has decided (``decided``: the prompt goes).

    ``category``, ``label`` and ``severity`` name a hazard; ``seq`` is the visitor's line
    that prompted (absent for a rating); ``offer`` is the line offering the complaint
    choice, in the visitor's language, for the agent to edit and send.
    """

    type: Literal["case_prompt"]
    conversation_id: str
    prompt: CasePromptKind
    trigger: CasePromptTrigger
    state: CasePromptState
    category: NotRequired[str]
    label: NotRequired[str]
    severity: NotRequired[Literal["emergency", "significant"]]
    seq: NotRequired[int]
    offer: NotRequired[str]


class PortalTenant(TypedDict):
    """(extension) The tenant the landlord's portal vouched for in a signed assertion: its
    tenancy reference and, when the portal gave one, its display name."""

    reference: str
    name: NotRequired[str]


class ConversationSummary(TypedDict):
    conversation_id: str
    status: str
    started_at: str
    special_category: bool
    emergency: Emergency | None
    language: str
    details: dict[str, str]
    details_erased: bool
    messages: list[AgentMessageFrame]
    unreadable: bool
    handover: NotRequired[Handover]
    # (extension) where the visitor is; who ended a closed one kept on the agent's screen.
    visitor_presence: str
    ended_by: NotRequired[str]
    topic: TopicRef | None
    team: str | None
    welsh_choice: str
    # (extension) Its open complaint and hazard prompts; absent when none.
    case_prompts: NotRequired[list[CasePromptFrame]]
    # (extension) Verified by the landlord's portal; absent when it was not.
    portal: NotRequired[PortalTenant]


class AlertPreferences(TypedDict):
    """How the console alerts this agent; an emergency's sound is never muted."""

    sound: bool
    desktop: bool
    volume: int


class AgentIdentity(TypedDict):
    id: int
    name: str
    status: str
    max_conversations: int
    teams: list[int]
    alerts: AlertPreferences


class SnapshotFrame(TypedDict):
    type: Literal["snapshot"]
    agent: AgentIdentity
    queue: list[QueueEntry]
    queue_total: int
    conversations: list[ConversationSummary]
    limits: Limits
    topics: list[TopicRef]


class QueueFrame(TypedDict):
    """The head of the queue (at most ``CHAT_QUEUE_FRAME_MAX`` entries) and its length."""

    type: Literal["queue"]
    queue: list[QueueEntry]
    total: int


class AssignedFrame(TypedDict):
    type: Literal["assigned"]
    conversation: ConversationSummary


class ConversationFrame(TypedDict):
    """``unassigned``, ``wrapped_up`` and the agent's ``erased``: something happened to one
    conversation."""

    type: Literal["unassigned", "erased", "wrapped_up", "dismissed"]
    conversation_id: str


class HistoryFrame(TypedDict):
    type: Literal["history"]
    conversation_id: str
    messages: list[AgentMessageFrame]


class DetailsFrame(TypedDict):
    type: Literal["details"]
    conversation_id: str
    details: dict[str, str]
    portal: NotRequired[PortalTenant]


def details_frame(conversation_id: str, details: dict[str, str]) -> DetailsFrame:
    return {"type": "details", "conversation_id": conversation_id, "details": details}


def portal_tenant(reference: str, name: str | None) -> PortalTenant:
    """A conversation's tenant as the portal vouched for it (no ``name`` when none)."""
    return {"reference": reference, "name": name} if name else {"reference": reference}


class PresenceFrame(TypedDict):
    type: Literal["presence"]
    status: str


class AlertPreferencesFrame(TypedDict):
    type: Literal["alert_preferences"]
    alerts: AlertPreferences


class EmergencyFrame(TypedDict):
    type: Literal["emergency"]
    conversation_id: str
    emergency: Emergency | None


def agent_message_frame(
    *,
    conversation_id: uuid.UUID | str,
    seq: int,
    sender: str,
    text: str | None,
    at: str,
    client_id: str | None,
    state: str = "original",
    attachment: AttachmentRef | None = None,
    author: Author | None = None,
) -> AgentMessageFrame:
    frame: AgentMessageFrame = {
        "type": "message",
        "conversation_id": str(conversation_id),
        "seq": seq,
        "from": sender,
        "text": text or "",
        "at": at,
    }
    if client_id is not None:
        frame["client_id"] = client_id
    if state != "original":
        frame["state"] = state
    if attachment is not None:
        frame["attachment"] = attachment_links(attachment, AGENT_PHOTOS)
    if author is not None:
        frame["author"] = author
    return frame


class AgentTopicSetFrame(TypedDict):
    """A conversation of this agent's got a topic (or lost it), and with it a team."""

    type: Literal["topic"]
    conversation_id: str
    topic: TopicRef | None
    team: str | None
