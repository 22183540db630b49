"""The disclosure register: recorded with its archive in one step, refused without the
special-category condition, read-audited, and listed in the subject's own export."""

import io
import json
import zipfile

import pytest
from django.test import Client

from tests import factories
from tests.mfa import sign_in
from transcripts.compliance import audit, subject_rights
from transcripts.compliance.models import AuditEntry, Disclosure
from transcripts.record import store
from transcripts.record.models import Conversation

pytestmark = pytest.mark.django_db

EMAIL = "disclosed.subject@example.org"
FORM = {
    "recipient": "Riverside Police, public protection unit",
    "lawful_basis": "crime",
    "reference": "CRIME/2026/4411",
    "scope": "transcript",
}


def conversation(*, special: bool = False) -> Conversation:
    return factories.conversation(
        details={"name": "Dee Closed", "email": EMAIL},
        lines=["He threw a brick at my window"],
        special_category=special,
    )


def test_a_supervisor_records_a_disclosure_and_downloads_its_archive(client: Client) -> None:
    carol = factories.supervisor("carol")
    disclosed = conversation()
    sign_in(client, carol)
    url = f"/console/history/{disclosed.pk}/disclose/"
    assert client.get(url).status_code == 200
    answer = client.post(url, FORM)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/zip"
    assert answer["Content-Disposition"].startswith('attachment; filename="disclosure-')
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    document = json.loads(archive.read("export.json"))
    [given] = document["conversations"]
    assert given["details"]["name"] == "Dee Closed"
    assert [line["text"] for line in given["messages"]] == ["He threw a brick at my window"]
    assert "read_by" not in given and "diagnostics" not in given
    record = Disclosure.objects.get()
    assert (record.recipient, record.reference, record.disclosed_by) == (
        FORM["recipient"],
        FORM["reference"],
        carol,
    )
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {audit.DISCLOSURE_RECORDED, audit.TRANSCRIPT_READ} <= actions
    assert FORM["reference"] in client.get("/console/dashboard/").content.decode()

    request = subject_rights.register_request("access", EMAIL)
    export = zipfile.ZipFile(io.BytesIO(subject_rights.export_subject(EMAIL, request)))
    mine = json.loads(export.read("export.json"))
    assert mine["conversations"][0]["disclosures"][0]["reference"] == FORM["reference"]
    assert "never added to a mailing list" in mine["email_use"]
    assert "Given to others" in export.read("export.html").decode()


def test_transcript_only_leaves_the_details_out(client: Client) -> None:
    sign_in(client, factories.supervisor("carol"))
    disclosed = conversation()
    answer = client.post(
        f"/console/history/{disclosed.pk}/disclose/", FORM | {"scope": "transcript_only"}
    )
    given = json.loads(zipfile.ZipFile(io.BytesIO(answer.content)).read("export.json"))
    assert "details" not in given["conversations"][0]


def test_special_category_needs_its_condition_and_agents_cannot_disclose(
    client: Client,
) -> None:
    special = conversation(special=True)
    url = f"/console/history/{special.pk}/disclose/"
    sign_in(client, factories.agent("alice"))
    assert client.get(url).status_code == 403
    sign_in(client, factories.supervisor("carol"))
    refused = client.post(url, FORM)
    assert refused.status_code == 400 and b"special-category" in refused.content
    assert not Disclosure.objects.exists()
    condition = "Explicit consent given by phone, 3 Dec 2026"
    accepted = client.post(url, FORM | {"special_category_basis": condition})
    assert accepted.status_code == 200
    assert Disclosure.objects.get().special_category_basis == condition
    bad = client.post(url, FORM | {"lawful_basis": "because"})
    assert bad.status_code == 400 and Disclosure.objects.count() == 1


def test_an_erased_conversation_cannot_be_disclosed(client: Client) -> None:
    sign_in(client, factories.supervisor("carol"))
    erased = conversation()
    store.shred_conversation(erased.pk)
    answer = client.post(f"/console/history/{erased.pk}/disclose/", FORM)
    assert answer.status_code == 400 and b"erased" in answer.content
    assert not Disclosure.objects.exists()
