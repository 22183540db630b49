"""UK postcodes."""

from transcripts.redaction.recognizers.base import RegexRecognizer


class UkPostcodeRecognizer(RegexRecognizer):
    """Full postcodes in any case and spacing; an outward code alone only with context."""

    ENTITY = "UK_POSTCODE"
    PATTERNS = (
        (r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?|GIR)[ \t]{0,2}\d[ABD-HJLNP-UW-Z]{2}\b", 0.85),
        (r"\b[A-PR-UWYZ][A-HK-Y]?\d{1,2}[A-Z]?\b(?![ \t]{0,2}\d[ABD-HJLNP-UW-Z]{2}\b)", 0.05),
    )
    CONTEXT = ("postcode", "post", "area", "district")

    def validate(self, candidate: str) -> float | None:
        # Outward codes look like model numbers or grid references; only digits
        # after at most two letters count, and never a lone letter-digit pair like "A1".
        compact = candidate.replace(" ", "")
        return 0.0 if len(compact) < 3 else None
