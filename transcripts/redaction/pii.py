"""Finding and masking personal data in chat text.

Design. One Presidio analyzer per process, built lazily on first use under a
lock and warmed by one call: a spaCy pipeline loaded by package name (never
downloaded) without the dependency parser, which no recognizer uses, and
Presidio's NER settings from its default configuration (without them the small
model labels "NI", "NHS" and "GP" as organisations). The registry is built
explicitly in ``recognizers/registry.py``; the housing NER component runs beside the
small model (``housing_ner``). Texts are analysed in batches through
``nlp.pipe`` inside spaCy's ``memory_zone`` so that a long run does not grow
the vocabulary's memory. Each entity type has its own score threshold.

Masking replaces every detected span with a typed placeholder that stays the
same for the same value within one transcript (``<PERSON_1>`` throughout), so
the masked transcript still reads as a conversation.

Nothing here logs text.
"""

import os
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# tldextract (used by Presidio's email recognizer) fetches the public-suffix
# list on first use unless this is empty before it is imported; empty means the
# snapshot bundled with the package.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerResult  # noqa: E402
from presidio_analyzer.nlp_engine import NerModelConfiguration  # noqa: E402
from presidio_anonymizer import AnonymizerEngine  # noqa: E402
from presidio_anonymizer.entities import OperatorConfig  # noqa: E402
from presidio_anonymizer.entities import RecognizerResult as AnonymizerResult  # noqa: E402

from transcripts.redaction import redaction_defaults  # noqa: E402
from transcripts.redaction.housing_ner import (  # noqa: E402
    FACTORY as HOUSING_FACTORY,
)
from transcripts.redaction.housing_ner import (  # noqa: E402
    MODEL_PATH as HOUSING_MODEL,
)
from transcripts.redaction.housing_ner import HousingNerRecognizer  # noqa: E402
from transcripts.redaction.plausible import implausible, pasted_line_breaks  # noqa: E402
from transcripts.redaction.presidio_internals import (  # noqa: E402
    RecognizerContextOnly,
    UkSpacyNlpEngine,
)
from transcripts.redaction.recognizers import build_registry, known_value_recognizers  # noqa: E402
from transcripts.redaction.recognizers.person_name import KIN_TITLE_PREFIX  # noqa: E402
from transcripts.redaction.special_category import mentions_special_category  # noqa: E402

DEFAULT_MODEL = redaction_defaults.SPACY_MODEL
BATCH_SIZE = 128

# Presidio's entity names and the placeholder each gets.
PLACEHOLDER_NAMES = {
    "PERSON": "PERSON",
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONE",
    "STREET_ADDRESS": "ADDRESS",
    "UK_POSTCODE": "POSTCODE",
    "LOCATION": "PLACE",
    "UK_NINO": "NINO",
    "UK_NHS": "NHS_NUMBER",
    "UK_SORT_CODE": "SORT_CODE",
    "UK_BANK_ACCOUNT": "ACCOUNT_NUMBER",
    "CREDIT_CARD": "CARD",
    "IBAN_CODE": "IBAN",
    "DATE_OF_BIRTH": "DATE_OF_BIRTH",
    "TENANCY_REF": "REFERENCE",
    "IP_ADDRESS": "IP_ADDRESS",
    "UK_PASSPORT": "PASSPORT",
    "UK_DRIVING_LICENCE": "DRIVING_LICENCE",
    "UK_VEHICLE_REGISTRATION": "VEHICLE_REGISTRATION",
    "MAC_ADDRESS": "MAC_ADDRESS",
}

# A match is kept when its score reaches its type's threshold. Context-only
# recognizers score 0.05 alone and at least 0.4 next to a context word.
THRESHOLDS = {
    "PERSON": 0.55,
    "LOCATION": 0.6,
    "EMAIL_ADDRESS": 0.5,
    "PHONE_NUMBER": 0.4,
    "STREET_ADDRESS": 0.5,
    "UK_POSTCODE": 0.4,
    "UK_NINO": 0.5,
    "UK_NHS": 0.5,
    "UK_SORT_CODE": 0.4,
    "UK_BANK_ACCOUNT": 0.4,
    "CREDIT_CARD": 0.5,
    "IBAN_CODE": 0.5,
    "DATE_OF_BIRTH": 0.4,
    "TENANCY_REF": 0.5,
    "IP_ADDRESS": 0.6,
    "UK_PASSPORT": 0.6,
    "UK_DRIVING_LICENCE": 0.6,
    "UK_VEHICLE_REGISTRATION": 0.6,
    "MAC_ADDRESS": 0.6,
}
DEFAULT_THRESHOLD = 0.6

