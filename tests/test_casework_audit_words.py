"""The audit log reads a case's entries in the words of the case page: the extension's own
reason (not a subject request's), the reference as staff read it, the stage and lateness."""

import pytest

from chatserver.casework import actions
from chatserver.casework.actions import CaseRequest
from chatserver.console.audit_words import describe
from tests import factories
from transcripts.compliance import audit
from transcripts.compliance.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_an_extension_reads_with_its_own_reason_and_the_shown_reference() -> None:
    agent = factories.agent("casey")
    chat = factories.conversation(lines=["nobody came after I rang"])
    case = actions.do_record_case(agent, chat.pk, CaseRequest(kind="complaint", seq=1))
    actions.do_acknowledge(agent, case.reference)
    actions.do_extend(agent, case.reference, 4, "complex")
    actions.do_extend(agent, case.reference, 1, "third_party")
    words = [
        describe(entry.detail)
        for entry in AuditEntry.objects.filter(action=audit.CASE_EXTENDED).order_by("id")
    ]
    assert "The complaint has several parts to investigate" in words[0]
    assert "Waiting on a contractor or another body" in words[1]
    for sentence in words:
        assert case.shown_reference in sentence
        assert "stage 1" in sentence
        assert "request is complex" not in sentence and "DPA 2018" not in sentence


def test_a_step_reads_in_time_or_late_and_a_stageless_case_shows_no_stage() -> None:
    assert describe({"case": "TXH20MTN", "kind": "hazard", "stage": 0, "in_time": True}) == (
        "Case TXH2-0MTN; kind: hazard; in time"
    )
    assert "late" in describe(
        {"case": "TXH20MTN", "kind": "complaint", "stage": 2, "in_time": False}
    )
