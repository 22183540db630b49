"""The town written at the end of an address ("46 stanley st, wrexham", "2 Mill Lane,
Merthyr Tydfil"): a known town in any case, or up to three capitalised words after a
comma or a line break that are not the start of the next sentence."""

import re

from spacy.lang.en.stop_words import STOP_WORDS

from transcripts.redaction.recognizers.names import towns

# A comma and/or spaces, or a line break, between the street and the town.
_SEPARATOR = re.compile(r"(,[ \t]{0,2}|[ \t]{1,2}|[ \t]*\r?\n[ \t]*)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# What the town is followed by: the end, punctuation, a space or a line break.
_BOUNDARY = re.compile(r"$|[\s,.;:!?)(]")
# Capitalised words after an address that start something else.
NOT_TOWNS = frozenset(
    (
        "please thanks thank cheers ta regards sorry hi hello hiya yes yeah ok okay tel mobile "
        "mob phone email tenant tenants name dob ref postcode flat apt unit kind best sent "
        "rent repairs the uk united kingdom england wales scotland northern ireland "
        "monday tuesday wednesday thursday friday saturday sunday today tomorrow tonight "
        "january february march april may june july august september october november "
        "december occupant carer mum dad nan son daughter wife husband partner landlord "
        "council housing officer team reference mr mrs ms miss dr sir madam "
        "call ring text contact need needs not still it its im i'm"
    ).split()
)
_LONGEST_TOWN = 3


def _following_words(text: str, start: int) -> list[re.Match[str]]:
    """Up to three words from ``start``, each one space (or a hyphen) after the last."""
    words: list[re.Match[str]] = []
    position = start
    while len(words) < _LONGEST_TOWN:
        word = _WORD.match(text, position)
        if word is None:
            break
        words.append(word)
        if text[word.end() : word.end() + 1] != " ":
            break
        position = word.end() + 1
    return words


def _capitalised(word: str) -> bool:
    return (word[0].isupper() and word[1:] == word[1:].lower()) or (
        word.isupper() and len(word) >= 3
    )


def _town_length(words: list[re.Match[str]], after_comma: bool) -> int:
    """How many of the words are the town: a known town (longest first; in lower case
    only after a comma or a line break: "bath" and "reading" are words too), else, after
    a comma or a line break, the capitalised words that are no common word."""
    for count in range(len(words), 0, -1):
        written = " ".join(word.group() for word in words[:count])
        capitalised = all(_capitalised(part) for part in written.split())
        if written.lower() in towns() and (after_comma or capitalised):
            return count
    if not after_comma:
        return 0
    count = 0
    for word in words:
        text = word.group()
        if not _capitalised(text) or text.lower() in STOP_WORDS or text.lower() in NOT_TOWNS:
            break
        count += 1
    return count


def town_end(text: str, end: int) -> int:
    """Where an address ending at ``end`` ends once its town is taken in."""
    separator = _SEPARATOR.match(text, end)
    if separator is None:
        return end
    words = _following_words(text, separator.end())
    count = _town_length(words, after_comma=separator.group().strip(" \t") != "")
    if count == 0 or not _BOUNDARY.match(text, words[count - 1].end()):
        return end
    return words[count - 1].end()
