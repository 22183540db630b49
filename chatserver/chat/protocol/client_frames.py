"""Frames from clients (visitors' widgets and agents' consoles), as they arrive."""

from typing import Literal, NotRequired, TypedDict


class Details(TypedDict):
    name: NotRequired[str | None]
    email: NotRequired[str | None]
    address: NotRequired[str | None]


class HelloFrame(TypedDict):
    type: Literal["hello"]
    token: str | None
    after_seq: int | None
    # The landlord's portal's signed assertion (chatserver.tenant_portal), when it gave one.
    assertion: NotRequired[str | None]


class StartFrame(TypedDict):
    type: Literal["start"]
    details: NotRequired[Details | None]
    language: NotRequired[str | None]
    topic: NotRequired[str | None]


class VisitorTopicFrame(TypedDict):
    """The visitor chooses (or clears) what the chat is about while it is queued."""

    type: Literal["topic"]
    topic: str | None


class LanguageChoiceFrame(TypedDict):
    """The answer to ``language_offer``."""

    type: Literal["language_choice"]
    choice: Literal["wait", "english", "message"]


class VisitorLineFrame(TypedDict):
    type: Literal["message"]
    client_id: str
    text: str


class VisitorTypingFrame(TypedDict):
    type: Literal["typing"]
    active: bool


class DetailsUpdateFrame(TypedDict):
    type: Literal["details"]
    details: Details


class EndFrame(TypedDict):
    type: Literal["end"]


class PingFrame(TypedDict):
    type: Literal["ping"]


class EmailTranscriptFrame(TypedDict):
    """Without ``code``: asks for a code emailed to ``email``; with it, the copy."""

    type: Literal["email_transcript"]
    email: str
    code: NotRequired[str]


class ForgetFrame(TypedDict):
    type: Literal["forget"]


class RateFrame(TypedDict):
    type: Literal["rate"]
    score: int
    comment: NotRequired[str | None]


class QuickExitFrame(TypedDict):
    type: Literal["exit"]


class KeepOpenFrame(TypedDict):
    """The visitor's answer to ``idle_warning``: the idle chat stays open."""

    type: Literal["keep_open"]


class PresenceRequestFrame(TypedDict):
    type: Literal["presence"]
    status: Literal["available", "away"]


class AcceptFrame(TypedDict):
    type: Literal["accept"]
    conversation_id: str


class AgentLineFrame(TypedDict):
    type: Literal["message", "note"]
    conversation_id: str
    client_id: str
    text: str


class AgentTypingFrame(TypedDict):
    type: Literal["typing"]
    conversation_id: str
    active: bool


class TransferFrame(TypedDict):
    """To an agent (``to_agent_id``) or back to waiting for a team (``to_team_id``):
    exactly one of them, with an optional internal ``note`` for the receiver."""

    type: Literal["transfer"]
    conversation_id: str
    to_agent_id: NotRequired[int]
    to_team_id: NotRequired[int]
    note: NotRequired[str | None]


class CloseFrame(TypedDict):
    """The agent closes the chat; ``reason``, ``outcome`` and ``tags`` are its wrap-up
    (codes from the lists the console is given), required when the policy says so."""

    type: Literal["close"]
    conversation_id: str
    reason: NotRequired[str | None]
    outcome: NotRequired[str | None]
    tags: NotRequired[list[str] | None]


class WrapUpFrame(TypedDict):
    """The wrap-up of a chat that closed while the agent had it (the visitor ended it)."""

    type: Literal["wrap_up"]
    conversation_id: str
    reason: str
    outcome: str
    tags: NotRequired[list[str] | None]


class HistoryRequestFrame(TypedDict):
    type: Literal["history"]
    conversation_id: str
    after_seq: int


class ClearEmergencyFrame(TypedDict):
    type: Literal["clear_emergency"]
    conversation_id: str


class VisibilityFrame(TypedDict):
    """(extension) The widget's page was hidden (another tab, minimised) or shown again."""

    type: Literal["visibility"]
    hidden: bool


class DismissFrame(TypedDict):
    """(extension) The agent is done with a conversation the visitor ended."""

    type: Literal["dismiss"]
    conversation_id: str


class AlertPreferencesRequestFrame(TypedDict):
    """How the console should alert this agent (kept for them on the server)."""

    type: Literal["alert_preferences"]
    sound: bool
    desktop: bool
    volume: int


class CasePromptDecisionFrame(TypedDict):
    """The agent's answer to a ``case_prompt``: ``offered`` (the complaint choice was
    offered; the prompt stays until the tenant answers), ``declined`` (they did not want
    to complain), ``recorded`` (a complaint or hazard is being recorded) or
    ``not_relevant``."""

    type: Literal["case_prompt_decision"]
    conversation_id: str
    prompt: Literal["complaint", "hazard"]
    decision: Literal["offered", "declined", "recorded", "not_relevant"]


class AgentTopicFrame(TypedDict):
    """The assigned agent sets or changes the chat's topic (and so its team)."""

    type: Literal["topic"]
    conversation_id: str
    topic: str | None
