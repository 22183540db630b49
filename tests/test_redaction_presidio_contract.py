"""The private Presidio names ``transcripts.redaction.presidio_internals`` relies on.

If a Presidio upgrade renames or re-signs any of them, these fail and say which,
before the redaction engine silently falls back to Presidio's own behaviour.
"""

import inspect

import pytest
from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine

from transcripts.redaction import presidio_internals
from transcripts.redaction.presidio_internals import (
    ARTIFACT_PARAMETERS,
    PRIVATE_NAMES,
    UkSpacyNlpEngine,
)


@pytest.mark.parametrize("name", sorted(PRIVATE_NAMES))
def test_the_private_methods_overridden_or_called_still_exist(name: str) -> None:
    method = getattr(SpacyNlpEngine, name, None)
    assert callable(method), (
        f"Presidio's SpacyNlpEngine no longer has {name}(); "
        "transcripts/redaction/presidio_internals.py must be updated for this Presidio release"
    )
    parameters = tuple(inspect.signature(method).parameters)
    assert parameters == PRIVATE_NAMES[name], (
        f"SpacyNlpEngine.{name} now takes {parameters}, presidio_internals.py expects "
        f"{PRIVATE_NAMES[name]}: update it for this Presidio release"
    )


def test_artifacts_still_take_the_keywords_passed() -> None:
    parameters = set(inspect.signature(NlpArtifacts.__init__).parameters)
    missing = set(ARTIFACT_PARAMETERS) - parameters
    assert not missing, (
        f"NlpArtifacts() no longer accepts {sorted(missing)}: update presidio_internals.py"
    )


def test_presidio_still_builds_artifacts_through_the_overridden_method() -> None:
    source = inspect.getsource(SpacyNlpEngine.process_batch)
    assert "_doc_to_nlp_artifact" in source, (
        "SpacyNlpEngine.process_batch no longer calls _doc_to_nlp_artifact, so the override in "
        "presidio_internals.py is bypassed: lemmas and scores would come from Presidio's code"
    )
    assert UkSpacyNlpEngine._doc_to_nlp_artifact is not SpacyNlpEngine._doc_to_nlp_artifact


def test_no_other_redaction_module_touches_presidio_private_names() -> None:
    from pathlib import Path

    package = Path(presidio_internals.__file__).parent
    for path in package.rglob("*.py"):
        if path.name == "presidio_internals.py":
            continue
        text = path.read_text(encoding="utf-8")
        for name in PRIVATE_NAMES:
            assert name not in text, f"{path.name} uses Presidio's private {name}"
