"""Bank sort codes."""

from transcripts.redaction.recognizers.base import RegexRecognizer

# A sort code written with dashes and an eight-digit account number right after it
# ("60-83-71 / 19402276", "30-15-99 account 00392184"): the pair is bank details
# without any context word.
PAIR_JOINER = r"\s*(?:[/,;:]|and|then|acc(?:ount)?(?:\s+no\.?)?)?\s*"
SORT_CODE_DASHED = r"\d{2}-\d{2}-\d{2}"
# An account number written whole, in two groups of four or in four pairs.
ACCOUNT_DIGITS = r"\d{8}|\d{4} \d{4}|\d{2} \d{2} \d{2} \d{2}"
# Six digits run together and eight right after them ("402715 / 61839204"): a sort code
# and its account, whatever words are around (no phone, date or job number has the shape).
RUN_TOGETHER_JOINER = r"(?:\s*[/,-]\s*|\s+)"
# A sort code in spaced pairs and an eight-digit account written whole after it ("40 47 84
# 71220563"): three pairs then eight digits is no phone number, date or job number either.
SPACED_SORT_CODE = r"(?<![\d-])(?<!\d )\d{2} \d{2} \d{2}"
SPACED_JOINER = r"(?:\s*[/,;]\s*|\s+)"
# "sc", "s/c" (a cue too short to look for inside other words) right before the code.
SHORT_CUE = r"(?<![\w/])(?:sc|s/c)\s*[:.-]?\s*"


class SortCodeRecognizer(RegexRecognizer):
    """Six digits in pairs; kept near "sort code" or "bank" (both of a correction), or
    written with dashes just before an account number."""

    ENTITY = "UK_SORT_CODE"
    PATTERNS = (
        (
            r"(?<![\d.-])(?<!\d )\d{2}(?:[ .-]| {2})?\d{2}(?:[ .-]| {2})?\d{2}(?![\d-])(?!\.\d)"
            r"(?! \d{2}(?!\d))",
            0.05,
        ),
        (rf"(?<![\d-])(?P<pii>{SORT_CODE_DASHED}){PAIR_JOINER}(?:{ACCOUNT_DIGITS})(?![\d-])", 0.6),
        (rf"(?<![\d-])(?P<pii>\d{{6}}){RUN_TOGETHER_JOINER}\d{{8}}(?![\d-])", 0.6),
        (rf"(?P<pii>{SPACED_SORT_CODE}){SPACED_JOINER}\d{{8}}(?![\d-])", 0.6),
        (rf"{SHORT_CUE}(?P<pii>\d{{2}}([ .-]?)\d{{2}}\2\d{{2}})(?![\d-])", 0.6),
    )
    CONTEXT = ("sort", "sortcode", "bank")
    CONTEXT_WORDS_BEFORE = 10
    CONTEXT_SPREADS = True
