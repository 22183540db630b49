"""Addresses given in part, as neighbours and tenants in a block give them: a flat, unit,
room, plot or berth with its number ("flat 14", "Flat 2/1", "unit 3", "pitch 14"), a flat
position alone ("2F3"), "no 27" or "number 19" where a house is meant, a lettered house
number after the words that give one ("i meant 41b not 14b"), a house number corrected
("58 not 56", "9b, not 9"), and a bare house number after a person ("Abimbola at 19",
"Elaine from 29").

A number after "flat" that counts something ("the flat 2 weeks ago", "flat 1 bed") and a
number after "no" that is a bus, a priority or a time are left alone."""

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from transcripts.redaction.recognizers.base import RegexRecognizer
from transcripts.redaction.recognizers.names import given_names, surnames
from transcripts.redaction.recognizers.person_name import DAY_AND_MONTH_WORDS

# What a number after "flat" or "no" counts or is when it is no address.
_COUNTED_WORDS = (
    r"(?:bed|beds|bedroom|bedrooms|bedroomed|storey|storeys|stories|floors?|doors?"
    r"|weeks?|days?|years?|yrs|months?|times?|mins?|minutes?|hours?|hrs|people|kids|x"
    r"|pounds?|quid|p|bus|buses|priority|choice|option|in\s+the\s+queue|o'?clock|am|pm"
    r"|percent|per)\b"
)
_COUNTED = rf"(?!\s*{_COUNTED_WORDS})(?!\s*%)(?![.:/-]\d)"
# A flat's position in a Scottish or Edinburgh tenement: "3/2", "0/1", "1/L", "2F1".
_POSITION = r"(?:\d{1,2}/\d{1,2}|\d/[lr]|\d{1,2}f\d{1,2})"
# Alone, only the one-digit forms: "from 23/11" is a date.
_TENEMENT = r"(?:\d/\d|\d/[lr]|\d{1,2}f\d{1,2})"
_UNIT_WORD = (
    r"(?:flat|apartment|apt|unit|room|bedsit|maisonette|plot|pitch|berth|mooring|house|block"
    r"|studio|suite)"
)
# Where the flat is in its building, written before it: "ground floor flat", "2nd floor
# right", "basement flat", "upstairs flat".
_FLOOR_WORD = (
    r"(?:ground|first|second|third|fourth|top|bottom|1st|2nd|3rd|4th|5th|basement|upstairs"
    r"|downstairs|lower|upper)"
)
_FLOOR = rf"(?:{_FLOOR_WORD}[ \t]+(?:floor[ \t]+)?(?:(?:left|right|front|back|rear)[ \t]+)?)"
# The floor alone before a house number: "first floor flat, 118 ...", "Ground floor right 9".
_FLOOR_BEFORE_NUMBER = (
    rf"\b{_FLOOR_WORD}[ \t]+(?:floor(?:[ \t]+(?:left|right|front|back|rear|flat))?"
    rf"|flat(?:[ \t]+(?:left|right|front|back|rear))?|maisonette)"
    rf"(?=,?[ \t]+\d{{1,4}}[a-z]?,?[ \t]+(?!{_COUNTED_WORDS})[^\W\d_])"
)
_UNIT = (
    rf"\b(?:c/o[ \t]+)?{_FLOOR}?{_UNIT_WORD}\.?\s+(?:no\.?\s?)?"
    rf"(?:{_POSITION}|\d{{1,3}}[a-h]?|(?-i:[A-H]))\b"
    rf"(?!/){_COUNTED}"
)
_BLOCK_WORD = r"(?:house|hse|court|ct|tower|lodge|heights|point|mansions)"
# The block's one-word name after the flat: "flat 6 Ravenscourt", "flat 10 rosebery hse".
_UNIT_IN_BLOCK = re.compile(
    rf"{_UNIT}[ \t]+(?P<name>(?-i:[A-Z][a-z'’]+)(?:[ \t]+{_BLOCK_WORD})?"
    rf"|[a-z]+[ \t]+{_BLOCK_WORD})\b",
    re.IGNORECASE,
)
_TITLES = frozenset("mr mrs ms miss mx dr sir".split())
# Words after which "no 27" or "number 19" is a house, not a count or a ranking.
_BEFORE_NUMBER = (
    r"(?:at|from|frm|fae|to|in|outside|and|for|of|me|by|behind|opposite|near|beside|live"
    r"|lives|living|is|im|i'm|i’m|its|it's|it’s|neighbour|neighbours|neighbor|lady|man"
    r"|woman|family|lad|lads|girl|people|ones?|tenant|tenants|house|between|next\s+door"
    r"|moved\s+into|above|below|beneath)"
)
_NUMBER = (
    rf"(?:\b{_BEFORE_NUMBER}\s+|[,(]\s*|^|(?-i:\b[A-Z][a-z]+)\s+)"
    rf"(?P<pii>(?:number|no\.|no|num\.?|nº)\s?\d{{1,3}}[a-h]?)\b{_COUNTED}"
)
# A lettered house number after the words that give one ("at 14c", "not 14b").
_LETTERED = (
    r"\b(?:at|from|frm|not|meant|said|sorry|above|below|to|its|it's|it’s|is|are|we're|we’re|and|or"
    r"|next\s+to)\s+"
    r"(?P<pii>(?!3d\b)\d{1,3}[a-f])\b(?!['’]\w)"
)
# A house number corrected: "72 not 27", "21c, not 21". Both are masked when either is
# lettered or the first follows a word that corrects ("meant", "say", "typed", "flat").
_CORRECTED = re.compile(
    r"(?<![£$€\d.,/])(?:\b(?P<cue>meant|ment|mean|say|said|typed?|flat|number|no\.?)\s+)?"
    rf"\b(?P<first>\d{{1,3}}[a-h]?),?\s+not\s+(?P<second>\d{{1,3}}[a-h]?)\b{_COUNTED}",
    re.IGNORECASE,
)
# A bare house number after a person, or after "next door", "lives", "he's".
_BARE = re.compile(
    r"(?P<before>[^\W\d_][\w'’]*)\s+(?:at|from|frm|fae)\s+(?P<pii>\d{1,3}[a-f]?)"
    r"(?=\s*(?:$|[,;!?)]|\.(?!\d)|and\b|im\b|i'm\b|has\b|have\b|is\b|says\b|said\b|too\b"
    r"|next\b|opposite\b|above\b|below\b|across\b|over\b))",
    re.IGNORECASE,
)
_BARE_CUES = frozenset(
    "door neighbour neighbours neighbor hes he's he’s shes she's she’s im i'm i’m they're "
    "theyre lives live living ones lady man woman family lad couple tenant".split()
)
# A temperature is written like a lettered house number ("set at 21c"): a number up to 40
# with "c" or "f" in a line about heat is one.
_TEMPERATURE = re.compile(r"(?:[0-3]?\d|40)[cf]", re.IGNORECASE)
_HEAT_WORDS = re.compile(
    r"\b(?:heating|thermostat|temperature|degrees|cold|warm|hot|freezing|boiling)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?:^|[.!?\n]\s*)$")


