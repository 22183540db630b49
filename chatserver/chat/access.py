"""Who may touch which conversation, decided in one place."""

import uuid
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from transcripts.models import Conversation

AGENTS_GROUP_NAME = "agents"
SUPERVISORS_GROUP_NAME = "supervisors"


class AccessError(Exception):
    code = "forbidden"


class ConversationNotFound(AccessError):
    code = "not_found"


class NotYourConversation(AccessError):
    code = "forbidden"


def is_agent(user: Any) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.groups.filter(name__in=[AGENTS_GROUP_NAME, SUPERVISORS_GROUP_NAME]).exists()
    )


def display_name(user: AbstractBaseUser | Any) -> str:
    return user.get_short_name() or user.get_username()


def parse_conversation_id(value: object) -> uuid.UUID:
    if not isinstance(value, str):
        raise ConversationNotFound("conversation_id must be a string")
    try:
        return uuid.UUID(value)
    except ValueError:
        raise ConversationNotFound("no such conversation") from None


def access_conversation_for_agent(agent: Any, conversation_id: object) -> Conversation:
    """The conversation if it is assigned to this agent; raises otherwise."""
    conversation = Conversation.objects.filter(pk=parse_conversation_id(conversation_id)).first()
    if conversation is None:
        raise ConversationNotFound("no such conversation")
    if conversation.assigned_agent_id != agent.pk:
        raise NotYourConversation("this conversation is not assigned to you")
    return conversation
