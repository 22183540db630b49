"""Blind indexes of the visitor's name, surname, address, postcode and phone numbers:
normalised so that equivalent spellings collide and different values do not, written with
the details and the visitor's lines, never holding a value, destroyed with the transcript."""

import io
import string
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests import factories
from tests.dumps import assert_absent, dump_test_database
from transcripts.compliance import retention
from transcripts.record import blind_index, detail_indexes, normalise, store
from transcripts.record.models import Conversation, DetailIndex

letters = st.text(alphabet=string.ascii_lowercase, min_size=2, max_size=12)
digits = st.text(alphabet=string.digits, min_size=1, max_size=1)

# Two cores shared with other runs: generation may be slow, and that is not a failure.
LOADED_MACHINE = hypothesis_settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _spelt_differently(words: list[str], draw: st.DrawFn, *, titled: bool = True) -> str:
    """The same words as a person might type them: any case, extra spaces, full stops,
    commas, a title in front."""
    spelt = []
    for word in words:
        cased = "".join(draw(st.sampled_from([c.lower(), c.upper()])) for c in word)
        spelt.append(cased + draw(st.sampled_from(["", ".", ","])))
    title = draw(st.sampled_from(["", "Mrs ", "mr. ", "DR "])) if titled else ""
    gap = draw(st.sampled_from([" ", "  ", " \t"]))
    return title + gap.join(spelt) + draw(st.sampled_from(["", " ", "\n"]))


@st.composite
def name_and_spelling(draw: st.DrawFn) -> tuple[str, str]:
    words = draw(st.lists(letters, min_size=1, max_size=3))
    return " ".join(words), _spelt_differently(words, draw)


@LOADED_MACHINE
@given(name_and_spelling())
def test_equivalent_spellings_of_a_name_collide(pair: tuple[str, str]) -> None:
    plain, spelt = pair
    assert normalise.name(spelt) == normalise.name(plain)
    assert normalise.surname(spelt) == plain.split()[-1]


@LOADED_MACHINE
@given(st.lists(letters, min_size=1, max_size=3), st.lists(letters, min_size=1, max_size=3))
def test_different_names_do_not_collide(first: list[str], second: list[str]) -> None:
    same = _without_titles(first) == _without_titles(second)
    assert (normalise.name(" ".join(first)) == normalise.name(" ".join(second))) == same


def _without_titles(words: list[str]) -> list[str]:
    while len(words) > 1 and words[0] in normalise.TITLES:
        words = words[1:]
    return words


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Siân O'Brien-Jones", "sian obrien jones"),
        ("Mrs  Ｓｉａｎ Jones", "Sian Jones"),
        ("Dr. Rhys ap Gwyn", "rhys ap gwyn"),
    ],
)
def test_names_people_write_alike_collide(one: str, other: str) -> None:
    assert normalise.name(one) == normalise.name(other)


@st.composite
def uk_number(draw: st.DrawFn) -> str:
    """The national digits of a UK number after the leading 0 (9 or 10 digits)."""
    first = draw(st.sampled_from("123578"))
    rest = draw(st.text(alphabet=string.digits, min_size=8, max_size=9))
    return first + rest


def _grouped(digits: str, draw: st.DrawFn) -> str:
    out = ""
    for digit in digits:
        out += draw(st.sampled_from(["", "", " ", "-"])) + digit
    return out.lstrip(" -")


@LOADED_MACHINE
@given(uk_number(), st.data())
def test_equivalent_spellings_of_a_phone_number_collide(national: str, data: st.DataObject) -> None:
    grouped = _grouped(national, data.draw)
    spelling = data.draw(
        st.sampled_from(
            [
                "0" + grouped,
                "+44 " + grouped,
                "+44 (0)" + grouped,
                "0044" + grouped,
                "(0" + grouped[:3] + ") " + grouped[3:],
            ]
        )
    )
    assert normalise.phone(spelling) == "0" + national.replace(" ", "")


@LOADED_MACHINE
@given(uk_number(), uk_number())
def test_different_phone_numbers_do_not_collide(one: str, other: str) -> None:
    assert (normalise.phone("0" + one) == normalise.phone("+44" + other)) == (one == other)


@pytest.mark.parametrize("value", ["", "12345", "not a number", "+1 212 555 0100", "0" * 14])
def test_what_is_not_a_uk_phone_number_indexes_nothing(value: str) -> None:
    assert normalise.phone(value) == ""


@st.composite
def address_and_spelling(draw: st.DrawFn) -> tuple[str, str]:
    number = draw(st.integers(min_value=1, max_value=999))
    words = draw(st.lists(letters, min_size=2, max_size=4))
    code = draw(st.sampled_from(["CF10 1AA", "SA1 8PP", "LL57 2DG", "NP20 4UR"]))
    plain = f"{number} {' '.join(words)} {code}"
    spelt = f"{number}, " + _spelt_differently(words, draw, titled=False) + ", "
    spelt += code.lower().replace(" ", "")
    return plain, spelt


