"""People's names the NER misses."""

import re
import unicodedata

from presidio_analyzer import (
    AnalysisExplanation,
    LocalRecognizer,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts

from transcripts.redaction.recognizers.base import FLAGS
from transcripts.redaction.recognizers.names import ambiguous_names, given_names, surnames

_SPACE = r"[ \t]+"
# A word of letters in any script ("Siobhán", "Ionuț"), with apostrophes and hyphens.
_NAME_WORD = r"[^\W\d_](?:[^\W\d_]|['’-])*"
_CAPITALISED = r"(?-i:[^\W\d_a-zà-ÿ])(?:[^\W\d_]|['’-])*"
# Particles inside a surname ("Ní Bhriain", "Mac Giolla Bhríde", "Ó Briain", "ap Iorwerth").
PARTICLES = r"ní|nic|mac|mc|ó|o|ua|uí|ap|ab|van|von|de|da|di|du|bin|binti|ibn|al|el"
# The people a visitor names by their relation to them ("my son", "her carer").
RELATIONS = (
    r"son|daughter|partner|husband|wife|mum|mother|mom|dad|father|brother|sister"
    r"|neighbour|neighbor|carer|friend|child|grandson|granddaughter|grandma|grandad|nan"
    r"|nephew|niece|boyfriend|girlfriend|fiance|fiancee|lodger|tenant|cousin|uncle|aunt"
    r"|auntie|stepson|stepdaughter|baby"
)
STRONG_TRIGGERS = (
    r"my\s+name\s+is|my\s+name's|name\s+is|names\s+is|called|named|call\s+me|known\s+as|"
    rf"my\s+(?:{RELATIONS})(?:'s\s+name\s+is|\s+is)?"
)
# The visitor naming themself ("my name is", "my names"): the word after it is a name in
# any case, even one no list knows, when the tagger reads it as a noun, a name or a
# present-tense verb (it takes an unknown word after "my names" for one), never as an
# adjective, adverb, participle or function word ("my name is wrong", "is spelt", "is not").
NAMING = r"my\s+name\s+is|my\s+name's|my\s+name’s|my\s+names(?:\s+is)?|names\s+is"
NAME_LIKE_TAGS = frozenset("NN NNS NNP NNPS FW VB VBP VBZ".split())
# The holder of a card or an account ("name on card", "account holder:"): the words after
# it are the name, in any case, up to a common word.
HOLDER_TRIGGERS = (
    r"name\s+on\s+(?:the\s+)?(?:card|account|it)(?:\s+is)?:?"
    r"|(?:card|account)\s?holder(?:'s)?(?:\s+name)?(?:\s+is)?:?|account\s+name(?:\s+is)?:?"
)
# "I'm jade": an introduction leaves little doubt even about a name that is a word.
INTRODUCTIONS = r"i\s+am|i'm|i’m|im"
WEAK_TRIGGERS = r"this\s+is|it's|it’s|its|it\s+is|from|ask\s+for|with|for|and"
TITLES = r"mr|mrs|miss|ms|mx|dr|sir|dame|lady|lord"
# Kin used like titles ("Aunty Pat", "Nan Joyce"): a name follows only when capitalised
# or known, since "my nan lives" is not a name.
KIN_TITLES = r"aunty|auntie|aunt|uncle|nan|nana|nanna|gran|granny|grandma|grandad|grandpa|cousin"
# The NER may take the kin word into the name ("Auntie Bisi"); the word itself is kept.
KIN_TITLE_PREFIX = re.compile(rf"(?:{KIN_TITLES})[ \t]+", re.IGNORECASE)
# People named by their role or by what was said to them ("my youngest", "our neighbour",
# "spoke to"): an everyday word after these is a name only when capitalised.
ROLE_TRIGGERS = (
    r"(?:my|our|the|your|his|her|their)\s+(?:youngest|eldest|oldest|middle\s+one|little\s+one"
    r"|baby|twins?|step\s?(?:son|daughter|dad|mum)|carer|support\s+worker|social\s+worker"
    r"|neighbours?|neighbors?|landlady|landlord|partner|lodger|mate|colleague)"
    r"|(?:spoke|speak|speaking|spoken|talked|talking)\s+(?:to|with)|tell|told|ask|asked"
    r"|thank\s+you|thank"
    r"|thanks|thanked"
)
DAY_AND_MONTH_WORDS = frozenset(
    (
        "monday tuesday wednesday thursday friday saturday sunday today tomorrow tonight "
        "yesterday january february march april may june july august september october "
        "november december morning afternoon evening week weekend month year"
    ).split()
)


# Words that lead a list line or precede "from the ... team" without being a name.
STREET_OR_PLACE_WORDS = frozenset(
    "flat apartment unit room block house tenancy rent ref reference account postcode "
    "someone somebody nobody everyone anyone hi hello thanks dear".split()
)


PARTICLE_WORDS = frozenset(PARTICLES.split("|"))
# Relations, also the titles of religious orders: "Thank you Father" names no one.
RELATION_WORDS = frozenset(RELATIONS.split("|"))


def _unaccented(word: str) -> str:
    """The word without its accents ("siobhán" -> "siobhan")."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(character for character in decomposed if not unicodedata.combining(character))


# Penn tags to universal parts of speech, for pipelines without the attribute ruler.
COARSE_TAGS = {"NNP": "PROPN", "NNPS": "PROPN", "NN": "NOUN", "NNS": "NOUN", "FW": "X"}


class PersonNameRecognizer(LocalRecognizer):
    """Names the NER misses: after a title, after "my name is"/"I'm"/"this is"/"my son",
    lower-case names known to the gazetteer, and surnames following a given name.

    Uses the NLP engine's part-of-speech tags to tell "I'm Tom" from "I'm sorry".
    """

    name: str
    ENTITY = "PERSON"

    def __init__(self) -> None:
        super().__init__(
            supported_entities=[self.ENTITY], name=type(self).__name__, supported_language="en"
        )

    def load(self) -> None:
        self.given = given_names()
        self.ambiguous = ambiguous_names()
        self.surnames = surnames()
        self.title = re.compile(rf"\b(?:{TITLES})\.?{_SPACE}({_NAME_WORD})", FLAGS)
        self.strong = re.compile(
            rf"\b(?:{STRONG_TRIGGERS}){_SPACE}(?:(?:{TITLES})\.?{_SPACE})?", FLAGS
        )
        self.weak = re.compile(rf"\b(?:{WEAK_TRIGGERS}){_SPACE}", FLAGS)
        self.naming = re.compile(rf"\b(?:{NAMING}){_SPACE}(?P<pii>{_NAME_WORD})", FLAGS)
        self.introduction = re.compile(rf"\b(?:{INTRODUCTIONS}){_SPACE}", FLAGS)
        self.role = re.compile(rf"\b(?:{ROLE_TRIGGERS}){_SPACE}", FLAGS)
        self.kin = re.compile(rf"\b(?:{KIN_TITLES}){_SPACE}", FLAGS)
        # "Gift Nwosu - TN310448 - E3 4QS": a list line led by a name.
        self.listed = re.compile(
            rf"^[ \t]*(?P<pii>{_CAPITALISED}(?:[ \t]+{_CAPITALISED}){{0,2}})"
            r"[ \t]*[-–,][ \t]*(?=\S*\d)",
            re.MULTILINE,
        )
        # "Ruby-Rose my daughter has asthma": a name leading its own relation.
        self.apposition = re.compile(
            rf"\b(?P<pii>{_NAME_WORD}),?{_SPACE}(?:my|our|his|her|their){_SPACE}"
            rf"(?:{RELATIONS})\b",
            FLAGS,
        )
        self.holder = re.compile(
            rf"\b(?:{HOLDER_TRIGGERS}){_SPACE}(?:(?:{TITLES})\.?{_SPACE})?"
            rf"(?P<pii>{_NAME_WORD}(?:{_SPACE}{_NAME_WORD}){{0,2}})",
            FLAGS,
        )
        # "Grace from the housing team".
        self.from_team = re.compile(
            rf"\b(?P<pii>{_CAPITALISED}){_SPACE}from{_SPACE}(?:the{_SPACE})?"
            rf"(?:[a-z]+{_SPACE}){{0,2}}(?:team|office|department|council|service|desk)\b"
        )
        # "May from the Resident Involvement team": a line led by a name that is a word too.
        self.line_from_team = re.compile(
            rf"^[ \t]*(?P<pii>{_CAPITALISED}){_SPACE}from{_SPACE}(?:the{_SPACE})?"
            rf"(?:{_NAME_WORD}{_SPACE}){{0,3}}(?i:team|office|department|service|desk)\b",
            re.MULTILINE,
        )
        # "bev here, the bath is leaking": a line led by a known given name and "here".
        self.line_here = re.compile(
            rf"^[ \t]*(?:(?i:hi|hiya|hello|hey)[ \t,]+)?(?P<pii>{_NAME_WORD}){_SPACE}here\b",
            FLAGS | re.MULTILINE,
        )
        self.particle_tail = re.compile(
            rf"{_SPACE}(?:(?i:{PARTICLES}){_SPACE})?({_CAPITALISED})(?:{_SPACE}({_CAPITALISED}))?"
        )
        self.word = re.compile(_NAME_WORD)

    def _stop(self, word: str, nlp_artifacts: NlpArtifacts | None) -> bool:
        lower = word.lower()
        if lower in DAY_AND_MONTH_WORDS:
            return True
        if nlp_artifacts is not None and nlp_artifacts.nlp_engine is not None:
            return bool(nlp_artifacts.nlp_engine.is_stopword(lower, "en"))
        return False

    def _pos_at(self, start: int, nlp_artifacts: NlpArtifacts | None) -> str:
        if nlp_artifacts is None or nlp_artifacts.tokens is None:
            return ""
        for token in nlp_artifacts.tokens:
            if token.idx == start:
                return token.pos_ or COARSE_TAGS.get(token.tag_, "")
            if token.idx > start:
                break
        return ""

    def _tag_at(self, start: int, nlp_artifacts: NlpArtifacts) -> str:
        for token in nlp_artifacts.tokens:
            if token.idx == start:
                return str(token.tag_)
        return ""

    def _name_at(
        self,
        text: str,
        start: int,
        nlp_artifacts: NlpArtifacts | None,
        strong: bool,
        introduced: bool = False,
    ) -> tuple[int, int] | None:
        first = self.word.match(text, start)
        if first is None or self._stop(first.group(), nlp_artifacts):
            return None
        if not strong and first.group().lower() in RELATION_WORDS:
            return None
        word = first.group().lower()
        capitalised = first.group()[0].isupper()
        # An everyday word ("hope", "joy") is a name only when it is written as one, when
        # a naming phrase ("my name is", "I'm") leaves no doubt, or when a surname follows.
        follower = re.match(rf"{_SPACE}({_NAME_WORD})", text[first.end() :])
        known = (self._is_given(word) or word in self.surnames) and (
            strong
            or introduced
            or capitalised
            or word not in self.ambiguous
            or (follower is not None and follower.group(1).lower() in self.surnames)
        )
        proper = self._pos_at(first.start(), nlp_artifacts) == "PROPN"
        if not (known or (strong and (capitalised or proper)) or (proper and capitalised)):
            return None
        end = first.end()
        rest = re.match(rf"{_SPACE}({_NAME_WORD})", text[end:])
        if rest is not None and self._is_surname(
            rest.group(1), end + rest.start(1), nlp_artifacts, strong or known
        ):
            end += rest.end()
        return first.start(), end

    def _is_given(self, word: str) -> bool:
        """A given name, or a compound of given names ("kelly-marie", "Ruby-Rose"), with
        or without its accents ("siobhán")."""
        word = _unaccented(word)
        return word in self.given or (
            "-" in word and all(part in self.given for part in word.split("-") if part)
        )

    def _is_surname(
        self, word: str, start: int, nlp_artifacts: NlpArtifacts | None, confident: bool
    ) -> bool:
        """Whether the word after a name continues it ("Okafor" after "Priya")."""
        if self._stop(word, nlp_artifacts):
            return False
        lower = word.lower()
        if lower in self.surnames or word[0].isupper():
            return True
        # A lower-case word after a certain first name: a surname if tagged as a name or noun.
        return confident and self._pos_at(start, nlp_artifacts) in {"PROPN", "NOUN", "X"}

    def _after_triggers(
        self, text: str, nlp_artifacts: NlpArtifacts | None, spans: dict[tuple[int, int], float]
    ) -> None:
        """Names after a title, a naming phrase, an introduction, a role or a kin word."""
        for match in self.title.finditer(text):
            if not self._stop(match.group(1), nlp_artifacts):
                spans[(match.start(), match.end())] = 0.85
        for pattern, strong in (
            (self.strong, True),
            (self.weak, False),
            (self.introduction, False),
            (self.role, False),
            (self.kin, False),
        ):
            introduced = pattern is self.introduction
            for match in pattern.finditer(text):
                found = self._name_at(text, match.end(), nlp_artifacts, strong, introduced)
                if found is not None:
                    spans[found] = max(spans.get(found, 0), 0.8 if strong else 0.7)

    def _after_naming(
        self, text: str, nlp_artifacts: NlpArtifacts | None, spans: dict[tuple[int, int], float]
    ) -> None:
        """A word no list knows after "my name is", with its surname, when the tagger
        reads it as a noun or a name (so only in the engine, never without tags)."""
        if nlp_artifacts is None or not nlp_artifacts.tokens:
            return
        for match in self.naming.finditer(text):
            start, end = match.span("pii")
            if self._stop(match.group("pii"), nlp_artifacts):
                continue
            if self._tag_at(start, nlp_artifacts) not in NAME_LIKE_TAGS:
                continue
            rest = re.match(rf"{_SPACE}({_NAME_WORD})", text[end:])
            if rest is not None and self._is_surname(
                rest.group(1), end + rest.start(1), nlp_artifacts, True
            ):
                end += rest.end()
            spans[(start, end)] = max(spans.get((start, end), 0), 0.8)

    def _by_position(
        self, text: str, nlp_artifacts: NlpArtifacts | None, spans: dict[tuple[int, int], float]
    ) -> None:
        """Names leading their relation, a list line, "from the ... team" or "here"."""
        for match in self.apposition.finditer(text):
            found = self._name_at(text, match.start("pii"), nlp_artifacts, strong=False)
            if found is not None and found[1] <= match.end("pii"):
                spans[found] = max(spans.get(found, 0), 0.7)
        for pattern in (self.listed, self.from_team):
            for match in pattern.finditer(text):
                first = match.group("pii").split()[0].lower()
                if not self._stop(first, nlp_artifacts) and first not in STREET_OR_PLACE_WORDS:
                    found = (match.start("pii"), match.end("pii"))
                    spans[found] = max(spans.get(found, 0), 0.7)
        for pattern in (self.line_from_team, self.line_here):
            for match in pattern.finditer(text):
                if self._is_given(match.group("pii").lower()):
                    spans[match.span("pii")] = max(spans.get(match.span("pii"), 0), 0.7)

    def _after_holder(
        self, text: str, nlp_artifacts: NlpArtifacts | None, spans: dict[tuple[int, int], float]
    ) -> None:
        """The name on a card or an account, up to the first common word."""
        for match in self.holder.finditer(text):
            end = match.start("pii")
            for word in self.word.finditer(text, match.start("pii"), match.end("pii")):
                if self._stop(word.group(), nlp_artifacts):
                    break
                end = word.end()
            if end > match.start("pii"):
                spans[(match.start("pii"), end)] = 0.8

    def _from_gazetteer(
        self, text: str, nlp_artifacts: NlpArtifacts | None, spans: dict[tuple[int, int], float]
    ) -> None:
        """Known given names written as names, or followed by a known surname."""
        for match in self.word.finditer(text):
            word = match.group()
            lower = word.lower()
            given = self._is_given(lower)
            if given and lower not in self.ambiguous and word[0].isupper():
                found = self._name_at(text, match.start(), nlp_artifacts, strong=False)
                if found is not None:
                    spans.setdefault(found, 0.6)
            elif given and lower not in self.ambiguous:
                follower = re.match(rf"{_SPACE}({_NAME_WORD})", text[match.end() :])
                if follower is not None and follower.group(1).lower() in self.surnames:
                    spans.setdefault((match.start(), match.end() + follower.end()), 0.6)

    def _with_surnames(self, text: str, spans: dict[tuple[int, int], float]) -> None:
        """A name already found may be followed by its surname: "Priya Okafor", or a
        surname with a particle: "Siobhán Ní Bhriain", "Pádraig Mac Giolla Bhríde"."""
        for (start, end), score in list(spans.items()):
            new_end = end
            rest = re.match(rf"{_SPACE}({_NAME_WORD})", text[end:])
            if rest is not None and rest.group(1).lower() in self.surnames:
                new_end = end + rest.end()
            last = text[start:new_end].split()[-1].lower()
            tail = self.particle_tail.match(text, new_end)
            if tail is not None and (
                last in PARTICLE_WORDS or tail.group(0).split()[0].lower() in PARTICLE_WORDS
            ):
                new_end = tail.end()
            if new_end != end:
                del spans[(start, end)]
                spans[(start, new_end)] = score

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        spans: dict[tuple[int, int], float] = {}
        self._after_triggers(text, nlp_artifacts, spans)
        self._after_naming(text, nlp_artifacts, spans)
        self._by_position(text, nlp_artifacts, spans)
        self._after_holder(text, nlp_artifacts, spans)
        self._from_gazetteer(text, nlp_artifacts, spans)
        self._with_surnames(text, spans)
        return [
            RecognizerResult(
                entity_type=self.ENTITY,
                start=start,
                end=end,
                score=score,
                analysis_explanation=AnalysisExplanation(
                    recognizer=self.name, original_score=score
                ),
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )
            for (start, end), score in spans.items()
        ]
