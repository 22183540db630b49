"""Payment card numbers."""

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from transcripts.redaction.recognizers.base import RegexRecognizer
from transcripts.redaction.recognizers.cues import cued_results


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit)
        if position % 2:
            value *= 2
            value -= 9 if value > 9 else 0
        total += value
    return total % 10 == 0


# An expiry date right after the number ("... 09/28", "... exp 09/28").
_EXPIRY_AFTER = re.compile(r"[ \t,]{1,3}(?:exp\w*[ \t:.]*)?(?:0[1-9]|1[0-2])/\d{2}\b", re.I)


class CardNumberRecognizer(RegexRecognizer):
    """Payment card numbers: 13 to 19 digits (from 2 to 6) passing Luhn; 12-digit Maestro
    numbers and numbers of other issuers (JCB's 15-digit "1800") only next to "card".

    A number of 12 to 19 digits that fails Luhn is still masked next to "card" (or "long
    number", "maestro", an expiry date after it), and so is every other one in that line:
    the visitor may have mistyped a digit, and a mistyped card number is still theirs."""

    ENTITY = "CREDIT_CARD"
    PATTERNS = ((r"(?<![\d-])\d{4}(?:(?:[ -]| {2})?\d){8,15}(?![\d-])", 0.1),)
    CONTEXT = ("card", "visa", "mastercard", "maestro", "debit", "credit", "amex", "pay", "long")
    CUES_AFTER = ("exp",)
    CUED_SCORE = 0.55
    # A valid number of an unusual length or issuer, kept only next to a context word.
    CONTEXT_ONLY_SCORE = 0.2

    def validate(self, candidate: str) -> float | None:
        digits = re.sub(r"\D", "", candidate)
        if not 12 <= len(digits) <= 19:
            return 0.0
        if not luhn_valid(digits):
            return None
        return 0.8 if len(digits) >= 13 and digits[0] in "23456" else self.CONTEXT_ONLY_SCORE

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts)
        for result in results:
            if _EXPIRY_AFTER.match(text, result.end):
                result.score = max(result.score, self.CUED_SCORE)
        return cued_results(results, text, self.has_context, self.CUES_AFTER, self.CUED_SCORE)
