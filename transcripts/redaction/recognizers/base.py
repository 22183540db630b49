"""The base of our pattern recognizers: patterns, validation and context words."""

import re
from collections.abc import Sequence

from presidio_analyzer import (
    AnalysisExplanation,
    LocalRecognizer,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts

FLAGS = re.IGNORECASE | re.UNICODE
_WORD = re.compile(r"[\w'./]+")


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
    # When one match in the line has a context word, every other match of the same shape
    # counts as having it too: the second number of a correction ("I gave you 40-12-68 but
    # it's 40-12-86") is as much a sort code as the first.
    CONTEXT_SPREADS = False

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
        if self.CONTEXT_SPREADS and any(r.score >= self.CONTEXT_FLOOR for r in results):
            for result in results:
                result.score = max(result.score, self.CONTEXT_FLOOR)
        return _best_of_each_span(results)

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


def _best_of_each_span(results: list[RecognizerResult]) -> list[RecognizerResult]:
    """One result per span (two patterns may find the same one), the best scored."""
    best: dict[tuple[int, int], RecognizerResult] = {}
    for result in results:
        span = (result.start, result.end)
        if span not in best or result.score > best[span].score:
            best[span] = result
    return list(best.values())
