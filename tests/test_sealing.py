"""The one sealing call: a ``Sealer`` reserves, seals and accounts for values, and the
store reaches the envelope format only through it."""

import ast
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

import transcripts.record
from transcripts.record import crypto, sealing, store
from transcripts.record.models import Conversation, DataKey
from transcripts.record.personal_data import DETAILS

# The modules of the store: everything they seal or open goes through ``sealing``.
STORE_MODULES = ("store", "messages", "photos", "details")


def _imported_names(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


@pytest.mark.parametrize("module", STORE_MODULES)
def test_the_store_never_imports_crypto(module: str) -> None:
    source = (Path(transcripts.record.__file__).parent / f"{module}.py").read_text()
    imported = _imported_names(source)
    assert not {
        name
        for name in imported
        if name.split(".")[0] == "cryptography"
        or name == "transcripts.record.crypto"
        or name.startswith("transcripts.record.crypto.")
    }


@pytest.fixture
def conversation(db) -> Conversation:
    sealing.key_cache().clear()
    return store.create_conversation()


@pytest.fixture
def reservations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The counts of every ``reserve_seals`` call."""
    counts: list[int] = []
    reserve = sealing.reserve_seals

    def counting(conversation: Conversation, count: int) -> object:
        counts.append(count)
        return reserve(conversation, count)

    monkeypatch.setattr(sealing, "reserve_seals", counting)
    return counts


def _locked(conversation: Conversation) -> Conversation:
    return Conversation.objects.select_for_update().get(pk=conversation.pk)


def _saved_key_usage(conversation: Conversation) -> tuple[int, int]:
    conversation.refresh_from_db(fields=["key_generation", "key_seals"])
    return conversation.key_generation, conversation.key_seals


def test_a_sealer_reserves_once_per_call_and_saves_the_exact_count(
    conversation: Conversation, reservations: list[int]
) -> None:
    aads = {part: sealing.field_aad(conversation.pk, "test", 1, part) for part in "abc"}
    with transaction.atomic(), sealing.Sealer(_locked(conversation)) as sealer:
        together = sealer.seal_together({part: (part.encode(), aads[part]) for part in "abc"})
        alone = sealer.seal(b"alone", sealing.message_aad(conversation.pk, 1))
    assert reservations == [3, 1]
    assert _saved_key_usage(conversation) == (1, 4)
    keys = sealing.StoredKeys()
    assert {part: keys.open(conversation.pk, together[part], aads[part]) for part in "abc"} == {
        "a": "a",
        "b": "b",
        "c": "c",
    }
    assert keys.open(conversation.pk, alone, sealing.message_aad(conversation.pk, 1)) == "alone"
    with pytest.raises(crypto.TamperedError):  # bound to its place by the associated data
        keys.open(conversation.pk, alone, sealing.message_aad(conversation.pk, 2))


def test_a_sealer_rolls_to_a_new_generation_at_the_limit(
    settings, conversation: Conversation
) -> None:
    settings.TRANSCRIPT_DATA_KEY_MAX_SEALS = 5
    aad = sealing.field_aad(conversation.pk, "test", 1, "x")
    with transaction.atomic(), sealing.Sealer(_locked(conversation)) as sealer:
        first = sealer.seal_together({n: (b"v", aad) for n in range(3)})
        second = sealer.seal_together({n: (b"v", aad) for n in range(3)})  # 3 + 3 > 5
    assert {sealing.generation_of(envelope) for envelope in first.values()} == {1}
    assert {sealing.generation_of(envelope) for envelope in second.values()} == {2}
    assert _saved_key_usage(conversation) == (2, 3)
    assert DataKey.objects.filter(conversation=conversation).count() == 2


def test_sealed_fields_keep_a_cleared_field_and_count_it_as_before(
    conversation: Conversation, reservations: list[int]
) -> None:
    with transaction.atomic(), sealing.Sealer(_locked(conversation)) as sealer:
        with pytest.raises(store.InvalidText):
            sealer.seal_fields(DETAILS, {"name": "\ud800"})
        sealed = sealer.seal_fields(DETAILS, {"name": "Ada", "email": None})
    assert reservations == [2]  # nothing reserved for the refused text
    assert sealed["email"] is None and sealed["name"] is not None
    assert (
        sealing.StoredKeys().open(
            conversation.pk, sealed["name"], DETAILS.aad(conversation.pk, "name")
        )
        == "Ada"
    )
    assert _saved_key_usage(conversation) == (1, 2)


def test_a_sealer_that_sealed_nothing_writes_nothing(conversation: Conversation) -> None:
    with transaction.atomic():
        locked = _locked(conversation)
        with CaptureQueriesContext(connection) as queries, sealing.Sealer(locked):
            pass
    assert queries.captured_queries == []


def test_a_sealer_refuses_an_erased_conversation(conversation: Conversation) -> None:
    store.shred_conversation(conversation.pk)
    with (
        transaction.atomic(),
        sealing.Sealer(_locked(conversation)) as sealer,
        pytest.raises(store.ConversationErased),
    ):
        sealer.seal(b"late", sealing.message_aad(conversation.pk, 1))


def test_the_store_accounts_every_seal_as_it_always_has(db) -> None:
    """Details and diagnostics, a correction, a line, a photo and a rating's comment:
    one seal per field given (a cleared one too), per line, per photo part."""
    sealing.key_cache().clear()
    conversation = store.create_conversation(
        details={"name": "Ada", "email": "ada@example.org", "address": "1 Lane"},
        diagnostics={"ip_address": "203.0.113.9", "browser": "Firefox 140"},
    )
    assert _saved_key_usage(conversation) == (1, 5)
    store.set_details(conversation.pk, {"name": "", "address": "2 Lane"})
    assert _saved_key_usage(conversation) == (1, 7)
    store.append_message(conversation.pk, sender="visitor", text="hello")
    photo = store.NewPhoto(b"image", b"thumbnail", "image/jpeg", 1, 1)
    line = store.NewMessage(conversation.pk, "visitor", "", client_id="p1")
    store.append_photo(line, photo)
    assert _saved_key_usage(conversation) == (1, 11)  # the photo's line, and its two parts
    store.rate_conversation(conversation.pk, comment="thanks")
    assert _saved_key_usage(conversation) == (1, 12)
    assert store.read_details(conversation.pk).as_dict() == {
        "email": "ada@example.org",
        "address": "2 Lane",
    }
    assert store.read_rating_comment(conversation.pk) == "thanks"
