"""The access export's page as a letter to the subject: who holds their information, why
and on what basis, who received it, how long it is kept, where it came from, their
rights, what was withheld and why in general terms, then the conversations themselves
(``compliance/export.html``, every value escaped by the template)."""

from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from transcripts.compliance import controller, export_page
from transcripts.compliance.models import SubjectRequest, Withholding
from transcripts.compliance.subject_requests import Withheld

# What the letter says of withheld items: the kind of reason, never the DPO's note.
WITHHELD_BECAUSE: dict[str, Promise] = {
    Withholding.Reason.THIRD_PARTY: gettext_lazy("some of it is about another person"),
    Withholding.Reason.CRIME: gettext_lazy(
        "giving it could harm the prevention or detection of crime"
    ),
    Withholding.Reason.LEGAL_PRIVILEGE: gettext_lazy("it is legal advice given to us"),
    Withholding.Reason.SERIOUS_HARM: gettext_lazy(
        "giving it could cause serious harm to someone's health"
    ),
    Withholding.Reason.OTHER: gettext_lazy("another exemption in data protection law applies"),
}


def _one_name(exported: list[dict[str, Any]]) -> str:
    """The name the tenant gave, when their conversations (as held, not masked or erased)
    give exactly one; else "" (the letter then opens "Hello,")."""
    names = {
        " ".join(str(conversation["details"].get("name") or "").split())
        for conversation in exported
        if conversation["state"] == "original"
    } - {""}
    if len({name.casefold() for name in names}) != 1:
        return ""
    return min(names)


def _letter(
    request: SubjectRequest, withheld: Withheld, exported: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "name": _one_name(exported),
        "controller": controller.configured(),
        "reference": request.reference,
        "received": request.received_on,
        "today": timezone.localdate(),
        "conversations": len(exported),
        "retention_days": settings.CHAT_RETENTION_DAYS,
        "purge_days": settings.CHAT_PURGE_DAYS,
        "withheld": withheld.count,
        "withheld_because": [str(WITHHELD_BECAUSE[reason]) for reason in withheld.reasons],
    }


def export_letter(
    exported: list[dict[str, Any]], request: SubjectRequest, withheld: Withheld
) -> str:
    """The letter, in the active language."""
    return export_page.export_html(
        exported,
        export_page.subject_title(),
        letter=_letter(request, withheld, exported),
    )
