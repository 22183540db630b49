"""Lists production functions longer than a limit (default 50 lines), longest first.

Usage: python bin/long_functions.py [LIMIT] [PACKAGE ...]   (default: chatserver widget)
Migrations are generated and skipped. Exits 1 when any is found.
"""

import ast
import sys
from pathlib import Path


def long_functions(root: Path, limit: int) -> list[tuple[int, str]]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > limit:
                    found.append((length, f"{path}:{node.lineno} {node.name}"))
    return found


def main(arguments: list[str]) -> int:
    limit = int(arguments[0]) if arguments and arguments[0].isdigit() else 50
    packages = [name for name in arguments if not name.isdigit()] or ["chatserver", "widget"]
    found = sorted(
        (entry for package in packages for entry in long_functions(Path(package), limit)),
        reverse=True,
    )
    for length, where in found:
        print(f"{length:4d}  {where}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
