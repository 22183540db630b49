"""Transport (sockets and views) never writes models: every write is an action
(``chatserver.chat.actions``) or a compliance function, which own the transaction, the
audit entry and the broadcast that go with it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TRANSPORT = [
    *sorted((ROOT / "chatserver" / "chat" / "consumers").glob("*.py")),
    ROOT / "chatserver" / "chat" / "views.py",
    ROOT / "chatserver" / "views.py",
    *sorted((ROOT / "chatserver" / "console" / "views").glob("*.py")),
    ROOT / "widget" / "views.py",
    ROOT / "identity" / "scim" / "views.py",
]
WRITES = {"save", "create", "update", "delete", "get_or_create", "update_or_create"}
# A related manager's writes (``conversation.live.handled_by.add(agent)``); a plain set's
# ``seen.add(x)`` is called on a name, not an attribute, and is not counted.
RELATED_WRITES = {"add", "remove", "clear", "set"}


def model_writes(source: str) -> list[str]:
    """Calls in ``source`` that write through Django's ORM, as ``line: method``. Names are
    matched, not types: a dict is merged with ``|=`` here, not ``.update``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method = node.func.attr
            on_related = method in RELATED_WRITES and isinstance(node.func.value, ast.Attribute)
            if method in WRITES or method.startswith("bulk_") or on_related:
                found.append(f"{node.lineno}: {method}")
    return found


@pytest.mark.parametrize("module", TRANSPORT, ids=lambda path: str(path.relative_to(ROOT)))
def test_transport_writes_no_model(module: Path) -> None:
    assert model_writes(module.read_text()) == [], f"{module.name} writes models itself"


def test_the_scan_finds_writes() -> None:
    source = (
        "conversation.save()\n"
        "Conversation.objects.filter(pk=1).update(status='closed')\n"
        "Message.objects.bulk_create(lines)\n"
        "CannedResponse.objects.get_or_create(shortcut='hi')\n"
        "photo.delete()\n"
        "conversation.live.handled_by.add(agent)\n"
        "seen.add(agent)\n"
    )
    assert model_writes(source) == [
        "1: save",
        "2: update",
        "3: bulk_create",
        "4: get_or_create",
        "5: delete",
        "6: add",
    ]
