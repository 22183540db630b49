"""The loader landlord pages embed: widget/templates/widget/launcher.js (type-checked and
linted as JavaScript) served unchanged inside loader.js, with the labels passed in."""

import json
from pathlib import Path

from django.test import Client

from widget.strings import loader_labels

ROOT = Path(__file__).resolve().parent.parent
LAUNCHER = ROOT / "widget" / "templates" / "widget" / "launcher.js"


def test_the_launcher_holds_no_template_syntax() -> None:
    source = LAUNCHER.read_text()
    assert not [tag for tag in ("{{", "{%", "{#") if tag in source]


def test_the_loader_serves_the_launcher_unchanged_inside_a_function(client: Client) -> None:
    served = client.get("/widget/loader.js").content.decode()
    assert served.startswith('(() => {\n"use strict";\n')
    assert LAUNCHER.read_text() in served
    labels = json.dumps(loader_labels(), ensure_ascii=True)
    assert served.rstrip().endswith(f'startHousingChat(document.currentScript, {labels}, "en-gb");\n}})();')
