"""Text that shows what it says: hidden and direction-changing characters are taken out.

Whatever people type is shown to others (agents, supervisors, transcripts). Bidi
overrides and isolates can reorder what is displayed ("abc\\u202egnp.exe" shows as
"abcexe.png"), and zero-width, format and control characters hide text or split words
unseen. ``clean`` replaces each run of such characters with one visible marker,
``HIDDEN_MARKER`` (U+FFFD), so a reader sees where something was taken out, and the
console adds a notice next to it (docs/protocol.md, "Hidden characters").

Kept, because real text needs them: letters of every script (Welsh ŵ ŷ â included),
LRM/RLM/ALM (weak marks that RTL keyboards type; they cannot override, and user text is
isolated where it is shown), ZWJ and ZWNJ between two visible characters (emoji ZWJ
sequences such as "family", Persian and Indic scripts) unless both are letters or digits
of an alphabet that never joins (Latin, Greek, Cyrillic), one variation selector after a
character it can change (emoji or text presentation of a symbol, keycaps, variants of
mathematical symbols, CJK ideographs, Mongolian letters), the tag characters of a
subdivision flag (Wales, Scotland, England), and newlines and tabs in fields that may
have several lines. A selector or joiner anywhere else changes nothing on screen and
could only hide a word from a filter or a reader ("pass\\u200dword").
"""

import unicodedata
from typing import NamedTuple

from chatserver.chat.errors import ChatError
from chatserver.chat.protocol import HIDDEN_MARKER

ZWNJ, ZWJ = "\u200c", "\u200d"
JOINERS = frozenset({ZWNJ, ZWJ})
# Weak directional marks: no override, no embedding; needed in right-to-left writing.
DIRECTION_MARKS = frozenset({"\u200e", "\u200f", "\u061c"})
# Format characters that are visible signs (Arabic number signs and similar).
PREPENDED_MARKS = frozenset("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2")
PREPENDED_MARKS |= {"\U000110bd", "\U000110cd"}
# Default-ignorable characters that are not format characters (Cf): they show nothing.
INVISIBLE_LETTERS = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0")
LINE_AND_PARAGRAPH_SEPARATORS = frozenset("\u2028\u2029")
KEPT_FORMAT = DIRECTION_MARKS | PREPENDED_MARKS | JOINERS
UNSEEN_BY_JOINERS = DIRECTION_MARKS | JOINERS

KEYCAP = "\u20e3"
KEYCAP_BASES = frozenset("#*0123456789")
PRESENTATION_SELECTORS = frozenset("\ufe0e\ufe0f")
# Emoji (Unicode's Emoji property) that are neither symbols (So, Sm) nor keycap bases.
EMOJI_OF_OTHER_CATEGORIES = frozenset("\u203c\u2049\u2139\u3030\u303d")
# Bases of standardized variants (FE00-FE0D) that are neither symbols nor ideographs.
STANDARDIZED_VARIANT_PREFIXES = ("MYANMAR ", "PHAGS-PA ", "MANICHAEAN ", "EGYPTIAN ")
STANDARDIZED_VARIANT_BASES = frozenset("0\u2018\u2019\u201c\u201d\u3001\u3002")
STANDARDIZED_VARIANT_BASES |= frozenset("\uff01\uff0c\uff0e\uff1a\uff1b\uff1f")
NON_JOINING_ALPHABETS = ("LATIN ", "GREEK ", "CYRILLIC ")

BLACK_FLAG = "\U0001f3f4"
CANCEL_TAG = "\U000e007f"
FLAG_TAG_LENGTHS = range(2, 8)  # a subdivision code: "gbwls", "gbsct", "usca"…


class Cleaned(NamedTuple):
    text: str
    removed: int


def _is_flag_tag(char: str) -> bool:
    """A tag letter or digit, as a subdivision flag spells its code."""
    return "\U000e0030" <= char <= "\U000e0039" or "\U000e0061" <= char <= "\U000e007a"


def _is_variation_selector(char: str) -> bool:
    return (
        "\ufe00" <= char <= "\ufe0f"
        or "\U000e0100" <= char <= "\U000e01ef"
        or "\u180b" <= char <= "\u180f"
    )


def _is_ideograph(char: str) -> bool:
    return unicodedata.name(char, "").startswith(
        ("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH")
    )


