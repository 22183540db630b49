"""Names with a rank or kin title, names signing off a line, names speaking (issue #28,
round 3). Invented lines, none from a scored set; a relation in lower case, a title with
no capitalised name after it and a shop stay."""

import pytest

from tests.recognizers.conftest import kept
from transcripts.redaction.recognizers.titled_name import TitledNameRecognizer

RECOGNIZER = TitledNameRecognizer()
RECOGNIZER.load()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("DS Okoro rang me about it", ["DS Okoro"]),
        ("PCSO Dawn Price came round", ["PCSO Dawn Price"]),
        ("Revd. Tomos Rees from the chapel", ["Revd. Tomos Rees"]),
        ("Auntie Yetunde lives with us", ["Auntie Yetunde"]),
        ("Grandad Alf and Nanna Vi", ["Grandad Alf", "Nanna Vi"]),
        ("the lift is out again - K. Adeyemi", ["K. Adeyemi"]),
        ("cheers, Shona Baird x", ["Shona Baird"]),
        ("Morning, Priyesh speaking.", ["Priyesh"]),
        ("Tomasz Nowak 3 Elm Grove", ["Tomasz Nowak"]),
        ("Gareth flat 2, Ivy House", ["Gareth"]),
    ],
)
def test_titled_and_signing_names_are_found(text: str, found: list[str]) -> None:
    assert kept(RECOGNIZER, text) == found


@pytest.mark.parametrize(
    "text",
    [
        "my nan said the boiler is broken",
        "my sister Jade is here",
        "Sister said no",
        "I bought it at PC World",
        "Who's speaking?",
        "thanks - Housing Team",
        "Repairs 14 Station Road is leaking",
        "Flat 23, Kestrel House",
    ],
)
def test_relations_and_titles_without_a_name_are_kept(text: str) -> None:
    assert kept(RECOGNIZER, text) == []
