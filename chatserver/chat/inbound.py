"""Reading client frames: every field a frame may carry is checked here, once.

Each reader takes the decoded JSON object and returns the checked values or raises a
``ChatError`` with the protocol's code; nothing here touches the database.
"""

import re
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from chatserver.chat import protocol, visible_text
from chatserver.chat.errors import ChatError, NotFound
from locality import languages

DETAIL_LIMITS = {"name": 100, "email": 254, "address": 300}
# What the widget and the console make (a UUID, or a time and a random number in
# base 36) and what outside clients are told: the value is stored in clear, indexed,
# queried and echoed, so nothing else gets that far.
CLIENT_ID = re.compile(protocol.CLIENT_ID_PATTERN)
# A resume token as ``make_token`` signs it (URL-safe base64, ":" and "." only).
TOKEN = re.compile(r"[A-Za-z0-9_.:-]{1,512}")
# Integers a client may name (a seq, an agent's id) fit the database's integer columns.
MAX_CLIENT_INTEGER = 2**31 - 1


def text(content: dict[str, Any], name: str = "text", *, max_length: int | None = None) -> str:
    """A non-empty string of at most ``max_length`` characters (the chat's text limit)."""
    limit = max_length if max_length is not None else settings.CHAT_MAX_TEXT_LENGTH
    value = content.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ChatError(f"{name} must be a non-empty string")
    if len(value) > limit:
        raise ChatError(
            f"{name} is longer than {limit} characters", code=protocol.TOO_LONG, limit=limit
        )
    return visible_text.clean(value).text


def client_id(content: dict[str, Any]) -> str:
    """1 to 64 letters, digits, ``-`` or ``_``."""
    value = content.get("client_id")
    if not isinstance(value, str) or not CLIENT_ID.fullmatch(value):
        raise ChatError("client_id must be 1 to 64 letters, digits, '-' or '_'")
    return value


def active_flag(content: dict[str, Any]) -> bool:
    value = content.get("active")
    if not isinstance(value, bool):
        raise ChatError("active must be true or false")
    return value


def hidden_flag(content: dict[str, Any]) -> bool:
    value = content.get("hidden")
    if not isinstance(value, bool):
        raise ChatError("hidden must be true or false")
    return value


def after_seq(content: dict[str, Any], *, nullable: bool) -> int | None:
    """A non-negative integer, or (for ``hello``) null; absent counts as null or 0."""
    value = content.get("after_seq")
    if value is None:
        return None if nullable else 0
    if (
        not isinstance(value, int)
        or isinstance(value, bool)
        or not 0 <= value <= MAX_CLIENT_INTEGER
    ):
        what = "a non-negative integer or null" if nullable else "a non-negative integer"
        raise ChatError(f"after_seq must be {what}")
    return value


def token(content: dict[str, Any]) -> str | None:
    """The resume token given by ``welcome``; absent, null or empty for none."""
    value = content.get("token")
    if value is not None and not isinstance(value, str):
        raise ChatError("token must be a string or null")
    if value and not TOKEN.fullmatch(value):
        raise ChatError("token is not a token this server gave")
    return value or None


def conversation_id(content: dict[str, Any]) -> uuid.UUID:
    value = content.get("conversation_id")
    if not isinstance(value, str):
        raise NotFound("conversation_id must be a string")
    try:
        return uuid.UUID(value)
    except ValueError:
        raise NotFound("no such conversation") from None


def agent_id(content: dict[str, Any], name: str = "to_agent_id") -> int:
    value = content.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= MAX_CLIENT_INTEGER:
        raise ChatError(f"{name} must be an {'agent' if 'agent' in name else 'team'}'s id")
    return value


def handover(content: dict[str, Any]) -> tuple[int | None, int | None, str | None]:
    """A transfer's target (``to_agent_id`` or ``to_team_id``, exactly one) and its
    optional ``note`` (absent, null or blank for none; the chat's text limit)."""
    named = [name for name in ("to_agent_id", "to_team_id") if content.get(name) is not None]
    if len(named) != 1:
        raise ChatError("a transfer names exactly one of to_agent_id and to_team_id")
    to_agent = agent_id(content) if named == ["to_agent_id"] else None
    to_team = agent_id(content, "to_team_id") if named == ["to_team_id"] else None
    raw = content.get("note")
    blank = raw is None or (isinstance(raw, str) and not raw.strip())
    note = None if blank else text(content, "note")
    return to_agent, to_team, note


