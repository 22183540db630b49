"""The source-reading import-linter contracts (tests/import_contracts.py) as configured in
pyproject.toml: they find what they forbid, and they cannot pass by looking at nothing."""

import ast
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.import_contracts import SourceNamesContract, findings, source_tree

ROOT = Path(__file__).resolve().parent.parent
CHANNEL_LAYER = "Only the broadcast module touches the channel layer"
TRANSPORT_WRITES = "Transport (consumers and views) never writes models"


def configured(name: str) -> dict[str, Any]:
    """The contract's options in pyproject.toml."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    options: dict[str, Any] = next(
        contract for contract in config["contracts"] if contract["name"] == name
    )
    assert options["type"] == SourceNamesContract.type_name
    return options


def found(contract_name: str, source: str) -> list[tuple[int, str]]:
    return findings(ast.parse(source), configured(contract_name))


def test_the_layer_rule_finds_every_way_to_the_layer() -> None:
    source = (
        "from channels.layers import get_channel_layer\n"
        "import channels.layers\n"
        "self.channel_layer.group_add(group, self.channel_name)\n"
        "layer.group_discard(group, channel)\n"
        "from channels import layers\n"
    )
    assert found(CHANNEL_LAYER, source) == [
        (1, "channels.layers"),
        (1, "channels.layers.get_channel_layer"),
        (1, "get_channel_layer"),
        (2, "channels.layers"),
        (3, "channel_layer"),
        (3, "group_add"),
        (4, "group_discard"),
        (5, "channels.layers"),
    ]
    assert (
        found(CHANNEL_LAYER, "from chatserver.chat import broadcast\nbroadcast.message(s)\n") == []
    )


def test_the_write_rule_finds_writes_and_leaves_reads_and_sets() -> None:
    source = (
        "conversation.save()\n"
        "Conversation.objects.filter(pk=1).update(status='closed')\n"
        "Message.objects.bulk_create(lines)\n"
        "CannedResponse.objects.get_or_create(shortcut='hi')\n"
        "photo.delete()\n"
        "conversation.live.handled_by.add(agent)\n"
        "seen.add(agent)\n"
        "Conversation.objects.filter(pk=1).first()\n"
    )
    assert found(TRANSPORT_WRITES, source) == [
        (1, "save"),
        (2, "update"),
        (3, "bulk_create"),
        (4, "get_or_create"),
        (5, "delete"),
        (6, "add"),
    ]


@pytest.mark.parametrize(
    ("module", "contract_name"),
    [
        ("chatserver.chat.broadcast", CHANNEL_LAYER),
        ("chatserver.chat.actions.conversations", TRANSPORT_WRITES),
    ],
)
def test_the_scan_sees_what_the_modules_it_allows_do(module: str, contract_name: str) -> None:
    """Broadcast and the actions do what the rules keep to them: read from their files."""
    tree = source_tree(module)
    assert tree is not None
    assert findings(tree, configured(contract_name)) != []


def test_every_transport_module_is_in_the_write_rule() -> None:
    """A new consumer or view module falls under the rule (its package is listed)."""
    listed = set(configured(TRANSPORT_WRITES)["source_modules"])
    transport = {
        "chatserver.chat.consumers",
        "chatserver.console.views",
        "widget.views",
        "identity.scim.views",
    }
    assert transport <= listed
    assert source_tree("chatserver.chat.consumers.agent") is not None
