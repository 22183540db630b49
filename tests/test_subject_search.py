"""The DPO's search for a subject's conversations (by name, surname, email, address,
postcode, phone number or forget-receipt reference): the action, its audit row (the kind
searched, never the value or its hash), the console screen, the forget receipt's short
reference, and starting a request from a result."""

import logging
import uuid

import pytest
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests import factories
from tests.mfa import sign_in
from transcripts.compliance import references, subject_requests, subject_rights, subject_search
from transcripts.compliance.models import AuditEntry, RequestConversations, SubjectRequest
from transcripts.record import blind_index, store

DETAILS = {"name": "Siân O'Brien", "email": "sian@example.com", "address": "12 High St, CF10 1AA"}
SEARCHES = [
    ("name", "sian obrien"),
    ("surname", "O'Brien"),
    ("email", "SIAN@example.com"),
    ("address", "12 high st cf101aa"),
    ("postcode", "cf10 1aa"),
    ("phone", "+44 7700 900123"),
    ("tenancy", "rt 0094411 01"),
]

# Two cores shared with other runs: generation may be slow, and that is not a failure.
LOADED_MACHINE = hypothesis_settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def client_for(account: User) -> Client:
    client = Client()
    sign_in(client, account)
    return client


def subjects_conversation() -> uuid.UUID:
    made = factories.conversation(
        details=DETAILS, lines=["call me on 07700 900123", "my tenancy ref is RT-0094411-01"]
    )
    factories.conversation(details={"name": "Sian Evans", "email": "evans@example.com"})
    return made.pk


@LOADED_MACHINE
@given(st.text(alphabet="0123456789ABCDEFGHJKMNPQRSTVWXYZ", min_size=8, max_size=8), st.data())
def test_a_reference_is_read_however_it_is_typed(code: str, data: st.DataObject) -> None:
    typed = code[:4] + data.draw(st.sampled_from(["-", " ", "", " - "])) + code[4:]
    typed = data.draw(st.sampled_from([typed, typed.lower()]))
    typed = typed.replace("0", data.draw(st.sampled_from(["0", "O", "o"])))
    typed = typed.replace("1", data.draw(st.sampled_from(["1", "I", "l"])))
    assert references.normalise(typed) == code


def test_a_new_reference_is_short_and_readable() -> None:
    made = {references.new_reference() for _ in range(50)}
    assert len(made) == 50
    for reference in made:
        assert (
            len(reference) == 8 and references.normalise(references.shown(reference)) == reference
        )
        assert references.shown(reference)[4] == "-"


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "value"), SEARCHES)
def test_the_search_finds_the_subject_and_audits_the_kind_only(kind: str, value: str) -> None:
    mine = subjects_conversation()
    dpo = factories.supervisor("dpo")
    found = subject_search.do_search_subject(kind, value, actor_id=dpo.pk)
    assert [row.conversation_id for row in found.conversations] == [mine]
    entry = AuditEntry.objects.get(action="subject_searched")
    assert entry.actor == dpo and entry.detail == {"kind": kind, "conversations": 1, "requests": 0}
    assert value not in str(entry.detail)
    digests = blind_index.detail_index_candidates(kind, value) if kind != "email" else []
    assert not any(digest in str(entry.detail) for digest in digests)


@pytest.mark.django_db
def test_a_search_that_finds_nothing_is_audited_too() -> None:
    subjects_conversation()
    found = subject_search.do_search_subject("surname", "Nobody", actor_id=None)
    assert found.conversations == [] and found.requests == []
    assert AuditEntry.objects.get(action="subject_searched").detail["conversations"] == 0


@pytest.mark.django_db
def test_an_unknown_kind_is_refused_and_not_audited() -> None:
    with pytest.raises(ValueError, match="kind"):
        subject_search.do_search_subject("shoe size", "9", actor_id=None)
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_forget_receipt_has_a_short_reference_that_finds_its_conversations() -> None:
    first = factories.conversation(details=DETAILS)
    second = factories.conversation()
    receipt = subject_rights.forget_conversations([first, second])
    assert len(receipt.reference) == 9 and receipt.reference[4] == "-"
    assert receipt.reference in receipt.text()
    typed = receipt.reference.lower().replace("-", " ")
    found = subject_search.do_search_subject("reference", typed, actor_id=None)
    assert [request.id for request in found.requests] == [receipt.request_id]
    assert {row.conversation_id for row in found.conversations} == {first.pk, second.pk}
    assert all(row.state == "erased" for row in found.conversations)


@pytest.mark.django_db
def test_a_held_forget_request_stays_open_with_its_conversations_findable() -> None:
    held = factories.conversation(legal_hold=True, legal_hold_reason="complaint")
    with pytest.raises(subject_rights.HeldConversations):
        subject_rights.forget_conversations([held])
    request = SubjectRequest.objects.get(source=SubjectRequest.Source.WIDGET)
    reference = RequestConversations.objects.get(request=request).reference
    assert reference is not None
    found = subject_search.do_search_subject("reference", reference, actor_id=None)
    assert [row.conversation_id for row in found.conversations] == [held.pk]
    assert found.requests[0].completed_at is None


@pytest.mark.django_db
def test_an_old_receipts_uuid_still_finds_its_request() -> None:
    old = subject_rights.register_request(
        SubjectRequest.Kind.ERASURE, "", source=SubjectRequest.Source.WIDGET
    )
    found = subject_search.do_search_subject("reference", str(old.id).upper(), actor_id=None)
    assert [request.id for request in found.requests] == [old.id]
    assert (
        subject_search.do_search_subject("reference", str(uuid.uuid4()), actor_id=None).requests
        == []
    )


