"""Word lists for names: given names (a PyPI package's dictionary and ours), names
that are also everyday words, and surnames, each read once."""

from functools import cache
from importlib import resources


@cache
def _word_list(name: str) -> frozenset[str]:
    text = (
        resources.files("transcripts.redaction").joinpath("data", name).read_text(encoding="utf-8")
    )
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


# The first-name dictionary shipped by the gender-guesser package: a name, then one
# frequency digit per country, Great Britain, Ireland and the U.S.A. first.
NAME_DICTIONARY = ("gender_guesser", "data/nam_dict.txt")
_NAME_FIELD = slice(3, 29)
_COUNTRY_COLUMNS = slice(30, 33)


@cache
def dictionary_given_names() -> frozenset[str]:
    """The dictionary's names used in Britain, Ireland or the U.S.A. (read once)."""
    package, path = NAME_DICTIONARY
    text = resources.files(package).joinpath(path).read_text(encoding="iso-8859-1")
    names = set()
    for line in text.splitlines():
        if line.startswith("#") or not line[_COUNTRY_COLUMNS].strip():
            continue
        name = line[_NAME_FIELD].strip().lower()
        if name.isascii() and name.replace("-", "").replace("'", "").isalpha():
            names.add(name)
    return frozenset(names)


@cache
def given_names() -> frozenset[str]:
    return dictionary_given_names() | _word_list("given_names.txt")


def ambiguous_names() -> frozenset[str]:
    return _word_list("ambiguous_names.txt")


def surnames() -> frozenset[str]:
    return _word_list("surnames.txt")


def towns() -> frozenset[str]:
    return _word_list("towns.txt")
