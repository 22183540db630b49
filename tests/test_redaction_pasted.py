"""Text pasted with its line breaks escaped (issue #28, last pass): a signature or an
address copied from a form arrives as "Mobile:\\n07700 900461\\nDesk: ...", where the "n"
of each escape is glued to the next word. The engine reads such an escape as a line break
of the same length, so offsets into the text stay true. Invented lines only."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_redaction import is_masked
from transcripts.redaction.pii import Redactor
from transcripts.redaction.plausible import pasted_line_breaks


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor()


@given(st.lists(st.sampled_from(["\\n", "\\t", "\\", "n", "a1", " ", "\n", "\\\\n"]), max_size=12))
@settings(max_examples=200, deadline=None)
def test_escapes_become_breaks_of_the_same_length(parts: list[str]) -> None:
    text = "".join(parts)
    read = pasted_line_breaks(text)
    assert len(read) == len(text)
    assert re.search(r"(?<!\\)\\[nrt]", read) is None
    assert [c for c in read if c.isalnum() and c not in "nrt"] == [
        c for c in text if c.isalnum() and c not in "nrt"
    ]


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("Wanjiru Kamau\\nMobile:\\n07700 900461\\nThanks", "07700 900461"),
        ("Contact\\n0161 496 0302 office\\nfax none", "0161 496 0302"),
        ("Tenant:\\nOsagie Eze\\nflat 4", "Osagie Eze"),
    ],
)
def test_a_number_or_name_after_an_escaped_break_is_masked(
    redactor: Redactor, text: str, part: str
) -> None:
    assert is_masked(redactor, text, part)
