"""Recognizers for the UK personal data Presidio's defaults miss, and the registry.

Each recognizer is a Presidio recognizer with its own patterns, context words
and validation; scores are chosen so that the per-entity thresholds in
``pii.py`` keep a match only when it is certain on its own (a valid NI number,
a Luhn-valid card) or when a context word stands near it (six digits after
"sort code", a date after "born"). Recognizers are general: they describe the
formats, never particular strings.
"""

import re
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources

from presidio_analyzer import (
    AnalysisExplanation,
    EntityRecognizer,
    LocalRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

FLAGS = re.IGNORECASE | re.UNICODE
_WORD = re.compile(r"[\w'./]+")


@cache
def _word_list(name: str) -> frozenset[str]:
    text = resources.files("transcripts").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


# The first-name dictionary shipped by the gender-guesser package: a name, then one
# frequency digit per country, Great Britain, Ireland and the U.S.A. first.
NAME_DICTIONARY = ("gender_guesser", "data/nam_dict.txt")
_NAME_FIELD = slice(3, 29)
_COUNTRY_COLUMNS = slice(30, 33)


@cache
def dictionary_given_names() -> frozenset[str]:
    """The dictionary's names used in Britain, Ireland or the U.S.A. (read once)."""
    package, path = NAME_DICTIONARY
    text = resources.files(package).joinpath(path).read_text(encoding="iso-8859-1")
    names = set()
    for line in text.splitlines():
        if line.startswith("#") or not line[_COUNTRY_COLUMNS].strip():
            continue
        name = line[_NAME_FIELD].strip().lower()
        if name.isascii() and name.replace("-", "").replace("'", "").isalpha():
            names.add(name)
    return frozenset(names)


@cache
def given_names() -> frozenset[str]:
    return dictionary_given_names() | _word_list("given_names.txt")


def ambiguous_names() -> frozenset[str]:
    return _word_list("ambiguous_names.txt")


def surnames() -> frozenset[str]:
    return _word_list("surnames.txt")


class RegexRecognizer(LocalRecognizer):
    """Regex patterns whose named group ``pii`` (or whole match) is the entity.

    Unlike Presidio's ``PatternRecognizer`` a pattern may require words around
    the entity (``at number 12``) without masking them. Subclasses set
    ``ENTITY``, ``PATTERNS`` ((regex, score) pairs) and ``CONTEXT``, and may
    override ``validate`` to reject or re-score a candidate.
    """

    name: str
    ENTITY = ""
    PATTERNS: Sequence[tuple[str, float]] = ()
    CONTEXT: Sequence[str] = ()
    REGEX_FLAGS = FLAGS
    # Like Presidio's context enhancement (five words before the match, substring
    # matching, +0.35 with a floor of 0.4), done here on the raw words: cheaper
    # than Presidio's copy-heavy enhancer, and free of lemmas ("born" -> "bear").
    CONTEXT_WORDS_BEFORE = 5
    CONTEXT_BOOST = 0.35
    CONTEXT_FLOOR = 0.4

    def __init__(self) -> None:
        super().__init__(
            supported_entities=[self.ENTITY],
            name=type(self).__name__,
            supported_language="en",
            context=list(self.CONTEXT),
        )

    def load(self) -> None:
        self.compiled = [
            (re.compile(pattern, self.REGEX_FLAGS), score) for pattern, score in self.PATTERNS
        ]

    def validate(self, candidate: str) -> float | None:
        """A score to replace the pattern's, or None to keep it; 0 rejects."""
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        for pattern, base_score in self.compiled:
            for match in pattern.finditer(text):
                group = "pii" if "pii" in pattern.groupindex else 0
                start, end = match.span(group)
                if start == end:
                    continue
                validated = self.validate(text[start:end])
                score = base_score if validated is None else validated
                if score <= 0:
                    continue
                if self.CONTEXT and score < 1.0 and self.has_context(text, start):
                    score = min(1.0, max(score + self.CONTEXT_BOOST, self.CONTEXT_FLOOR))
                results.append(self._result(start, end, score, pattern.pattern))
        return results

    def has_context(self, text: str, start: int) -> bool:
        before = _WORD.findall(text[max(0, start - 80) : start].lower())
        return any(
            word in candidate
            for candidate in before[-self.CONTEXT_WORDS_BEFORE :]
            for word in self.CONTEXT
        )

    def _result(self, start: int, end: int, score: float, pattern: str) -> RecognizerResult:
        explanation = AnalysisExplanation(
            recognizer=self.name, original_score=score, pattern_name=self.ENTITY, pattern=pattern
        )
        return RecognizerResult(
            entity_type=self.ENTITY,
            start=start,
            end=end,
            score=score,
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )


class UkPostcodeRecognizer(RegexRecognizer):
    """Full postcodes in any case and spacing; an outward code alone only with context."""

    ENTITY = "UK_POSTCODE"
    PATTERNS = (
        (r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?|GIR)[ \t]{0,2}\d[ABD-HJLNP-UW-Z]{2}\b", 0.85),
        (r"\b[A-PR-UWYZ][A-HK-Y]?\d{1,2}[A-Z]?\b(?![ \t]{0,2}\d[ABD-HJLNP-UW-Z]{2}\b)", 0.05),
    )
    CONTEXT = ("postcode", "post", "area", "district")

    def validate(self, candidate: str) -> float | None:
        # Outward codes look like model numbers or grid references; only digits
        # after at most two letters count, and never a lone letter-digit pair like "A1".
        compact = candidate.replace(" ", "")
        return 0.0 if len(compact) < 3 else None


class UkPhoneRecognizer(RegexRecognizer):
    """UK numbers by their shape (+44, 0044, (0), spaces, brackets, dashes).

    The ``phonenumbers`` library's validity test rejects the Ofcom drama ranges
    (07700 900xxx, 01632 960xxx), so validation here checks the digit count only.
    """

    ENTITY = "PHONE_NUMBER"
    PATTERNS = (
        (r"(?<![\w+])(?:\+|00)\s?44\s?(?:\(0\)\s?)?\(?\d(?:[\s\-)]?\d){8,9}(?!\d)", 0.7),
        (r"(?<![\w+])\(?0\d{2,4}\)?(?:[\s-]?\d){6,8}(?!\d)", 0.6),
        # A digit at a time, with a space, dot or dash (or a spaced dash) between each.
        (r"(?<![\w+.-])0(?:[ \t]?[.-]?[ \t]?\d){9,10}(?![ \t]?[.-]?[ \t]?\d)", 0.6),
    )
    CONTEXT = ("call", "ring", "phone", "mobile", "tel", "telephone", "number", "contact", "text")

    def validate(self, candidate: str) -> float | None:
        digits = re.sub(r"\D", "", candidate)
        if digits.startswith("0044"):
            national = digits[4:]
        elif digits.startswith("44") and candidate.lstrip().startswith("+"):
            national = digits[2:]
        else:
            national = digits[1:] if digits.startswith("0") else ""
        national = national.removeprefix("0")
        if len(national) not in (9, 10) or national[0] == "0":
            return 0.0
        return None


class UkNinoRecognizer(RegexRecognizer):
    """National Insurance numbers, spaced or not, any case; invalid prefixes rejected."""

    ENTITY = "UK_NINO"
    PATTERNS = (
        (
            r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
            r"[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?[A-D]\b",
            0.85,
        ),
    )
    CONTEXT = ("national", "insurance", "ni", "nino")


def _nhs_checksum_valid(digits: str) -> bool:
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


class NhsNumberRecognizer(RegexRecognizer):
    """Ten-digit NHS numbers (3-3-4, any separator) that pass the mod-11 check."""

    ENTITY = "UK_NHS"
    PATTERNS = ((r"(?<![\d-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d-])", 0.5),)
    CONTEXT = ("nhs", "health", "number")

    def validate(self, candidate: str) -> float | None:
        digits = re.sub(r"\D", "", candidate)
        return 0.75 if _nhs_checksum_valid(digits) else 0.0


class SortCodeRecognizer(RegexRecognizer):
    """Six digits in pairs; kept only near "sort code" or "bank"."""

    ENTITY = "UK_SORT_CODE"
    PATTERNS = ((r"(?<![\d-])\d{2}[ -]?\d{2}[ -]?\d{2}(?![\d-])", 0.05),)
    CONTEXT = ("sort", "sortcode", "bank")


class AccountNumberRecognizer(RegexRecognizer):
    """Eight-digit bank account numbers; kept only near "account" or "bank"."""

    ENTITY = "UK_BANK_ACCOUNT"
    PATTERNS = ((r"(?<![\d-])\d{8}(?![\d-])", 0.05),)
    CONTEXT = ("account", "acc", "acct", "a/c", "bank")


_AT = r"(?:[ \t]*(?:\[at\]|\(at\)|@)[ \t]*|[ \t]+at[ \t]+)"
_DOT = r"(?:[ \t]*(?:\[dot\]|\(dot\)|\.)[ \t]*|[ \t]+dot[ \t]+)"
_EMAIL_TLDS = r"(?:com|co|uk|org|net|gov|ac|nhs|sch|ltd|plc|me|io|info|biz|eu|ie|email)"


class ObfuscatedEmailRecognizer(RegexRecognizer):
    """Emails written to dodge spam robots: "name dot surname at gmail dot com",
    "name [at] domain [dot] com", "name (at) domain.co.uk".

    The address must have a spelt-out or bracketed "at" or "dot" (plain addresses are
    Presidio's) and end in a known top-level domain, so "meet at home" is not one.
    """

    ENTITY = "EMAIL_ADDRESS"
    PATTERNS = (
        (
            rf"(?<![\w.])(?P<pii>[a-z0-9_+-]+(?:{_DOT}[a-z0-9_+-]+)*{_AT}[a-z0-9-]+"
            rf"(?:{_DOT}[a-z0-9-]+)*{_DOT}{_EMAIL_TLDS})\b",
            0.8,
        ),
    )

    def validate(self, candidate: str) -> float | None:
        plain = re.fullmatch(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", candidate.strip())
        return 0.0 if plain else None


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit)
        if position % 2:
            value *= 2
            value -= 9 if value > 9 else 0
        total += value
    return total % 10 == 0


class CardNumberRecognizer(RegexRecognizer):
    """Payment card numbers: 13 to 19 digits, spaced or dashed, passing Luhn."""

    ENTITY = "CREDIT_CARD"
    PATTERNS = ((r"(?<![\d-])[2-6]\d{3}(?:[ -]?\d){9,15}(?![\d-])", 0.3),)
    CONTEXT = ("card", "visa", "mastercard", "debit", "credit", "amex", "pay")

    # A number that fails Luhn is still masked right after "card": the visitor may have
    # mistyped one digit of it. Alone it is too weak to keep (see ``RegexRecognizer``).
    UNCHECKED_SCORE = 0.16

    def validate(self, candidate: str) -> float | None:
        digits = re.sub(r"\D", "", candidate)
        if not 13 <= len(digits) <= 19:
            return 0.0
        return 0.8 if luhn_valid(digits) else self.UNCHECKED_SCORE


MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)


