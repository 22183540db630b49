"""Reading a wrap-up from a frame (no database) and matching it to the lists (database).

A wrap-up on the wire is ``reason`` and ``outcome`` (slugs of the supervisor's lists) and
optional ``tags`` (slugs too). Only slugs are accepted: nothing typed freely, so nothing a
tenant said can end up in a row that outlives the transcript.
"""

import re
from dataclasses import dataclass
from typing import Any

from chatserver.chat.errors import ChatError
from chatserver.wrapup.models import ContactReason, Outcome, Tag, WrapUpPolicy

SLUG = re.compile(r"[A-Za-z0-9_-]{1,40}")
MAX_TAGS = 10
BOTH_OR_NEITHER = "give both a contact reason and an outcome, or neither"
REQUIRED = "choose a contact reason and an outcome before closing this chat"


@dataclass(frozen=True)
class WrapUpRequest:
    reason: str
    outcome: str
    tags: tuple[str, ...] = ()


def _slug(content: dict[str, Any], name: str, what: str) -> str:
    value = content.get(name)
    if not isinstance(value, str) or not SLUG.fullmatch(value):
        raise ChatError(f"{name} must be the code of {what}")
    return value


def _tags(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or len(value) > MAX_TAGS:
        raise ChatError(f"tags must be a list of at most {MAX_TAGS} tag codes")
    if not all(isinstance(tag, str) and SLUG.fullmatch(tag) for tag in value):
        raise ChatError("each tag must be the code of a tag")
    return tuple(dict.fromkeys(value))


def read(content: dict[str, Any], *, required: bool = False) -> WrapUpRequest | None:
    """The wrap-up a frame carries, or None when it carries none (``reason``, ``outcome``
    and ``tags`` absent or null). ``required``: None is refused too."""
    given = [content.get(name) is not None for name in ("reason", "outcome", "tags")]
    if not any(given):
        if required:
            raise ChatError(REQUIRED)
        return None
    if not (given[0] and given[1]):
        raise ChatError(BOTH_OR_NEITHER)
    return WrapUpRequest(
        reason=_slug(content, "reason", "a contact reason"),
        outcome=_slug(content, "outcome", "an outcome"),
        tags=_tags(content.get("tags")),
    )


def read_required(content: dict[str, Any]) -> WrapUpRequest:
    """The wrap-up of a ``wrap_up`` frame, which must carry one."""
    request = read(content, required=True)
    assert request is not None  # noqa: S101  (read refuses None when required)
    return request


@dataclass(frozen=True)
class Resolved:
    reason: ContactReason
    outcome: Outcome
    tags: list[Tag]


def resolve(request: WrapUpRequest) -> Resolved:
    """The offered (active) entries the request names; refuses any other."""
    reason = ContactReason.objects.filter(slug=request.reason, active=True).first()
    if reason is None:
        raise ChatError("reason is not one of the contact reasons offered")
    outcome = Outcome.objects.filter(slug=request.outcome, active=True).first()
    if outcome is None:
        raise ChatError("outcome is not one of the outcomes offered")
    tags = list(Tag.objects.filter(slug__in=request.tags, active=True))
    if len(tags) != len(request.tags):
        raise ChatError("a tag is not one of the tags offered")
    return Resolved(reason, outcome, tags)


def required() -> bool:
    return WrapUpPolicy.current().required


def offered() -> dict[str, Any]:
    """What the console offers when closing (its page's bootstrap)."""

    def listed(model: type[ContactReason] | type[Outcome] | type[Tag]) -> list[dict[str, str]]:
        return [
            {"code": slug, "label": label}
            for slug, label in model.objects.filter(active=True).values_list("slug", "label")
        ]

    return {
        "required": required(),
        "reasons": listed(ContactReason),
        "outcomes": listed(Outcome),
        "tags": listed(Tag),
    }
