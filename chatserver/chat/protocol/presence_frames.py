"""Frames to agents about where their visitors are, chats the visitor ended, and the
supervisors' live board (issue 30; all extensions of the contract)."""

from typing import Literal, NotRequired, TypedDict, cast

from chatserver.chat.protocol.shared_frames import StatusFrame

VisitorPresence = Literal["connected", "away", "gone"]
# Who or what ended a conversation, on the agent's ``status`` and conversation object.
EndedBy = Literal["visitor", "quick_exit", "idle", "agent"]


class AgentStatusFrame(StatusFrame):
    """The agent's ``status``: a closed one says who or what ended the chat."""

    ended_by: NotRequired[EndedBy]


class VisitorPresenceFrame(TypedDict):
    """The visitor of one of the agent's conversations connected, hid the page or left."""

    type: Literal["visitor_presence"]
    conversation_id: str
    presence: VisitorPresence


class DismissedFrame(TypedDict):
    """An ended conversation the agent dismissed (on any of their sockets)."""

    type: Literal["dismissed"]
    conversation_id: str


class BoardAgent(TypedDict):
    """One agent on the board: a staff display name, their presence and load."""

    id: int
    name: str
    status: Literal["available", "away", "offline"]
    open: int
    max: int


class BoardFrame(TypedDict):
    """The supervisors' live board: every agent, and how many chats wait in the queue."""

    type: Literal["board"]
    agents: list[BoardAgent]
    waiting: int


def agent_status_frame(
    status: str, conversation_id: str, ended_by: str | None = None
) -> AgentStatusFrame:
    """The agent's ``status`` of a conversation; ``ended_by`` (one of ``EndedBy``) when
    it closed."""
    frame: AgentStatusFrame = {
        "type": "status",
        "status": status,
        "conversation_id": conversation_id,
    }
    if ended_by is not None:
        frame["ended_by"] = cast(EndedBy, ended_by)
    return frame
