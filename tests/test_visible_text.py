"""Hidden and direction-changing characters are taken out of typed text (audit F-12)."""

import re
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from chatserver.chat import inbound
from chatserver.chat.errors import ChatError
from chatserver.chat.visible_text import HIDDEN_MARKER, clean

MARK = HIDDEN_MARKER
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ZERO_WIDTH = "\u200b\u2060\ufeff\u00ad\u180e\u2061\u2062\u2063\u2064\u2065\u206a\ufff0"
CONTROLS = "".join(map(chr, [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]))
SEPARATORS = "\u2028\u2029"
STRAY_TAGS = "\U000e0001\U000e0020\U000e0041\U000e007f"
# Hidden wherever they are: no context makes them visible.
ALWAYS_HIDDEN = BIDI_CONTROLS + ZERO_WIDTH + CONTROLS + SEPARATORS + STRAY_TAGS + "\u3164"
JOINERS = "\u200c\u200d"
# The only format characters (Cf) that may stay: joiners, weak direction marks, and
# the visible Arabic, Syriac and Kaithi number signs.
VISIBLE_OR_NEEDED_FORMAT = "\u200c\u200d\u200e\u200f\u061c\u0600\u0601\u0602\u0603\u0604\u0605"
VISIBLE_OR_NEEDED_FORMAT += "\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd"
SELECTORS = "\ufe00\ufe0e\ufe0f\U000e0100\U000e0101\u180b\u180c\u180d\u180f\u20e3"

WALES = "\U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f"
LEGITIMATE = [
    "Rwy'n byw yn Nhŷ Gwyn, ŵ ŷ â ê î ô û",
    "👨\u200d👩\u200d👧 family",
    "❤️\u200d🔥 🏳️\u200d🌈 🏳️\u200d⚧️ 🏴\u200d☠️ 👩🏽\u200d💻 1️⃣ ☎︎",
    f"Cymru {WALES} and 🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    "می\u200cخواهم بیایم",  # Persian: ZWNJ inside a word
    "क्\u200dष",  # Devanagari: ZWJ after a virama
    "\u200fשלום 123\u200e abc \u061c١٢٣",  # LRM, RLM, ALM as RTL keyboards type them
    "\u0600\u0661\u0662 رقم",  # an Arabic number sign is a visible format character
    "line one\n\tline two",
    "葛\U000e0100城市 ≩\ufe00 ↔\ufe0f ‼\ufe0f ℹ\ufe0e #\ufe0f\u20e3",  # ideographic, standardized
    "ᠠ\u180bᠡ\u180c",  # Mongolian free variation selectors after Mongolian letters
    "Flat 2, 10 Heol y Frenhines\nCaerdydd CF10 1AA",
]
AUDIT_NAME = "Mallory\u202eevil (updated)"
AUDIT_MESSAGE = "abc\u202egnp.exe \u200b\u200d\u2066RTL\u2069 \ufeff"
# Found by the re-audit: selectors and joiners that do nothing between Latin letters.
SELECTOR_PAYLOADS = [
    ("pa\u180bss\u180cwo\u180drd\u180f", f"pa{MARK}ss{MARK}wo{MARK}rd{MARK}"),
    ("pa\ufe00ss\ufe01wo\ufe02rd", f"pa{MARK}ss{MARK}wo{MARK}rd"),
    ("pa\U000e0100ss\U000e0101word", f"pa{MARK}ss{MARK}word"),
    ("pass\ufe0fword", f"pass{MARK}word"),
    ("pass\u200dword", f"pass{MARK}word"),
    ("pass\u200cword", f"pass{MARK}word"),
    ("N\u180ba\ufe0fme", f"N{MARK}a{MARK}me"),
]


def test_the_audits_payloads_show_where_something_was_taken_out() -> None:
    assert clean(AUDIT_NAME, multiline=False) == (f"Mallory{MARK}evil (updated)", 1)
    assert clean(AUDIT_MESSAGE) == (f"abc{MARK}gnp.exe {MARK}RTL{MARK} {MARK}", 6)


