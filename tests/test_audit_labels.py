"""Audit actions in words: every action the code can write has a label, and staff read
the label (the dashboard's filter and table, the admin's list), never the raw name."""

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests import factories
from tests.mfa import sign_in
from transcripts.compliance import audit
from transcripts.compliance.models import AuditEntry

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("chatserver", "identity", "transcripts", "locality", "widget")


def _written_actions() -> set[str]:
    """The first argument of every ``audit.record(...)`` (or ``record(...)`` in the audit
    module) in the production code: a constant's name or a string."""
    written: set[str] = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                called = node.func
                named = called.attr if isinstance(called, ast.Attribute) else ""
                if (named or getattr(called, "id", "")) != "record":
                    continue
                first = node.args[0]
                if isinstance(first, ast.Attribute) and isinstance(first.value, ast.Name):
                    if first.value.id == "audit":
                        written.add(getattr(audit, first.attr))
                elif isinstance(first, ast.Name) and path.name == "audit.py":
                    written.add(getattr(audit, first.id))
                elif isinstance(first, ast.Constant) and isinstance(first.value, str):
                    written.add(first.value)
    return written


def test_every_action_the_code_writes_has_a_label_in_words() -> None:
    written = _written_actions()
    assert len(written) > 25
    assert written <= set(audit.ACTION_LABELS), written - set(audit.ACTION_LABELS)
    assert set(audit.ACTIONS) == set(audit.ACTION_LABELS)
    labels = list(audit.ACTION_LABELS.values())
    assert len(set(labels)) == len(labels), "two actions read the same"
    for action, label in audit.ACTION_LABELS.items():
        assert "_" not in label and label[0].isupper() and label != action, action
    assert audit.label(audit.MFA_FAILED) == "Sign-in code failed"
    assert audit.label(audit.SUBJECT_REQUEST_WITHHELD) == "Part of a request withheld"
    assert audit.label("an_old_action") == "An old action"


def test_an_unlabelled_action_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown audit action"):
        audit.record("not_an_action")


@pytest.mark.django_db
def test_the_dashboard_shows_actions_in_words_in_the_filter_and_the_table() -> None:
    client = Client()
    sign_in(client, factories.supervisor("dora"))
    audit.record(audit.MFA_FAILED)
    audit.record(audit.SUBJECT_REQUEST_WITHHELD, part="line", seq=3, reason="third_party")
    page = client.get("/console/dashboard/").content.decode()
    assert '<option value="mfa_failed">Sign-in code failed</option>' in page
    assert "<td>Part of a request withheld</td>" in page
    assert ">mfa_failed<" not in page and ">subject_request_withheld<" not in page
    chosen = client.get("/console/dashboard/", {"action": "mfa_failed"}).content.decode()
    assert '<option value="mfa_failed" selected>Sign-in code failed</option>' in chosen
    assert "<td>Sign-in code failed</td>" in chosen and "<td>Part of a request" not in chosen


@pytest.mark.django_db
def test_the_admin_lists_actions_in_words() -> None:
    client = Client()
    sign_in(client, User.objects.create_superuser("root", password="root-pass-for-tests-1"))
    audit.record(audit.EMAIL_CODE_SENT)
    page = client.get("/admin/transcripts/auditentry/").content.decode()
    assert "Email check code sent to the visitor" in page
    assert ">email_code_sent<" not in page
    assert AuditEntry.objects.count() >= 1