def _selector_changes(base: str, selector: str, after: str) -> bool:
    """Whether ``selector`` after ``base`` (and before ``after``) changes what is shown."""
    if selector >= "\U000e0100":
        return _is_ideograph(base)  # ideographic variation sequences
    if "\u180b" <= selector <= "\u180f":
        return selector != "\u180e" and unicodedata.name(base, "").startswith("MONGOLIAN LETTER")
    if base in KEYCAP_BASES and selector in PRESENTATION_SELECTORS:
        return selector == "\ufe0f" and after == KEYCAP
    symbol = unicodedata.category(base) in ("So", "Sm")
    if selector in PRESENTATION_SELECTORS:
        return symbol or base in EMOJI_OF_OTHER_CATEGORIES
    return (
        symbol
        or _is_ideograph(base)
        or base in STANDARDIZED_VARIANT_BASES  # "0" with FE00 is a slashed zero
        or unicodedata.name(base, "").startswith(STANDARDIZED_VARIANT_PREFIXES)
    )


def _never_joins(char: str) -> bool:
    """A letter or digit of an alphabet whose letters a joiner never changes."""
    return ("0" <= char <= "9") or (
        char.isalpha() and unicodedata.name(char, "").startswith(NON_JOINING_ALPHABETS)
    )


def _always_hidden(char: str, multiline: bool) -> bool:
    """Hidden whatever surrounds it (joiners, selectors and tags are decided in context)."""
    if char in "\n\t":
        return not multiline
    category = unicodedata.category(char)
    if category in ("Cc", "Cs") or char in INVISIBLE_LETTERS:
        return True
    if char in LINE_AND_PARAGRAPH_SEPARATORS:
        return True
    if "\u2060" <= char <= "\u206f" or "\ufff0" <= char <= "\ufff8":
        return True  # format characters, with the block's unassigned code points
    if "\U000e0000" <= char <= "\U000e0fff":
        return not _is_variation_selector(char)
    return category == "Cf" and char not in KEPT_FORMAT


def _shows(char: str, multiline: bool) -> bool:
    """A visible neighbour, which a joiner may join to."""
    invisible = char.isspace() or char in UNSEEN_BY_JOINERS
    return not invisible and not _always_hidden(char, multiline)


def _flag_tags_end(text: str, start: int) -> int:
    """Where the flag's tag sequence that starts at ``start`` ends, or ``start``."""
    end = start
    while end < len(text) and _is_flag_tag(text[end]) and end - start < FLAG_TAG_LENGTHS.stop:
        end += 1
    if end - start in FLAG_TAG_LENGTHS and end < len(text) and text[end] == CANCEL_TAG:
        return end + 1
    return start


def _hidden_at(text: str, index: int, multiline: bool) -> bool:
    char = text[index]
    if char in JOINERS:
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        if _never_joins(before) and _never_joins(after):
            return True
        return not (_shows(before, multiline) and _shows(after, multiline))
    if _is_variation_selector(char):
        after = text[index + 1] if index + 1 < len(text) else ""
        return index == 0 or not _selector_changes(text[index - 1], char, after)
    return _always_hidden(char, multiline)


def clean(text: str, *, multiline: bool = True) -> Cleaned:
    """The text with each run of hidden characters replaced by ``HIDDEN_MARKER``, and how
    many characters were taken out. In ``multiline`` text CR LF and lone CR become LF.

    Pure and idempotent; text without hidden characters comes back unchanged, and the
    result is never longer than the input.
    """
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept: list[str] = []
    removed = 0
    index = 0
    in_hidden_run = False
    while index < len(text):
        if text[index] == BLACK_FLAG:
            end = _flag_tags_end(text, index + 1)
            kept.append(text[index:end])
            index, in_hidden_run = end, False
            continue
        hidden = _hidden_at(text, index, multiline)
        if not hidden:
            kept.append(text[index])
        elif not in_hidden_run:
            kept.append(HIDDEN_MARKER)
        removed += hidden
        in_hidden_run = hidden
        index += 1
    return Cleaned("".join(kept), removed)


def clean_detail(field: str, value: str) -> str:
    """A visitor's detail cleaned; an email address is refused instead, because a marked
    address is no address (and a stripped one is not what the visitor typed)."""
    cleaned = clean(value, multiline=field == "address")
    if cleaned.removed and field == "email":
        raise ChatError("email contains hidden or control characters")
    return cleaned.text
