"""The town written inside an address, after its street (issue #28's error analysis:
the most common address miss). Invented addresses; none is a line of a scored set."""

import pytest

from tests.test_redaction import is_masked, masked_parts
from transcripts.redaction.pii import Redactor
from transcripts.redaction.recognizers.towns import town_end


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor()


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("gate is off at 14 willow grove, barnsley and nobody came", "14 willow grove, barnsley"),
        ("Please send it to 7 Chapel Lane, Merthyr Tydfil.", "7 Chapel Lane, Merthyr Tydfil"),
        ("new place 33 Orchard Way, Kettering, keys are with mum", "33 Orchard Way, Kettering"),
        ("Forwarding: 5 Linnet Close\nSwindon", "5 Linnet Close\nSwindon"),
        ("it's 90 Quarry Road Stockport", "90 Quarry Road Stockport"),
        ("my nan lives at 2 Bryn Road, Llandeilo SA19 6AB", "2 Bryn Road, Llandeilo"),
        ("I need a parking bay outside 3 Mill Road, Neath for my dad", "3 Mill Road, Neath"),
        ("the skip at 18 Plas Newydd, Porthmadog is still there", "18 Plas Newydd, Porthmadog"),
        ("the van is parked at 6 Tanner Street, Kendal every night", "6 Tanner Street, Kendal"),
        ("can you ring the tenant at 40 Priory Walk, St Helens today", "40 Priory Walk, St Helens"),
    ],
)
def test_the_town_after_a_street_is_masked(redactor: Redactor, text: str, address: str) -> None:
    assert is_masked(redactor, text, address), masked_parts(redactor, text)


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("I live at 5 Elm Road, Please can someone come", "5 Elm Road"),
        ("at 9 Mill Street, and the lights are out", "9 Mill Street"),
        ("at 12 Oak Road bath is leaking", "12 Oak Road"),
        ("it's 4 Kiln Lane, Tuesday is fine", "4 Kiln Lane"),
        ("it's 4 Kiln Lane, Thanks", "4 Kiln Lane"),
    ],
)
def test_the_next_sentence_is_not_a_town(text: str, street: str) -> None:
    start = text.index(street)
    assert town_end(text, start + len(street)) == start + len(street)
