"""Names with the word people put before them: a police or church rank ("DC Rachel
Tomlinson", "PC Kaur", "Sr. Bernadette", "Rev. Andrew Pemberton"), a kin word used as a
title ("Aunty Bisi", "Nana Pat", "Grandad Stan", "Baby Ellis"), masked with the name as
"Mrs" is; a name signing off a line ("... - A. Mackenzie", "thanks, Joy Obi x"); a
name introducing a speaker ("Victor speaking").

The name is one to three capitalised words that are no common word, so "my nan said",
"Sister said" and "PC World" (a shop, one word that is no name) are told apart only
where the words after them are capitalised names; a lower-case kin word with a name after
it ("my sister Jade") is the relation, not a title, and is left to the name rules."""

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from transcripts.redaction.recognizers.base import RegexRecognizer
from transcripts.redaction.recognizers.person_name import DAY_AND_MONTH_WORDS

_NAME_WORD = r"(?-i:[^\W\d_a-z])(?:[^\W\d_]|['’-](?=[^\W\d_]))+"
_INITIAL = r"(?-i:[A-Z])\.?"
_NAMES = rf"(?P<name>(?:{_INITIAL}[ \t]?)?{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}})"
# Ranks written in capitals or capitalised: "PC", "DC", "Sgt", "Rev.", "Sr.", "Cllr".
_RANKS = (
    r"(?-i:PC|DC|DS|DI|DCI|DSI|PCSO|Sgt|Sergeant|Insp|Inspector|Rev|Revd|Reverend|Fr|Father"
    r"|Sr|Sister|Br|Brother|Pastor|Imam|Rabbi|Cllr|Councillor|Prof|Professor|Nurse|Dame"
    r"|Rt[ \t]+Hon)"
)
_KIN = (
    r"(?:Aunty|Auntie|Aunt|Uncle|Nana|Nanna|Nan|Nanny|Gran|Granny|Grandma|Grandad|Grandpa"
    r"|Grandpa|Baby|Cousin)"
)
_TITLED = re.compile(
    rf"(?<![\w'’])(?P<pii>(?:{_RANKS}|(?-i:{_KIN}))\.?[ \t]+{_NAMES})", re.IGNORECASE
)
_SIGN_OFF = re.compile(
    rf"(?:[-–—]|\b(?:thanks|thank\s+you|thx|ta|cheers|regards|many\s+thanks),?)[ \t]+"
    rf"(?P<pii>{_NAMES})[ \t]*(?:x+|xx+)?[ \t]*[.!]*[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_SPEAKING = re.compile(rf"(?<![\w'’])(?P<pii>{_NAME_WORD})[ \t]+speaking\b")
# Capitalised words that end a name ("PC Kaur Is Dealing" is not written; "Police").
NOT_NAME_WORDS = frozenset(
    "police team office council housing nhs hospital church unit station dept department "
    "world mp the a an".split()
)


class TitledNameRecognizer(RegexRecognizer):
    """A name with its rank or kin title, a name signing off, a name speaking."""

    ENTITY = "PERSON"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for pattern, kind in ((_TITLED, "titled"), (_SIGN_OFF, "sign-off")):
            for match in pattern.finditer(text):
                end = _name_end(text, match)
                if end is not None:
                    results.append(self._result(match.start("pii"), end, 0.7, kind))
        for match in _SPEAKING.finditer(text):
            if _common(match.group("pii")) is False:
                results.append(self._result(*match.span("pii"), 0.7, "speaking"))
        return results


def _common(word: str) -> bool:
    if re.fullmatch(r"[A-Z]\.?", word):
        return False
    lower = re.split(r"['’]", word.lower().rstrip("."))[0]
    return lower in STOP_WORDS or lower in DAY_AND_MONTH_WORDS or lower in NOT_NAME_WORDS


def _name_end(text: str, match: re.Match[str]) -> int | None:
    """Where the name ends: before its first common word, or None if its first word is
    one."""
    end = None
    position = match.start("name")
    for word in re.finditer(r"\S+", text[position : match.end("name")]):
        if _common(word.group()):
            break
        end = position + word.end()
    return end
