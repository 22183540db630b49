"""The loader landlord pages embed: widget/launcher.js (type-checked and linted) is served,
without its comments, as widget/templates/widget/launcher.min.js inside loader.js, with the
labels passed in."""

import json
from pathlib import Path

from django.test import Client

from tests import launcher_build
from widget.strings import loader_labels

ROOT = Path(__file__).resolve().parent.parent
LAUNCHER = ROOT / "widget" / "templates" / "widget" / "launcher.min.js"


def test_the_served_launcher_is_written_from_its_typed_source() -> None:
    assert LAUNCHER.read_text() == launcher_build.build(launcher_build.SOURCE.read_text()), (
        "widget/templates/widget/launcher.min.js is out of date: run python -m tests.launcher_build"
    )


def test_the_launcher_holds_no_template_syntax() -> None:
    for source in (launcher_build.SOURCE.read_text(), LAUNCHER.read_text()):
        assert not [tag for tag in ("{{", "{%", "{#") if tag in source]


def test_the_loader_serves_the_launcher_unchanged_inside_a_function(client: Client) -> None:
    served = client.get("/widget/loader.js").content.decode()
    assert served.startswith('(() => {\n"use strict";\n')
    assert LAUNCHER.read_text() in served
    labels = json.dumps(loader_labels(), ensure_ascii=True)
    call = f'startHousingChat(document.currentScript, {labels}, "en-gb");'
    assert served.rstrip().endswith(f"{call}\n}})();")
