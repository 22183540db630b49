"""Storing chat lines and telling the conversation's sockets."""

from collections.abc import Iterable, Sequence

from django.contrib.auth.models import User
from django.db import transaction

from chatserver.chat import broadcast, protocol
from chatserver.chat.access import NotYourConversation
from chatserver.chat.errors import ChatError
from transcripts import store
from transcripts.models import Conversation, Message


class ConversationClosed(ChatError):
    """The conversation is closed (or no longer the agent's to act on)."""


def _signal(result: store.AppendResult) -> broadcast.MessageSignal | None:
    """What ``broadcast`` needs to signal a newly stored line (None for a repeat)."""
    if not result.created or result.envelope is None:
        return None
    message = result.message
    return broadcast.MessageSignal(
        conversation_id=message.conversation_id,
        agent_id=result.conversation.assigned_agent_id,
        seq=message.seq,
        sender=message.sender,
        at=protocol.iso(message.at),
        client_id=message.client_id,
        envelope=result.envelope,
        to_visitor=message.sender != Message.Sender.NOTE,
    )


def _broadcast_stored(result: store.AppendResult) -> None:
    signal = _signal(result)
    if signal is not None:
        broadcast.message(signal)


def append_system(conversation: Conversation, text: str) -> None:
    """Stores a system line (inside the caller's transaction) and signals it after."""
    result = store.append_message(conversation.pk, sender=Message.Sender.SYSTEM, text=text)
    transaction.on_commit(lambda: _broadcast_stored(result))


def _refusal(conversation: Conversation, line: store.NewMessage) -> Exception | None:
    """Why a line may not join this (locked) conversation; None when it may."""
    if line.sender in (Message.Sender.AGENT, Message.Sender.NOTE) and (
        conversation.assigned_agent_id != line.author_id
    ):
        return NotYourConversation("this conversation is not assigned to you")
    if conversation.status == Conversation.Status.CLOSED:
        return ConversationClosed("the conversation is closed")
    return None


def do_send_messages(lines: Sequence[store.NewMessage]) -> list[store.AppendResult | Exception]:
    """Stores visitors' and agents' lines (and agents' notes) in one transaction.

    The group commit of the chat sockets: call it outside any transaction, so
    it returns after the commit, then ``announce_messages`` on the event loop.
    Each line gets its result or the reason it was refused.
    """
    return store.append_messages(lines, admit=_refusal)


async def announce_messages(results: Iterable[store.AppendResult | Exception]) -> None:
    await broadcast.announce_messages(
        signal
        for result in results
        if isinstance(result, store.AppendResult) and (signal := _signal(result)) is not None
    )


def do_send_message(
    conversation: Conversation,
    *,
    sender: str,
    text: str,
    client_id: str | None,
    author: User | None = None,
) -> store.AppendResult:
    """Stores one line from synchronous code and signals it after the commit."""
    result = store.append_message(
        conversation.pk,
        sender=sender,
        text=text,
        client_id=client_id,
        author_id=author.pk if author is not None else None,
        admit=_refusal,
    )
    transaction.on_commit(lambda: _broadcast_stored(result))
    return result


def visitor_typing(conversation: Conversation, active: bool) -> None:
    if conversation.assigned_agent_id is not None:
        broadcast.typing_to_agent(conversation.assigned_agent_id, conversation.pk, active)


def agent_typing(conversation: Conversation, active: bool) -> None:
    broadcast.typing_to_visitor(conversation.pk, active)
