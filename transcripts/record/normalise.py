"""How a visitor's name, address, postcode and phone number are written before they are
indexed (``blind_index``), so that the ways people write one value index alike.

Every function returns "" for a value that holds nothing to index. Pure functions of
text: no keys, no database.

- Names: compatibility forms folded (NFKC), case folded, accents dropped (Siân, Sian),
  hyphens as spaces (Smith-Jones, Smith Jones), apostrophes and full stops dropped
  (O'Brien, OBrien), a leading title dropped (Mrs, Mr, Dr, ...), spaces collapsed.
- Surname: the last word of the normalised name. A DPO is often given only "Mrs Jones";
  searching by surname is broader (other Joneses match), which is why it is its own kind,
  chosen on purpose, and the results list shows ids and dates only.
- Addresses: as names, then every character that is not a letter or a digit dropped:
  "12, High St." and "12 high st" are the same; abbreviations are not expanded (St may be
  Street or Saint).
- Postcodes: found in an address or given on their own, upper case without spaces
  ("cf10 1aa", "CF101AA").
- Phone numbers (UK): +44, 0044 and a "(0)" become the leading 0; spaces, brackets, dots and
  hyphens go: "+44 (0)29 2087 2087", "029 2087 2087" and "02920872087" are one number.
- Tenancy and rent references: upper case without spaces, hyphens, slashes or full stops
  ("rt-0094411/01", "RT 0094411 01"); one needs at least five digits to pick out a tenancy.
"""

import re
import unicodedata

TITLES = frozenset("mr mrs ms miss mx dr prof sir dame lady lord rev revd fr".split())
# A UK postcode: outward code (area, district) and inward code (sector, unit).
POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b")
PHONE_SEPARATORS = re.compile(r"[\s().\-/]")
REFERENCE_SEPARATORS = re.compile(r"[\s./\-]")
REFERENCE_MIN_DIGITS = 5
REFERENCE_MAX_LENGTH = 24


def _folded(value: str) -> str:
    """NFKC, case folded, accents (combining marks) dropped."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", value).casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _words(value: str) -> list[str]:
    """Letters and digits as words: hyphens and other separators split, apostrophes and full
    stops join (O'Brien, St.)."""
    joined = re.sub(r"['’‘`.]", "", _folded(value))
    return [word for word in re.split(r"[^\w]+|_", joined) if word]


def name(value: str) -> str:
    words = _words(value)
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return " ".join(words)


def surname(value: str) -> str:
    words = name(value).split()
    return words[-1] if words else ""


def address(value: str) -> str:
    return "".join(_words(value))


def postcode(value: str) -> str:
    """The last UK postcode in ``value`` (an address or a postcode), else ""."""
    found = POSTCODE.findall(_folded(value).upper())
    return "".join(found[-1]) if found else ""


def phone(value: str) -> str:
    """A UK number as 0 and its national digits, else "" (too short, long or not a number)."""
    compact = unicodedata.normalize("NFKC", value).replace("(0)", "")
    compact = PHONE_SEPARATORS.sub("", compact)
    for prefix in ("+44", "0044"):
        if compact.startswith(prefix):
            compact = "0" + compact[len(prefix) :].removeprefix("0")
            break
    if not compact.isascii() or not compact.isdigit() or not compact.startswith("0"):
        return ""
    return compact if 10 <= len(compact) <= 11 else ""


def tenancy_reference(value: str) -> str:
    """A tenancy or rent reference in capitals with no separators, else "" (no letters and
    digits alone, fewer than five digits, or too long to be one)."""
    compact = REFERENCE_SEPARATORS.sub("", unicodedata.normalize("NFKC", value)).upper()
    if not compact.isascii() or not compact.isalnum() or len(compact) > REFERENCE_MAX_LENGTH:
        return ""
    digits = sum(character.isdigit() for character in compact)
    return compact if digits >= REFERENCE_MIN_DIGITS else ""
