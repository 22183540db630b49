"""Writes the loader's served code, ``widget/templates/widget/launcher.min.js``, from its
typed source ``widget/launcher.js``: the same lines without comments, indentation or blank
lines, because landlord pages load it before anyone opens the chat and it must stay under
5 KB (tests/test_browser_widget.py). ``loader.js`` includes it; ``tests/test_widget_scripts.py``
fails when it differs from what this writes.

    python -m tests.launcher_build          rewrites the file
    python -m tests.launcher_build --check  exits 1 when the committed file is stale

The source keeps to what makes this safe: comments on lines of their own (or a JSDoc cast
inside a line, which stays), and no string or template literal across lines.
"""

import re
import sys
from pathlib import Path

from tests.generated_files import write_or_check

WIDGET = Path(__file__).resolve().parent.parent / "widget"
SOURCE = WIDGET / "launcher.js"
TARGET = WIDGET / "templates" / "widget" / "launcher.min.js"
BLOCK_COMMENT = re.compile(r"^[ \t]*/\*.*?\*/[ \t]*\n", re.S | re.M)
LINE_COMMENT = re.compile(r"^[ \t]*//.*\n", re.M)


def build(source: str) -> str:
    code = LINE_COMMENT.sub("", BLOCK_COMMENT.sub("", source))
    return "".join(f"{line.strip()}\n" for line in code.splitlines() if line.strip())


def main(arguments: list[str]) -> int:
    text = build(SOURCE.read_text())
    return write_or_check(TARGET, text, "python -m tests.launcher_build", arguments)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
