"""Bank account numbers."""

from transcripts.redaction.recognizers.base import RegexRecognizer


class AccountNumberRecognizer(RegexRecognizer):
    """Eight-digit bank account numbers; kept only near "account" or "bank"."""

    ENTITY = "UK_BANK_ACCOUNT"
    PATTERNS = ((r"(?<![\d-])\d{8}(?![\d-])", 0.05),)
    CONTEXT = ("account", "acc", "acct", "a/c", "bank")
