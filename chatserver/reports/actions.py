"""The reports' one write: the audit entry of an export (reports read, never write chats)."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from transcripts.compliance import audit


def do_record_export(actor: AbstractBaseUser, report: str, filters: dict[str, Any]) -> None:
    """Audits a CSV export before it is sent: which report, by whom, the period and the
    filters' ids (an export holds no chat text and no visitor details, but staff's
    downloads of chat data are accounted for all the same)."""
    audit.record(audit.REPORT_EXPORTED, actor_id=actor.pk, report=report, **filters)
