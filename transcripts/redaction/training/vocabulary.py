"""The word lists the generator draws from (files in ``data/``)."""

from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def _words(lines: list[str]) -> list[str]:
    """Space-separated entries; an underscore joins the words of one entry."""
    words = []
    for line in lines:
        if line.strip() and not line.startswith("#"):
            words += [word.replace("_", " ") for word in line.split()]
    return words


@cache
def word_list(name: str) -> tuple[str, ...]:
    return tuple(_words((DATA / f"{name}.txt").read_text(encoding="utf-8").splitlines()))


@cache
def section(name: str) -> tuple[str, ...]:
    """One ``[section]`` of ``places.txt``."""
    current = ""
    lines: list[str] = []
    for line in (DATA / "places.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            current = line.strip("[]")
        elif current == name:
            lines.append(line)
    return tuple(_words(lines))
