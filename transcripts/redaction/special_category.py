"""Special-category data (UK GDPR article 9): a maintained list of terms.

A conversation that mentions health, disability, religion, ethnicity, sex life
or sexual orientation, political opinions, trade-union membership, genetics or
biometrics is flagged, so it is shown with a badge and readable by supervisors
and its own agent only. Terms are matched as whole words, case-insensitively;
words with everyday meanings in housing ("black mould", "Church Street") are
left out or need a qualifier.
"""

import re

TERMS: dict[str, tuple[str, ...]] = {
    "health": (
        "disability",
        "disabled",
        "wheelchair",
        "mobility scooter",
        "blind",
        "deaf",
        "mental health",
        "depression",
        "depressed",
        "anxiety",
        "panic attacks",
        "ptsd",
        "bipolar",
        "schizophrenia",
        "self harm",
        "self-harm",
        "suicidal",
        "suicide",
        "autism",
        "autistic",
        "adhd",
        "dementia",
        "alzheimer's",
        "epilepsy",
        "epileptic",
        "diabetes",
        "diabetic",
        "asthma",
        "copd",
        "cancer",
        "chemotherapy",
        "stroke",
        "heart condition",
        "pregnant",
        "pregnancy",
        "miscarriage",
        "hiv",
        "dialysis",
        "medication",
        "prescription",
        "hospital",
        "surgery",
        "my gp",
        "carer",
        "care package",
        "occupational therapist",
        "adaptation",
        "adaptations",
        "addiction",
        "alcoholic",
        "rehab",
        "illness",
        "terminally ill",
        "chronic pain",
    ),
    "religion": (
        "muslim",
        "islam",
        "islamic",
        "mosque",
        "christian",
        "jewish",
        "synagogue",
        "hindu",
        "temple",
        "sikh",
        "gurdwara",
        "buddhist",
        "catholic",
        "religion",
        "religious",
        "ramadan",
        "my faith",
        "prayer",
        "praying",
    ),
    "ethnicity": (
        "racist",
        "racism",
        "racial",
        "race",
        "ethnic",
        "ethnicity",
        "gypsy",
        "traveller",
        "roma",
        "asylum",
        "refugee",
        "immigrant",
        "skin colour",
    ),
    "sexuality": (
        "gay",
        "lesbian",
        "bisexual",
        "transgender",
        "trans woman",
        "trans man",
        "non-binary",
        "homophobic",
        "transphobic",
        "lgbt",
        "lgbtq",
        "queer",
        "my girlfriend and i",
        "same-sex",
    ),
    "beliefs": (
        "trade union",
        "union rep",
        "political party",
        "labour party",
        "conservative party",
    ),
    "genetic": ("genetic", "dna test", "fingerprints", "biometric"),
}

_PATTERN = re.compile(
    r"\b(?:"
    + "|".join(
        re.escape(term) for terms in TERMS.values() for term in sorted(terms, key=len, reverse=True)
    )
    + r")\b",
    re.IGNORECASE,
)


def special_categories(text: str) -> set[str]:
    """The categories whose terms appear in the text."""
    found: set[str] = set()
    for match in _PATTERN.finditer(text):
        term = match.group().lower()
        found.update(category for category, terms in TERMS.items() if term in terms)
    return found


def mentions_special_category(text: str) -> bool:
    return _PATTERN.search(text) is not None
