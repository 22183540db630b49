"""Frames both kinds of client receive, and their builders."""

import uuid
from datetime import datetime
from typing import Literal, NotRequired, Protocol, TypedDict

VISITOR_PHOTOS = "/chat/photos/"
AGENT_PHOTOS = "/console/photos/"


class AgentName(TypedDict):
    name: str


class Limits(TypedDict):
    text: int
    photo_bytes: NotRequired[int]


class AttachmentRef(TypedDict):
    """A stored photo, as a layer event names it: ids and sizes, never pixels."""

    id: str
    content_type: str
    width: int
    height: int
    size: int


class Attachment(AttachmentRef):
    """A photo in a message frame, with where the client fetches it (visitors with their
    token in an ``Authorization: Bearer`` header, agents with their session)."""

    url: str
    thumbnail_url: str


class Hours(TypedDict):
    """Whether advisers are answering now: until ``closes_at``, or from ``opens_at``
    (instants; shown in ``time_zone``, the landlord's). Absent when there is no change
    ahead (no hours set, or none scheduled)."""

    open: bool
    closes_at: NotRequired[str]
    opens_at: NotRequired[str]
    time_zone: str


class StatusFrame(TypedDict):
    type: Literal["status"]
    status: str
    queue_position: NotRequired[int]
    agent: NotRequired[AgentName]
    conversation_id: NotRequired[str]
    reason: NotRequired[Literal["closed", "busy"]]
    hours: NotRequired[Hours]


class AckFrame(TypedDict):
    type: Literal["ack"]
    client_id: str
    seq: int


class ErrorFrame(TypedDict):
    type: Literal["error"]
    code: str
    message: str
    ref: NotRequired[str]
    retry_after: NotRequired[float]
    limit: NotRequired[int]
    retryable: NotRequired[bool]
    attempts_left: NotRequired[int]
    reference: NotRequired[str]


class SimpleFrame(TypedDict):
    """``pong``, ``details_saved``, ``transcript_emailed``, ``rated``, ``kept_open`` and
    the visitor's ``erased``."""

    type: Literal["pong", "details_saved", "transcript_emailed", "rated", "erased", "kept_open"]


class StoredPhoto(Protocol):
    """What a stored message says about its photo (the record's ``AttachmentInfo``),
    described here so that the protocol needs nothing of the record."""

    @property
    def id(self) -> uuid.UUID: ...

    @property
    def content_type(self) -> str: ...

    @property
    def width(self) -> int: ...

    @property
    def height(self) -> int: ...

    @property
    def size(self) -> int: ...


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def error_frame(
    code: str,
    message: str,
    *,
    ref: str | None = None,
    retry_after: float | None = None,
    limit: int | None = None,
    retryable: bool | None = None,
    attempts_left: int | None = None,
    reference: str | None = None,
) -> ErrorFrame:
    frame: ErrorFrame = {"type": "error", "code": code, "message": message}
    if ref is not None:
        frame["ref"] = ref
    if retry_after is not None:
        frame["retry_after"] = retry_after
    if limit is not None:
        frame["limit"] = limit
    if retryable is not None:
        frame["retryable"] = retryable
    if attempts_left is not None:
        frame["attempts_left"] = attempts_left
    if reference:
        frame["reference"] = reference
    return frame


def attachment_ref(info: StoredPhoto | None) -> AttachmentRef | None:
    if info is None:
        return None
    return {
        "id": str(info.id),
        "content_type": info.content_type,
        "width": info.width,
        "height": info.height,
        "size": info.size,
    }


def attachment_links(ref: AttachmentRef, base: str) -> Attachment:
    """``ref`` with its URLs under ``VISITOR_PHOTOS`` or ``AGENT_PHOTOS``."""
    return {
        **ref,
        "url": f"{base}{ref['id']}/",
        "thumbnail_url": f"{base}{ref['id']}/thumbnail/",
    }


def status_frame(
    status: str,
    *,
    queue_position: int | None = None,
    agent_name: str | None = None,
    conversation_id: uuid.UUID | str | None = None,
    offline_reason: Literal["closed", "busy"] | None = None,
    hours: Hours | None = None,
) -> StatusFrame:
    frame: StatusFrame = {"type": "status", "status": status}
    if conversation_id is not None:
        frame["conversation_id"] = str(conversation_id)
    if offline_reason is not None:
        frame["reason"] = offline_reason
    if hours is not None:
        frame["hours"] = hours
    if queue_position is not None:
        frame["queue_position"] = queue_position
    if agent_name is not None:
        frame["agent"] = {"name": agent_name}
    return frame