DATE_FORMS = (
    r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})",
    r"(?:19|20)\d{2}-\d{1,2}-\d{1,2}",
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}\.?,?\s+\d{{2,4}}",
    rf"{MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}",
)


class DateOfBirthRecognizer(RegexRecognizer):
    """Dates, kept only near "born", "DOB", "date of birth" or "birthday".

    Other dates (appointments, "next Tuesday") are ordinary words of the service.
    "born" gets patterns of its own: spaCy lemmatises it to "bear", which
    Presidio's lemma-based context matching would never see.
    """

    ENTITY = "DATE_OF_BIRTH"
    PATTERNS = tuple((rf"\b{form}\b", 0.05) for form in DATE_FORMS) + tuple(
        (rf"\bborn\s+(?:on\s+)?(?:the\s+)?(?P<pii>{form})\b", 0.6) for form in DATE_FORMS
    )
    CONTEXT = ("dob", "d.o.b", "birth", "birthday", "birthdate")


STREET_SUFFIXES = (
    r"(?:street|st|road|rd|avenue|ave|lane|ln|close|court|ct|place|pl|way|drive|dr|crescent"
    r"|cres|gardens|gdns|grove|gr|terrace|ter|hill|view|walk|square|sq|row|mews|parade|green"
    r"|park|rise|gate|wharf|yard|meadows?|fields?|vale|boulevard|embankment|quay|croft"
    r"|approach|circus|end|hollow|lea|path|passage|cottages?|mews|crossing|chase|dene)"
)
BUILDING_SUFFIXES = (
    r"(?:court|house|tower|lodge|mansions|heights|point|building|buildings|block|place"
    r"|gardens|close|hall|cottages?|villas?|apartments|mills?|works|chambers|wharf)"
)
_NOT_STREET_WORDS = (
    r"(?!(?:the|a|an|in|on|at|of|to|for|and|or|my|your|our|their|this|that|is|was|are|be"
    r"|been|it|its|with|from|by|since|until|about|some|all|every|each|per|last|next|more"
    r"|years?|months?|weeks?|days?|hours?|minutes?|times?|pounds?|pence|people|kids|children"
    r"|flats?|floors?|storeys?|stories|bedrooms?|rooms?|doors?|windows?"
    r"|won't|wont|can't|cant|don't|dont|doesn't|isn't|wasn't|aren't|haven't|hasn't|didn't"
    r"|will|would|can|could|should|shall|must|has|have|had|does|did|do|keeps?|still|just"
    r"|also|not|never|always|really|very|again|now|then|here|there|please|which|who|where"
    r"|when|because|but|so|if|has|needs?|gets?|got|went|goes|came|comes|broke|broken|leaks?"
    r"|leaking|won)\b)"
)
_STREET_WORD = rf"{_NOT_STREET_WORDS}[a-z][a-z'’-]*"
_FLAT = r"(?:flat|apartment|apt|unit|room|maisonette)\s+\d+[a-z]?"


