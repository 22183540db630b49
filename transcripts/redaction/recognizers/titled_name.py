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
from transcripts.redaction.recognizers.names import given_names
from transcripts.redaction.recognizers.person_name import DAY_AND_MONTH_WORDS
from transcripts.redaction.recognizers.street_address import BUILDING_SUFFIXES, STREET_SUFFIXES

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
# A name leading a line before its address: "Kasim 12 Fitzwilliam Street ...", "Wiktoria
# Flat 23, Kestrel House": the address's street or building word must be there.
_LEADING = re.compile(
    rf"^[ \t]*{_NAMES}[ \t,]+(?=(?:flat|apt\.?|apartment|unit)[ \t]+\d"
    rf"|\d{{1,4}}[a-z]?,?[ \t]+(?:[^\W\d_][\w'’-]*[ \t]+){{1,3}}"
    rf"(?:{STREET_SUFFIXES}|{BUILDING_SUFFIXES})\b)",
    re.IGNORECASE | re.MULTILINE,
)
_SPEAKING = re.compile(rf"(?<![\w'’])(?P<pii>{_NAME_WORD})[ \t]+speaking\b")
# Capitalised words that end a name ("PC Kaur Is Dealing" is not written; "Police").
NOT_NAME_WORDS = frozenset(
    "police team office council housing nhs hospital church unit station dept department "
    "world mp the a an".split()
)

UNIT_WORDS = frozenset(
    "flat apt apartment unit room block plot pitch house no number address property "
    "tenant name re ref postcode to from at".split()
)


class TitledNameRecognizer(RegexRecognizer):
    """A name with its rank or kin title, a name signing off, a name speaking, a name
    leading a line before its address."""

    ENTITY = "PERSON"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for pattern, kind in ((_TITLED, "titled"), (_SIGN_OFF, "sign-off"), (_LEADING, "lead")):
            for match in pattern.finditer(text):
                start = match.start("pii") if kind != "lead" else match.start("name")
                end = _name_end(text, match)
                if end is None or _unit_word(text[start:end]):
                    continue
                if kind == "lead" and not _known_or_full(text[start:end]):
                    continue
                results.append(self._result(start, end, 0.7, kind))
        for match in _SPEAKING.finditer(text):
            if _common(match.group("pii")) is False:
                results.append(self._result(*match.span("pii"), 0.7, "speaking"))
        return results


def _known_or_full(name: str) -> bool:
    """A name leading a line is a given name the gazetteer knows, or two or more words."""
    words = name.split()
    return len(words) > 1 or words[0].lower() in given_names()


def _unit_word(name: str) -> bool:
    """Whether the "name" is the address's own word ("Flat 2 ...", "No 12 ...")."""
    return name.split()[0].lower().rstrip(".") in UNIT_WORDS


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
        if _common(word.group()) or (end is not None and _unit_word(word.group())):
            break
        end = position + word.end()
    return end
