"""Addresses as tenants write them: UK, Welsh, Scottish and Northern Irish forms."""

import random

from transcripts.redaction.training.vocabulary import section, word_list

SUFFIXES = (
    "Street St Road Rd Avenue Ave Lane Ln Close Court Ct Place Pl Way Drive Dr Crescent Cres "
    "Gardens Gdns Grove Gr Terrace Tce Ter Hill View Vw Walk Square Sq Row Mews Parade Green "
    "Park Pk Rise Gate Wharf Yard Meadow Fields Vale Bank Brae Wynd Loan Gait Gate Croft Dene "
    "Approach App Chase Heights Hollow Lea Side Way Crest Glade Brow Fold Nook Garth Drove"
).split()
# Rarer suffixes, many from general address generators (Isle, Summit, Ports, Mission).
RARE_SUFFIXES = (
    "Alley Bypass Causeway Circle Common Corner Cove Creek Crossing Estate Extension Falls "
    "Ferry Flats Ford Forest Forge Fort Glen Harbour Haven Highway Hills Island Isle "
    "Junction Knoll Lakes Landing Lodge Loop Manor Mill Mission Mount Orchard Oval Parkway "
    "Pass Path Pines Plaza Point Port Ports Ridge River Route Run Shore Shores Spring "
    "Springs Station Stream Summit Trace Track Trail Valley Via Village Ville Vista Walks "
    "Wells Motorway Union Ranch Rapids Key Keys Lock Locks Neck Plains"
).split()
WELSH_PREFIXES = "Heol Lôn Ffordd Stryd Maes Cwrt Bryn Rhodfa Cae Llys Ffordd Pant".split()
GAELIC_PREFIXES = "Sràid Rathad Ceum Bruach Cnoc Taobh Sraid".split()
SECONDARY = ("Suite", "Apt.", "Apt", "Flat", "Unit", "Room", "Floor")
SITES = ("Caravan Park", "Park", "Holiday Park", "Marina", "Moorings", "Travellers Site")
DIRECTIONS = ("", "", "", "", " West", " East", " North", " South", " Upper", " Lower")
FLAT_POSITIONS = ("3/2", "0/1", "1/1", "2/L", "1/L", "2F1", "3F2", "1/R", "G/L", "PF1", "0/2")
FLOORS = ("ground floor", "1st floor", "2nd floor", "top floor", "basement", "first floor")


def _case(text: str, rng: random.Random) -> str:
    """Tenants often write addresses all in lower case, sometimes all in capitals."""
    roll = rng.random()
    if roll < 0.35:
        return text.lower()
    if roll < 0.4:
        return text.upper()
    return text


def _title(words: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in words.split())


def _number(rng: random.Random) -> str:
    number = str(rng.choice((rng.randint(1, 30), rng.randint(1, 250), rng.randint(1, 99999))))
    roll = rng.random()
    if roll < 0.1:
        return number + rng.choice("abcAB")
    if roll < 0.14:
        return f"{number}-{int(number) + 2}"
    return number


