"""Addresses and names in the forms held-out 6's misses fell into (issue #28): Welsh
streets, whose street word comes first, with their town; a house or flat number with a
letter given alone after "moved to", "I'm" or "lives at"; a named block after its flat
number; Irish names with accents and particles; joint names; a name opening a line
before "from the ... team". Every example is invented; none is a line of a scored set."""

import pytest

from tests.recognizers.conftest import covered, kept
from tests.test_redaction import is_masked, masked_parts, untouched
from transcripts.redaction.pii import Redactor
from transcripts.redaction.recognizers.person_name import PersonNameRecognizer
from transcripts.redaction.recognizers.street_address import StreetAddressRecognizer


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor()


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("the gutter at 12 Heol y Nant, Pontypridd is hanging off", "12 Heol y Nant, Pontypridd"),
        ("rent for 3 Ffordd Tirion, Caernarfon is paid", "3 Ffordd Tirion, Caernarfon"),
        ("Mae'r to yn gollwng yn 4 Lôn Isaf, Llandudno ers wythnos", "4 Lôn Isaf, Llandudno"),
        ("we're at 21 Maes yr Haf, Aberaeron now", "21 Maes yr Haf, Aberaeron"),
        ("post for 19 Stryd Fawr, Pwllheli keeps going astray", "19 Stryd Fawr, Pwllheli"),
        ("8 Clos Cae Mawr, Rhydaman has no heating", "8 Clos Cae Mawr, Rhydaman"),
        ("the bins at 5 Cwrt-y-Felin were missed", "5 Cwrt-y-Felin"),
        ("i live 33 maes y coed and the roof leaks", "33 maes y coed"),
        ("my mam is at 2 Bryn Heulog, Rhyl", "2 Bryn Heulog, Rhyl"),
    ],
)
def test_a_welsh_street_with_its_town_is_masked(
    redactor: Redactor, text: str, address: str
) -> None:
    assert is_masked(redactor, text, address), masked_parts(redactor, text)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("we moved to 27b last year when it came up", "27b"),
        ("im 9c, Larkspur Court, the lift is out again", "9c, Larkspur Court"),
        ("she lives at 18f with her two boys", "18f"),
        ("I'm 102d on the third floor", "102d"),
        ("its 31 Thistle House, the lift is broken", "31 Thistle House"),
        ("no 6 Bramble Lodge has had no water all day", "6 Bramble Lodge"),
        ("im 7a, Primrose House and the intercom is broken", "7a, Primrose House"),
        ("she is at 40, Juniper House now", "40, Juniper House"),
    ],
)
def test_a_house_number_with_a_letter_and_a_named_block_are_masked(
    redactor: Redactor, text: str, address: str
) -> None:
    assert is_masked(redactor, text, address), masked_parts(redactor, text)