class StreetAddressRecognizer(RegexRecognizer):
    """House number and street (with its suffix), flats, named buildings, "number 12"."""

    ENTITY = "STREET_ADDRESS"
    PATTERNS = (
        (
            rf"\b(?:{_FLAT},?\s+)?\d{{1,4}}[a-z]?,?\s+(?:the\s+)?(?:{_STREET_WORD}\s+){{0,3}}"
            rf"{STREET_SUFFIXES}\b\.?",
            0.75,
        ),
        (
            rf"\b{_FLAT},?\s+(?:the\s+)?(?:{_STREET_WORD}\s+){{1,3}}{BUILDING_SUFFIXES}\b"
            rf"(?:,?\s+(?:{_STREET_WORD}\s+){{1,3}}{STREET_SUFFIXES}\b)?",
            0.75,
        ),
        (
            rf"(?<![\w'’])(?:{_STREET_WORD}\s+){{1,3}}{BUILDING_SUFFIXES},?\s+{_FLAT}\b",
            0.75,
        ),
        (
            r"\b(?:at|live|lives|living|address|house|home)\s+(?P<pii>(?:number|no\.?)\s+\d{1,4}[a-z]?)\b",
            0.6,
        ),
    )
    CONTEXT = ("address", "live", "lives", "at", "flat")


