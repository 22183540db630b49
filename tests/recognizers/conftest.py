"""One test module per recognizer: each runs its recognizer alone on valid and invalid
rows, and counts a match only when its score reaches the engine's threshold."""

import pytest
from presidio_analyzer import EntityRecognizer

from transcripts.redaction.pii import DEFAULT_THRESHOLD, THRESHOLDS, Redactor


def kept(recognizer: EntityRecognizer, text: str) -> list[str]:
    """The parts of ``text`` the recognizer finds with a score the engine keeps."""
    return [
        text[result.start : result.end]
        for result in recognizer.analyze(text, recognizer.supported_entities, None)
        if result.score >= THRESHOLDS.get(result.entity_type, DEFAULT_THRESHOLD)
    ]


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    return Redactor()


def covered(text: str, parts: list[str]) -> set[int]:
    """The indices of ``text`` inside any of ``parts`` (each found where it first stands)."""
    indices: set[int] = set()
    for part in parts:
        start = text.find(part)
        indices |= set(range(start, start + len(part)))
    return indices