NER_CONFIGURATION = {
    "model_to_presidio_entity_mapping": {
        "PER": "PERSON",
        "PERSON": "PERSON",
        "NORP": "NRP",
        "FAC": "LOCATION",
        "LOC": "LOCATION",
        "GPE": "LOCATION",
        "LOCATION": "LOCATION",
        "ORG": "ORGANIZATION",
        "ORGANIZATION": "ORGANIZATION",
        "DATE": "DATE_TIME",
        "TIME": "DATE_TIME",
    },
    "low_confidence_score_multiplier": 0.4,
    "low_score_entity_names": [],
    # Organisations are mostly the landlord and its services; dates and times
    # are appointments; nationalities are flagged as special category instead.
    "labels_to_ignore": [
        "ORG",
        "ORGANIZATION",
        "CARDINAL",
        "EVENT",
        "LANGUAGE",
        "LAW",
        "MONEY",
        "ORDINAL",
        "PERCENT",
        "PRODUCT",
        "QUANTITY",
        "WORK_OF_ART",
        "DATE",
        "TIME",
        "DATE_TIME",
        "NORP",
        "NRP",
    ],
}


# Words of the service that the small model sometimes takes for names or places.
SERVICE_WORDS = frozenset(
    (
        "postcode post code ni nhs gp dob d.o.b tenancy ref reference sort account council "
        "housing benefit universal credit repairs repair team landlord"
    ).split()
)


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    type: str
    score: float

    def as_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "score": round(self.score, 3),
        }


@dataclass(frozen=True)
class Redaction:
    text: str
    entities: list[Entity]
    special_category: bool


