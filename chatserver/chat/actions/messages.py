"""Storing chat lines and telling the conversation's sockets.

Every visitor line is checked for an emergency before it is sealed (in memory only):
a match flags the conversation, in the same transaction, and answers the visitor
with advice at once. It is checked too for dissatisfaction and hazards, which prompt
the agent (``chatserver.casework.prompts``), in the same transaction.
"""

import logging
import uuid
from collections.abc import Iterable, Sequence

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.functional import Promise, lazy
from django.utils.timezone import now as timezone_now

from chatserver.casework import prompt_cues
from chatserver.casework import prompts as case_prompts
from chatserver.chat import access, broadcast, emergencies, protocol
from chatserver.chat.access import NotYourConversation
from chatserver.chat.actions.queue import publish_queue
from chatserver.chat.errors import ChatError
from chatserver.chat.models import LiveConversation
from locality import languages
from transcripts.record import batch_sql, store
from transcripts.record.models import Conversation, Message

logger = logging.getLogger(__name__)


class ConversationClosed(ChatError):
    """The conversation is closed (or no longer the agent's to act on)."""


def _signal(result: store.AppendResult) -> broadcast.MessageSignal | None:
    """What ``broadcast`` needs to signal a newly stored line (None for a repeat)."""
    if not result.created or result.envelope is None:
        return None
    message = result.message
    return broadcast.MessageSignal(
        conversation_id=message.conversation_id,
        agent_id=result.conversation.live.assigned_agent_id,
        seq=message.seq,
        sender=message.sender,
        at=protocol.iso(message.at),
        client_id=message.client_id,
        envelope=result.envelope,
        to_visitor=message.sender != Message.Sender.NOTE,
        attachment=protocol.attachment_ref(message.attachment),
        author_id=message.author_id,
    )


def broadcast_stored(result: store.AppendResult) -> None:
    signal = _signal(result)
    if signal is not None:
        broadcast.message(signal)


def append_system(conversation: Conversation, text: str | Promise) -> int:
    """Stores a system line (inside the caller's transaction) and signals it after;
    returns its seq.

    A lazy ``text`` is written in the conversation's language.
    """
    with languages.speaking(conversation.live.language):
        line = str(text)
    result = store.append_message(conversation.pk, sender=Message.Sender.SYSTEM, text=line)
    transaction.on_commit(lambda: broadcast_stored(result))
    return result.message.seq


def admit_line(conversation: Conversation, line: store.NewMessage) -> Exception | None:
    """Why a line may not join this (locked) conversation; None when it may."""
    if line.sender in (Message.Sender.AGENT, Message.Sender.NOTE) and not access.is_assigned_to(
        conversation, line.author_id
    ):
        return NotYourConversation("this conversation is not assigned to you")
    if conversation.live.status == LiveConversation.Status.CLOSED:
        return ConversationClosed("the conversation is closed")
    return None


def _emergencies(lines: Sequence[store.NewMessage]) -> dict[int, str]:
    """The emergency category of each visitor line that mentions one, by index."""
    return {
        index: category
        for index, line in enumerate(lines)
        if line.sender == Message.Sender.VISITOR and (category := emergencies.detect(line.text))
    }


