"""Streets, estates and blocks named without a house number: "in Fairview Crescent", "at
Beech Grove", "the Pepys Estate", "Rivermead estate", "Hawksmoor House on the ...".

A house named with "The" before its numbered street ("The Old Forge, 7 Brook Lane") is
the address's first line.

The name is one or two capitalised words and a street, estate or building word; a street
needs a word before it that places someone there ("in", "on", "at", "off", "the"...). A
court of law, a car park, a town hall, Companies House or a "real estate" is no address:
their first words are listed."""

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from transcripts.redaction.recognizers.base import RegexRecognizer
from transcripts.redaction.recognizers.street_address import STREET_SUFFIXES
from transcripts.redaction.recognizers.towns import town_end

_NAME = r"(?-i:(?:[A-Z][a-z'’]+(?:-[A-Z]?[a-z]+)?[ \t]+){1,2})"
_STREET = (
    r"(?-i:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Crescent|Cres|Grove|Terrace|Tce|Drive"
    r"|Way|Gardens|Gdns|Mews|Walk|Row|Parade|Square|Sq|Wynd|Brae|Rise|Vale|Hill)"
)
_ESTATE = r"(?:(?-i:Estate)|estate)"
_BLOCK = (
    r"(?-i:House|Hse|Court|Tower|Lodge|Mansions|Heights|Buildings|Apartments|Villas?|Cottages?"
    r"|Bungalows?|Farm|Barn)"
)
_PLACING = (
    r"(?:in|on|at|off|along|from|near|to|of|down|up|round|onto|into|the|opposite|behind"
    r"|past|by|around|called|frm|fae|outside)"
)
# First words of names that are no one's address.
NOT_PLACES = frozenset(
    (
        "county crown magistrates family supreme high small food tennis car business retail "
        "industrial trading real housing council social care test my our your the this that "
        "next last hard open google companies town city village church community sports "
        "white guest opera custom customs mansion public private same whole entire country "
        "one two right wrong long milky first second third safe no yes ok hi hello dear "
        "thanks thank please monday tuesday wednesday thursday friday saturday sunday a an "
        "new old holiday caravan youth job jobcentre bed beds bedroom bedroomed storey "
        "detached semi terraced empty big small full half dream family starter"
    ).split()
)
_STREET_AFTER_CUE = re.compile(
    rf"\b{_PLACING}[ \t]+(?P<pii>{_NAME}{_STREET})\b(?!['’]\w)", re.IGNORECASE
)
_ESTATE_OR_BLOCK = re.compile(
    rf"(?:^|(?<=[\s,(]))(?P<pii>{_NAME}(?:{_ESTATE}|{_BLOCK}))\b(?!['’]\w)", re.IGNORECASE
)

_NUMBER_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|hundred)"
)
# A house number written in words: "twenty two ash grove", "nine hundred and twelve london
# road"; the street's own words are no street word ("one way street" is no address).
_NUMBER_IN_WORDS = re.compile(
    rf"\b(?P<pii>{_NUMBER_WORD}(?:[ \t-]+(?:and[ \t]+)?{_NUMBER_WORD}){{0,4}}[ \t]+"
    rf"(?:(?!{STREET_SUFFIXES}\b)[^\W\d_][\w'’-]*[ \t]+){{1,2}}{STREET_SUFFIXES})\b",
    re.IGNORECASE,
)

# A house named with "The" before its numbered street: "The Old Forge, 7 Brook Lane".
_HOUSE_BEFORE_STREET = re.compile(
    r"(?-i:\bThe(?:[ \t]+[A-Z][a-z'’]+){1,3})"
    r"(?=,?[ \t]+\d{1,4}[a-h]?,?[ \t]+(?:(?-i:[A-Z])[\w'’-]*[ \t]+){1,2}"
    rf"{STREET_SUFFIXES}\b)",
    re.IGNORECASE,
)


class NamedPlaceRecognizer(RegexRecognizer):
    """A street without its number after a placing word; an estate or a named block."""

    ENTITY = "STREET_ADDRESS"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        patterns = (
            (_STREET_AFTER_CUE, "street"),
            (_ESTATE_OR_BLOCK, "block"),
            (_NUMBER_IN_WORDS, "number in words"),
        )
        for pattern, kind in patterns:
            for match in pattern.finditer(text):
                start, end = match.span("pii")
                first = text[start:end].split()[0].lower()
                named = pattern is not _NUMBER_IN_WORDS
                if named and (first in NOT_PLACES or first in STOP_WORDS):
                    continue
                results.append(self._result(start, town_end(text, end), 0.6, kind))
        for match in _HOUSE_BEFORE_STREET.finditer(text):
            results.append(self._result(*match.span(), 0.6, "house before its street"))
        return results
