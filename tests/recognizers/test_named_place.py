"""Streets, estates and blocks named without a number (issue #28, round 3). Invented
lines, none from a scored set; courts, car parks, town halls, "real estate" stay."""

import pytest

from tests.recognizers.conftest import kept
from transcripts.redaction.recognizers.named_place import NamedPlaceRecognizer

RECOGNIZER = NamedPlaceRecognizer()
RECOGNIZER.load()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("my sister lives in Larchwood Crescent now", ["Larchwood Crescent"]),
        ("the bins on Copper Beech Close again", ["Copper Beech Close"]),
        ("Tennant House on the Glebe Estate", ["Tennant House", "Glebe Estate"]),
        ("were on the Ashfield estate, block 2", ["Ashfield estate"]),
        ("she moved to Kiln Lane, Barnsley last week", ["Kiln Lane, Barnsley"]),
        ("my address is thirty one elm grove", ["thirty one elm grove"]),
        ("Rose Cottage, Mill Lane", ["Rose Cottage, Mill Lane"]),
        # Round 3b: a house name led by "The" before its numbered street.
        ("post to The Old Forge, 7 Brook Lane please", ["The Old Forge"]),
        ("Mr Hale - The Granary, 3b Hall Road - damp", ["The Granary"]),
        ("re The Orchard 14 Church St", ["The Orchard"]),
    ],
)
def test_named_places_are_found(text: str, found: list[str]) -> None:
    assert kept(RECOGNIZER, text) == found


@pytest.mark.parametrize(
    "text",
    [
        "the County Court sent a letter",
        "in Real Estate terms it is cheap",
        "I wrote to Companies House",
        "meet me at the Town Hall",
        "Which estate is it?",
        "the Car Park is flooded",
        "a 2 Bed House near the school",
        "it's a one way street so they park on the pavement",
        "The Guardian, 2 weeks ago, said rents are up",
        "The Council, 3 times now, has ignored me",
    ],
)
def test_courts_halls_and_kinds_of_estate_are_kept(text: str) -> None:
    assert kept(RECOGNIZER, text) == []
