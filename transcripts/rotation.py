"""Master key rotation: rewrapping data keys and remaking blind indexes under the
primary key, and finding what still rests on other keys."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet

from transcripts import crypto, store
from transcripts.models import DataKey, SubjectRequest, VisitorDetails


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


@dataclass(frozen=True)
class KeyUsage:
    """What is still made under master keys other than some given ones, by key id."""

    data_keys: dict[str, int]
    email_indexes: dict[str, int]
    open_subject_requests: dict[str, int]

    @property
    def rotatable(self) -> bool:
        """Whether anything is left that rotation redoes (data keys, blind indexes)."""
        return bool(self.data_keys or self.email_indexes)

    @property
    def empty(self) -> bool:
        return not (self.rotatable or self.open_subject_requests)

    def lines(self) -> list[str]:
        """One line per key id and kind of item, without personal data."""
        kinds = (
            ("data keys wrapped", self.data_keys),
            ("email blind indexes made", self.email_indexes),
            ("open subject requests registered", self.open_subject_requests),
        )
        return [
            f"{count} {label} under master key {key_id!r}"
            for label, counts in kinds
            for key_id, count in sorted(counts.items())
        ]


def _counts_by(queryset: QuerySet[Any], field: str) -> dict[str, int]:
    return {
        row[field]: row["count"]
        for row in queryset.values(field).annotate(count=Count("pk")).order_by(field)
    }


def key_usage_outside(key_ids: Iterable[str]) -> KeyUsage:
    """Counts what rests on master keys not in ``key_ids``: data keys they wrap, blind
    indexes made under them (rotation redoes both) and open subject requests registered
    under them (which cannot be redone: the register holds no address)."""
    key_ids = list(key_ids)
    return KeyUsage(
        data_keys=_counts_by(DataKey.objects.exclude(master_key_id__in=key_ids), "master_key_id"),
        email_indexes=_counts_by(
            VisitorDetails.objects.exclude(email_index=None).exclude(
                email_index_key_id__in=key_ids
            ),
            "email_index_key_id",
        ),
        open_subject_requests=_counts_by(
            SubjectRequest.objects.filter(completed_at=None)
            .exclude(email_index_key_id="")
            .exclude(email_index_key_id__in=key_ids),
            "email_index_key_id",
        ),
    )
