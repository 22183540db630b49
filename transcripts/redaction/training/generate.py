"""Labelled housing chat lines from the templates in ``data/templates.txt``.

python -m transcripts.redaction.training.generate COUNT SEED   prints JSON lines
"""

import json
import random
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from transcripts.redaction.training.addresses import address, unit_alone
from transcripts.redaction.training.people import first_name, full_name
from transcripts.redaction.training.vocabulary import DATA, section, word_list

SLOT = re.compile(r"\{([A-Z]+)\}")
MONTHS = "january february march april may june july august september october november december"
DAYS = "monday tuesday wednesday thursday friday saturday sunday tomorrow today"


@dataclass(frozen=True)
class Line:
    text: str
    spans: tuple[tuple[int, int, str], ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "spans": [{"start": s, "end": e, "label": label} for s, e, label in self.spans],
        }


def date_of_birth(rng: random.Random) -> str:
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1930, 2020)
    short = str(year)[2:]
    name = MONTHS.split()[month - 1]
    forms = (
        f"{day:02d}/{month:02d}/{year}",
        f"{day}.{month}.{short}",
        f"{day} {month} {year}",
        f"{year}/{month:02d}/{day:02d}",
        f"{day}-{name[:3].title()}-{year}",
        f"{day} {name} {year}",
        f"{day}th of {name} {short}",
    )
    return rng.choice(forms)


def _postcode(rng: random.Random) -> str:
    area = rng.choice(("LS", "M", "CF", "SA", "G", "EH", "BT", "B", "E", "NE", "S", "L"))
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return (
        f"{area}{rng.randint(1, 20)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
    )


def organisation(rng: random.Random) -> str:
    """A title-case team, service, role or document that is no person: "Income Team",
    "Safeguarding and Welfare Panel", "Estate Services Officer"."""
    topics = word_list("services")
    topic = rng.choice(topics)
    if rng.random() < 0.35:
        topic += rng.choice((" ", " and ", " & ")) + rng.choice(topics)
    return f"{topic} {rng.choice(word_list('service_kinds'))}"


def product(rng: random.Random) -> str:
    return rng.choice(word_list("products"))


def _fillers() -> dict[str, Callable[[random.Random], str]]:
    return {
        "P": full_name,
        "F": first_name,
        "A": lambda rng: address(rng, town=False),
        "AT": lambda rng: address(rng, town=True),
        "U": unit_alone,
        "PC": _postcode,
        "PH": lambda rng: f"07700 900{rng.randint(0, 999):03d}",
        "DOB": date_of_birth,
        "REF": lambda rng: f"TN{rng.randint(100000, 999999)}",
        "DAY": lambda rng: rng.choice(DAYS.split()),
        "AMT": lambda rng: f"£{rng.randint(5, 900)}",
        "TOWN": lambda rng: rng.choice(section("towns")).title(),
        "N": lambda rng: str(rng.randint(1, 200)),
        "ORG": organisation,
        "PRODUCT": product,
    }


LABELS = {"P": "PERSON", "F": "PERSON", "A": "ADDRESS", "AT": "ADDRESS", "U": "ADDRESS"}


@cache
def templates() -> tuple[str, ...]:
    lines = (DATA / "templates.txt").read_text(encoding="utf-8").splitlines()
    # "\\n" in a template is a line break (an address or a form pasted over several lines).
    return tuple(
        line.replace("\\n", "\n") for line in lines if line.strip() and not line.startswith("#")
    )


def fill(template: str, rng: random.Random) -> Line:
    fillers = _fillers()
    text, spans, position = "", [], 0
    for match in SLOT.finditer(template):
        text += template[position : match.start()]
        value = fillers[match.group(1)](rng)
        if match.group(1) in LABELS:
            spans.append((len(text), len(text) + len(value), LABELS[match.group(1)]))
        text += value
        position = match.end()
    text += template[position:]
    return _vary(Line(text, tuple(spans)), rng)


def _vary(line: Line, rng: random.Random) -> Line:
    """Capitalised first letter or not, a full stop or "!!" or nothing at the end."""
    text = line.text
    if rng.random() < 0.4:
        text = text[:1].upper() + text[1:]
    ending = rng.choice(("", "", "", ".", "!!", " x", "?"))
    return Line(text + ending, line.spans)


def lines(count: int, seed: int) -> Iterator[Line]:
    rng = random.Random(seed)  # noqa: S311 (reproducible training data, not secrets)
    pool = templates()
    for _index in range(count):
        yield fill(rng.choice(pool), rng)


if __name__ == "__main__":
    for line in lines(int(sys.argv[1]), int(sys.argv[2])):
        print(json.dumps(line.as_dict(), ensure_ascii=False))