def _flag_emergency(conversation_id: uuid.UUID, category: str) -> None:
    """Flags the conversation and advises the visitor, once per category (inside the
    caller's transaction; the queue and the agent are told after the commit)."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation_id)
    live = LiveConversation.objects.select_for_update().get(conversation_id=conversation_id)
    if category in live.emergency_categories:
        return
    LiveConversation.objects.filter(pk=live.pk).update(
        emergency=category,
        emergency_at=timezone_now(),
        emergency_categories=[*live.emergency_categories, category],
    )
    answered = live.status != LiveConversation.Status.OFFLINE
    append_system(conversation, lazy(emergencies.advice, str)(category, answered))
    agent_id = live.assigned_agent_id
    if agent_id is not None:
        transaction.on_commit(lambda: broadcast.emergency(agent_id, conversation.pk, category))
    transaction.on_commit(publish_queue)
    logger.info("Conversation %s was flagged as an emergency", conversation.pk)


def _raise_prompts(
    results: Sequence[store.AppendResult | Exception], cues: dict[int, prompt_cues.Cues]
) -> None:
    """Prompts the agents of the stored lines that call for it (inside the transaction)."""
    for index, found in cues.items():
        result = results[index]
        if isinstance(result, store.AppendResult) and result.created:
            message = result.message
            for prompt in case_prompts.prompts_for_line(found, message.seq):
                case_prompts.raise_prompt(message.conversation_id, prompt)


class _BatchAdmission:
    """``admit_line`` for a group commit, with the live rows of the batch's conversations
    read in one statement rather than one per conversation.

    The rows are read when the first line is admitted, that is after the record's rows
    are locked, as every writer of the live state locks them first. They are not read,
    nor locked, by the locking statement itself: joined there, PostgreSQL would return
    them from before the lock's wait, and locking them too deadlocked with transactions
    whose deferred foreign-key checks run at commit.
    """

    def __init__(self, lines: Sequence[store.NewMessage]) -> None:
        self.conversation_ids = list({line.conversation_id for line in lines})
        self.live_rows: dict[uuid.UUID, LiveConversation] | None = None

    def __call__(self, conversation: Conversation, line: store.NewMessage) -> Exception | None:
        if self.live_rows is None:
            rows = batch_sql.rows_by_key(LiveConversation, self.conversation_ids)
            self.live_rows = {row.pk: row for row in rows}
        live = self.live_rows.get(conversation.pk)
        if live is not None:
            conversation.live = live
        return admit_line(conversation, line)


def _append(lines: Sequence[store.NewMessage]) -> list[store.AppendResult | Exception]:
    return store.append_messages(lines, admit=_BatchAdmission(lines))


def do_send_messages(lines: Sequence[store.NewMessage]) -> list[store.AppendResult | Exception]:
    """Stores visitors' and agents' lines (and agents' notes) in one transaction.

    The group commit of the chat sockets: call it outside any transaction, so
    it returns after the commit, then ``announce_messages`` on the event loop.
    Each line gets its result or the reason it was refused. A visitor line that
    mentions an emergency is followed by its advice, committed with it; one that
    prompts the agent opens its prompt in the same transaction.
    """
    urgent = _emergencies(lines)
    cues = case_prompts.line_cues(lines, urgent)
    if not urgent and not cues:
        results = _append(lines)
    else:
        with transaction.atomic():
            results = _append(lines)
            for index, category in urgent.items():
                result = results[index]
                if isinstance(result, store.AppendResult) and result.created:
                    _flag_emergency(result.message.conversation_id, category)
            _raise_prompts(results, cues)
    if _first_lines_in_queue(results):
        transaction.on_commit(publish_queue)
    return results


QUEUED = (LiveConversation.Status.WAITING, LiveConversation.Status.OFFLINE)


def _first_lines_in_queue(results: Sequence[store.AppendResult | Exception]) -> bool:
    """Whether a visitor's first line came into a queued chat: agents triage by it."""
    stored = {
        (result.message.conversation_id, result.message.seq)
        for result in results
        if isinstance(result, store.AppendResult)
        and result.created
        and result.message.sender == Message.Sender.VISITOR
        and result.conversation.live.status in QUEUED
    }
    if not stored:
        return False
    firsts = store.first_visitor_lines({conversation_id for conversation_id, _ in stored})
    return any((line.conversation_id, line.seq) in stored for line in firsts)


async def announce_messages(results: Iterable[store.AppendResult | Exception]) -> None:
    await broadcast.announce_messages(
        signal
        for result in results
        if isinstance(result, store.AppendResult) and (signal := _signal(result)) is not None
    )


def announce_messages_now(
    results: Iterable[store.AppendResult | Exception],
    publisher: broadcast.Publisher,
) -> None:
    """``announce_messages`` from the group commit's own thread, right after its commit."""
    broadcast.announce_messages_blocking(
        publisher,
        (
            signal
            for result in results
            if isinstance(result, store.AppendResult) and (signal := _signal(result)) is not None
        ),
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
    line = store.NewMessage(
        conversation.pk, sender, text, client_id, author.pk if author is not None else None
    )
    outcome = do_send_messages([line])[0]
    if isinstance(outcome, Exception):
        raise outcome
    transaction.on_commit(lambda: broadcast_stored(outcome))
    return outcome


def visitor_typing(conversation: Conversation, active: bool) -> None:
    agent_id = conversation.live.assigned_agent_id
    if agent_id is not None:
        broadcast.typing_to_agent(agent_id, conversation.pk, active)


def agent_typing(conversation: Conversation, active: bool) -> None:
    broadcast.typing_to_visitor(conversation.pk, active)
