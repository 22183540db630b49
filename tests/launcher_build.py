"""Writes the loader's served code, ``widget/templates/widget/launcher.min.js``, from its
typed source ``widget/launcher.js``: the same lines without comments, indentation or blank
lines, because landlord pages load it before anyone opens the chat and it must stay under
5 KB (tests/test_browser_widget.py). ``loader.js`` includes it; ``tests/test_widget_scripts.py``
fails when it differs from what this writes.

    python -m tests.launcher_build          rewrites the file
    python -m tests.launcher_build --check  exits 1 when the committed file is stale

It also drops the spaces beside punctuation that JavaScript does not need (``a = (b) => {``
becomes ``a=(b)=>{``) and a JSDoc cast's comment inside a line, outside string and template
literals; never beside ``+``, ``-``, ``*``, ``/`` or ``.``, where a space can matter
(``a - -b``), and never a line break (automatic semicolons stay where they were).

The source keeps to what makes this safe: comments on lines of their own (or a JSDoc cast
inside a line), no string or template literal across lines, no template literal inside
another's ``${}``, and no space in a regular expression literal.
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


# Spaces beside these characters are never needed (outside literals).
TIGHT = frozenset("{}()[];,:=<>!?&|")
LITERAL = re.compile(r"""(["'`])(?:\\.|(?!\1).)*\1""")
INLINE_CAST = re.compile(r"/\*\*.*?\*/ *")
SPACES = re.compile(r" +")


def _squeeze_code(code: str) -> str:
    """Code without literals: a JSDoc cast's comment and the needless spaces dropped."""
    code = INLINE_CAST.sub("", code)

    def spaces(found: re.Match[str]) -> str:
        before = code[found.start() - 1] if found.start() else ""
        after = code[found.end()] if found.end() < len(code) else ""
        return "" if before in TIGHT or after in TIGHT else " "

    return SPACES.sub(spaces, code)


def squeeze(line: str) -> str:
    """One line with its needless spaces dropped; its string and template literals as they
    were."""
    parts, at = [], 0
    for literal in LITERAL.finditer(line):
        parts += [_squeeze_code(line[at : literal.start()]), literal.group(0)]
        at = literal.end()
    return "".join([*parts, _squeeze_code(line[at:])])


def build(source: str) -> str:
    code = LINE_COMMENT.sub("", BLOCK_COMMENT.sub("", source))
    return "".join(f"{squeeze(line.strip())}\n" for line in code.splitlines() if line.strip())


def main(arguments: list[str]) -> int:
    text = build(SOURCE.read_text())
    return write_or_check(TARGET, text, "python -m tests.launcher_build", arguments)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
