"""The visitor's details are declared once, in ``personal_data.DETAILS``: every place that
handles them by name must cover exactly those fields, so adding one (a phone number) fails
here until the socket's limits, the protocol, the widget's form and quick exit, the masking
of known values and the subject export all know it. A field one of them forgot would be
kept unmasked after ageing, or left on a shared computer."""

import dataclasses
import re
from pathlib import Path

from chatserver.chat import inbound, protocol
from transcripts.compliance.export_page import FIELD_LABELS
from transcripts.record.details import DetailsView
from transcripts.record.personal_data import DETAILS, EXPORTED_RECORDS
from transcripts.redaction.recognizers.known_values import KnownValuesRecognizer

ROOT = Path(__file__).resolve().parent.parent
FIELDS = set(DETAILS.sealed_fields)


def test_the_record_and_its_view_hold_the_declared_fields() -> None:
    view_fields = {field.name for field in dataclasses.fields(DetailsView)} - {"erased"}
    assert view_fields == FIELDS


def test_the_socket_and_the_protocol_read_every_field() -> None:
    assert set(inbound.DETAIL_LIMITS) == FIELDS
    assert set(protocol.Details.__annotations__) == FIELDS


def test_every_field_is_masked_as_a_known_value() -> None:
    assert set(KnownValuesRecognizer.FIELD_ENTITIES) == FIELDS


def test_the_subject_export_names_every_sealed_field() -> None:
    exported = {field for record in EXPORTED_RECORDS for field in record.sealed_fields}
    assert exported >= FIELDS
    assert exported <= set(FIELD_LABELS)


def test_the_widget_asks_for_every_field_within_the_servers_limits() -> None:
    page = (ROOT / "widget" / "templates" / "widget" / "frame.html").read_text()
    limits = {
        field: int(length)
        for field, length in re.findall(r'<input id="(\w+)"[^>]*maxlength="(\d+)"', page)
        if field in FIELDS
    }
    assert limits == inbound.DETAIL_LIMITS


def test_quick_exit_wipes_every_field_from_the_form() -> None:
    source = (ROOT / "widget" / "static" / "widget" / "quickexit.js").read_text()
    wiped = re.search(r"wipeLocalCopy\(\[([^\]]*)\]\)", source)
    assert wiped is not None
    assert set(re.findall(r"el\.(\w+)", wiped.group(1))) >= FIELDS
