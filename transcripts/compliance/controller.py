"""The controller of the chat's personal data and the lawful basis of each purpose, as
the privacy notice and the access letter state them (UK GDPR arts. 13 and 15).

Read from settings: ``CHAT_ORGANISATION_NAME``, ``CHAT_CONTROLLER_ADDRESS`` and
``CHAT_LAWFUL_BASES`` ("purpose=basis" pairs separated by commas, one for every purpose).
A bad value raises ``ImproperlyConfigured`` naming the setting (a check error at start-up).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

PURPOSES: dict[str, Promise] = {
    "chat": gettext_lazy(
        "Answering your question in the chat and keeping a record of the advice we gave"
    ),
    "details": gettext_lazy(
        "Finding your tenancy from the name and addresses you give, and replying by email"
    ),
    "photos": gettext_lazy("Seeing the repair in the photos you send"),
    "diagnostics": gettext_lazy(
        "Protecting the service from abuse and fixing problems (your IP address and browser)"
    ),
}
BASES: dict[str, Promise] = {
    "consent": gettext_lazy("your consent (UK GDPR article 6(1)(a))"),
    "contract": gettext_lazy("your tenancy agreement with us (UK GDPR article 6(1)(b))"),
    "legal_obligation": gettext_lazy("a legal obligation (UK GDPR article 6(1)(c))"),
    "vital_interests": gettext_lazy("protecting someone's life (UK GDPR article 6(1)(d))"),
    "public_task": gettext_lazy("a task in the public interest (UK GDPR article 6(1)(e))"),
    "legitimate_interests": gettext_lazy("our legitimate interests (UK GDPR article 6(1)(f))"),
}


def _refused(problem: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"CHAT_LAWFUL_BASES: {problem}")


def parse_lawful_bases(text: str) -> dict[str, str]:
    """Every purpose's basis from "purpose=basis, ..."; refuses anything else."""
    bases: dict[str, str] = {}
    for entry in filter(None, (part.strip() for part in text.split(","))):
        purpose, equals, basis = (side.strip() for side in entry.partition("="))
        if not equals:
            raise _refused(f"{entry!r} is not purpose=basis")
        if purpose not in PURPOSES:
            raise _refused(f"unknown purpose {purpose!r} (one of {', '.join(PURPOSES)})")
        if basis not in BASES:
            raise _refused(f"unknown lawful basis {basis!r} (one of {', '.join(BASES)})")
        if purpose in bases:
            raise _refused(f"{purpose!r} is given more than once")
        bases[purpose] = basis
    missing = [purpose for purpose in PURPOSES if purpose not in bases]
    if missing:
        raise _refused(f"no basis for {', '.join(missing)}")
    return bases


@dataclass(frozen=True)
class Controller:
    name: str
    address: str
    contact: str
    # (what we use the data for, the lawful basis), in the active language when read.
    purposes: tuple[tuple[Promise, Promise], ...]


def configured_address() -> str:
    address = str(settings.CHAT_CONTROLLER_ADDRESS).strip()
    if not address:
        raise ImproperlyConfigured("CHAT_CONTROLLER_ADDRESS: the controller's postal address")
    return address


def configured() -> Controller:
    """The controller as the settings give it."""
    bases = parse_lawful_bases(settings.CHAT_LAWFUL_BASES)
    return Controller(
        name=settings.CHAT_ORGANISATION_NAME,
        address=configured_address(),
        contact=settings.CHAT_PRIVACY_CONTACT,
        purposes=tuple((PURPOSES[purpose], BASES[basis]) for purpose, basis in bases.items()),
    )
