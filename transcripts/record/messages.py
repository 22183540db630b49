"""Chat lines of the record: the group commit that stores them sealed, and their reads.

Part of the store (``transcripts.record.store`` exports it): every body is sealed
through a ``sealing.Sealer`` and opened with the keys the database still holds.
"""

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import cast

from django.db import transaction
from django.utils.timezone import now as timezone_now

from transcripts.record import batch_sql, detail_indexes, sealing
from transcripts.record.errors import (
    ClientIdReused,
    ConversationErased,
    InvalidText,
    UnknownConversation,
)
from transcripts.record.models import Attachment, Conversation, DetailIndex, Message

ORIGINAL = "original"
MASKED = "masked"
ERASED = "erased"

# A photo's message text, and what the masked transcript keeps of it.
PHOTO_TEXT = "[photo]"
PHOTO_REMOVED = "[photo removed]"

COUNTER_FIELDS = ("last_seq", "key_generation", "key_seals", "last_activity_at")


@dataclass(frozen=True)
class AttachmentInfo:
    """What a message says about its photo: never the pixels."""

    id: uuid.UUID
    content_type: str
    width: int
    height: int
    size: int


@dataclass(frozen=True)
class StoredMessage:
    conversation_id: uuid.UUID
    seq: int
    sender: str
    text: str | None
    at: datetime
    client_id: str | None
    author_id: int | None
    state: str = ORIGINAL
    attachment: AttachmentInfo | None = None


@dataclass(frozen=True)
class AppendResult:
    message: StoredMessage
    created: bool
    envelope: bytes | None
    conversation: Conversation


@dataclass(frozen=True)
class NewMessage:
    """A line to store: who sent it, its text and (for people) the sender's ``client_id``."""

    conversation_id: uuid.UUID
    sender: str
    text: str
    client_id: str | None = None
    author_id: int | None = None


Admission = Callable[[Conversation, NewMessage], Exception | None]


def append_message(
    conversation_id: uuid.UUID | str,
    *,
    sender: str,
    text: str,
    client_id: str | None = None,
    author_id: int | None = None,
    admit: Admission | None = None,
) -> AppendResult:
    """Stores a message with the next ``seq``; a repeated ``client_id`` stores nothing.

    Raises ``ClientIdReused`` when the ``client_id`` is known with other text, and
    the refusal of ``admit`` (see ``append_messages``) when it refuses the line.
    """
    line = NewMessage(uuid.UUID(str(conversation_id)), sender, text, client_id, author_id)
    result = append_messages([line], admit=admit)[0]
    if isinstance(result, Exception):
        raise result
    return result


def append_messages(
    lines: Sequence[NewMessage], *, admit: Admission | None = None
) -> list[AppendResult | Exception]:
    """Stores many lines in one transaction: a result, or the reason it was refused, per line.

    This is the group commit behind the chat sockets: one lock query, one
    duplicate query, one insert and one counter update for the whole batch.
    ``admit`` may refuse a line after its conversation is locked (closed, not
    the sender's). Lines of one conversation get consecutive ``seq`` in the
    order given; a refused line stores nothing and does not affect the others.
    A database error raises, and then nothing of the batch is stored.
    """
    results: list[AppendResult | Exception | None] = [None] * len(lines)
    plaintexts: dict[int, bytes] = {}
    for index, line in enumerate(lines):
        try:
            plaintexts[index] = sealing.encode(line.text)
        except InvalidText as error:
            results[index] = error
    with transaction.atomic():
        conversations = _lock_many({lines[index].conversation_id for index in plaintexts})
        batch = _Batch(conversations, _messages_by_client_id(lines, plaintexts), admit)
        for index, plaintext in plaintexts.items():
            results[index] = batch.store(lines[index], plaintext)
        batch.save()
    return cast(list[AppendResult | Exception], results)  # every index was given a result


