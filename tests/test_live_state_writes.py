"""The live state is written through the chat's model, never as record columns."""

import ast
from pathlib import Path

from chatserver.chat.models import LiveConversation
from transcripts.record.models import Conversation

ROOT = Path(__file__).resolve().parent.parent
WRITES = {"update", "create", "get_or_create", "update_or_create", "bulk_update"}


def live_field_names() -> set[str]:
    return {field.name for field in LiveConversation._meta.fields} - {"conversation"}


def chain_root(node: ast.expr) -> str | None:
    """The name a chain like ``Conversation.objects.filter(...).update`` starts from."""
    while isinstance(node, ast.Attribute | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def live_fields_written_on_the_record(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr in WRITES and chain_root(node.func.value) == Conversation.__name__:
            found += [(node.lineno, kw.arg) for kw in node.keywords if kw.arg in live_field_names()]
    return found


def test_the_check_sees_a_live_field_written_on_the_record() -> None:
    source = 'Conversation.objects.filter(pk=1).update(emergency="gas")'
    assert live_fields_written_on_the_record(source) == [(1, "emergency")]
    assert not live_fields_written_on_the_record("Conversation.objects.update(last_seq=2)")


def test_no_module_writes_live_fields_as_record_columns() -> None:
    written = [
        f"{path.relative_to(ROOT)}:{line} writes {field}"
        for folder in ("chatserver", "transcripts", "bench")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "migrations" not in path.parts
        for line, field in live_fields_written_on_the_record(path.read_text())
    ]
    assert not written, "\n".join(written)
