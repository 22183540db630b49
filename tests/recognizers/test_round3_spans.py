"""Any text gives spans inside it, for each recognizer of redaction round 3 (issue #28):
their patterns read free chat text, so hypothesis feeds them any characters."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_analyzer import EntityRecognizer

from transcripts.redaction.recognizers.named_place import NamedPlaceRecognizer
from transcripts.redaction.recognizers.partial_address import PartialAddressRecognizer
from transcripts.redaction.recognizers.titled_name import TitledNameRecognizer
from transcripts.redaction.recognizers.vocative import VocativeNameRecognizer


def _loaded(recognizer: EntityRecognizer) -> EntityRecognizer:
    recognizer.load()
    return recognizer


RECOGNIZERS = [
    _loaded(kind())
    for kind in (
        NamedPlaceRecognizer,
        PartialAddressRecognizer,
        TitledNameRecognizer,
        VocativeNameRecognizer,
    )
]


@pytest.mark.parametrize("recognizer", RECOGNIZERS, ids=lambda recognizer: recognizer.name)
@given(text=st.text(max_size=80))
@settings(max_examples=150, deadline=None)
def test_any_text_gives_spans_inside_it(recognizer: EntityRecognizer, text: str) -> None:
    for result in recognizer.analyze(text, recognizer.supported_entities, None):
        assert 0 <= result.start < result.end <= len(text)