@LOADED_MACHINE
@given(address_and_spelling())
def test_equivalent_spellings_of_an_address_collide(pair: tuple[str, str]) -> None:
    plain, spelt = pair
    assert normalise.address(spelt) == normalise.address(plain)
    assert normalise.postcode(spelt) == normalise.postcode(plain) != ""


@LOADED_MACHINE
@given(address_and_spelling(), address_and_spelling())
def test_different_addresses_do_not_collide(
    first: tuple[str, str], second: tuple[str, str]
) -> None:
    one, other = first[0], second[0]
    same = "".join(one.split()).lower() == "".join(other.split()).lower()
    assert (normalise.address(one) == normalise.address(other)) == same


def test_address_case_whitespace_and_punctuation_do_not_matter() -> None:
    assert normalise.address("12, High St.\nCardiff  CF10 1AA") == normalise.address(
        "12 high st cardiff cf101aa"
    )
    assert normalise.postcode("12 High St, Cardiff cf10  1aa") == "CF101AA"
    assert normalise.postcode("no postcode here") == ""


@pytest.mark.django_db
def test_kinds_never_share_a_digest() -> None:
    made = {kind: blind_index.detail_index(kind, "jones") for kind in ("name", "surname")}
    assert made["name"] is not None and made["surname"] is not None
    assert made["name"][1] != made["surname"][1]


DETAILS = {"name": "Siân O'Brien", "email": "sian@example.com", "address": "12 High St, CF10 1AA"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "query"),
    [
        ("name", "sian obrien"),
        ("surname", "Mrs O'Brien"),
        ("address", "12 high st cf101aa"),
        ("postcode", "cf10 1aa"),
        ("phone", "+44 (0)7700 900123"),
    ],
)
def test_a_conversation_is_found_by_each_kind(kind: str, query: str) -> None:
    mine = factories.conversation(details=DETAILS, lines=["ring me on 07700 900 123 please"])
    factories.conversation(details={"name": "Sian Evans", "address": "1 Low Rd, SA1 8PP"})
    assert store.find_conversation_ids_by_detail(kind, query) == [mine.pk]


@pytest.mark.parametrize(
    ("line", "query"),
    [
        ("my tenancy ref is TN123456", "tn 123 456"),
        ("It's RT-0094411-01 on the letter", "rt 0094411 01"),
        ("rent ref 10029384 thanks", "10029384"),
        ("tenancy number: ten/011873/01", "TEN-011873-01"),
        ("my rent account no. is RA 0078 5512", "ra00785512"),
    ],
)
@pytest.mark.django_db
def test_a_conversation_is_found_by_a_tenancy_reference_in_a_line(line: str, query: str) -> None:
    mine = factories.conversation(details=DETAILS, lines=["hello", line])
    factories.conversation(lines=["my tenancy ref is TN123457"])
    assert store.find_conversation_ids_by_detail("tenancy", query) == [mine.pk]
    assert store.find_conversation_ids_by_detail("tenancy", "TN 999 999") == []


@pytest.mark.parametrize(
    "line",
    ["my number is 07700 900123", "I moved in on 01/04/2019", "postcode CF10 1AA", "flat 12345"],
)
def test_what_is_no_tenancy_reference_is_not_taken_for_one(line: str) -> None:
    assert detail_indexes.tenancy_references_in(line) == []


@st.composite
def shaped_reference(draw: st.DrawFn) -> str:
    """A landlord's reference of letters and digits in one of its shapes ("TN123456",
    "RT-0094411-01", "ten/011873/01")."""
    prefix = draw(st.text(alphabet=string.ascii_letters, min_size=1, max_size=4))
    number = draw(st.text(alphabet=string.digits, min_size=5, max_size=9))
    suffix = draw(st.text(alphabet=string.digits, min_size=2, max_size=2))
    separator = draw(st.sampled_from(["", "-", "/"]))
    return prefix + separator + number + (f"{separator}{suffix}" if separator else "")


@LOADED_MACHINE
@given(shaped_reference(), letters, letters)
def test_a_shaped_reference_is_found_among_words_and_written_one_way(
    reference: str, before: str, after: str
) -> None:
    line = f"{before} {reference} {after}"
    found = [
        normalise.tenancy_reference(each) for each in detail_indexes.tenancy_references_in(line)
    ]
    assert normalise.tenancy_reference(reference) in found


@LOADED_MACHINE
@given(st.text(max_size=300))
def test_whatever_is_typed_only_normalisable_references_come_out(text: str) -> None:
    for found in detail_indexes.tenancy_references_in(text):
        assert normalise.tenancy_reference(found)


