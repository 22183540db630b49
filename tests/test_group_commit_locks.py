"""The group commit reads each conversation's live state under the record's lock, so a
close (or transfer) committed while a line waited for that lock is seen, not missed.

PostgreSQL only: there a statement's rows come from a snapshot taken before it waited for
a lock, which is where a stale read could slip in (SQLite serialises whole transactions).
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from chatserver.chat.actions import messages
from chatserver.chat.actions.messages import ConversationClosed
from chatserver.chat.models import LiveConversation
from tests import factories
from transcripts.record import store
from transcripts.record.models import Conversation

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
Status = LiveConversation.Status


def _close_while_holding_the_record_lock(conversation_id: object, locked: threading.Event) -> None:
    """What a close does: lock the record's row, change the live row, commit a moment later."""
    try:
        with transaction.atomic():
            Conversation.objects.select_for_update().filter(pk=conversation_id).exists()
            LiveConversation.objects.filter(pk=conversation_id).update(status=Status.CLOSED)
            locked.set()
            time.sleep(0.5)
    finally:
        connections.close_all()


def test_a_line_that_waited_for_a_close_sees_it() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the race is PostgreSQL's (set TEST_POSTGRES_URL; make test's pass 2)")
    conversation = factories.started()
    locked = threading.Event()
    closer = threading.Thread(
        target=_close_while_holding_the_record_lock, args=(conversation.pk, locked)
    )
    closer.start()
    assert locked.wait(5)
    line = store.NewMessage(conversation.pk, sender="visitor", text="still there?", client_id="v1")
    started = time.monotonic()
    [result] = messages.do_send_messages([line])
    waited = time.monotonic() - started
    closer.join()
    assert waited > 0.2, "the line did not wait for the close's lock"
    assert isinstance(result, ConversationClosed)
    assert [m.client_id for m in store.read_messages(conversation.pk)] == []
