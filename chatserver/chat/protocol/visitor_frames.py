"""Frames to visitors (the widget), and the builder of their message frame."""

from typing import Literal, NotRequired, TypedDict

from chatserver.chat.protocol.shared_frames import (
    VISITOR_PHOTOS,
    AgentName,
    Attachment,
    AttachmentRef,
    Hours,
    Limits,
    attachment_links,
)

VisitorMessageFrame = TypedDict(
    "VisitorMessageFrame",
    {
        "type": Literal["message"],
        "seq": int,
        "from": str,
        "text": str,
        "at": str,
        "client_id": NotRequired[str],
        "attachment": NotRequired[Attachment],
    },
)


class WelcomeConversation(TypedDict):
    id: str
    status: str
    queue_position: NotRequired[int]
    agent: NotRequired[AgentName]
    reason: NotRequired[Literal["closed", "busy"]]


class WelcomeFrame(TypedDict):
    type: Literal["welcome"]
    token: str
    resumed: bool
    conversation: WelcomeConversation | None
    messages: list[VisitorMessageFrame]
    limits: Limits
    hours: Hours
    answering: bool


TypingToVisitorFrame = TypedDict(
    "TypingToVisitorFrame", {"type": Literal["typing"], "from": Literal["agent"], "active": bool}
)


class EmailCodeSentFrame(TypedDict):
    """A code was emailed; the copy is sent once it comes back within ``expires_in`` seconds."""

    type: Literal["email_code_sent"]
    expires_in: int


class IdleWarningFrame(TypedDict):
    """The idle conversation closes at ``closes_at`` (in ``closes_in`` seconds, at least
    ``CHAT_VISITOR_IDLE_WARNING_SECONDS``) unless something is said or ``keep_open`` sent."""

    type: Literal["idle_warning"]
    closes_at: str
    closes_in: int


class Receipt(TypedDict):
    request_id: str
    # The short reference (``K7QM-2XPD``) the tenant quotes; the DPO's search finds it.
    reference: str
    erased_at: str
    conversations: int


class ForgottenFrame(TypedDict):
    type: Literal["forgotten"]
    receipt: Receipt


def visitor_message_frame(
    *,
    seq: int,
    sender: str,
    text: str,
    at: str,
    client_id: str | None,
    attachment: AttachmentRef | None = None,
) -> VisitorMessageFrame:
    frame: VisitorMessageFrame = {
        "type": "message",
        "seq": seq,
        "from": sender,
        "text": text,
        "at": at,
    }
    if sender == "visitor" and client_id is not None:
        frame["client_id"] = client_id
    if attachment is not None:
        frame["attachment"] = attachment_links(attachment, VISITOR_PHOTOS)
    return frame