@dataclass
class Placeholders:
    """Typed placeholders that stay the same for the same value in one transcript."""

    assigned: dict[tuple[str, str], str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def for_value(self, entity_type: str, value: str) -> str:
        name = PLACEHOLDER_NAMES.get(entity_type, entity_type)
        key = (name, re.sub(r"[\W_]+", " ", value.lower()).strip())
        if key not in self.assigned:
            self.counts[name] = self.counts.get(name, 0) + 1
            self.assigned[key] = f"<{name}_{self.counts[name]}>"
        return self.assigned[key]


# The small model's place labels are often names; any other label wins an overlap.
WEAK_TYPES = frozenset({"LOCATION"})


def _start_of_name(result: RecognizerResult, text: str) -> int:
    """Where a person's name starts, after a kin word the NER took into it ("Auntie")."""
    if result.entity_type != "PERSON":
        return int(result.start)
    kin = KIN_TITLE_PREFIX.match(text, result.start, result.end)
    return int(result.start) if kin is None or kin.end() >= result.end else kin.end()


def merge_overlaps(entities: Iterable[Entity]) -> list[Entity]:
    """Joins overlapping spans; the joined span takes the type of its strongest part."""
    merged: list[Entity] = []
    for entity in sorted(entities, key=lambda e: (e.start, -e.end)):
        if merged and entity.start < merged[-1].end:
            last = merged[-1]
            strongest = max(
                (last, entity), key=lambda e: (e.type not in WEAK_TYPES, e.score, e.end - e.start)
            )
            merged[-1] = Entity(
                last.start, max(last.end, entity.end), strongest.type, strongest.score
            )
        else:
            merged.append(entity)
    return merged


class Redactor:
    """Thread-safe, lazily built analyzer with batched masking."""

    def __init__(
        self,
        model_name: str = DEFAULT_MODEL,
        reference_patterns: Sequence[str] | None = None,
        thresholds: Mapping[str, float] | None = None,
        housing_model: Path | None = HOUSING_MODEL,
    ) -> None:
        self.model_name = model_name
        self.housing_model = housing_model
        self.reference_patterns = list(reference_patterns) if reference_patterns else None
        self.thresholds = dict(THRESHOLDS, **(thresholds or {}))
        self._lock = threading.Lock()
        self._analyzer: AnalyzerEngine | None = None

    def _build(self) -> AnalyzerEngine:
        nlp_engine = UkSpacyNlpEngine(
            models=[{"lang_code": "en", "model_name": self.model_name}],
            ner_model_configuration=NerModelConfiguration.from_dict(NER_CONFIGURATION),
            extra_pipes=(
                ((HOUSING_FACTORY, {"path": str(self.housing_model)}),)
                if self.housing_model is not None
                else ()
            ),
        )
        nlp_engine.load()
        registry = build_registry(nlp_engine, self.reference_patterns)
        if self.housing_model is not None:
            registry.add_recognizer(HousingNerRecognizer())
        analyzer = AnalyzerEngine(
            registry=registry,
            nlp_engine=nlp_engine,
            supported_languages=["en"],
            context_aware_enhancer=RecognizerContextOnly(),
        )
        # Also builds tldextract's suffix trie, on the first email it sees.
        analyzer.analyze("Warm-up: write to warm.up@example.org at 12 High Street.", language="en")
        return analyzer

    @property
    def analyzer(self) -> AnalyzerEngine:
        if self._analyzer is None:
            with self._lock:
                if self._analyzer is None:
                    self._analyzer = self._build()
        return self._analyzer

    def warm(self) -> None:
        """Builds the engine now rather than on first use."""
        _ = self.analyzer

    def _keep(self, result: RecognizerResult, text: str) -> bool:
        if result.score < self.thresholds.get(result.entity_type, DEFAULT_THRESHOLD):
            return False
        span = text[result.start : result.end].strip().lower()
        return span not in SERVICE_WORDS and not implausible(text, result)

    def analyze_many(
        self, texts: Sequence[str], known: Mapping[str, str | None] | None = None
    ) -> list[list[Entity]]:
        """Entities of each text, overlaps merged, offsets into the text."""
        return self.analyze_groups([(texts, known)])[0]

    def analyze_groups(
        self, groups: Sequence[tuple[Sequence[str], Mapping[str, str | None] | None]]
    ) -> list[list[list[Entity]]]:
        """Entities for several groups of texts (e.g. transcripts), each with its own
        known details, sent through the NLP pipeline together in one batch."""
        analyzer = self.analyzer
        ad_hoc: list[list[EntityRecognizer]] = [
            known_value_recognizers(dict(known) if known else None) for _t, known in groups
        ]
        owners = [index for index, (texts, _known) in enumerate(groups) for _text in texts]
        found: list[list[list[Entity]]] = [[] for _group in groups]
        with self._lock:
            nlp = analyzer.nlp_engine.nlp["en"]  # type: ignore[attr-defined]
            with nlp.memory_zone():
                batch = analyzer.nlp_engine.process_batch(
                    [pasted_line_breaks(text) for texts, _known in groups for text in texts],
                    language="en",
                    batch_size=BATCH_SIZE,
                )
                for owner, (text, artifacts) in zip(owners, batch, strict=True):
                    results = analyzer.analyze(
                        text,
                        language="en",
                        nlp_artifacts=artifacts,
                        ad_hoc_recognizers=ad_hoc[owner] or None,
                        score_threshold=0.0,
                    )
                    found[owner].append(
                        merge_overlaps(
                            Entity(_start_of_name(r, text), r.end, r.entity_type, r.score)
                            for r in results
                            if r.end > r.start and self._keep(r, text)
                        )
                    )
        return found

    def redact_lines(
        self, items: Sequence[tuple[str, Mapping[str, str | None] | None]]
    ) -> list[Redaction]:
        """Masks independent lines, each with its own known details and placeholders."""
        return [
            lines[0]
            for lines in self.redact_transcripts([([text], known) for text, known in items])
        ]

    def redact_transcript(
        self, texts: Sequence[str], known: Mapping[str, str | None] | None = None
    ) -> list[Redaction]:
        """Masks the lines of one transcript with placeholders shared across its lines."""
        return self.redact_transcripts([(texts, known)])[0]

    def redact_transcripts(
        self, transcripts: Sequence[tuple[Sequence[str], Mapping[str, str | None] | None]]
    ) -> list[list[Redaction]]:
        """Masks several transcripts in one batch; placeholders are per transcript."""
        masked = []
        for (texts, _known), entity_lists in zip(
            transcripts, self.analyze_groups(transcripts), strict=True
        ):
            placeholders = Placeholders()
            masked.append(
                [
                    Redaction(
                        text=apply_placeholders(text, entities, placeholders),
                        entities=entities,
                        special_category=mentions_special_category(text),
                    )
                    for text, entities in zip(texts, entity_lists, strict=True)
                ]
            )
        return masked


_anonymizer = AnonymizerEngine()  # type: ignore[no-untyped-call]


def apply_placeholders(text: str, entities: Sequence[Entity], placeholders: Placeholders) -> str:
    """Replaces each (non-overlapping) entity with its transcript-wide placeholder."""
    if not entities:
        return text
    operators = {
        entity_type: OperatorConfig(
            "custom", {"lambda": lambda value, t=entity_type: placeholders.for_value(t, value)}
        )
        for entity_type in {entity.type for entity in entities}
    }
    return _anonymizer.anonymize(
        text=text,
        analyzer_results=[
            AnonymizerResult(entity.type, entity.start, entity.end, entity.score)
            for entity in entities
        ],
        operators=operators,
    ).text


_default: Redactor | None = None
_default_lock = threading.Lock()


def default_redactor() -> Redactor:
    """The process's redactor, configured from settings."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                from django.conf import settings

                _default = Redactor(
                    model_name=settings.REDACTION_SPACY_MODEL or DEFAULT_MODEL,
                    reference_patterns=settings.REDACTION_REFERENCE_PATTERNS,
                )
    return _default
