"""Every write of the API: tokens made and revoked by a supervisor, each request a token
makes, a system line posted and a chat closed with its wrap-up; each with its audit entry
(a token by its prefix; ids, codes and statuses, never a token, a line's text or a
visitor's details).

A token acts with the authority of the supervisor who made it (``acting_supervisor``): the
close is theirs, as if they had closed the chat in the console, through the chat's own
action, so the wrap-up's rules and the broadcasts are those of any close.
"""

import secrets
import uuid
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.timezone import now as timezone_now

from chatserver.api.errors import conflict
from chatserver.api.models import TOKEN_START, ApiToken, token_digest
from chatserver.api.scopes import SCOPES
from chatserver.chat.access import ConversationNotFound, NotYourConversation, require_supervisor
from chatserver.chat.actions.conversations import do_close_by_agent
from chatserver.chat.actions.messages import ConversationClosed, append_system
from chatserver.chat.errors import ChatError
from chatserver.chat.models import LiveConversation
from chatserver.wrapup.choices import WrapUpRequest
from transcripts.compliance import audit
from transcripts.record.models import Conversation

MAX_NAME = 100
MAX_LINE = 1000
NAME_NEEDED = "Give the token a name (at most 100 characters) saying which system uses it."
SCOPE_NEEDED = "Tick at least one thing the token may do."
UNKNOWN_SCOPE = "A scope ticked is not one the API knows."
LINE_NEEDED = f"text must be 1 to {MAX_LINE} characters, on one line, with no control characters"


def _check_new_token(name: str, scopes: list[str]) -> None:
    if not name or len(name) > MAX_NAME:
        raise ChatError(NAME_NEEDED)
    if not scopes:
        raise ChatError(SCOPE_NEEDED)
    if not SCOPES.issuperset(scopes):
        raise ChatError(UNKNOWN_SCOPE)


@transaction.atomic
def do_create_token(supervisor: User, name: str, scopes: Iterable[str]) -> tuple[ApiToken, str]:
    """Makes a token with these scopes and returns it with the token itself: only its hash
    and prefix are kept, so this is the one time anyone sees it."""
    require_supervisor(supervisor)
    name, chosen = name.strip(), sorted(set(scopes))
    _check_new_token(name, chosen)
    prefix = secrets.token_hex(4)
    token = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    made = ApiToken.objects.create(
        name=name, prefix=prefix, digest=token_digest(token), scopes=chosen, created_by=supervisor
    )
    audit.record(audit.API_TOKEN_CREATED, actor_id=supervisor.pk, token=prefix, scopes=chosen)
    return made, token


@transaction.atomic
def do_revoke_token(supervisor: User, token_id: int) -> ApiToken:
    """The token stops working at once; its row stays, for the audit log's prefix."""
    require_supervisor(supervisor)
    token = ApiToken.objects.select_for_update().filter(pk=token_id, revoked_at=None).first()
    if token is None:
        raise ChatError("That token does not exist or was already revoked.")
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone_now())
    audit.record(audit.API_TOKEN_REVOKED, actor_id=supervisor.pk, token=token.prefix)
    return token


@transaction.atomic
def do_record_use(
    token: ApiToken,
    operation: str,
    status: int,
    *,
    conversation_id: uuid.UUID | None = None,
    personal: bool = False,
) -> None:
    """One request of ``token``: when it was last used, and the audit log's entry."""
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone_now())
    audit.record(
        audit.API_REQUEST,
        actor_id=token.created_by_id,
        conversation_id=conversation_id,
        token=token.prefix,
        operation=operation,
        status=status,
        personal=personal,
    )


def check_line(text: str) -> str:
    """The system line's text, stripped; refuses an empty, long or multi-line one."""
    line = text.strip()
    if not line or len(line) > MAX_LINE or any(ord(char) < 32 or ord(char) == 127 for char in line):
        raise ChatError(LINE_NEEDED)
    return line


@transaction.atomic
def do_post_system_line(token: ApiToken, conversation_id: uuid.UUID, text: str) -> int:
    """Adds a system line to an open chat; the visitor and the agent see it at once, as
    every system line (``append_system``). Returns its seq."""
    line = check_line(text)
    conversation = Conversation.objects.select_for_update().filter(pk=conversation_id).first()
    if conversation is None:
        raise ConversationNotFound("no such conversation")
    live = LiveConversation.objects.select_for_update().get(pk=conversation_id)
    if live.status == LiveConversation.Status.CLOSED:
        raise ConversationClosed("the conversation is closed")
    seq = append_system(conversation, line)
    audit.record(
        audit.API_SYSTEM_LINE_POSTED,
        actor_id=token.created_by_id,
        conversation_id=conversation_id,
        token=token.prefix,
        seq=seq,
    )
    return seq


def acting_supervisor(token: ApiToken) -> User:
    """The account a token acts for (the authentication let only a live supervisor's in)."""
    supervisor = token.created_by
    require_supervisor(supervisor)
    assert supervisor is not None  # noqa: S101  (require_supervisor refuses None)
    return supervisor


def do_close_with_wrap_up(
    token: ApiToken, conversation_id: uuid.UUID, wrap_up: WrapUpRequest
) -> None:
    """Closes an open chat with its wrap-up, as its token's supervisor; a closed chat is a
    conflict (409), a wrap-up not offered the wrap-up's own refusal.

    The close is the chat's own action, which owns its transaction (and routes the queue
    after it commits); the API's audit entry is written once that close has committed."""
    supervisor = acting_supervisor(token)
    conversation = Conversation.objects.select_related("live").filter(pk=conversation_id).first()
    if conversation is None:
        raise ConversationNotFound("no such conversation")
    if conversation.live.status == LiveConversation.Status.CLOSED:
        raise conflict("the conversation is already closed")
    try:
        closed = do_close_by_agent(supervisor, conversation, wrap_up)
    except NotYourConversation:
        # Closed by someone else meanwhile: the wrap-up went to a close that was not ours.
        raise conflict("the conversation is already closed") from None
    if not closed:
        raise conflict("the conversation is already closed")
    audit.record(
        audit.API_CONVERSATION_CLOSED,
        actor_id=supervisor.pk,
        conversation_id=conversation_id,
        token=token.prefix,
        reason=wrap_up.reason,
        outcome=wrap_up.outcome,
        tags=list(wrap_up.tags),
    )
