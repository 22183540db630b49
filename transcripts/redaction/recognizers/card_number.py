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
    """Payment card numbers: 13 to 19 digits, spaced or dashed, passing Luhn."""

    ENTITY = "CREDIT_CARD"
    PATTERNS = ((r"(?<![\d-])[2-6]\d{3}(?:[ -]?\d){9,15}(?![\d-])", 0.3),)
    CONTEXT = ("card", "visa", "mastercard", "debit", "credit", "amex", "pay")

    # A number that fails Luhn is still masked right after "card": the visitor may have
    # mistyped one digit of it. Alone it is too weak to keep (see ``RegexRecognizer``).
    UNCHECKED_SCORE = 0.16

    def validate(self, candidate: str) -> float | None:
        digits = re.sub(r"\D", "", candidate)
        if not 13 <= len(digits) <= 19:
            return 0.0
        return 0.8 if luhn_valid(digits) else self.UNCHECKED_SCORE
