"""Reading the topic and language-choice fields of client frames: any JSON value gives a
slug, None or a clear ``invalid`` refusal, never a crash."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chatserver.chat import inbound, protocol
from chatserver.chat.errors import ChatError

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=6,
)


@given(value=json_values)
def test_any_topic_value_is_a_slug_none_or_invalid(value: object) -> None:
    try:
        read = inbound.topic({"type": "topic", "topic": value})
    except ChatError as refusal:
        assert refusal.code == protocol.INVALID
        return
    assert read is None or (read == value and inbound.TOPIC_SLUG.fullmatch(read))


@given(slug=st.from_regex(inbound.TOPIC_SLUG, fullmatch=True))
def test_every_slug_the_admin_can_store_is_read(slug: str) -> None:
    assert inbound.topic({"topic": slug}) == slug


@pytest.mark.parametrize("value", ["", " repairs", "repairs\n", "a" * 41, "répar", "../x"])
def test_what_no_slug_is_is_refused(value: str) -> None:
    with pytest.raises(ChatError):
        inbound.topic({"topic": value})


def test_an_absent_topic_is_none() -> None:
    assert inbound.topic({"type": "start"}) is None


@given(value=json_values)
def test_any_language_choice_is_one_of_three_or_invalid(value: object) -> None:
    try:
        read = inbound.language_choice({"choice": value})
    except ChatError as refusal:
        assert refusal.code == protocol.INVALID
        return
    assert read in ("wait", "english", "message")