def language(content: dict[str, Any]) -> str | None:
    """The visitor's language for a new conversation (absent or null: the default)."""
    value = content.get("language")
    if value is None:
        return None
    chosen = languages.supported(value)
    if chosen is None:
        offered = ", ".join(code for code, _name in settings.LANGUAGES)
        raise ChatError(f"language must be one of {offered}")
    return chosen


def details(raw: object) -> dict[str, str | None]:
    """Optional visitor details; each may be absent, empty or null (null clears it)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ChatError("details must be an object")
    cleaned: dict[str, str | None] = {}
    for field, limit in DETAIL_LIMITS.items():
        if field not in raw:
            continue
        value = raw[field]
        if value is None or (isinstance(value, str) and not value.strip()):
            cleaned[field] = None
            continue
        if not isinstance(value, str):
            raise ChatError(f"{field} must be a string")
        value = value.strip()
        if len(value) > limit:
            raise ChatError(f"{field} is longer than {limit} characters")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ChatError(f"{field} is not valid text") from None
        value = visible_text.clean_detail(field, value)
        if field == "email":
            try:
                validate_email(value)
            except ValidationError:
                raise ChatError("email is not a valid address") from None
        cleaned[field] = value
    return cleaned


def email(content: dict[str, Any]) -> str:
    value = details({"email": content.get("email")}).get("email")
    if not value:
        raise ChatError("email is required")
    return value


RATING_COMMENT_LIMIT = 1000


def rating(content: dict[str, Any]) -> tuple[int, str | None]:
    """A score from 1 to 5 and an optional comment of at most 1,000 characters."""
    score = content.get("score")
    if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
        raise ChatError("score must be a whole number from 1 to 5")
    comment = content.get("comment")
    if comment is None or (isinstance(comment, str) and not comment.strip()):
        return score, None
    if not isinstance(comment, str):
        raise ChatError("comment must be a string or null")
    return score, text(content, "comment", max_length=RATING_COMMENT_LIMIT).strip()


def email_code(content: dict[str, Any]) -> str | None:
    """The one-time code of ``email_transcript``: absent or null when asking for one,
    else exactly six ASCII digits (spaces around them are dropped)."""
    value = content.get("code")
    if value is None:
        return None
    digits = protocol.EMAIL_CODE_DIGITS
    if not isinstance(value, str):
        raise ChatError(f"code must be a string of {digits} digits")
    value = value.strip()
    if len(value) != digits or not value.isascii() or not value.isdigit():
        raise ChatError(f"code must be the {digits} digits from the email")
    return value


def alert_preferences(content: dict[str, Any]) -> tuple[bool, bool, int]:
    """``sound`` and ``desktop`` (true or false) and ``volume`` (a whole number, 0 to 100)."""
    sound, desktop, volume = (content.get(name) for name in ("sound", "desktop", "volume"))
    if not isinstance(sound, bool) or not isinstance(desktop, bool):
        raise ChatError("sound and desktop must be true or false")
    if not isinstance(volume, int) or isinstance(volume, bool) or not 0 <= volume <= 100:
        raise ChatError("volume must be a whole number from 0 to 100")
    return sound, desktop, volume


# A topic's slug as the admin stores it (``teams.Topic.slug``): letters, digits, - and _.
TOPIC_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,40}")


def topic(content: dict[str, Any]) -> str | None:
    """A topic's slug, or absent or null for none; whether it exists is the action's."""
    value = content.get("topic")
    if value is None:
        return None
    if not isinstance(value, str) or not TOPIC_SLUG.fullmatch(value):
        raise ChatError("topic must be a topic's slug or null")
    return value


def language_choice(content: dict[str, Any]) -> str:
    """The answer to ``language_offer``: one of ``protocol.LANGUAGE_CHOICES``."""
    value = content.get("choice")
    if not isinstance(value, str) or value not in protocol.LANGUAGE_CHOICES:
        raise ChatError("choice must be one of " + ", ".join(protocol.LANGUAGE_CHOICES))
    return value
