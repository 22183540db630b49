"""What still rests on master keys outside the ring: the report that tells an operator
whether a retired key can be dropped.

It spans the record (data keys, blind indexes) and compliance's subject-request register,
so it lives here, above both.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from transcripts.compliance.models import SubjectRequest
from transcripts.record.models import DataKey, VisitorDetails


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