class _Batch:
    """The rows of one group commit: each line's answer, and the rows and counters to write."""

    def __init__(
        self,
        conversations: Mapping[uuid.UUID, Conversation],
        earlier: dict[tuple[uuid.UUID, str], StoredMessage],
        admit: Admission | None,
    ) -> None:
        self.conversations = conversations
        self.earlier = earlier
        self.admit = admit
        self.now = timezone_now()
        self.rows: list[Message] = []
        self.line_indexes: list[DetailIndex] = []
        self.touched: dict[uuid.UUID, Conversation] = {}

    def store(self, line: NewMessage, plaintext: bytes) -> AppendResult | Exception:
        """The line's answer; its row is added when it is to be stored."""
        conversation = self.conversations.get(line.conversation_id)
        if conversation is None:
            return UnknownConversation(f"no conversation {line.conversation_id}")
        answer = _earlier_answer(line, conversation, self.admit, self.earlier)
        if answer is not None:
            return answer
        try:
            row, envelope = _sealed_row(line, conversation, plaintext, self.now)
        except (ConversationErased, sealing.CryptoError) as error:
            # Only this line fails: a conversation whose key cannot be opened must
            # not take the other conversations of the batch down with it.
            return error
        self.rows.append(row)
        if line.sender == Message.Sender.VISITOR:
            self.line_indexes += detail_indexes.line_rows(conversation.pk, line.text)
        self.touched[conversation.pk] = conversation
        stored = _view(row, line.text, ORIGINAL)
        if line.client_id is not None:
            self.earlier[(conversation.pk, line.client_id)] = stored
        return AppendResult(
            message=stored, created=True, envelope=envelope, conversation=conversation
        )

    def save(self) -> None:
        """The batch's rows, and its conversations' counters (the key usage among them)."""
        if self.rows:
            batch_sql.insert(Message, self.rows)
            batch_sql.update(Conversation, list(self.touched.values()), COUNTER_FIELDS)
        if self.line_indexes:
            detail_indexes.save_line_rows(self.line_indexes)


def _earlier_answer(
    line: NewMessage,
    conversation: Conversation,
    admit: Admission | None,
    earlier: Mapping[tuple[uuid.UUID, str], StoredMessage],
) -> AppendResult | Exception | None:
    """A line's answer when it is not to be stored: its refusal, or the copy stored
    earlier under its ``client_id``; None when it is to be stored."""
    refusal = admit(conversation, line) if admit is not None else None
    if refusal is None and conversation.erased_at is not None:
        refusal = ConversationErased(f"conversation {conversation.pk} is erased")
    if refusal is not None:
        return refusal
    if line.client_id is not None and (conversation.pk, line.client_id) in earlier:
        return _repeat(earlier[(conversation.pk, line.client_id)], line, conversation)
    return None


def _sealed_row(
    line: NewMessage, conversation: Conversation, plaintext: bytes, now: datetime
) -> tuple[Message, bytes]:
    """The conversation's next message row, sealed, and its envelope; advances the
    (locked) conversation's counters, saved by the batch. Raises when its data key
    cannot be had."""
    seq = conversation.last_seq + 1
    envelope = sealing.Sealer(conversation).seal(
        plaintext, sealing.message_aad(conversation.pk, seq)
    )
    conversation.last_seq, conversation.last_activity_at = seq, now
    row = Message(
        conversation_id=conversation.pk,
        seq=seq,
        sender=line.sender,
        author_id=line.author_id,
        client_id=line.client_id,
        body=envelope,
        created_at=now,
    )
    return row, envelope


def _messages_by_client_id(
    lines: Sequence[NewMessage], indexes: Iterable[int]
) -> dict[tuple[uuid.UUID, str], StoredMessage]:
    """Earlier stored copies of the batch's lines, found by ``client_id`` in one query."""
    wanted = {
        (lines[index].conversation_id, client_id)
        for index in indexes
        if (client_id := lines[index].client_id) is not None
    }
    stored = stored_with_client_ids(wanted)
    keys = sealing.StoredKeys()
    keys.preload(message.conversation_id for message in stored)
    return {
        (message.conversation_id, str(message.client_id)): _message_view(message, keys)
        for message in stored
    }


def stored_with_client_ids(wanted: Iterable[tuple[uuid.UUID, str]]) -> list[Message]:
    """The stored messages with these (conversation, ``client_id``) pairs.

    Looked up through the unique index led by ``client_id``: one index entry a
    line, however long the conversations are.
    """
    return batch_sql.select_rows(Message, ("conversation", "client_id"), wanted)


