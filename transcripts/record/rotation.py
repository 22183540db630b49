"""Master key rotation: rewrapping data keys and remaking blind indexes under the
primary key. What still rests on other keys is reported by ``compliance.key_usage``."""

from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction

from transcripts.record import crypto, store
from transcripts.record.models import DataKey, VisitorDetails


def _in_batches(
    pending: Any, batch_size: int, update: Callable[[list[Any]], None]
) -> Iterable[tuple[int, int]]:
    """Locks, updates and commits ``pending`` rows batch by batch, yielding (done, total).

    ``update`` must make each row leave ``pending``, so a stopped run resumes where it
    stopped.
    """
    total, done = pending.count(), 0
    while True:
        with transaction.atomic():
            batch = list(pending.select_for_update().order_by("pk")[:batch_size])
            if not batch:
                return
            update(batch)
        done += len(batch)
        yield done, total


def rewrap_data_keys(batch_size: int = 500) -> Iterable[tuple[int, int]]:
    """Rewraps every data key not under the primary master key, batch by batch."""

    def rewrap(batch: list[DataKey]) -> None:
        for data_key in batch:
            conversation_id = str(data_key.conversation_id)
            plain = crypto.unwrap_data_key(
                conversation_id, data_key.generation, bytes(data_key.wrapped)
            )
            data_key.master_key_id, data_key.wrapped = crypto.wrap_data_key(
                conversation_id, data_key.generation, plain
            )
        DataKey.objects.bulk_update(batch, ["master_key_id", "wrapped"])

    primary_id = crypto.key_ring().primary_id
    return _in_batches(DataKey.objects.exclude(master_key_id=primary_id), batch_size, rewrap)


def reindex_emails(batch_size: int = 500) -> Iterable[tuple[int, int]]:
    """Recomputes blind indexes made under a master key that is no longer primary."""

    def reindex(batch: list[VisitorDetails]) -> None:
        for row in batch:
            email = store.read_details(row.conversation_id).email
            if email is None:
                row.email_index, row.email_index_key_id = None, ""
            else:
                row.email_index_key_id, row.email_index = crypto.email_blind_index(email)
        VisitorDetails.objects.bulk_update(batch, ["email_index", "email_index_key_id"])

    primary_id = crypto.key_ring().primary_id
    pending = VisitorDetails.objects.exclude(email_index=None).exclude(
        email_index_key_id=primary_id
    )
    return _in_batches(pending, batch_size, reindex)
