"""Names need the tagger's parts of speech, so this recognizer is tried in the engine."""

import pytest


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("my name is Priya Okafor", ["Priya Okafor"]),
        ("Aunty Patience is staying with us", ["Patience"]),
        ("Nan Mercy lives with us", ["Mercy"]),
        ("my youngest Blessing has asthma", ["Blessing"]),
        ("our neighbour Autumn plays music", ["Autumn"]),
        ("I spoke to Hope last week", ["Hope"]),
        ("i'm ebony and i rang before", ["ebony"]),
        ("hi its destiny thompson again", ["destiny thompson"]),
        ("Joy from the repairs team said so", ["Joy"]),
        ("Merit Obi, TN-550317, B12 9RT", ["Merit Obi"]),
        ("we hope the summer will be drier", []),
        ("it was a joy to get the keys", []),
        ("I told the neighbour about the noise", []),
        ("I'm sorry to bother you", []),
        ("my nan lives with us", []),
    ],
)
def test_names(redactor, text: str, found: list[str]) -> None:
    [entities] = redactor.analyze_many([text], None)
    names = [text[e.start : e.end] for e in entities if e.type == "PERSON"]
    assert names == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # Round 3b: a lower-case name no list knows after the visitor names themself,
        # "my names" written without "is", and partners named in text-speak.
        ("my name is ayodeji i need someone for the boiler", ["ayodeji"]),
        ("hiya my names oluwakemi adebayo flat 4 has no heating", ["oluwakemi adebayo"]),
        ("my names kulvinder and the sink is blocked", ["kulvinder"]),
        ("my hubby darren is home all day", ["darren"]),
        ("my bf jordan found the leak", ["jordan"]),
    ],
)
def test_names_after_a_naming_phrase(redactor, text: str, found: list[str]) -> None:
    [entities] = redactor.analyze_many([text], None)
    names = [text[e.start : e.end] for e in entities if e.type == "PERSON"]
    assert names == found


@pytest.mark.parametrize(
    "text",
    [
        "my name is wrong on the rent letter",
        "my name is not on the tenancy yet",
        "my name is spelt wrong",
        "my bf is at work till six",
        "my hubby is disabled so we need the ramp",
    ],
)
def test_words_after_a_naming_phrase_stay(redactor, text: str) -> None:
    [entities] = redactor.analyze_many([text], None)
    assert [text[e.start : e.end] for e in entities if e.type == "PERSON"] == []
