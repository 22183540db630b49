"""Tenancy, rent-account and housing-application references of any shape after their
cue ("tenancy ref", "rent acc no", "my ref is", "application number"): each landlord
writes its own ("RA 0078 5512", "TEN/011873/01", "0045-771-A"), so the cue, not the
format, says what the number is. The references of repairs, crimes, orders and
complaints name no one and are kept."""

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from transcripts.redaction.recognizers.base import FLAGS, RegexRecognizer

_REF = r"ref(?:erence)?\.?"
_NUMBER = rf"(?:{_REF}|number|no\.?|num|id)"
# Cues that name the tenancy, the rent account or the housing application.
EXPLICIT_CUES = (
    rf"tenancy(?:\s+{_NUMBER})?|tenant\s+{_NUMBER}"
    rf"|rent(?:\s+acc(?:ount)?|\s+a/c)?\s+{_NUMBER}|rent\s+(?:acc(?:ount)?|acct|card)"
    rf"|registration\s+{_NUMBER}"
    rf"|acc(?:ount)?\s+{_REF}|acct\s+{_REF}"
    rf"|(?:housing\s+)?register\s+{_NUMBER}|(?:housing\s+)?application(?:\s+{_NUMBER})?"
)
# "ref" or "reference" alone: ours unless a repair, a payment, a crime... came just before.
BARE_CUE = rf"(?:my\s+|your\s+)?{_REF}(?:\s+(?:no\.?|number))?"
CUES = rf"{EXPLICIT_CUES}|{BARE_CUE}"
_FILLER = r"[\s:#=(]*(?:(?:is|was|it's|its|it\s+is)\b[\s:]*)?"
# A token with a digit in it: letters and digits, joined by "/" or "-".
_PART_WITH_DIGIT = r"(?=[a-z/-]*\d)[a-z0-9]+(?:[/-][a-z0-9]+)*"
# Up to four letters, then tokens with digits one space apart ("RA 0078 5512").
_NEXT_PART = r"[ ](?=[a-z/-]*\d)[a-z0-9]{2,}(?:[/-][a-z0-9]+)*"
REFERENCE = rf"(?:[a-z]{{1,4}}[ ](?=\d))?{_PART_WITH_DIGIT}(?:{_NEXT_PART})*"
_CUE_AFTER = (
    r"\s+(?:is|was)\s+(?:my|our|his|her|their|the)\s+(?:rent|tenancy|tenant|account)"
    rf"\s+{_NUMBER}"
)
# Words before "ref" or "number" that make it something else's reference.
NOT_OURS = frozenset(
    "job jobs repair repairs crime order orders complaint complaints police incident booking "
    "invoice tracking parcel delivery appointment works contractor phone mobile payment "
    "paid reported report leak engineer".split()
)
# The words that start an explicit cue.
EXPLICIT_HEADS = frozenset("tenancy tenant rent account acc acct register application".split())
# How far back such a word takes a bare "ref" ("I reported a leak last week, ref ...").
BARE_WINDOW = 8
_WORDS = re.compile(r"[a-z]+", FLAGS)
# How many words may stand between an explicit cue and its reference ("the tenancy ref
# on my letter says ...").
WORDS_BETWEEN = 6
_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}")
# A reference that picks out one tenancy among many has at least this many digits, or
# one fewer beside letters of its own ("OKO-5531", "GIL-5521-H").
MIN_DIGITS = 5
MIN_LETTERS_WITH_FEWER_DIGITS = 2


def _is_date(part: str) -> bool:
    """A date ("01/04/2019"), which no reference is: a possible day and month."""
    date = _DATE.fullmatch(part)
    if date is None:
        return False
    first, second = int(date.group(1)), int(date.group(2))
    return 1 <= min(first, second) <= 12 and max(first, second) <= 31


def _not_a_prefix(word: str) -> bool:
    """Whether the letters before a reference's digits are a word of the sentence ("says",
    "on") rather than the reference's own ("RA", "TEN", "tr")."""
    if not word.isalpha() or word.isupper():
        return False
    return len(word) > 2 or word.lower() in STOP_WORDS


class CuedReferenceRecognizer(RegexRecognizer):
    """A reference of any shape after (or right before) its cue, and every token of the
    same shape in that line (the second reference of a correction)."""

    ENTITY = "TENANCY_REF"
    PATTERNS = (
        (rf"\b(?:{CUES})(?![a-z]){_FILLER}(?P<pii>{REFERENCE})(?![\w/-])", 0.8),
        (
            rf"\b(?:{EXPLICIT_CUES})(?![a-z])(?:[ \t,:]+[^\s\d.?!]+){{1,{WORDS_BETWEEN}}}?"
            rf"[\s:#=(]+(?P<pii>{REFERENCE})(?![\w/-])",
            0.8,
        ),
        (rf"(?<![\w/-])(?P<pii>{REFERENCE})(?![\w/-])(?={_CUE_AFTER})", 0.8),
    )

    def validate(self, candidate: str) -> float | None:
        dated = any(_is_date(part) for part in candidate.split())
        digits = sum(character.isdigit() for character in candidate)
        letters = sum(character.isalpha() for character in candidate)
        lettered = digits == MIN_DIGITS - 1 and letters >= MIN_LETTERS_WITH_FEWER_DIGITS
        if dated or (digits < MIN_DIGITS and not lettered):
            return 0.0
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        candidates = super().analyze(text, entities, nlp_artifacts)
        for result in sorted(candidates, key=lambda found: found.start - found.end):
            first = text[result.start : result.end].split(" ", 1)
            if len(first) == 2 and _not_a_prefix(first[0]):
                result.start += len(first[0]) + 1
            overlaps = any(result.start < kept.end and kept.start < result.end for kept in results)
            if not overlaps and not self._someone_elses(text, result.start):
                results.append(result)
        return results + self._same_shape(text, results)

    def _someone_elses(self, text: str, start: int) -> bool:
        """Whether a word before the reference says it is a repair's, a crime's...: from
        the word before the last tenancy or rent word, else in the words before "ref"."""
        before = [word.lower() for word in _WORDS.findall(text[max(0, start - 160) : start])]
        heads = [index for index, word in enumerate(before) if word in EXPLICIT_HEADS]
        window = before[max(0, heads[-1] - 1) :] if heads else before[-BARE_WINDOW:]
        return any(word in NOT_OURS for word in window)

    def _same_shape(self, text: str, found: list[RecognizerResult]) -> list[RecognizerResult]:
        others = []
        for result in found:
            shape = re.sub(
                r"\d", r"\\d", re.sub(r"[a-z]", "[a-z]", text[result.start : result.end].lower())
            )
            for match in re.finditer(rf"(?<![\w/-]){shape}(?![\w/-])", text, FLAGS):
                if not any(match.start() < r.end and r.start < match.end() for r in found):
                    others.append(self._result(match.start(), match.end(), result.score, shape))
        return others
