"""The lists a landlord starts with; supervisors change them in the admin."""

from collections.abc import Callable
from typing import Any

REASONS = [
    ("repair", "Repair"),
    ("rent-arrears", "Rent or arrears"),
    ("anti-social-behaviour", "Anti-social behaviour"),
    ("lettings", "Lettings"),
    ("complaint", "Complaint"),
    ("other", "Other"),
]
OUTCOMES = [
    ("resolved-in-chat", "Resolved in chat"),
    ("repair-raised", "Repair raised"),
    ("callback-arranged", "Callback arranged"),
    ("signposted", "Signposted"),
    ("complaint-recorded", "Complaint recorded"),
]
TAGS = [
    ("follow-up-needed", "Follow-up needed"),
    ("escalated", "Escalated to a manager"),
    ("repeat-contact", "Repeat contact"),
]

LISTS = {"ContactReason": REASONS, "Outcome": OUTCOMES, "Tag": TAGS}


def seed(get_model: Callable[[str], Any]) -> None:
    """Adds the starting lists and the policy row where missing (``get_model`` names a
    model of this app: the migration's historical one, or the real one)."""
    for model, rows in LISTS.items():
        for position, (slug, label) in enumerate(rows):
            get_model(model).objects.get_or_create(
                slug=slug, defaults={"label": label, "position": position}
            )
    get_model("WrapUpPolicy").objects.get_or_create(pk=1)