def _lock_many(conversation_ids: set[uuid.UUID]) -> dict[uuid.UUID, Conversation]:
    """The conversations of a batch, row-locked; the unknown ones are left out."""
    if not conversation_ids:
        return {}
    locked = batch_sql.locked_rows(Conversation, list(conversation_ids))
    return {conversation.pk: conversation for conversation in locked}


def _repeat(
    stored: StoredMessage, line: NewMessage, conversation: Conversation
) -> AppendResult | Exception:
    """A line whose ``client_id`` is already stored: the same line again, or a misuse."""
    if stored.text != line.text or stored.sender != line.sender:
        return ClientIdReused(f"client_id reused in conversation {line.conversation_id}")
    return AppendResult(message=stored, created=False, envelope=None, conversation=conversation)


def open_message_envelope(conversation_id: uuid.UUID | str, seq: int, envelope: bytes) -> str:
    """Opens a message body carried by the channel layer (it never carries plaintext)."""
    return sealing.StoredKeys().open(
        conversation_id, envelope, sealing.message_aad(conversation_id, seq)
    )


def open_message_envelope_cached(
    conversation_id: uuid.UUID | str, seq: int, envelope: bytes
) -> str | None:
    """Like ``open_message_envelope`` but without touching the database: None when
    the data key is not in this process's cache. Safe to call on the event loop.

    Only for the live delivery of a line just stored: a destroyed key leaves every
    process's cache when the destruction is announced (``forget_keys``)."""
    return sealing.open_cached(conversation_id, envelope, sealing.message_aad(conversation_id, seq))


def _message_view(message: Message, keys: sealing.StoredKeys) -> StoredMessage:
    if message.masked_text is not None:
        text, state = message.masked_text, MASKED
    elif message.body is None:
        text, state = None, ERASED
    else:
        try:
            text = keys.open(
                message.conversation_id,
                message.body,
                sealing.message_aad(message.conversation_id, message.seq),
            )
            state = ORIGINAL
        except sealing.KeyDestroyedError:
            text, state = None, ERASED
    return _view(message, text, state)


def _view(
    message: Message, text: str | None, state: str, attachment: AttachmentInfo | None = None
) -> StoredMessage:
    return StoredMessage(
        conversation_id=message.conversation_id,
        seq=message.seq,
        sender=message.sender,
        text=text,
        at=message.created_at,
        client_id=message.client_id,
        author_id=message.author_id,
        state=state,
        attachment=attachment,
    )


def read_messages(
    conversation_id: uuid.UUID | str,
    *,
    after_seq: int | None = None,
    include_notes: bool = True,
    limit: int | None = None,
) -> list[StoredMessage]:
    """Messages in ``seq`` order; erased ones come back with ``text=None``."""
    messages = Message.objects.filter(conversation_id=conversation_id)
    if after_seq:
        messages = messages.filter(seq__gt=after_seq)
    if not include_notes:
        messages = messages.exclude(sender=Message.Sender.NOTE)
    keys = sealing.StoredKeys()
    if limit is not None:
        rows = list(messages.order_by("-seq")[:limit])[::-1]
    else:
        rows = list(messages.order_by("seq"))
    views = [_message_view(message, keys) for message in rows]
    # Only a photo's line reads PHOTO_TEXT: most reads need no query for photos.
    if not any(view.text == PHOTO_TEXT for view in views):
        return views
    photos = attachments_by_seq(conversation_id, rows[0].seq, rows[-1].seq)
    return [
        replace(view, attachment=photos.get(view.seq)) if view.text == PHOTO_TEXT else view
        for view in views
    ]


def attachments_by_seq(
    conversation_id: uuid.UUID | str, first_seq: int, last_seq: int
) -> dict[int, AttachmentInfo]:
    """The photos of the messages from ``first_seq`` to ``last_seq``, in one query."""
    found = Attachment.objects.filter(
        conversation_id=conversation_id, seq__gte=first_seq, seq__lte=last_seq
    ).values_list("seq", "id", "content_type", "width", "height", "size")
    return {
        seq: AttachmentInfo(photo_id, content_type, width, height, size)
        for seq, photo_id, content_type, width, height, size in found
    }
