"""Bank sort codes."""

from transcripts.redaction.recognizers.base import RegexRecognizer

# A sort code written with dashes and an eight-digit account number right after it
# ("60-83-71 / 19402276", "30-15-99 account 00392184"): the pair is bank details
# without any context word.
PAIR_JOINER = r"\s*(?:[/,;:]|and|acc(?:ount)?(?:\s+no\.?)?)?\s*"
SORT_CODE_DASHED = r"\d{2}-\d{2}-\d{2}"
# An account number written whole or in two groups of four.
ACCOUNT_DIGITS = r"\d{8}|\d{4} \d{4}"


class SortCodeRecognizer(RegexRecognizer):
    """Six digits in pairs; kept near "sort code" or "bank" (both of a correction), or
    written with dashes just before an account number."""

    ENTITY = "UK_SORT_CODE"
    PATTERNS = (
        (r"(?<![\d-])\d{2}(?:[ -]| {2})?\d{2}(?:[ -]| {2})?\d{2}(?![\d-])", 0.05),
        (rf"(?<![\d-])(?P<pii>{SORT_CODE_DASHED}){PAIR_JOINER}(?:{ACCOUNT_DIGITS})(?![\d-])", 0.6),
    )
    CONTEXT = ("sort", "sortcode", "bank")
    CONTEXT_WORDS_BEFORE = 10
    CONTEXT_SPREADS = True