class PartialAddressRecognizer(RegexRecognizer):
    """Flats, units and positions with their number; a house's number after its cue."""

    ENTITY = "STREET_ADDRESS"
    PATTERNS = (
        (_UNIT, 0.7),
        (_FLOOR_BEFORE_NUMBER, 0.6),
        # "c/o 5 Hazel Avenue": the words of the care-of address after it are found by
        # the street's own recognizers.
        (r"\bc/o(?=[ \t]+\d)", 0.6),
        # "2F1", and Edinburgh's "PF2" on a stair.
        (rf"\b(?:\d{{1,2}}f|pf)\d{{1,2}}\b{_COUNTED}", 0.6),
        (
            rf"\b(?:at|in|im|i'm|i’m|is|its|it's|it’s|floor|stair)\s+(?P<pii>{_TENEMENT})\b(?!/)"
            r"(?![ \t]+of\b)",
            0.6,
        ),
        # The position before the house number: "2/1 48 Paisley Rd West".
        (
            rf"(?<![\d/.])\b{_TENEMENT}(?=,?[ \t]+\d{{1,4}}[a-z]?,?[ \t]+"
            rf"(?!{_COUNTED_WORDS})[^\W\d_])",
            0.6,
        ),
        (_NUMBER, 0.6),
        (_LETTERED, 0.6),
    )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts)
        if _HEAT_WORDS.search(text):
            results = [
                result
                for result in results
                if not _TEMPERATURE.fullmatch(text[result.start : result.end])
            ]
        for match in _UNIT_IN_BLOCK.finditer(text):
            name = match.group("name").split()[0].lower()
            if not ({name} & (STOP_WORDS | DAY_AND_MONTH_WORDS | _TITLES) or name in given_names()):
                results.append(self._result(match.start(), match.end(), 0.7, "flat in block"))
        for match in _CORRECTED.finditer(text):
            if match.group("cue") or not (match["first"].isdigit() and match["second"].isdigit()):
                for group in ("first", "second"):
                    results.append(self._result(*match.span(group), 0.6, "corrected number"))
        for match in _BARE.finditer(text):
            if _person_or_cue(text, match):
                results.append(self._result(*match.span("pii"), 0.6, "bare house number"))
        return results


def _person_or_cue(text: str, match: re.Match[str]) -> bool:
    """Whether the word before "at 19" is a person (a known name, or a capitalised word
    inside a sentence that is no common word) or a cue ("next door", "he's")."""
    word = match.group("before")
    lower = word.lower()
    if lower in DAY_AND_MONTH_WORDS:
        return False
    if lower in _BARE_CUES or lower in given_names() or lower in surnames():
        return True
    starts_sentence = bool(_SENTENCE_END.search(text[: match.start("before")]))
    return word[0].isupper() and not starts_sentence and lower not in STOP_WORDS
