"""The shape of the production code: modules under 400 lines, functions under 50.

Measured on the source, so a module or function that grows past the limit fails here
with its name and size, instead of waiting for the next review to find it.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("chatserver", "identity", "locality", "transcripts", "widget")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 50


def production_modules() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    )


def function_sizes(path: Path, root: Path = ROOT) -> list[tuple[str, int]]:
    """Each function and method in ``path``, with its length from ``def`` to its last line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        (f"{path.relative_to(root)}:{node.lineno} {node.name}", node.end_lineno - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno
    ]


def test_the_scan_finds_the_production_code() -> None:
    modules = {str(path.relative_to(ROOT)) for path in production_modules()}
    assert "chatserver/chat/broadcast.py" in modules
    assert "transcripts/record/sealing.py" in modules
    assert not any("/migrations/" in module for module in modules)


def test_no_production_module_is_over_the_limit() -> None:
    long_modules = {
        str(path.relative_to(ROOT)): lines
        for path in production_modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long_modules == {}


def test_no_production_function_is_over_the_limit() -> None:
    long_functions = {
        name: lines
        for path in production_modules()
        for name, lines in function_sizes(path)
        if lines > MAX_FUNCTION_LINES
    }
    assert long_functions == {}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def short():\n    return 1\n", [("m.py:1 short", 2)]),
        ("class A:\n    async def f(self):\n" + "        x = 1\n" * 60, [("m.py:2 f", 61)]),
    ],
)
def test_function_sizes_count_every_line(
    tmp_path: Path, source: str, expected: list[tuple[str, int]]
) -> None:
    module = tmp_path / "m.py"
    module.write_text(source)
    assert function_sizes(module, tmp_path) == expected