@pytest.mark.parametrize(("text", "expected"), SELECTOR_PAYLOADS)
def test_selectors_and_joiners_that_change_nothing_are_taken_out(text: str, expected: str) -> None:
    assert clean(text, multiline=False).text == expected
    assert clean(text).text == expected


@pytest.mark.parametrize("text", LEGITIMATE)
def test_legitimate_text_is_unchanged(text: str) -> None:
    assert clean(text) == (text, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\u200db", f"a{MARK}b"),  # Latin letters never join
        ("\u0628\u200d\u0628", "\u0628\u200d\u0628"),  # Arabic letters do
        ("a\u200d🙂", "a\u200d🙂"),
        ("1\ufe0f", f"1{MARK}"),  # a digit is an emoji only as a keycap
        ("1\ufe0f\u20e3", "1\ufe0f\u20e3"),
        ("a\U000e0100", f"a{MARK}"),
        ("葛\U000e0100\U000e0101", f"葛\U000e0100{MARK}"),
        ("\u200dab", f"{MARK}ab"),  # a joiner that joins nothing hides nothing legitimate
        ("ab\u200c", f"ab{MARK}"),
        ("a \u200d b", f"a {MARK} b"),
        ("a\u200d\u200cb", f"a{MARK}b"),
        ("a\u200b\u200db", f"a{MARK}b"),
        ("☎\ufe0f\ufe0f\ufe0f\ufe0fb", f"☎\ufe0f{MARK}b"),  # bytes smuggled in selectors
        ("🏴\U000e0041\U000e0042\U000e007f", f"🏴{MARK}"),  # not a subdivision code
        ("🏴" + "\U000e0061" * 8 + "\U000e007f", f"🏴{MARK}"),  # too long for one
        ("a\x00b\x1b[2Jc", f"a{MARK}b{MARK}[2Jc"),
        ("a\r\nb\rc", "a\nb\nc"),
    ],
)
def test_context_decides_for_joiners_selectors_and_tags(text: str, expected: str) -> None:
    assert clean(text).text == expected


def test_single_line_fields_lose_line_breaks_and_tabs() -> None:
    assert clean("Ann\nSmith\tJones\r", multiline=False) == (f"Ann{MARK}Smith{MARK}Jones{MARK}", 3)


FLAG = re.compile(r"\U0001f3f4[\U000e0030-\U000e0039\U000e0061-\U000e007a]{2,7}\U000e007f")


# Letters and digits of scripts that never join: ASCII, Latin-1 and Latin Extended-A/B.
LATIN = "[0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]"


def _forbidden_in(text: str) -> list[str]:
    """What must never reach an agent's screen, judged without the cleaner's own tables."""
    without_flags = FLAG.sub("", text)
    problems = [char for char in without_flags if char in ALWAYS_HIDDEN]
    problems += [
        char
        for char in without_flags
        if unicodedata.category(char) == "Cs"
        or (unicodedata.category(char) == "Cf" and char not in VISIBLE_OR_NEEDED_FORMAT)
    ]
    problems += re.findall(r"[\U000e0000-\U000e007f]", without_flags)
    problems += re.findall(r"(?:^|\s)[\u200c\u200d]|[\u200c\u200d](?:\s|$)", text)
    problems += re.findall(r"[\u200c\u200d]{2}", text)
    problems += re.findall(r"[\ufe00-\ufe0f\U000e0100-\U000e01ef\u180b-\u180f]{2}", text)
    problems += re.findall(f"{LATIN}[\u200c\u200d]{LATIN}", text)
    # "0" with FE00 is Unicode's standardized variant for a slashed zero: it is shown.
    problems += re.findall(
        f"(?!0\ufe00){LATIN}[\u180b-\u180f\ufe00-\ufe0e\U000e0100-\U000e01ef]", text
    )
    problems += re.findall(f"{LATIN}\ufe0f(?!\u20e3)", text)
    return problems


TRICKY = st.sampled_from(
    list(ALWAYS_HIDDEN + JOINERS + SELECTORS + "ab1#葛☎ᠠ\u0628")
    + ["\U0001f3f4", WALES, "\r", "\n", " ", "\ud800"]
)
ANY_TEXT = st.lists(st.one_of(st.characters(), TRICKY, st.sampled_from(LEGITIMATE))).map("".join)


