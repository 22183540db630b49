"""Welsh streets, whose street word comes first ("7 Stryd y Capel", "12 Heol-y-Nant",
"6 Maes Glas, Tregaron"), and house or flat numbers with a letter given alone after
"moved to", "I'm" or "lives at" ("we moved to 41a")."""

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from transcripts.redaction.recognizers.base import RegexRecognizer
from transcripts.redaction.recognizers.towns import town_end

# Street words that are no English word: the street's name follows.
STREET_WORDS = (
    "stryd|heol|ffordd|lôn|lon|maes|cwrt|clos|rhes|llys|rhodfa|cilgant|teras|ystad|gerddi|bryn|parc"
    # Scottish Gaelic street words ("14 Sràid na h-Eaglais", "4 Rathad a' Chladaich").
    "|sràid|sraid|rathad|ceum|bruach|taigh"
)
# Street words that are English words too ("pen", "tan"): only with "y", "yr" or a hyphen.
LINKED_STREET_WORDS = "pen|tan|ael|cae|bro|tai|plas|coed|nant|bont|pont|tir|tŷ|ty"
# Words joining a Welsh name's parts ("Tan y Graig", "Maes yr Haf", "Rhes-y-Cae").
CONNECTORS = frozenset("y yr 'r ’r ar na an a' a’ nan nam h".split())
_NAME_PART = r"[^\W\d_][\w'’]*"
_HEAD = (
    rf"\b\d{{1,4}}[a-z]?,?[ \t]+(?P<head>(?:{STREET_WORDS})(?=[ \t-])"
    rf"|(?:{LINKED_STREET_WORDS})(?=[ \t-](?:y|yr)\b|-))"
)
_PARTS = re.compile(rf"(?:[ \t]|-)({_NAME_PART})")
_LONGEST_NAME = 3
# A house or flat number with a letter, after the words that give one alone.
_HOUSE_NUMBER = (
    r"\b(?:moved\s+(?:in)?to|(?:live|lives|living)\s+(?:at|in)|i'?m|i’m|i\s+am|flat|apartment"
    r"|apt)\s+(?P<pii>\d{1,4}[a-h])\b(?!['’]\w)"
)


class WelshStreetRecognizer(RegexRecognizer):
    """A house number, a Welsh street word and up to three words of the street's name
    (capitalised, a connector, or any word when the street word is written in lower
    case), with the town after it; and a lettered house number after its cue."""

    ENTITY = "STREET_ADDRESS"
    PATTERNS = ((_HEAD, 0.75), (_HOUSE_NUMBER, 0.6))

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for pattern, score in self.compiled:
            for match in pattern.finditer(text):
                if "head" in pattern.groupindex:
                    end = _street_end(text, match.end("head"), match.group("head").islower())
                    if end is not None:
                        results.append(
                            self._result(match.start(), town_end(text, end), score, "welsh")
                        )
                else:
                    results.append(self._result(*match.span("pii"), score, "house number"))
        return results


def _street_end(text: str, position: int, lower_case: bool) -> int | None:
    """Where the street's name after its street word ends, or None without one."""
    end = None
    for _count in range(_LONGEST_NAME):
        part = _PARTS.match(text, position)
        if part is None:
            break
        word = part.group(1)
        connector = word.lower() in CONNECTORS
        if not (connector or word[0].isupper() or (lower_case and word not in STOP_WORDS)):
            break
        position = part.end()
        if not connector:
            end = position
    return end
