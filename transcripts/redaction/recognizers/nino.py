"""National Insurance numbers."""

from transcripts.redaction.recognizers.base import RegexRecognizer

_DIGITS = r"[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?"
VALID = rf"(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]{_DIGITS}[A-D]\b"


class UkNinoRecognizer(RegexRecognizer):
    """National Insurance numbers, spaced or not, any case; with invalid letters
    (HMRC's example prefix "ZZ", a mistyped suffix) only next to a context word."""

    ENTITY = "UK_NINO"
    PATTERNS = (
        (rf"\b{VALID}", 0.85),
        (rf"\b(?!{VALID})[A-Z]{{2}}{_DIGITS}[A-Z]\b", 0.2),
    )
    CONTEXT = ("national", "insurance", "ni", "nino", "ssn", "social", "security")