@pytest.mark.django_db
def test_a_request_is_started_from_a_search_result() -> None:
    mine = subjects_conversation()
    dpo = factories.supervisor("dpo")
    request = subject_requests.start_request(SubjectRequest.Kind.ACCESS, [mine], actor_id=dpo.pk)
    assert request.source == SubjectRequest.Source.DPO and request.email_index == ""
    assert list(request.in_scope.all()) == [store.Conversation.objects.get(pk=mine)]
    received = AuditEntry.objects.get(action="subject_request_received")
    assert received.request_id == request.id and received.actor == dpo


# The console screen.


@pytest.mark.django_db
def test_only_supervisors_reach_the_search() -> None:
    agent = client_for(factories.agent("agent"))
    assert agent.get("/console/requests/search/").status_code == 403
    assert (
        agent.post("/console/requests/search/", {"kind": "name", "value": "x"}).status_code == 403
    )
    assert Client().get("/console/requests/search/").status_code == 302
    assert not AuditEntry.objects.filter(action="subject_searched").exists()


@pytest.mark.django_db
def test_the_search_screen_lists_matches_by_id_and_date_only(caplog) -> None:
    mine = subjects_conversation()
    dpo = factories.supervisor("dpo")
    client = client_for(dpo)
    page = client.get("/console/requests/search/")
    assert page.status_code == 200 and b'method="post"' in page.content
    with caplog.at_level(logging.DEBUG):
        found = client.post("/console/requests/search/", {"kind": "surname", "value": "O'Brien"})
    assert found.status_code == 200 and found["Cache-Control"] == "no-store, private"
    body = found.content.decode()
    assert str(mine) in body and "1 conversation found" in body
    for private in ("Siân", "Sian", "O&#x27;Brien", "O'Brien", "sian@example.com", "High St"):
        assert private not in body.replace('value=""', "")
    assert "O'Brien" not in caplog.text and "obrien" not in caplog.text.lower()
    entry = AuditEntry.objects.get(action="subject_searched")
    assert entry.actor == dpo and entry.detail == {
        "kind": "surname",
        "conversations": 1,
        "requests": 0,
    }


@pytest.mark.django_db
def test_results_are_unticked_and_tell_conversations_apart() -> None:
    """A surname finds namesakes: the DPO ticks the subject's own, told apart by their
    lines, agents and the detail matched, never by any detail shown."""
    mine = subjects_conversation()
    namesake = factories.conversation(details={"name": "Rhys O'Brien"}, lines=["hi"])
    helper = factories.agent("gwen")
    store.append_message(namesake.pk, sender="agent", text="hello", author_id=helper.pk)
    client = client_for(factories.supervisor("dpo"))
    found = client.post("/console/requests/search/", {"kind": "surname", "value": "obrien"})
    body = found.content.decode()
    assert "2 conversations found" in body and str(mine) in body and str(namesake.pk) in body
    assert 'name="conversation"' in body and " checked" not in body
    rows = body.split('id="found-conversations"')[1].split("<tr>")[2:]
    assert "2 lines" in rows[0] and "no agent" in rows[0] and "Surname" in rows[0]
    assert "2 lines" in rows[1] and "gwen" in rows[1]
    assert "Rhys" not in body
    entry = AuditEntry.objects.get(action="subject_searched")
    assert "obrien" not in str(entry.detail).lower()


@pytest.mark.django_db
def test_no_search_value_reaches_a_url() -> None:
    subjects_conversation()
    client = client_for(factories.supervisor("dpo"))
    queried = client.get("/console/requests/search/", {"kind": "surname", "value": "O'Brien"})
    assert "results" not in (queried.context or {}) or not queried.context["results"]
    assert not AuditEntry.objects.filter(action="subject_searched").exists()
    posted = client.post("/console/requests/search/", {"kind": "surname", "value": "O'Brien"})
    assert posted.status_code == 200 and "O%27Brien" not in posted.content.decode()
    assert "obrien" not in posted.content.decode().lower()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "posted", [{"kind": "surname", "value": ""}, {"kind": "shoe size", "value": "9"}, {}]
)
def test_a_bad_search_is_refused_and_not_audited(posted: dict[str, str]) -> None:
    client = client_for(factories.supervisor("dpo"))
    assert client.post("/console/requests/search/", posted).status_code == 400
    assert not AuditEntry.objects.filter(action="subject_searched").exists()


@pytest.mark.django_db
def test_a_request_is_started_from_the_results() -> None:
    mine = subjects_conversation()
    client = client_for(factories.supervisor("dpo"))
    started = client.post(
        "/console/requests/start/", {"kind": "erasure", "conversation": [str(mine)]}
    )
    assert started.status_code == 302
    request = SubjectRequest.objects.get()
    assert request.kind == "erasure"
    assert [conversation.pk for conversation in request.in_scope.all()] == [mine]


@pytest.mark.django_db
def test_the_screen_finds_a_tenancy_reference_written_in_the_chat() -> None:
    mine = subjects_conversation()
    client = client_for(factories.supervisor("dpo"))
    assert "Tenancy or rent reference" in client.get("/console/requests/search/").content.decode()
    found = client.post("/console/requests/search/", {"kind": "tenancy", "value": "RT0094411-01"})
    assert found.status_code == 200 and str(mine) in found.content.decode()
    other = client.post("/console/requests/search/", {"kind": "tenancy", "value": "RT0094411-02"})
    assert str(mine) not in other.content.decode()


@pytest.mark.django_db
def test_the_dashboard_links_to_the_search() -> None:
    page = client_for(factories.supervisor("dpo")).get("/console/dashboard/")
    assert b'href="/console/requests/search/"' in page.content