def test_tenancy_references_are_written_one_way() -> None:
    assert normalise.tenancy_reference(" rt-0094411/01 ") == "RT009441101"
    assert normalise.tenancy_reference("Ｔｎ 123 456") == "TN123456"
    assert normalise.tenancy_reference("hello") == normalise.tenancy_reference("12") == ""


@pytest.mark.django_db
def test_agents_tenancy_references_are_not_indexed() -> None:
    mine = factories.conversation()
    factories.add_lines(mine, "is your tenancy ref TN123456?", sender="agent")
    assert store.find_conversation_ids_by_detail("tenancy", "TN123456") == []


@pytest.mark.django_db
def test_corrected_details_replace_their_indexes() -> None:
    mine = factories.conversation(details=DETAILS)
    store.set_details(mine.pk, {"name": "Sian Williams", "address": None})
    assert store.find_conversation_ids_by_detail("surname", "O'Brien") == []
    assert store.find_conversation_ids_by_detail("surname", "williams") == [mine.pk]
    assert store.find_conversation_ids_by_detail("postcode", "CF10 1AA") == []


@pytest.mark.django_db
def test_agents_lines_are_not_indexed() -> None:
    mine = factories.conversation(details=DETAILS)
    factories.add_lines(mine, "our number is 029 2087 2087", sender="agent")
    assert store.find_conversation_ids_by_detail("phone", "02920872087") == []


@pytest.mark.django_db(transaction=True)
def test_no_index_holds_a_value() -> None:
    factories.conversation(details=DETAILS, lines=["07700 900123", "tenancy ref RT-0094411-01"])
    assert store.find_conversation_ids_by_detail("tenancy", "RT009441101") != []
    normalised = ["obrien", "sian obrien", "CF101AA", "07700900123", "12highstcf101aa"]
    references = ["RT-0094411-01", "RT009441101", "rt009441101", "0094411"]
    assert_absent(dump_test_database(), ["O'Brien", "Sian", *normalised, *references])


@pytest.mark.django_db
def test_erasure_destroys_every_index() -> None:
    mine = factories.conversation(details=DETAILS, lines=["07700 900123", "ref TN123456"])
    other = factories.conversation(details=DETAILS)
    store.shred_conversation(mine.pk)
    assert not DetailIndex.objects.filter(conversation=mine).exists()
    assert DetailIndex.objects.filter(conversation=other).count() == 4
    assert store.find_conversation_ids_by_detail("phone", "07700900123") == []
    assert store.find_conversation_ids_by_detail("tenancy", "TN123456") == []


@pytest.mark.django_db(transaction=True)
def test_ageing_destroys_every_index(settings) -> None:
    settings.CHAT_RETENTION_DAYS = 30
    mine = factories.conversation(details=DETAILS, lines=["07700 900123"])
    old = timezone.now() - timedelta(days=40)
    Conversation.objects.filter(pk=mine.pk).update(
        created_at=old, closed_at=old, last_activity_at=old
    )
    retention.run()
    mine.refresh_from_db()
    assert mine.aged_at is not None
    assert not DetailIndex.objects.filter(conversation=mine).exists()


@pytest.mark.django_db
def test_backfill_indexes_conversations_stored_before(capsys) -> None:
    mine = factories.conversation(details=DETAILS, lines=["07700 900123", "ref TN123456"])
    erased = factories.conversation(details=DETAILS)
    store.shred_conversation(erased.pk)
    DetailIndex.objects.all().delete()
    out = io.StringIO()
    call_command("index_details", stdout=out)
    assert out.getvalue() == "1/1 conversations\nIndexed 1 conversation.\n"
    assert store.find_conversation_ids_by_detail("name", "Sian O'Brien") == [mine.pk]
    assert store.find_conversation_ids_by_detail("phone", "07700900123") == [mine.pk]
    assert store.find_conversation_ids_by_detail("tenancy", "tn123456") == [mine.pk]
    assert not DetailIndex.objects.filter(conversation=erased).exists()
    call_command("index_details", stdout=io.StringIO())
    assert DetailIndex.objects.filter(conversation=mine).count() == 6


@pytest.mark.django_db(transaction=True)
def test_conversations_stored_before_the_migration_are_found_after_the_backfill() -> None:
    """Details stored before the indexes' migration (rolled back and applied again here,
    which leaves the table empty) are found once ``index_details`` has run."""
    mine = factories.conversation(details=DETAILS, lines=["07700 900123"])
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([("transcripts", "0013_routing_state_moved_to_chat")])
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
        assert DetailIndex._meta.db_table not in tables
    finally:
        MigrationExecutor(connection).migrate(latest)
    assert store.find_conversation_ids_by_detail("postcode", "CF10 1AA") == []
    call_command("index_details", stdout=io.StringIO())
    assert store.find_conversation_ids_by_detail("postcode", "CF10 1AA") == [mine.pk]
    assert store.find_conversation_ids_by_detail("phone", "07700 900 123") == [mine.pk]
