"""The housing NER: people and addresses learnt from generated tenant chat.

The model (``models/housing_ner``, built by ``make redaction-model``) is a small
spaCy ``ner`` trained only on the generator's lines. It runs inside the main
spaCy pipeline as the ``housing_entities`` component, on the same tokens, and
writes its entities to ``doc.spans["housing"]`` rather than ``doc.ents``: the
general model's entities stay as they were for Presidio, and neither model's
guesses constrain the other's. ``HousingNerRecognizer`` turns them into
Presidio results, merged with the rules like any other recognizer's.
"""

import re
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

import spacy
from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from transcripts.redaction.recognizers.names import given_names, surnames
from transcripts.redaction.recognizers.street_address import BUILDING_SUFFIXES, STREET_SUFFIXES
from transcripts.redaction.recognizers.towns import town_end

MODEL_PATH = Path(__file__).resolve().parent / "models" / "housing_ner"
SPANS_KEY = "housing"
FACTORY = "housing_entities"
# The model's labels and the entity types the rest of the engine uses.
ENTITY_TYPES = {"PERSON": "PERSON", "ADDRESS": "STREET_ADDRESS"}
# Welsh street and house words ("Heol", "Lôn", "Tŷ", "Bwthyn").
WELSH_WORDS = (
    r"(?:heol|lôn|lon|ffordd|stryd|maes|cwrt|bryn|rhodfa|cae|llys|pant|tŷ|ty|bwthyn|hafod)"
)
# Penn tags of words a name does not continue into (verbs, prepositions, numbers...).
NAME_BREAKING_TAGS = ("VB", "MD", "IN", "DT", "CD", "PRP", "TO", "CC", "WDT", "WP", "RB")
# Small words inside names ("D ap Iorwerth", "da Silva") and addresses ("Pen y Bryn").
NAME_PARTICLES = frozenset("ap ab da de del der di dos du el al bin van von la le".split())
ADDRESS_WORDS = frozenset("the y yr upon on of and no no. off".split())
# Words that introduce a phone number, left behind when an address is cut before one.
CONTACT_WORDS = frozenset("ring call phone text tel tel. mob mobile number on me or".split())
# A UK phone number as people write it: a first group of 0 and two to four digits
# followed by another group of digits (07700 900777, 01632 960111, 020 7946 0123), or all
# ten or eleven digits run together. A house number followed by its street is neither.
PHONE_FIRST_GROUP = re.compile(r"0\d{2,4}")
PHONE_RUN = re.compile(r"\+?\d{10,12}")
STREET_WORD = re.compile(
    rf"{STREET_SUFFIXES}|{BUILDING_SUFFIXES}|{WELSH_WORDS}|\w*(?:way|side|bank)", re.IGNORECASE
)
MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
DAY = re.compile(r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?")
YEAR = re.compile(r"(?:19|20)\d\d")
# Words of the service the model may take into a span ("DOB", "NI" after a name).
SERVICE_WORDS = frozenset(
    "dob d.o.b ni nhs gp ref tenancy postcode email account sort thanks thank cheers ta".split()
)


class HousingEntities:
    """Runs the trained ``ner`` on the pipeline's docs, keeping ``doc.ents`` intact."""

    def __init__(self, nlp: Language, path: str) -> None:
        if not Path(path).is_dir():
            raise FileNotFoundError(f"the housing NER is not at {path}: run make redaction-model")
        self.ner = spacy.load(path).get_pipe("ner")
        for label in ENTITY_TYPES:
            nlp.vocab.strings.add(label)

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        stream = iter(docs)
        while batch := list(islice(stream, batch_size)):
            general = [list(doc.ents) for doc in batch]
            for doc in batch:
                doc.set_ents([], default="missing")
            for doc, entities in zip(self.ner.pipe(batch), general, strict=True):  # type: ignore[attr-defined]
                doc.spans[SPANS_KEY] = list(doc.ents)
                doc.set_ents(entities, default="outside")
                yield doc


@Language.factory(FACTORY, default_config={"path": str(MODEL_PATH)})
def make_housing_entities(nlp: Language, name: str, path: str) -> HousingEntities:
    return HousingEntities(nlp, path)


class HousingNerRecognizer(LocalRecognizer):
    """People and addresses the housing NER found (``doc.spans["housing"]``)."""

    name: str
    SCORE = 0.8

    def __init__(self) -> None:
        super().__init__(
            supported_entities=sorted(set(ENTITY_TYPES.values())),
            name=type(self).__name__,
            supported_language="en",
        )

    def load(self) -> None:
        """Nothing to load: the model runs in the NLP pipeline."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        doc = nlp_artifacts.tokens if nlp_artifacts is not None else None
        if doc is None or SPANS_KEY not in doc.spans:
            return []
        return [
            RecognizerResult(
                entity_type=ENTITY_TYPES[span.label_],
                start=span[0].idx,
                end=_end(span),
                score=self.SCORE,
                analysis_explanation=AnalysisExplanation(
                    recognizer=self.name, original_score=self.SCORE
                ),
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )
            for span in map(trimmed, doc.spans[SPANS_KEY])
            if _plausible(span)
            and span.label_ in ENTITY_TYPES
            and ENTITY_TYPES[span.label_] in entities
        ]


def _end(span: Span) -> int:
    """Where the span ends in the text; an address takes the town written after it."""
    end = span[-1].idx + len(span[-1])
    return town_end(span.doc.text, end) if span.label_ == "ADDRESS" else end


def _loose(token: Token) -> bool:
    """A word at the edge of a span that is no part of a name or an address."""
    return token.is_punct or (token.is_stop and token.is_lower) or token.lower_ in SERVICE_WORDS


def _ends_name(token: Token) -> bool:
    """A word a person's name does not run on into: a verb, a preposition, a number."""
    if token.lower_ in NAME_PARTICLES:
        return False
    return token.tag_.startswith(NAME_BREAKING_TAGS) or (token.is_stop and token.is_lower)


def _ends_address(token: Token) -> bool:
    """A word an address does not run on into: a verb, a lower-case stop word, or a
    phone number written after the address."""
    if PHONE_RUN.fullmatch(token.text):
        return True
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if PHONE_FIRST_GROUP.fullmatch(token.text) and following is not None and following.is_digit:
        return True
    if token.lower_ in ADDRESS_WORDS:
        return False
    return token.tag_.startswith(("VB", "MD", "PRP", "IN")) or (token.is_stop and token.is_lower)


def _plausible(span: Span) -> bool:
    """Whether a span can be what its label says."""
    if not span:
        return False
    return _plausible_name(span) if span.label_ == "PERSON" else _plausible_address(span)


def _plausible_name(span: Span) -> bool:
    """A name has no digits; it does not start with a lower-case verb or adverb; one word
    the tagger takes for an ordinary word ("Kitchen", "May", "happy") is a name only when
    the gazetteer knows it."""
    first = span[0]
    if any(character.isdigit() for character in span.text) or _month_of_a_date(span):
        return False
    if not (first.is_title or first.is_upper) and first.tag_.startswith(
        (*NAME_BREAKING_TAGS, "JJ")
    ):
        return False
    if len(span) > 1 or first.tag_ in ("NNP", "NNPS"):
        return True
    if first.tag_.startswith(NAME_BREAKING_TAGS):
        return False
    word = first.lower_
    return word in given_names() or word in surnames()


def _month_of_a_date(span: Span) -> bool:
    """A month name with a day before it or a year after it ("2nd June 2021", "June
    2019") is a date, whatever the model made of it."""
    if len(span) != 1 or span[0].lower_ not in MONTHS:
        return False
    doc, index = span.doc, span[0].i
    before = doc[index - 1].lower_ if index > 0 else ""
    after = doc[index + 1].text if index + 1 < len(doc) else ""
    return bool(DAY.fullmatch(before)) or bool(YEAR.fullmatch(after))


def _plausible_address(span: Span) -> bool:
    """An address does not start with a verb, nor end in a count of things ("3 different
    addresses", "12 pounds"); it names its street, building or house (or has two words
    besides its number), and without a number one of its words is capitalised."""
    first, last = span[0], span[-1]
    if first.tag_.startswith(("VB", "MD")):
        return False
    if last.tag_ == "NNS" and last.is_lower and not STREET_WORD.fullmatch(last.text):
        return False
    words = [token for token in span if token.is_alpha and not token.is_stop]
    if not any(STREET_WORD.fullmatch(token.text) for token in span) and len(words) < 2:
        return False
    return any(token.like_num for token in span) or any(token.is_title for token in words)


def trimmed(span: Span) -> Span:
    """The span cut where it runs on into the sentence, without stop words,
    punctuation or service words at its edges."""
    start, end = span.start, span.end
    while start < end and _loose(span.doc[start]) and span.label_ == "PERSON":
        start += 1
    ends = _ends_name if span.label_ == "PERSON" else _ends_address
    for index in range(start + 1, end):
        if ends(span.doc[index]):
            end = index
            break
    while end > start and (
        _loose(span.doc[end - 1])
        or (span.label_ == "ADDRESS" and span.doc[end - 1].lower_ in CONTACT_WORDS)
    ):
        end -= 1
    return Span(span.doc, start, end, label=span.label)
