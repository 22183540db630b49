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
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

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


def _phrase(phrase: str) -> str:
    return r"[\s\-]+".join(re.escape(word) for word in phrase.split())


def _alternatives(phrases: tuple[str, ...]) -> str:
    """The phrases as one alternation, longest first so the longest match wins."""
    ordered = sorted(set(phrases), key=lambda phrase: (-len(phrase), phrase))
    return "|".join(_phrase(phrase) for phrase in ordered)


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
    groups.append(f"(?P<{_DISSATISFIED}>{_alternatives(words.DISSATISFACTION)})")
    groups += [
        f"(?P<{category}>{_alternatives(words.SIGNIFICANT_HAZARD_PHRASES[category])})"
        for category in words.SIGNIFICANT_HAZARDS
    ]
    return re.compile(rf"(?<!\w)(?:{'|'.join(groups)})(?!\w)")


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
