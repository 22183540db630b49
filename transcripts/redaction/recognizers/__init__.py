"""Recognizers for the UK personal data Presidio's defaults miss, one module each, and
the registry that puts them beside Presidio's own.

Each recognizer has its own patterns, context words and validation; scores are chosen
so that the per-entity thresholds in ``transcripts.redaction.pii`` keep a match only when it is
certain on its own (a valid NI number, a Luhn-valid card) or when a context word
stands near it (six digits after "sort code", a date after "born"). Recognizers are
general: they describe the formats, never particular strings. They derive from
``base.RegexRecognizer`` rather than Presidio's ``PatternRecognizer``: a pattern here
may need words around the entity without masking them (a ``pii`` group), may re-score
a candidate in ``validate``, and reads its context words itself, which is cheaper than
Presidio's context enhancer and free of its lemmas ("born" becoming "bear").
"""

from transcripts.redaction.recognizers.known_values import known_value_recognizers
from transcripts.redaction.recognizers.registry import build_registry

__all__ = ["build_registry", "known_value_recognizers"]