@settings(max_examples=1000)
@given(ANY_TEXT, st.booleans())
@example(AUDIT_MESSAGE, True)
@example(AUDIT_NAME, False)
@example("".join(text for text, _expected in SELECTOR_PAYLOADS), False)
@example("0\ufe00", True)  # a slashed zero, which the oracle once called hidden
def test_nothing_hidden_survives_and_cleaning_twice_changes_nothing(
    text: str, multiline: bool
) -> None:
    cleaned = clean(text, multiline=multiline)
    assert _forbidden_in(cleaned.text) == []
    assert multiline or not set("\n\t\r") & set(cleaned.text)
    assert clean(cleaned.text, multiline=multiline) == (cleaned.text, 0)
    assert len(cleaned.text) <= len(text)
    assert (cleaned.removed == 0) == (
        cleaned.text == text.replace("\r\n", "\n").replace("\r", "\n")
    ) or not multiline


VISIBLE = st.characters(
    exclude_categories=("Cc", "Cf", "Cs", "Cn", "Zs", "Zl", "Zp", "Mn"),
    exclude_characters="\u3164\u115f\u1160\uffa0",
)
WORD = st.lists(VISIBLE, min_size=1, max_size=5).map("".join)


def _script_never_joins(char: str) -> bool:
    """A digit, or a letter of the Latin, Greek or Cyrillic scripts (any block of them:
    "Ḁ" is Latin Extended Additional): a joiner between two changes nothing shown."""
    script = unicodedata.name(char, "").split(" ")[0]
    return char in "0123456789" or (char.isalpha() and script in {"LATIN", "GREEK", "CYRILLIC"})


JOINED = (
    st.tuples(WORD, st.sampled_from(JOINERS), WORD)
    .filter(
        lambda parts: not (_script_never_joins(parts[0][-1]) and _script_never_joins(parts[2][0]))
    )
    .map("".join)
)
SPACING = st.sampled_from([" ", "\n", "\t", "\u00a0", "\u3000"])


@given(st.lists(st.one_of(WORD, JOINED, SPACING, st.sampled_from(LEGITIMATE))).map("".join))
def test_text_without_hidden_characters_comes_back_unchanged(text: str) -> None:
    assert clean(text) == (text, 0)


@given(st.lists(st.one_of(WORD, st.text(st.sampled_from(ALWAYS_HIDDEN), min_size=1))))
def test_each_run_of_hidden_characters_becomes_one_marker(parts: list[str]) -> None:
    text = "".join(parts)
    expected = re.sub(f"[{re.escape(ALWAYS_HIDDEN)}]+", MARK, text)
    removed = sum(char in ALWAYS_HIDDEN for char in text)
    assert clean(text, multiline=False) == (expected, removed)


def test_every_field_a_visitor_types_is_cleaned_before_it_is_stored() -> None:
    assert inbound.text({"text": AUDIT_MESSAGE}) == clean(AUDIT_MESSAGE).text
    given_details = inbound.details({"name": AUDIT_NAME, "address": "1 Stryd\u202e\nCaerdydd"})
    assert given_details == {
        "name": f"Mallory{MARK}evil (updated)",
        "address": f"1 Stryd{MARK}\nCaerdydd",
    }
    assert inbound.rating({"score": 4, "comment": " da\u200biawn "}) == (4, f"da{MARK}iawn")
    assert inbound.details({"name": "Tess\x00"}) == {"name": f"Tess{MARK}"}


@pytest.mark.parametrize(
    "address", ["tess\u200b@example.org", "tess@exa\u202emple.org", "\ufefft@example.org"]
)
def test_an_email_with_hidden_characters_is_refused(address: str) -> None:
    with pytest.raises(ChatError, match="hidden"):
        inbound.details({"email": address})
    with pytest.raises(ChatError, match="hidden"):
        inbound.email({"email": address})


def test_a_joiner_between_letters_of_any_latin_block_is_hidden() -> None:
    """Hypothesis found "0\u200c\u1e00": Latin Extended Additional is Latin too."""
    assert clean("0\u200c\u1e00") == (f"0{MARK}\u1e00", 1)
