"""Who may touch which conversation, decided in one place."""

import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from chatserver.chat.errors import Forbidden, NotFound, NotStarted
from chatserver.teams.models import Team
from identity.roles import AGENT_GROUP_NAMES as AGENT_GROUP_NAMES
from identity.roles import AGENTS_GROUP_NAME as AGENTS_GROUP_NAME
from identity.roles import SUPERVISORS_GROUP_NAME as SUPERVISORS_GROUP_NAME
from transcripts.record.models import Attachment, Conversation


class ConversationNotFound(NotFound):
    pass


class NotYourConversation(Forbidden):
    pass


class TranscriptRefused(Forbidden):
    """An agent may not open this transcript at all, whatever the reason given; ``rule``
    names the rule that refused it (the audit log records it)."""

    rule = "live"


class SpecialCategoryRefused(TranscriptRefused):
    rule = "special_category"


class RestrictedTeamChat(TranscriptRefused):
    """The chat is a restricted team's: neither its lines nor its photos are for others."""

    rule = "team"

    def __init__(self, team: Team, conversation_id: uuid.UUID) -> None:
        super().__init__(team_refusal(team))
        self.conversation_id = conversation_id


SPECIAL_CATEGORY_REFUSAL = (
    "This conversation holds special-category data: only a supervisor or an agent who "
    "handled it can open it."
)
LIVE_CHAT_REFUSAL = (
    "This chat is still open and is not assigned to you: only a supervisor can read a live "
    "chat. You can open it, with a reason, once it has closed."
)


def team_refusal(team: Team) -> str:
    name = team.name if team.name.lower().endswith("team") else f"{team.name} team"
    return f"This chat is for the {name}: only its members and supervisors can read it."


def is_agent(user: Any) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.groups.filter(name__in=AGENT_GROUP_NAMES).exists()
    )


def is_supervisor(user: Any) -> bool:
    return is_agent(user) and bool(user.groups.filter(name=SUPERVISORS_GROUP_NAME).exists())


AGENTS_ONLY = "Agents only."
SUPERVISORS_ONLY = "Supervisors only."


def require_agent(user: Any) -> None:
    """Raises ``Forbidden`` unless ``user`` is an active agent (supervisors are agents)."""
    if not is_agent(user):
        raise Forbidden(AGENTS_ONLY)


def require_supervisor(user: Any) -> None:
    if not is_supervisor(user):
        raise Forbidden(SUPERVISORS_ONLY)


def may_read_reports(user: Any) -> bool:
    """The contact-centre reports, their exports and the transparency report: figures
    about every team's chats, so for supervisors (who also do the data-protection
    officer's work: the product has no separate role for it)."""
    return is_supervisor(user)


def require_report_reader(user: Any) -> None:
    if not may_read_reports(user):
        raise Forbidden(SUPERVISORS_ONLY)


def agents() -> QuerySet[Any]:
    """Everyone who may answer chats: agents and supervisors."""
    return get_user_model().objects.filter(groups__name__in=AGENT_GROUP_NAMES).distinct()


def supervisors() -> QuerySet[Any]:
    """The active supervisors (the casework digest's readers)."""
    users = get_user_model().objects.filter(groups__name=SUPERVISORS_GROUP_NAME, is_active=True)
    return users.distinct()


def accounts_to_sign_out() -> QuerySet[Any]:
    """The accounts a supervisor may sign out everywhere: members of an agent group,
    active or not, and never a superuser (a break-glass account is not the console's)."""
    return agents().filter(is_superuser=False)


def account_to_sign_out(actor: Any, account_id: int) -> Any:
    """One of ``accounts_to_sign_out`` for a supervisor; raises otherwise."""
    require_supervisor(actor)
    account = (
        accounts_to_sign_out().filter(pk=account_id).first() if 0 < account_id < 2**63 else None
    )
    if account is None:
        raise NotFound("no such agent")
    return account


def may_read_team_chats(user: Any, team: Team | None) -> bool:
    """Whether ``user`` may read the chats of ``team`` (None: a chat of no team): those of
    a restricted team (anti-social behaviour, safeguarding) are for its members and
    supervisors only, live or closed, whoever handled them before."""
    if team is None or not team.restricted or is_supervisor(user):
        return True
    return bool(team.members.filter(pk=user.pk).exists())


def team_readable(user: Any, conversations: QuerySet[Conversation]) -> QuerySet[Conversation]:
    """Those of ``conversations`` whose team's chats ``user`` may read (the history's list)."""
    if is_supervisor(user):
        return conversations
    return conversations.filter(
        Q(live__team=None) | Q(live__team__restricted=False) | Q(live__team__members=user)
    ).distinct()


