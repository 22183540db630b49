"""The person spoken to (issue #28, round 3): a name after a greeting or thanks, a name
before a comma and the next clause, and a known name before "'s". Invented lines, none
from a scored set; greetings to a team, a role or everyone stay."""

import pytest

from tests.recognizers.conftest import kept
from transcripts.redaction.recognizers.vocative import VocativeNameRecognizer

RECOGNIZER = VocativeNameRecognizer()
RECOGNIZER.load()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Welcome Oluwafemi! Your keys are ready.", ["Oluwafemi"]),
        ("Thanks Ngozi, I've logged it", ["Ngozi"]),
        ("sorry Bartłomiej.", ["Bartłomiej"]),
        ("I've booked it in Sadiq, you'll get a text", ["Sadiq"]),
        ("I've noted it on Gemma's account", ["Gemma"]),
        ("diolch rhiannon x", ["rhiannon"]),
    ],
)
def test_names_spoken_to_are_found(text: str, found: list[str]) -> None:
    assert kept(RECOGNIZER, text) == found


@pytest.mark.parametrize(
    "text",
    [
        "Hi Team, the lift is broken",
        "Thanks Again!",
        "Hello Doctor, please email it",
        "ok will do",
        "hi frank can you ring me",
        "Sorry Monday, I meant Tuesday",
        "Dom from Wates Living Space, I'm outside",
        "the council's letter came today",
    ],
)
def test_greetings_to_no_one_named_are_kept(text: str) -> None:
    assert kept(RECOGNIZER, text) == []
