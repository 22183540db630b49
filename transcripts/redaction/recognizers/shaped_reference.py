"""Account and tenancy references with no cue in the line, known by their shape alone:
letters and at least five digits joined by "/" or "-" ("TEN/011873/01", "GH-1100542",
"0045-771-A", "HF-2024-33871"), or a capitalised prefix run into six or more digits
("RA00211987"). In a housing chat such a code names one account; a line may be nothing but
the reference, or its correction ("swapped from ... to ..."). The codes of repairs, orders,
crimes and complaints (a word before says so) are kept, as are dates, phone numbers, sort
codes and postcodes, which have no letters joined to their digits."""

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from transcripts.redaction.recognizers.base import RegexRecognizer
from transcripts.redaction.recognizers.cued_reference import MIN_DIGITS, NOT_OURS

# Parts of letters or digits joined by "/" or "-", at least one part with a letter.
_JOINED = r"[A-Za-z0-9]+(?:[/-][A-Za-z0-9]+)+"
_PREFIXED = r"[A-Z]{2,4}\d{6,}"
_LETTER_PART = re.compile(r"(?:^|[/-])[A-Za-z]{1,4}(?=$|[/-])")
_WORDS = re.compile(r"[a-z]+")
# How many words before the code may say whose it is ("job no", "crime ref", "invoice"),
# and the words beyond the cued references' that make a code a case's or a claim's.
WINDOW = 6
OTHER_CODES = NOT_OURS | frozenset("case cases asb ticket claim claims".split())
SCORE = 0.55


class ShapedReferenceRecognizer(RegexRecognizer):
    """A reference known by its shape, unless a word just before makes it a repair's,
    an order's or a crime's."""

    ENTITY = "TENANCY_REF"
    PATTERNS = (
        (rf"(?<![\w/@.-])(?P<pii>{_JOINED})(?![\w/@-])(?!\.\w)", SCORE),
        (rf"(?<![\w/@.-])(?P<pii>{_PREFIXED})(?![\w/@-])(?!\.\w)", SCORE),
    )
    REGEX_FLAGS = re.UNICODE

    def validate(self, candidate: str) -> float | None:
        digits = sum(character.isdigit() for character in candidate)
        if digits < MIN_DIGITS:
            return 0.0
        # Joined parts need letters as a short part of their own ("TEN/", "-A"): never a
        # word with digits in it ("covid19-ward"), never none (dates, phones, sort codes).
        joined = "/" in candidate or "-" in candidate
        if joined and not _LETTER_PART.search(candidate):
            return 0.0
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        return [
            result
            for result in super().analyze(text, entities, nlp_artifacts)
            if not self._someone_elses(text, result.start)
        ]

    @staticmethod
    def _someone_elses(text: str, start: int) -> bool:
        before = _WORDS.findall(text[max(0, start - 120) : start].lower())
        return any(word in OTHER_CODES for word in before[-WINDOW:])