def street(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.18:
        return f"{rng.choice(WELSH_PREFIXES)} {_title(rng.choice(section('welsh_stems')))}" + (
            f" {_title(rng.choice(section('welsh_stems')))}" if rng.random() < 0.4 else ""
        )
    if roll < 0.23:
        return f"{rng.choice(GAELIC_PREFIXES)} {_title(rng.choice(section('gaelic_stems')))}"
    if roll < 0.35:
        return _title(rng.choice(section("one_word_streets")))
    stem = _title(rng.choice(section("stems")))
    if rng.random() < 0.3:
        stem = _proper_stem(rng)
    if rng.random() < 0.15:
        stem += " " + _title(rng.choice(section("stems")))
    suffix = rng.choice(RARE_SUFFIXES if rng.random() < 0.3 else SUFFIXES)
    return f"{stem} {suffix}{rng.choice(DIRECTIONS)}"


def _proper_stem(rng: random.Random) -> str:
    """Streets named after people: "Cooke Lane", "Sophie Ports", "Nwosu Close"."""
    return _title(rng.choice(word_list("surnames") + word_list("given_names")))


def _town(rng: random.Random) -> str:
    town = _title(rng.choice(section("towns")))
    roll = rng.random()
    if roll < 0.15:
        return (
            f"{rng.choice(('New', 'North', 'East', 'West', 'Port', 'Upper'))} {_proper_stem(rng)}"
        )
    if roll < 0.25:
        return _proper_stem(rng) + rng.choice(("ton", "ford", "bury", "ham", "stad", "mouth"))
    return town


def _unit(rng: random.Random) -> str:
    """What comes before the house number: a flat, a position, a floor, a house name."""
    kind = rng.randrange(11)
    flat = (
        f"{rng.choice(('Flat', 'flat', 'Apt', 'Apartment', 'Unit', 'Room'))} {rng.randint(1, 60)}"
    )
    options = (
        f"{flat},",
        f"{rng.choice(FLAT_POSITIONS)}",
        f"flat {rng.choice('ABCDEFG')}, {rng.choice(FLOORS)},",
        f"{_title(rng.choice(section('house_names')))},",
        f"{flat} {_title(rng.choice(section('building_names')))} House,",
        f"Unit {rng.randint(1, 12)}, {_title(rng.choice(section('house_names')))},",
        f"flat {rng.randint(1, 40)} block {rng.choice('ABCDEF')},",
        f"{flat}",
        f"Flat {rng.randint(1, 9)}{rng.choice('ABCD')},",
        f"{rng.choice(FLAT_POSITIONS)},",
        "",
    )
    return options[kind]


def building(rng: random.Random) -> str:
    """An address that is only a building: "16 Beacon House", "Tŷ Gwyn"."""
    name = rng.choice(section("building_names"))
    kind = rng.choice(("House", "Court", "Tower", "Heights", "Lodge", "Point", "Mansions"))
    roll = rng.random()
    if roll < 0.4:
        return f"{rng.randint(1, 120)} {_title(name)} {kind}"
    if roll < 0.55:
        estate = _title(rng.choice(section("building_names")))
        return f"{_title(name)} {kind}, {estate} {rng.choice(('Estate', 'estate', 'Park'))}"
    return _title(rng.choice(section("house_names")))


def _position_after(rng: random.Random) -> str:
    """The flat written after the street: "12 Mill Rd, flat 2", "(top flat)"."""
    flat = rng.randint(1, 9)
    return rng.choice((f", flat {flat}", f" (flat {flat})", ", top flat", ", ground floor flat"))


def partial(rng: random.Random) -> str:
    """What tenants give as the whole address: "number 12", "flat 3b", "14c", "PO Box 88",
    a pitch, a mooring, a hostel room, the flat above a shop."""
    number = rng.randint(1, 140)
    site = _title(rng.choice(section("sites")))
    options = (
        f"number {number}",
        f"no {number}",
        f"No. {number}",
        f"flat {number}{rng.choice('abcdef')}",
        f"Flat {rng.randint(1, 60)}",
        f"{number}{rng.choice('abcdef')}",
        f"flat above {rng.randint(1, 99)} {street(rng)}",
        f"flat over {rng.randint(1, 99)} {street(rng)}",
        f"PO Box {rng.randint(10, 9999)}",
        f"{rng.choice(('Plot', 'Pitch', 'Bay', 'Caravan'))} {number}, {site} {rng.choice(SITES)}",
        f"Room {number}, {_title(rng.choice(section('building_names')))} House",
        f"narrowboat {site}, {_title(rng.choice(section('sites')))} {rng.choice(SITES)}",
        f"mooring {number}, {site} Wharf",
    )
    return rng.choice(options)


def long_form(rng: random.Random) -> str:
    """An address over several lines or commas: street, a secondary part, the town, the
    county or country, sometimes a numeric code after the country."""
    separator = rng.choice(("\n", "\n ", ", ", " ", ",\n"))
    parts = [f"{_number(rng)} {street(rng)}"]
    if rng.random() < 0.5:
        parts.append(f"{rng.choice(SECONDARY)} {rng.randint(1, 999)}")
    parts.append(_town(rng))
    roll = rng.random()
    if roll < 0.35:
        parts.append(_title(rng.choice(section("counties"))))
    elif roll < 0.75:
        country = rng.choice(("United Kingdom", "UK", "England", "Wales", "Scotland"))
        parts.append(country + (f" {rng.randint(10000, 99999)}" if rng.random() < 0.4 else ""))
    return separator.join(parts)


def address(rng: random.Random, town: bool | None = None) -> str:
    """One address; the town (written as part of it) is sometimes included."""
    roll = rng.random()
    if roll < 0.1:
        return _case(partial(rng), rng)
    if roll < 0.2:
        return _case(long_form(rng), rng)
    if roll < 0.3:
        text = building(rng)
    else:
        number = rng.choice(
            (_number(rng), _number(rng), f"no. {_number(rng)}", f"no {_number(rng)}", _number(rng))
        )
        text = f"{_unit(rng)} {number}{rng.choice(('', '', ','))} {street(rng)}".strip()
        if rng.random() < 0.1:
            text = f"{_title(rng.choice(section('house_names')))}, {text}"
    if town is None:
        town = rng.random() < 0.35
    if rng.random() < 0.08:
        text += f" {rng.choice(SECONDARY)} {rng.randint(1, 999):03d}"
    elif rng.random() < 0.06:
        text += _position_after(rng)
    if town:
        text += rng.choice((", ", " ", ", ", "\n")) + _town(rng)
        if rng.random() < 0.1:
            text += rng.choice((", UK", " United Kingdom", ", Wales", ", Scotland", "\nUK"))
    return _case(text, rng)


def unit_alone(rng: random.Random) -> str:
    """A neighbour's or a tenant's home given by its flat or house alone: "flat 14",
    "Flat 2/1", "no 27", "number 9", "0/2", "2F3", "41b", "unit 3", "Flat C"."""
    number = rng.randint(1, 120)
    options = (
        f"{rng.choice(('flat', 'Flat', 'flat', 'unit', 'room', 'maisonette'))} {number}",
        f"flat {number}{rng.choice('abcd')}",
        f"{rng.choice(('Flat', 'flat'))} {rng.choice(FLAT_POSITIONS)}",
        rng.choice(FLAT_POSITIONS),
        f"{rng.choice(('no', 'no.', 'No', 'number', 'No.'))} {number}",
        f"{number}{rng.choice('abcdef')}",
        f"{rng.choice(('Flat', 'flat'))} {rng.choice('ABCDEF')}",
        f"{rng.choice(FLOORS)} flat",
        f"flat {number} {_title(rng.choice(section('building_names')))}",
    )
    return _case(rng.choice(options), rng)
