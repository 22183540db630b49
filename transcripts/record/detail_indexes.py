"""The blind indexes of a visitor's details, so the DPO can find a subject's conversations
by name, surname, address, postcode, phone number or tenancy reference as well as by email.

Written when the details are written (the name and the address) and when the visitor
writes a line holding a UK phone number or a tenancy or rent reference; looked up by
``find_conversation_ids``; deleted with the conversation's other personal records
(``personal_data``) when it is erased or aged out. Only keyed digests are stored: no value
is stored, returned or logged, and a search opens nobody's data (an HMAC-SHA256 match
under the ring's key is the match).
"""

import re
import uuid
from collections.abc import Callable, Iterable, Mapping

from django.db import transaction

from transcripts.record import blind_index, normalise
from transcripts.record.models import Conversation, DetailIndex

# Which kinds of index each field of the details gives.
FIELD_KINDS = {"name": ("name", "surname"), "address": ("address", "postcode")}
SEARCH_KINDS = tuple(DetailIndex.Kind.values)
# A UK phone number written in a line: +44, 0044 or 0, then nine to eleven digits with at
# most two separators between digits ("+44 (0)29 2087 2087", "07700 900123").
PHONE_IN_TEXT = re.compile(r"(?<![\d+])(?:\+44|0044|0)(?:[\s().\-]{0,2}\d){9,11}(?!\d)")
# Tenancy and rent references written in a line, a small exact subset of the redaction's
# recognizers (which the record may not import, and whose engine is too heavy to load in
# every chat process): a reference known by its shape ("TN123456", "RT-0094411-01",
# "TEN/011873/01": letters run into digits, or parts joined by "-" or "/" with a part of
# letters), or any run of digits after a tenancy or rent cue ("rent ref 10029384",
# "rent account no. is RA 0078 5512"). Each needs five digits (``normalise``).
SHAPED_REFERENCE = re.compile(
    r"(?<![\w/@.-])(?:[a-z]{1,4}\d{5,}|[a-z0-9]+(?:[/-][a-z0-9]+)+)(?![\w/@-])(?!\.\w)",
    re.IGNORECASE,
)
_LETTER_PART = re.compile(r"(?:^|[/-])[a-z]{1,4}(?=$|[/-])", re.IGNORECASE)
_CUE_WORD = r"(?:ref(?:erence)?|no|number|num|id|account|acc|acct|a/c)"
CUED_REFERENCE = re.compile(
    rf"\b(?:tenancy|tenant|rent|account|acct|a/c)(?:\s+{_CUE_WORD}\b\.?){{0,2}}"
    r"[\s:#=]*(?:(?:is|was)\s+)?"
    r"(?P<reference>(?:[a-z]{1,4}[ /-]?)?\d[a-z0-9]*(?:[ /-]\d[a-z0-9]*)*)(?![\w/-])",
    re.IGNORECASE,
)


def _rows(conversation_id: uuid.UUID | str, kind: str, values: Iterable[str]) -> list[DetailIndex]:
    rows = {}
    for value in values:
        if (made := blind_index.detail_index(kind, value)) is not None:
            key_id, digest = made
            rows[digest] = DetailIndex(
                conversation_id=conversation_id, kind=kind, digest=digest, key_id=key_id
            )
    return list(rows.values())


def write_detail_indexes(conversation_id: uuid.UUID | str, given: Mapping[str, str | None]) -> None:
    """Replaces the indexes of each field given (a field given as None loses them)."""
    for field, kinds in FIELD_KINDS.items():
        if field not in given:
            continue
        DetailIndex.objects.filter(conversation_id=conversation_id, kind__in=kinds).delete()
        value = given[field]
        if value:
            rows = [row for kind in kinds for row in _rows(conversation_id, kind, [value])]
            DetailIndex.objects.bulk_create(rows)


def portal_tenancy_rows(conversation_id: uuid.UUID | str, reference: str) -> list[DetailIndex]:
    """The tenancy index of a reference the landlord's portal vouched for (``portal``)."""
    return _rows(conversation_id, DetailIndex.Kind.TENANCY, [reference])


def phones_in(text: str) -> list[str]:
    """The UK phone numbers written in ``text``, as written."""
    return [found.group(0) for found in PHONE_IN_TEXT.finditer(text)]


def _shaped(candidate: str) -> bool:
    """Letters run into digits, or joined parts with a part of letters alone (never a
    date, a phone number or a sort code, whose parts are all digits)."""
    joined = "/" in candidate or "-" in candidate
    return not joined or _LETTER_PART.search(candidate) is not None


def tenancy_references_in(text: str) -> list[str]:
    """The tenancy and rent references written in ``text``, as written."""
    shaped = [found.group(0) for found in SHAPED_REFERENCE.finditer(text)]
    cued = [found.group("reference") for found in CUED_REFERENCE.finditer(text)]
    found = [candidate for candidate in shaped if _shaped(candidate)] + cued
    return [candidate for candidate in found if normalise.tenancy_reference(candidate)]


def line_rows(conversation_id: uuid.UUID | str, text: str) -> list[DetailIndex]:
    """The phone and tenancy reference indexes of a visitor's line (saved by the caller,
    ignoring repeats)."""
    return _rows(conversation_id, DetailIndex.Kind.PHONE, phones_in(text)) + _rows(
        conversation_id, DetailIndex.Kind.TENANCY, tenancy_references_in(text)
    )


def save_line_rows(rows: list[DetailIndex]) -> None:
    DetailIndex.objects.bulk_create(rows, ignore_conflicts=True)


def find_conversation_ids(kind: str, value: str) -> list[uuid.UUID]:
    """Conversations with a ``kind`` index of ``value`` under any key of the ring, oldest
    first; [] when the value holds nothing of that kind."""
    if kind not in SEARCH_KINDS:
        raise ValueError(f"unknown detail kind {kind!r}")
    # A reference searched with its cue ("rent ref 10029384") is searched without it.
    values = (tenancy_references_in(value) or [value]) if kind == "tenancy" else [value]
    digests = [d for each in values for d in blind_index.detail_index_candidates(kind, each)]
    if not digests:
        return []
    return list(
        Conversation.objects.filter(detail_indexes__kind=kind, detail_indexes__digest__in=digests)
        .order_by("created_at")
        .values_list("pk", flat=True)
        .distinct()
    )


def backfill(
    read_details: Callable[[uuid.UUID], Mapping[str, str] | None],
    visitor_lines: Callable[[uuid.UUID], Iterable[str]],
    progress: Callable[[int, int], None],
) -> int:
    """Indexes every conversation neither erased nor aged (their details and their
    visitor's lines), calling ``progress(done, total)`` after each; returns how many.
    Each is indexed under its row lock, so one erased meanwhile gets no index back.
    Idempotent: the details' indexes are replaced, a line's index is added once."""
    pending = list(
        Conversation.objects.filter(erased_at=None, aged_at=None)
        .order_by("created_at")
        .values_list("pk", flat=True)
    )
    for done, conversation_id in enumerate(pending, 1):
        with transaction.atomic():
            kept = Conversation.objects.select_for_update().filter(
                pk=conversation_id, erased_at=None, aged_at=None
            )
            if kept.exists():
                details = read_details(conversation_id) or {}
                write_detail_indexes(
                    conversation_id, {field: details.get(field) for field in FIELD_KINDS}
                )
                lines = visitor_lines(conversation_id)
                save_line_rows([row for line in lines for row in line_rows(conversation_id, line)])
        progress(done, len(pending))
    return len(pending)
