"""Bank account numbers."""

from transcripts.redaction.recognizers.base import RegexRecognizer
from transcripts.redaction.recognizers.sort_code import (
    ACCOUNT_DIGITS,
    PAIR_JOINER,
    RUN_TOGETHER_JOINER,
    SORT_CODE_DASHED,
    SPACED_JOINER,
    SPACED_SORT_CODE,
)


class AccountNumberRecognizer(RegexRecognizer):
    """Eight-digit bank account numbers (or two groups of four, or four pairs); kept
    near "account" or "bank" (both of a correction), or right after a sort code written
    with dashes."""

    ENTITY = "UK_BANK_ACCOUNT"
    PATTERNS = (
        (r"(?<![\d-])\d{8}(?![\d-])", 0.05),
        (r"(?<![\d-])(?<!\d )\d{4}[ -]\d{4}(?![\d-])(?! \d)", 0.05),
        (r"(?<![\d-])(?<!\d )\d{2}(?: \d{2}){3}(?![\d-])(?! \d)", 0.05),
        (rf"(?<![\d-]){SORT_CODE_DASHED}{PAIR_JOINER}(?P<pii>{ACCOUNT_DIGITS})(?![\d-])", 0.6),
        (rf"(?<![\d-])\d{{6}}{RUN_TOGETHER_JOINER}(?P<pii>\d{{8}})(?![\d-])", 0.6),
        (rf"{SPACED_SORT_CODE}{SPACED_JOINER}(?P<pii>\d{{8}})(?![\d-])", 0.6),
    )
    CONTEXT = ("account", "acc", "acct", "a/c", "bank")
    CONTEXT_WORDS_BEFORE = 10
    CONTEXT_SPREADS = True
