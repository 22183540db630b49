"""Payment card numbers."""

import re

from transcripts.redaction.recognizers.base import RegexRecognizer


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit)
        if position % 2:
            value *= 2
            value -= 9 if value > 9 else 0
        total += value
    return total % 10 == 0


class CardNumberRecognizer(RegexRecognizer):
    """Payment card numbers: 13 to 19 digits (from 2 to 6) passing Luhn; 12-digit Maestro
    numbers and numbers of other issuers (JCB's 15-digit "1800") only next to "card"."""

    ENTITY = "CREDIT_CARD"
    PATTERNS = ((r"(?<![\d-])\d{4}(?:(?:[ -]| {2})?\d){8,15}(?![\d-])", 0.3),)
    CONTEXT = ("card", "visa", "mastercard", "debit", "credit", "amex", "pay")

    # A number that fails Luhn is still masked right after "card": the visitor may have
    # mistyped one digit of it. Alone it is too weak to keep (see ``RegexRecognizer``).
    UNCHECKED_SCORE = 0.16
    # A valid number of an unusual length or issuer, kept only next to a context word.
    CONTEXT_ONLY_SCORE = 0.2

    def validate(self, candidate: str) -> float | None:
        digits = re.sub(r"\D", "", candidate)
        if not 12 <= len(digits) <= 19:
            return 0.0
        if not luhn_valid(digits):
            return self.UNCHECKED_SCORE
        return 0.8 if len(digits) >= 13 and digits[0] in "23456" else self.CONTEXT_ONLY_SCORE
