"""Supervisors' actions on sign-in, each audited."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from identity import throttle
from transcripts.compliance import audit


@transaction.atomic
def do_clear_lockout(request: HttpRequest, supervisor: Any, account: Any) -> None:
    """Lets ``account`` try to sign in again at once: forgets its failed passwords and
    codes (``identity.throttle``). The caller has checked that ``supervisor`` may.

    ``request`` is the supervisor's: allauth's limits are read through a request.
    """
    throttle.clear(request, account.get_username(), account.pk)
    audit.record(audit.SIGN_IN_LOCKOUT_CLEARED, actor_id=supervisor.pk, account_id=account.pk)
