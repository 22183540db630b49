"""Signals the storage layer sends; the transport layer listens.

Storage never imports transport: the chat app connects to these to tell every
running process and every open socket what changed in the record.
"""

from django.dispatch import Signal

# Sent after the commit that destroyed conversations' data keys, with
# ``conversation_ids`` (strings) and ``erased`` (True for an erasure, False when
# the retention job kept a masked copy).
keys_destroyed = Signal()

# Sent inside the transaction that erases or ages a conversation, with ``conversation_id``
# and ``erased`` (True for an erasure, False when the retention job kept a masked copy):
# the chat clears its live state of it in the same commit.
erasing = Signal()