class LandlordReferenceRecognizer(RegexRecognizer):
    """The landlord's own references (tenancy, rent account), from configurable regexes."""

    ENTITY = "TENANCY_REF"
    CONTEXT = ("tenancy", "reference", "ref", "account")

    def __init__(self, patterns: Iterable[str]) -> None:
        self.PATTERNS = tuple((pattern, 0.85) for pattern in patterns)
        super().__init__()


_SPACE = r"[ \t]+"
_NAME_WORD = r"[A-Za-z][A-Za-z'’-]*"
STRONG_TRIGGERS = (
    r"my\s+name\s+is|my\s+name's|name\s+is|names\s+is|called|named|call\s+me|known\s+as|"
    r"my\s+(?:son|daughter|partner|husband|wife|mum|mother|mom|dad|father|brother|sister"
    r"|neighbour|neighbor|carer|friend|child|grandson|granddaughter|grandma|grandad|nan"
    r"|nephew|niece|boyfriend|girlfriend|fiance|fiancee|lodger|tenant|cousin|uncle|aunt"
    r"|auntie|stepson|stepdaughter|baby)(?:'s\s+name\s+is|\s+is)?"
)
# "I'm jade": an introduction leaves little doubt even about a name that is a word.
INTRODUCTIONS = r"i\s+am|i'm|i’m|im"
WEAK_TRIGGERS = r"this\s+is|it's|it’s|its|it\s+is|from|ask\s+for|with|for|and"
TITLES = r"mr|mrs|miss|ms|mx|dr|sir|dame|lady|lord"
# Kin used like titles ("Aunty Pat", "Nan Joyce"): a name follows only when capitalised
# or known, since "my nan lives" is not a name.
KIN_TITLES = r"aunty|auntie|aunt|uncle|nan|nana|nanna|gran|granny|grandma|grandad|grandpa|cousin"
# People named by their role or by what was said to them ("my youngest", "our neighbour",
# "spoke to"): an everyday word after these is a name only when capitalised.
ROLE_TRIGGERS = (
    r"(?:my|our|the|your|his|her|their)\s+(?:youngest|eldest|oldest|middle\s+one|little\s+one"
    r"|baby|twins?|step\s?(?:son|daughter|dad|mum)|carer|support\s+worker|social\s+worker"
    r"|neighbours?|neighbors?|landlady|landlord|partner|lodger|mate|colleague)"
    r"|(?:spoke|speak|speaking|spoken|talked|talking)\s+(?:to|with)|tell|told|ask|asked|thank"
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
        self.introduction = re.compile(rf"\b(?:{INTRODUCTIONS}){_SPACE}", FLAGS)
        self.role = re.compile(rf"\b(?:{ROLE_TRIGGERS}){_SPACE}", FLAGS)
        self.kin = re.compile(rf"\b(?:{KIN_TITLES}){_SPACE}", FLAGS)
        # "Gift Nwosu - TN310448 - E3 4QS": a list line led by a name.
        self.listed = re.compile(
            r"^[ \t]*(?P<pii>[A-Z][a-z'’-]+(?:[ \t]+[A-Z][A-Za-z'’-]+){0,2})"
            r"[ \t]*[-–,][ \t]*(?=\S*\d)",
            re.MULTILINE,
        )
        # "Grace from the housing team".
        self.from_team = re.compile(
            rf"\b(?P<pii>[A-Z][a-z'’-]+){_SPACE}from{_SPACE}(?:the{_SPACE})?"
            rf"(?:[a-z]+{_SPACE}){{0,2}}(?:team|office|department|council|service|desk)\b"
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
        word = first.group().lower()
        capitalised = first.group()[0].isupper()
        # An everyday word ("hope", "joy") is a name only when it is written as one, when
        # a naming phrase ("my name is", "I'm") leaves no doubt, or when a surname follows.
        follower = re.match(rf"{_SPACE}({_NAME_WORD})", text[first.end() :])
        known = (word in self.given or word in self.surnames) and (
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

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        spans: dict[tuple[int, int], float] = {}
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
        for pattern in (self.listed, self.from_team):
            for match in pattern.finditer(text):
                first = match.group("pii").split()[0].lower()
                if not self._stop(first, nlp_artifacts) and first not in STREET_OR_PLACE_WORDS:
                    found = (match.start("pii"), match.end("pii"))
                    spans[found] = max(spans.get(found, 0), 0.7)
        for match in self.word.finditer(text):
            word = match.group()
            lower = word.lower()
            if lower in self.given and lower not in self.ambiguous and word[0].isupper():
                found = self._name_at(text, match.start(), nlp_artifacts, strong=False)
                if found is not None:
                    spans.setdefault(found, 0.6)
            elif lower in self.given and lower not in self.ambiguous:
                follower = re.match(rf"{_SPACE}({_NAME_WORD})", text[match.end() :])
                if follower is not None and follower.group(1).lower() in self.surnames:
                    spans.setdefault((match.start(), match.end() + follower.end()), 0.6)
        # A name already found may be followed by its surname: "Priya Okafor".
        for (start, end), score in list(spans.items()):
            rest = re.match(rf"{_SPACE}({_NAME_WORD})", text[end:])
            if rest is not None and rest.group(1).lower() in self.surnames:
                del spans[(start, end)]
                spans[(start, end + rest.end())] = score
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


class KnownValuesRecognizer(RegexRecognizer):
    """The visitor's own pre-chat details, wherever and however they are written.

    Built per transcript: the full name and each part of it, the email, and the
    address with its house number and street, matched case-insensitively with
    any spacing and punctuation between the words.
    """

    FIELD_ENTITIES = {"name": "PERSON", "email": "EMAIL_ADDRESS", "address": "STREET_ADDRESS"}

    def __init__(self, field: str, value: str) -> None:
        self.ENTITY = self.FIELD_ENTITIES[field]
        self.PATTERNS = tuple(self._patterns(field, value.strip()))
        super().__init__()
        self.name = f"KnownValuesRecognizer[{field}]"

    @staticmethod
    def _patterns(field: str, value: str) -> list[tuple[str, float]]:
        if field == "email":
            local = value.split("@", 1)[0]
            return [(re.escape(value), 1.0)] + (
                [(_phrase_pattern([local]), 0.9)] if len(local) > 3 else []
            )
        words = [word for word in re.split(r"[\s,]+", value) if word.strip(",.")]
        patterns = [(_phrase_pattern(words), 1.0)]
        if field == "name":
            patterns += [
                (_phrase_pattern([word]), 0.95)
                for word in words
                if len(word) > 1 and word.lower().strip(".") not in _TITLE_WORDS
            ]
        else:
            lines = [line.split() for line in re.split(r"[,\n]+", value) if line.strip()]
            patterns += [(_phrase_pattern(line), 0.95) for line in lines if len(line) > 1]
        return patterns


def known_value_recognizers(known: dict[str, str | None] | None) -> list[EntityRecognizer]:
    """One recognizer per detail the visitor gave, for one transcript."""
    return [
        KnownValuesRecognizer(field, value)
        for field in KnownValuesRecognizer.FIELD_ENTITIES
        if known and (value := known.get(field)) and value.strip()
    ]


_TITLE_WORDS = frozenset(TITLES.split("|"))


def _phrase_pattern(words: Sequence[str]) -> str:
    separator = r"[\s,.\-]*"
    body = separator.join(re.escape(word.strip(",.")) for word in words if word.strip(",."))
    return rf"(?<![\w@.]){body}(?![\w@])"


def default_reference_patterns() -> list[str]:
    return [r"\bTN[\s-]?\d{6}\b"]


PREDEFINED_TO_DROP = frozenset(
    {
        # Dates in general are ordinary words here (appointments, "next Tuesday").
        "DateRecognizer",
        # Replaced by the UK recognizers above (drama ranges, spacing, context).
        "PhoneRecognizer",
        "CreditCardRecognizer",
        "NhsRecognizer",
        "UkNinoRecognizer",
        "UkPostcodeRecognizer",
        # URLs of the landlord's own pages are not personal data.
        "UrlRecognizer",
        "MedicalLicenseRecognizer",
        "CryptoRecognizer",
    }
)


def build_registry(
    nlp_engine: NlpEngine, reference_patterns: Iterable[str] | None = None
) -> RecognizerRegistry:
    """Presidio's recognizers that fit UK chat, the GB phone region, and ours."""
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp_engine, countries=["uk"])
    for name in PREDEFINED_TO_DROP:
        if any(getattr(recognizer, "name", None) == name for recognizer in registry.recognizers):
            registry.remove_recognizer(name)
    registry.add_recognizer(PhoneRecognizer(supported_regions=("GB",), supported_language="en"))
    for recognizer in (
        UkPostcodeRecognizer(),
        UkPhoneRecognizer(),
        UkNinoRecognizer(),
        NhsNumberRecognizer(),
        SortCodeRecognizer(),
        AccountNumberRecognizer(),
        CardNumberRecognizer(),
        ObfuscatedEmailRecognizer(),
        DateOfBirthRecognizer(),
        StreetAddressRecognizer(),
        PersonNameRecognizer(),
        LandlordReferenceRecognizer(reference_patterns or default_reference_patterns()),
    ):
        registry.add_recognizer(recognizer)
    return registry
