"""Whether a visitor's line expresses dissatisfaction or names a hazard in the home.

The line is read in memory, before it is sealed, and only the answer is kept: whether
it sounds dissatisfied, and the hazard's category, never the words that matched.
Matching is on whole words, case-blind and accent-blind ("dŵr" is "dwr"), with
apostrophes dropped ("don't" is "dont") and hyphens read as spaces.

A negation just before a hazard or a complaint word cancels it: "there's no damp",
"I'm not complaining" and "dim llwydni" prompt nothing. That is the cheap part of
negation, and deliberately no more: the agent decides, so a prompt too many costs a
click, while one too few could miss a complaint or a hazard the law puts on a clock.
"not happy" is dissatisfaction, not a negation.

The fixed phrases (``prompt_words``) and the kinds of expression (``prompt_kinds``) are
one compiled pattern searched once a line. It is arranged for speed, as every line pays
for it: the phrases as a trie, and the kinds' patterns grouped by their first letter, so
each word of a line is tried only against what could start with it.
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from chatserver.casework import prompt_kinds as kinds
from chatserver.casework import prompt_words as words
from chatserver.chat import emergencies

Severity = Literal["emergency", "significant"]

_NEGATED = "negated"
_DISSATISFIED = "dissatisfied"


@dataclass(frozen=True)
class Cues:
    """What a line prompts: the complaint choice, and a hazard's category (or None)."""

    dissatisfied: bool
    hazard: str | None


NOTHING = Cues(dissatisfied=False, hazard=None)


_SEPARATOR = r"[\s\-]+"
_END = ""
_SPACE = " "
_Trie = dict[str, "_Trie"]


def _trie_pattern(trie: _Trie) -> str:
    """A trie of phrases as a pattern that tries each letter once: an alternation of
    hundreds of phrases would try every phrase at every word of a line. Where a phrase
    ends and a longer one goes on, the longer is tried first, so the longest match wins."""
    branches = [
        (_SEPARATOR if char == _SPACE else re.escape(char)) + _trie_pattern(rest)
        for char, rest in sorted(trie.items())
        if char != _END
    ]
    if not branches:
        return ""
    joined = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{joined})?" if _END in trie else joined


def _alternatives(phrases: tuple[str, ...]) -> str:
    """The phrases as one pattern, the longest match winning."""
    trie: _Trie = {}
    for phrase in phrases:
        node = trie
        for char in " ".join(phrase.split()):
            node = node.setdefault(char, {})
        node[_END] = {}
    return _trie_pattern(trie)


def _top_level(pattern: str) -> tuple[list[str], int]:
    """The pattern's alternatives at its outer level, and where the outer level ends (a
    closing parenthesis it did not open, or the end)."""
    alternatives, depth, start, index = [], 0, 0, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 1
        elif char in "([":
            depth += 1
        elif char in ")]":
            if depth == 0:
                break
            depth -= 1
        elif char == "|" and depth == 0:
            alternatives.append(pattern[start:index])
            start = index + 1
        index += 1
    return [*alternatives, pattern[start:index]], index


def _expanded(pattern: str) -> list[str]:
    """The pattern as alternatives that each start with a letter where that can be
    written out: "(?:second|third) time" is "second time" and "third time"."""
    alternatives, _end = _top_level(pattern)
    if len(alternatives) > 1:
        return [form for alternative in alternatives for form in _expanded(alternative)]
    if not pattern.startswith("(?:"):
        return [pattern]
    inner, end = _top_level(pattern[3:])
    rest = pattern[3 + end + 1 :]
    optional = rest.startswith("?") and not rest.startswith("??")
    if rest[:1] in ("*", "+", "{") or (rest.startswith("?") and not optional):
        return [pattern]
    rest = rest[1:] if optional else rest
    forms = [form for alternative in inner for form in _expanded(alternative + rest)]
    return forms + _expanded(rest) if optional else forms


def _kinds(patterns_by_kind: dict[str, tuple[str, ...]]) -> str:
    """Each kind's patterns as one alternation, grouped by their first letter: a line's
    word is then tried against the few patterns that start with its letter, not all."""
    by_letter: dict[str, list[str]] = {}
    others: list[str] = []
    patterns = (pattern for kind in patterns_by_kind.values() for pattern in kind)
    for form in (form for pattern in patterns for form in _expanded(pattern)):
        plain_start = form[:1].isalnum() and form[1:2] not in ("?", "*", "+", "{")
        if plain_start:
            by_letter.setdefault(form[0], []).append(form[1:].replace(" ", _SEPARATOR))
        else:
            others.append(form.replace(" ", _SEPARATOR))
    lettered = [f"{letter}(?:{'|'.join(rests)})" for letter, rests in sorted(by_letter.items())]
    return "|".join(lettered + others)


def _negated() -> str:
    negatable = words.NEGATABLE_DISSATISFACTION + tuple(
        phrase for phrases in words.SIGNIFICANT_HAZARD_PHRASES.values() for phrase in phrases
    )
    return (
        rf"(?:{_alternatives(words.NEGATIONS)})[\s\-]+"
        rf"(?:(?:{_alternatives(words.NEGATION_FILLERS)})[\s\-]+)?"
        rf"(?:{_alternatives(negatable)})"
    )


def _pattern() -> re.Pattern[str]:
    """Every phrase in one pattern, searched once a line. Each kind is a named group, and
    negations come first, so a negated phrase is consumed before it could match alone."""
    groups = [f"(?P<{_NEGATED}>{_negated()})"]
    dissatisfied = f"{_alternatives(words.DISSATISFACTION)}|{_kinds(kinds.DISSATISFACTION_KINDS)}"
    groups.append(f"(?P<{_DISSATISFIED}>{dissatisfied})")
    groups += [
        f"(?P<{category}>{_alternatives(words.SIGNIFICANT_HAZARD_PHRASES[category])}"
        f"|{_kinds({category: kinds.HAZARD_KINDS[category]})})"
        for category in words.SIGNIFICANT_HAZARDS
    ]
    return re.compile(rf"(?<!\w)(?=\w)(?:{'|'.join(groups)})(?!\w)")


_PATTERN = _pattern()
_APOSTROPHES = str.maketrans(dict.fromkeys("'\u2019\u2018`\u02bc", None))


def normalised(text: str) -> str:
    """The text as phrases are written: lower case, no accents, no apostrophes."""
    lowered = text.translate(_APOSTROPHES).casefold()
    if lowered.isascii():  # most lines: nothing to take accents off
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def read(text: str, emergency: str | None = None) -> Cues:
    """The cues of a visitor's line. ``emergency`` is the category the emergency phrases
    found in it (``chatserver.chat.emergencies.detect``), passed in so the line is not
    searched for them twice: an emergency that is a hazard is the line's hazard."""
    found = {match.lastgroup for match in _PATTERN.finditer(normalised(text))}
    hazard = emergency if emergency in words.EMERGENCY_HAZARDS else None
    if hazard is None:
        hazard = next((c for c in words.SIGNIFICANT_HAZARDS if c in found), None)
    return Cues(dissatisfied=_DISSATISFIED in found, hazard=hazard)


def severity(category: str) -> Severity:
    """How the hazard is put on Awaab's Law's clock: an emergency hazard, or significant."""
    return "emergency" if category in words.EMERGENCY_HAZARDS else "significant"


def label(category: str) -> str:
    """The hazard's category in words, in lower case, for the console's "Possible hazard
    (damp and mould)"."""
    known = words.SIGNIFICANT_HAZARD_LABELS.get(category) or emergencies.LABELS.get(category)
    return (known or category.replace("_", " ")).lower()
