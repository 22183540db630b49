"""Bank sort codes."""

from transcripts.redaction.recognizers.base import RegexRecognizer


class SortCodeRecognizer(RegexRecognizer):
    """Six digits in pairs; kept only near "sort code" or "bank"."""

    ENTITY = "UK_SORT_CODE"
    PATTERNS = ((r"(?<![\d-])\d{2}[ -]?\d{2}[ -]?\d{2}(?![\d-])", 0.05),)
    CONTEXT = ("sort", "sortcode", "bank")
