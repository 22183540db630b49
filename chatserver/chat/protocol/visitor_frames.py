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


class CaseRef(TypedDict):
    """A case recorded from the chat, as ``case_recorded`` told it."""

    reference: str
    kind: str


class WelcomeConversation(TypedDict):
    id: str
    status: str
    queue_position: NotRequired[int]
    agent: NotRequired[AgentName]
    reason: NotRequired[Literal["closed", "busy"]]
    topic: NotRequired[str]
    # The Welsh choice is offered and not answered yet (``language_offer``).
    language_offer: NotRequired[bool]
    # The cases recorded from the chat so far (``case_recorded``), shown again after a reload.
    cases: NotRequired[list[CaseRef]]


class TopicOption(TypedDict):
    """A topic the visitor may choose: its slug and its label in each language."""

    slug: str
    labels: dict[str, str]


class WelcomeFrame(TypedDict):
    type: Literal["welcome"]
    token: str
    resumed: bool
    conversation: WelcomeConversation | None
    messages: list[VisitorMessageFrame]
    limits: Limits
    hours: Hours
    answering: bool
    topics: list[TopicOption]


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


class TopicSetFrame(TypedDict):
    type: Literal["topic_set"]
    topic: str | None


# What a visitor to the Welsh service may do when no Welsh speaker is free.
LANGUAGE_CHOICES = ("wait", "english", "message")


class LanguageOfferFrame(TypedDict):
    """No speaker of the chat's ``language`` is free: the visitor may wait for one,
    continue in English or leave a message (answered by ``language_choice``)."""

    type: Literal["language_offer"]
    language: str
    choices: list[str]


class LanguageChosenFrame(TypedDict):
    type: Literal["language_chosen"]
    choice: str


class CaseRecordedFrame(TypedDict):
    """An agent recorded a case from this chat: its reference (as the tenant reads it,
    ``K7QM-2XPD``) and its kind (``complaint``, ``service_request`` or ``hazard``)."""

    type: Literal["case_recorded"]
    reference: str
    kind: str


def case_recorded_frame(reference: str, kind: str) -> CaseRecordedFrame:
    return {"type": "case_recorded", "reference": reference, "kind": kind}


def language_offer_frame(language: str = "cy") -> LanguageOfferFrame:
    return {"type": "language_offer", "language": language, "choices": list(LANGUAGE_CHOICES)}


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
