"""The reports' CSV exports: one per report and one row per conversation, streamed, each
audited, and none holding anything personal: the redaction engine finds nothing in them,
nor do the visitors' known details appear."""

import csv
import io
import re
from typing import Any

import pytest
from django.test import Client

from chatserver.teams.models import Team
from tests import factories
from tests.mfa import sign_in
from tests.reports_seed import KNOWN, period, seed
from transcripts.compliance import audit
from transcripts.compliance.models import AuditEntry
from transcripts.redaction.pii import default_redactor

pytestmark = pytest.mark.django_db
REPORTS = ("breakdown", "languages", "hours", "concurrency", "ratings", "conversations")


def download(client: Client, name: str, **query: str) -> list[list[str]]:
    response = client.get(f"/console/reports/{name}.csv", {**period(), **query})
    assert response.status_code == 200
    assert response.streaming and response["Content-Type"] == "text/csv"
    assert response["Cache-Control"] == "no-store, private"
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def supervisor_client() -> Client:
    client = Client()
    sign_in(client, factories.supervisor("sue"))
    return client


def test_every_export_is_audited(supervisor_client: Client) -> None:
    seeded = seed()
    for name in REPORTS:
        download(supervisor_client, name, team=str(seeded.repairs.pk))
    entries = AuditEntry.objects.filter(action=audit.REPORT_EXPORTED).order_by("at")
    assert [entry.detail["report"] for entry in entries] == list(REPORTS)
    assert {entry.actor.username for entry in entries} == {"sue"}  # type: ignore[union-attr]
    assert entries[0].detail == {"report": "breakdown", **period(), "team": seeded.repairs.pk}


def test_one_row_per_conversation_with_ids_times_and_categories(supervisor_client: Client) -> None:
    seeded = seed()
    header, *rows = download(supervisor_client, "conversations")
    assert header[:3] == ["conversation_id", "started_at", "answered_at"]
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_id) == {str(seeded.chats[name].pk) for name in "ABCD"}
    b = by_id[str(seeded.chats["B"].pk)]
    assert (b["team"], b["language"], b["contact_reason"], b["outcome"]) == (
        "Repairs",
        "cy",
        "report-repair",
        "raised",
    )
    assert b["offered"] == "yes" and b["agent_id"] == str(seeded.alice.pk)
    assert b["first_agent_line_at"] and b["answered_at"] < b["first_agent_line_at"]


def test_the_breakdown_export_holds_the_page_s_figures(supervisor_client: Client) -> None:
    seed()
    header, *rows = download(supervisor_client, "breakdown")
    repairs = dict(zip(header, next(row for row in rows if row[0] == "Repairs"), strict=True))
    assert repairs["chats"] == "2" and repairs["service_level_percent"] == "50.0"
    assert repairs["average_answer_seconds"] == "60"


def vocabulary(seeded: Any) -> set[str]:
    """The words an export may hold besides ids, times and numbers: its headers and the
    categories staff keep (teams, contact reasons, outcomes), the languages and the ways a
    chat ends, whether it was offered, and an empty cell (a span the engine draws across
    cells, here from an id, reaches its neighbours). None is a visitor's."""
    from chatserver.chat.models import EndedBy
    from chatserver.reports import exports

    return {
        *exports.MEASURED_HEADER,
        *exports.CONVERSATION_HEADER,
        "(none)",
        "All chats",
        *(team.name for team in (seeded.repairs, seeded.rent)),
        *(entry.slug for entry in (seeded.repair, seeded.raised)),
        *(entry.label for entry in (seeded.repair, seeded.raised)),
        "repairs",
        "en-gb",
        "cy",
        "English",
        "Cymraeg",
        *EndedBy.values,
        "yes",
        "no",
        "",
    }


SHAPED = re.compile(
    r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}"  # an id
    r"|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d"  # a time
    r"|\d+(\.\d)?"  # a count, a share or seconds
)


def cells_hit(text: str) -> list[str]:
    """The cells of a CSV text in which the redaction engine, given the visitors' details,
    finds something personal (each whole cell, so a hit inside an id names the id)."""
    (entities,) = default_redactor().analyze_many([text], known=KNOWN)
    spans, offset = [], 0
    for line in text.split("\n"):
        for cell in line.split(","):
            spans.append((offset, offset + len(cell), cell))
            offset += len(cell) + 1
    return [cell for start, end, cell in spans for e in entities if e.start < end and start < e.end]


def test_no_export_holds_anything_personal(supervisor_client: Client) -> None:
    """The engine is tuned for prose: on a bare code word ("visitor", "en-gb") its name model
    can fire, and its number rules inside an id. Every cell it fires on must be one of the
    export's known words or an id, time or number, never a detail."""
    seeded = seed()
    allowed = vocabulary(seeded)
    texts = [
        "\n".join(",".join(row) for row in download(supervisor_client, name)) for name in REPORTS
    ]
    for name, text in zip(REPORTS, texts, strict=True):
        unexplained = [
            cell for cell in cells_hit(text) if cell not in allowed and not SHAPED.fullmatch(cell)
        ]
        assert unexplained == [], name
    everything = "\n".join(texts).lower()
    for value in [*KNOWN.values(), *KNOWN["name"].split(), "larkspur", "pontypridd"]:
        assert value.lower() not in everything
    # The same scan finds a visitor's details were they in a row.
    control = cells_hit(texts[-1] + f"\n{KNOWN['name']},{KNOWN['email']}")
    assert KNOWN["name"] in control and KNOWN["email"] in control


def test_a_label_cannot_become_a_spreadsheet_formula(supervisor_client: Any) -> None:
    seeded = seed()
    Team.objects.filter(pk=seeded.rent.pk).update(name="=HYPERLINK(1)")
    _header, *rows = download(supervisor_client, "breakdown")
    assert "'=HYPERLINK(1)" in [row[0] for row in rows]