def check_team(user: Any, conversation: Conversation) -> None:
    """Raises ``RestrictedTeamChat`` unless ``user`` may read the chat's team's chats. The
    team stays on the live row after the chat closes, so the rule outlives the chat."""
    team = conversation.live.team
    if team is not None and not may_read_team_chats(user, team):
        raise RestrictedTeamChat(team, conversation.pk)


def handled(user: Any, conversation: Conversation) -> bool:
    """Whether ``user`` has ever answered ``conversation``."""
    return bool(conversation.live.handled_by.filter(pk=user.pk).exists())


def needs_read_reason(user: Any, conversation: Conversation) -> bool:
    """Opening a transcript one did not handle is audited with a reason given first."""
    return not handled(user, conversation)


def sees_diagnostics(user: Any) -> bool:
    """A visitor's diagnostics (address, browser) are for supervisors only."""
    return is_supervisor(user)


def display_name(user: AbstractBaseUser) -> str:
    return str(user.get_short_name() or user.get_username())  # type: ignore[attr-defined]


def is_assigned_to(conversation: Conversation, agent_id: int | None) -> bool:
    """The rule for writing in a live conversation: it is assigned to this agent. The
    socket checks it on each frame, and the group commit again under the row's lock."""
    return conversation.live.assigned_agent_id == agent_id


def access_conversation_for_agent(
    agent: AbstractBaseUser, conversation_id: uuid.UUID
) -> Conversation:
    """The conversation if it is assigned to this agent (and of a team they may read);
    raises otherwise."""
    conversation = (
        Conversation.objects.select_related("live__team").filter(pk=conversation_id).first()
    )
    if conversation is None:
        raise ConversationNotFound("no such conversation")
    if not is_assigned_to(conversation, agent.pk):
        raise NotYourConversation("this conversation is not assigned to you")
    check_team(agent, conversation)
    return conversation


def check_transcript_access(user: Any, conversation: Conversation) -> None:
    """Raises ``TranscriptRefused`` (saying why) unless ``user`` may open the transcript.

    A supervisor may open any, and an agent any closed ordinary one (with a reason when it
    was not theirs). A live chat is for the agent it is assigned to; special-category data
    for those who handled it; a restricted team's chat for that team's members.
    """
    if is_supervisor(user):
        return
    check_team(user, conversation)
    if conversation.special_category and not handled(user, conversation):
        raise SpecialCategoryRefused(SPECIAL_CATEGORY_REFUSAL)
    live = conversation.live
    if live.is_open and not is_assigned_to(conversation, user.pk):
        raise TranscriptRefused(LIVE_CHAT_REFUSAL)


def check_casework(user: Any, conversation: Conversation) -> None:
    """Raises unless ``user`` may record a case on ``conversation``: an agent (or supervisor)
    who may open its transcript, so a live chat's own agent or anyone on a closed one."""
    require_agent(user)
    check_transcript_access(user, conversation)


def cases_readable(user: Any, cases: QuerySet[Any]) -> QuerySet[Any]:
    """Those of ``cases`` (rows with a ``team``) whose team's chats ``user`` may read."""
    if is_supervisor(user):
        return cases
    return cases.filter(Q(team=None) | Q(team__restricted=False) | Q(team__members=user)).distinct()


def access_conversation_for_visitor(conversation_id: uuid.UUID | None) -> Conversation:
    """The visitor's own conversation (the socket knows which); raises before ``start``."""
    if conversation_id is None:
        raise NotStarted("send start before chatting")
    conversation = (
        Conversation.objects.select_related("live__assigned_agent")
        .filter(pk=conversation_id)
        .first()
    )
    if conversation is None:
        raise ConversationNotFound("no such conversation")
    return conversation


def photo_for_agent(agent: AbstractBaseUser, attachment_id: uuid.UUID) -> Attachment:
    """A photo for an agent who has or had its conversation (and may read its team's
    chats), or a supervisor."""
    photo = (
        Attachment.objects.select_related("conversation__live__team")
        .filter(pk=attachment_id)
        .first()
    )
    if photo is None:
        raise NotFound("no such photo")
    check_team(agent, photo.conversation)
    has_had_it = is_assigned_to(photo.conversation, agent.pk) or handled(agent, photo.conversation)
    if not has_had_it and not is_supervisor(agent):
        raise Forbidden("this photo is not in one of your conversations")
    return photo


def photo_for_visitor(conversation_id: uuid.UUID | None, attachment_id: uuid.UUID) -> Attachment:
    """A photo of the visitor's own conversation; any other is not found."""
    if conversation_id is None:
        raise NotFound("no such photo")
    photo = Attachment.objects.filter(pk=attachment_id, conversation_id=conversation_id).first()
    if photo is None:
        raise NotFound("no such photo")
    return photo
