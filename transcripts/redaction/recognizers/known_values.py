"""The visitor's own details, wherever they appear."""

import re
from collections.abc import Sequence

from presidio_analyzer import (
    EntityRecognizer,
)

from transcripts.redaction.recognizers.base import RegexRecognizer
from transcripts.redaction.recognizers.person_name import TITLES


class KnownValuesRecognizer(RegexRecognizer):
    """The visitor's own pre-chat details, wherever and however they are written.

    Built per transcript: the full name and each part of it, the email, and the
    address with its house number and street, matched case-insensitively with
    any spacing and punctuation between the words.
    """

    FIELD_ENTITIES = {"name": "PERSON", "email": "EMAIL_ADDRESS", "address": "STREET_ADDRESS"}

    def __init__(self, field: str, value: str) -> None:
        self.ENTITY = self.FIELD_ENTITIES[field]
        self.PATTERNS = tuple(self._patterns(field, value.strip()))
        super().__init__()
        self.name = f"KnownValuesRecognizer[{field}]"

    @staticmethod
    def _patterns(field: str, value: str) -> list[tuple[str, float]]:
        if field == "email":
            local = value.split("@", 1)[0]
            return [(re.escape(value), 1.0)] + (
                [(_phrase_pattern([local]), 0.9)] if len(local) > 3 else []
            )
        words = [word for word in re.split(r"[\s,]+", value) if word.strip(",.")]
        patterns = [(_phrase_pattern(words), 1.0)]
        if field == "name":
            patterns += [
                (_phrase_pattern([word]), 0.95)
                for word in words
                if len(word) > 1 and word.lower().strip(".") not in _TITLE_WORDS
            ]
        else:
            lines = [line.split() for line in re.split(r"[,\n]+", value) if line.strip()]
            patterns += [(_phrase_pattern(line), 0.95) for line in lines if len(line) > 1]
        return patterns


def known_value_recognizers(known: dict[str, str | None] | None) -> list[EntityRecognizer]:
    """One recognizer per detail the visitor gave, for one transcript."""
    return [
        KnownValuesRecognizer(field, value)
        for field in KnownValuesRecognizer.FIELD_ENTITIES
        if known and (value := known.get(field)) and value.strip()
    ]


_TITLE_WORDS = frozenset(TITLES.split("|"))


def _phrase_pattern(words: Sequence[str]) -> str:
    separator = r"[\s,.\-]*"
    body = separator.join(re.escape(word.strip(",.")) for word in words if word.strip(",."))
    return rf"(?<![\w@.]){body}(?![\w@])"
