"""People's names as tenants write them: many origins, every case, with and without titles."""

import random

from transcripts.redaction.training.vocabulary import word_list

TITLES = ("Mr", "Mrs", "Miss", "Ms", "Dr", "mr", "mrs", "Mx")


def _proper(name: str) -> str:
    return (
        "-".join(
            " ".join(part[:1].upper() + part[1:] for part in piece.split(" "))
            for piece in name.split("-")
        )
        .replace("D'souza", "D'Souza")
        .replace("O'n", "O'N")
        .replace("O'c", "O'C")
    )


def given(rng: random.Random) -> str:
    if rng.random() < 0.08:
        return rng.choice(word_list("nicknames"))
    name = rng.choice(word_list("given_names"))
    if rng.random() < 0.05:
        name += "-" + rng.choice(word_list("given_names"))
    return name


def surname(rng: random.Random) -> str:
    name = rng.choice(word_list("surnames"))
    if rng.random() < 0.06:
        name += "-" + rng.choice(word_list("surnames"))
    return name


def full_name(rng: random.Random) -> str:
    """A name in one of the forms people write: "shaz", "C Nwosu", "Spencer A Hobbs"."""
    form = rng.randrange(12)
    first, last = given(rng), surname(rng)
    forms = (
        first,
        first,
        f"{first} {last}",
        f"{first} {last}",
        f"{first} {last}",
        f"{first[0]} {last}",
        f"{first} {rng.choice('ABCDEJMKLRS')} {last}",
        f"{rng.choice(TITLES)} {last}",
        f"{rng.choice(TITLES)} {first[0]} {last}",
        f"{first} {given(rng)} {last}",
        f"{rng.choice(TITLES)} {first} {last}",
        last,
    )
    name = forms[form]
    roll = rng.random()
    if roll < 0.4:
        return name.lower() if form != 5 else name
    if roll < 0.43:
        return name.upper()
    return _proper(name)


def first_name(rng: random.Random) -> str:
    name = given(rng)
    return name if rng.random() < 0.45 else _proper(name)
