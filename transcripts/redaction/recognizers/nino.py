"""National Insurance numbers."""

from transcripts.redaction.recognizers.base import RegexRecognizer


class UkNinoRecognizer(RegexRecognizer):
    """National Insurance numbers, spaced or not, any case; invalid prefixes rejected."""

    ENTITY = "UK_NINO"
    PATTERNS = (
        (
            r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
            r"[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?[A-D]\b",
            0.85,
        ),
    )
    CONTEXT = ("national", "insurance", "ni", "nino")
