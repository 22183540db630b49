"""Everything that leans on Presidio's private methods, in one place.

Why this module exists: Presidio's spaCy engine builds its ``NlpArtifacts``
(and runs the lemmatizer for them) in ``SpacyNlpEngine._doc_to_nlp_artifact``,
which calls ``_get_entities``, ``_get_scores_for_entities`` and
``_get_updated_entities``. None of these is public API, yet overriding the first
is the only way to drop the parser, attribute ruler and lemmatizer (a fifth of
the pipeline's time) and to match context words against lower-cased words
rather than lemmas ("born" must not become "bear"). A Presidio release may
rename or re-sign them; ``PRIVATE_NAMES`` lists what is relied on, and
``tests/test_redaction_presidio_contract.py`` fails with a clear message when
an upgrade moves any of it. Nothing else in the package touches Presidio's
private names.
"""

import spacy
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine
from spacy.tokens import Doc

# Private members of SpacyNlpEngine this module calls or overrides, with the
# parameter names it passes (checked by the contract test).
PRIVATE_NAMES: dict[str, tuple[str, ...]] = {
    "_doc_to_nlp_artifact": ("self", "doc", "language"),
    "_get_entities": ("self", "doc"),
    "_get_scores_for_entities": ("self", "doc"),
    "_get_updated_entities": ("self", "entities", "scores"),
}
# NlpArtifacts' constructor, called here with these keywords.
ARTIFACT_PARAMETERS = (
    "entities",
    "tokens",
    "tokens_indices",
    "lemmas",
    "nlp_engine",
    "language",
    "scores",
)


class UkSpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine on an installed model, without the components no
    recognizer needs: the parser, the attribute ruler and the lemmatizer.
    Recognizers read the tagger's fine-grained tags, and context words are
    matched against lower-cased words instead of lemmas.

    ``extra_pipes`` are (factory name, config) pairs added to the pipeline after
    loading, e.g. the housing entity model.
    """

    EXCLUDED_COMPONENTS = ("parser", "attribute_ruler", "lemmatizer")

    def __init__(
        self,
        *args: object,
        extra_pipes: tuple[tuple[str, dict[str, object]], ...] = (),
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.extra_pipes = extra_pipes

    def load(self) -> None:
        loaded = {}
        for model in self.models:
            nlp = spacy.load(model["model_name"], exclude=list(self.EXCLUDED_COMPONENTS))
            for factory, config in self.extra_pipes:
                nlp.add_pipe(factory, config=config)
            loaded[model["lang_code"]] = nlp
        # Presidio declares the attribute None until an engine is loaded.
        self.nlp = loaded  # type: ignore[assignment]

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        entities, scores = self._get_updated_entities(
            self._get_entities(doc), self._get_scores_for_entities(doc)
        )
        return NlpArtifacts(
            entities=entities,
            tokens=doc,
            tokens_indices=[token.idx for token in doc],
            lemmas=[token.lower_ for token in doc],
            nlp_engine=self,
            language=language,
            scores=scores,
        )


class RecognizerContextOnly(ContextAwareEnhancer):
    """Leaves scores as the recognizers gave them: ours apply their own context words."""

    def __init__(self) -> None:
        super().__init__(
            context_similarity_factor=0.0,
            min_score_with_context_similarity=0.0,
            context_prefix_count=0,
            context_suffix_count=0,
        )

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        return raw_results
