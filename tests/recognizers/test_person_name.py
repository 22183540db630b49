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