@pytest.mark.parametrize(
    "text",
    [
        "I have 2 pen drives and 3 tan jackets to drop off",
        "the heating is set at 21c but it feels cold",
        "I'm 45 and disabled so I need a ground floor",
        "im 2nd in the queue now",
        "we are looking for a 3 Bed House near the school",
        "the maes is flooded again",
    ],
)
def test_numbers_and_words_that_are_no_address_are_kept(redactor: Redactor, text: str) -> None:
    assert untouched(redactor, text), masked_parts(redactor, text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Caoimhe Ní Dhonnchadha rang about the rent", "Caoimhe Ní Dhonnchadha"),
        ("Thank you Seán. And the flat number?", "Seán"),
        ("the tenancy is with Méabh Mac Cárthaigh since May", "Méabh Mac Cárthaigh"),
        ("my name is Niamh Nic Aodha", "Niamh Nic Aodha"),
        ("Róisín Ó Ceallaigh is my mother", "Róisín Ó Ceallaigh"),
        ("please ask for Dónal Ua Buachalla at the door", "Dónal Ua Buachalla"),
        ("Thank you Aoibhín. And your date of birth?", "Aoibhín"),
        ("Clodagh Ní Bhraonáin and Eoin Mac Suibhne, both on the tenancy", "Clodagh Ní Bhraonáin"),
    ],
)
def test_irish_names_with_accents_and_particles_are_masked(
    redactor: Redactor, text: str, name: str
) -> None:
    assert is_masked(redactor, text, name), masked_parts(redactor, text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("the flat is in the name of R & S Chowdhury still", "R & S Chowdhury"),
        ("Mr and Mrs Okafor have moved out of number 3", "Mr and Mrs Okafor"),
        ("letter for mr & mrs kowalski came here by mistake", "mr & mrs kowalski"),
        ("it was paid by J and T Hussain last week", "J and T Hussain"),
    ],
)
def test_joint_names_are_masked(redactor: Redactor, text: str, name: str) -> None:
    assert is_masked(redactor, text, name), masked_parts(redactor, text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("June from the Tenancy Sustainment team rang me back", "June"),
        ("Will from the Anti Social Behaviour team is coming Friday", "Will"),
        ("Hope from the Money Advice service sorted it", "Hope"),
    ],
)
def test_a_word_name_opening_a_line_before_from_the_team_is_masked(
    redactor: Redactor, text: str, name: str
) -> None:
    assert is_masked(redactor, text, name), masked_parts(redactor, text)


@pytest.mark.parametrize(
    "text",
    [
        "I was in A & E all night with my chest",
        "Somebody from the Income team called about arrears",
        "Nobody from the Repairs team has come out",
        "Staff from the Lettings team were lovely",
    ],
)
def test_words_that_look_like_joint_or_team_names_are_kept(redactor: Redactor, text: str) -> None:
    assert untouched(redactor, text), masked_parts(redactor, text)


# The rules alone, without the models that sometimes catch these forms too.
PERSON_NAMES = PersonNameRecognizer()
STREET_ADDRESSES = StreetAddressRecognizer()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Thank you Siobhán. And the postcode?", ["Siobhán"]),
        ("Thank you Seán.", ["Seán"]),
        ("Siobhán Ní Bhriain rang about the rent", ["Siobhán Ní Bhriain"]),
        ("Saoirse Mac Giolla Bhríde has moved out", ["Saoirse Mac Giolla Bhríde"]),
    ],
)
def test_the_name_rules_read_accents_and_particles(text: str, found: list[str]) -> None:
    assert covered(text, kept(PERSON_NAMES, text)) == covered(text, found)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("im 14d, Bluebell House on the second floor", ["14d, Bluebell House"]),
        ("it's 40 Juniper Hse, by the shops", ["40 Juniper Hse"]),
    ],
)
def test_the_address_rules_take_a_named_block_after_its_number(text: str, found: list[str]) -> None:
    assert kept(STREET_ADDRESSES, text) == found


def test_the_address_rules_leave_a_kind_of_house() -> None:
    assert kept(STREET_ADDRESSES, "we need a 3 Bed House or a 2 Bedroom House") == []


def test_a_relation_after_thank_you_is_no_name() -> None:
    assert kept(PERSON_NAMES, "Thank you Father. The engineer comes on Monday") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("deb here, the shower is dripping again", "deb"),
        ("hiya trace here the back door wont lock", "trace"),
        ("Hello, Marek here about the fence", "Marek"),
        ("june here, my sink is blocked", "june"),
    ],
)
def test_a_known_name_leading_its_line_before_here_is_masked(
    redactor: Redactor, text: str, name: str
) -> None:
    assert is_masked(redactor, text, name), masked_parts(redactor, text)


@pytest.mark.parametrize(
    "text",
    [
        "its here on the table",
        "someone here keeps parking in my bay",
        "nobody here has had a letter",
        "I moved in on 21st June 2019",
        "the inspection is 4 may 2026 at 10",
        "we paid in March 2024 and again in April",
    ],
)
def test_words_before_here_and_months_of_dates_are_kept(redactor: Redactor, text: str) -> None:
    assert untouched(redactor, text), masked_parts(redactor, text)
