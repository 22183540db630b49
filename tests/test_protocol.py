"""The protocol's definitions agree with the reference users read and with the browser."""

import json
import re
from pathlib import Path

from chatserver.chat import protocol
from tests import frame_typedefs

ROOT = Path(__file__).resolve().parent.parent
DIRECTIONS = {"client to server": "in", "server to client": "out"}


def documented_frames() -> dict[tuple[str, str, str], tuple[set[str], set[str]]]:
    """The frame reference of docs/protocol.md: (required keys, optional keys) per frame."""
    text = (ROOT / "docs" / "protocol.md").read_text()
    section = text.split("## Frame reference", 1)[1].split("\n## ", 1)[0]
    frames = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[1] not in DIRECTIONS:
            continue
        keys = re.findall(r"`([a-z_]+\??)`", cells[3])
        frames[(cells[0], DIRECTIONS[cells[1]], cells[2].strip("`"))] = (
            {key for key in keys if not key.endswith("?")},
            {key.rstrip("?") for key in keys if key.endswith("?")},
        )
    return frames


def defined_frames() -> dict[tuple[str, str, str], tuple[set[str], set[str]]]:
    return {
        frame: (set(typed.__required_keys__), set(typed.__optional_keys__))
        for frame, typed in protocol.FRAMES.items()
    }


def test_every_frame_has_the_keys_the_reference_documents() -> None:
    documented, defined = documented_frames(), defined_frames()
    assert set(documented) == set(defined), "frames documented but not defined, or the reverse"
    for frame, keys in defined.items():
        assert documented[frame] == keys, frame


def _js_object(source: str, name: str) -> dict[str, object]:
    body = re.search(rf"export const {name} = Object\.freeze\(\{{(.*?)\}}\);", source, re.S)
    assert body, f"{name} is not in protocol.js"
    pairs = re.findall(r"(\w+): (\"[a-z_]+\"|\d+),", body.group(1))
    return {key: json.loads(value) for key, value in pairs}


def test_the_browser_shares_the_servers_codes() -> None:
    source = (ROOT / "chatserver" / "static" / "chatserver" / "protocol.js").read_text()
    errors = _js_object(source, "ERROR")
    assert {key.lower(): value for key, value in errors.items()} == {
        code: code for code in protocol.ERROR_CODES
    }
    assert _js_object(source, "CLOSE") == protocol.CLOSE_CODES
    marker = re.search(r'export const HIDDEN_MARKER = "(\\u[0-9A-Fa-f]{4})";', source)
    assert marker, "HIDDEN_MARKER is not in protocol.js"
    assert json.loads(f'"{marker.group(1)}"') == protocol.HIDDEN_MARKER


def test_a_frame_checked_against_the_registry_names_what_is_wrong() -> None:
    assert protocol.frame_problems("visitor", {"type": "ack", "client_id": "c", "seq": 1}) == []
    assert protocol.frame_problems("visitor", {"type": "ack", "seq": 1, "extra": 1}) == [
        "ack lacks client_id",
        "ack has unknown extra",
    ]
    assert protocol.frame_problems("agent", {"type": "nonsense"}) == [
        "no agent frame of type nonsense"
    ]


def test_the_browser_and_the_server_agree_on_what_a_client_id_may_be() -> None:
    source = (ROOT / "chatserver" / "static" / "chatserver" / "protocol.js").read_text()
    pattern = re.search(r"export const CLIENT_ID_PATTERN = /\^(.*?)\$/;", source)
    assert pattern and pattern.group(1) == protocol.CLIENT_ID_PATTERN
    socket_js = (ROOT / "chatserver" / "static" / "chatserver" / "socket.js").read_text()
    assert "crypto.randomUUID()" in socket_js  # a UUID: hex digits and "-"
    assert "toString(36)" in socket_js  # the fallback: base-36 digits and "-"


def test_the_browsers_frame_types_are_generated_from_the_protocol() -> None:
    """frames.js (JSDoc types and keys, checked by tsc and the JavaScript tests) is what
    ``python -m tests.frame_typedefs`` writes from ``protocol.FRAMES`` now."""
    committed = frame_typedefs.TARGET.read_text()
    assert committed == frame_typedefs.generate(), (
        "chatserver/static/chatserver/frames.js is out of date: run python -m tests.frame_typedefs"
    )


def test_the_generated_frame_keys_are_the_protocols() -> None:
    source = frame_typedefs.TARGET.read_text()
    keys = json.loads(
        "{"
        + re.sub(r"(required|optional):", r'"\1":', source.split("FRAME_KEYS = Object.freeze({")[1])
        .split("});")[0]
        .rstrip()
        .rstrip(",")
        + "}"
    )
    assert {
        tuple(name.split(" ")): (set(k["required"]), set(k["optional"])) for name, k in keys.items()
    } == defined_frames()


def test_the_browser_names_every_frame_type() -> None:
    source = (ROOT / "chatserver" / "static" / "chatserver" / "protocol.js").read_text()
    types = _js_object(source, "TYPE")
    assert {key.lower(): value for key, value in types.items()} == {
        frame_type: frame_type for (_, _, frame_type) in protocol.FRAMES
    }
