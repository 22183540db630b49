"""What one chat line costs the server, counted, beside a baseline tree.

    python -m bench.linecost [--baseline PATH] [--lines N]

For each tree, runs ``bench/line_probe.py`` under that tree's pytest settings (an agent and
a visitor in-process, SQLite) and prints the SQL statements and Python function calls per
line, visitor to agent and agent to visitor. Counts do not move with the machine's load, so
a change on the line path shows here when ``bench.load``'s latencies are too noisy to tell.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import ROOT, ratio
from tests.servers import inherited_environment

PROBE = ROOT / "bench" / "line_probe.py"
FIGURES = ("statements", "calls")


def probe(tree: Path, lines: int) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory(prefix="linecost-") as scratch:
        out = Path(scratch) / "figures.json"
        env = dict(
            inherited_environment(),
            PYTHONPATH=str(tree),
            DJANGO_SETTINGS_MODULE="tests.settings",
            LINECOST_LINES=str(lines),
            LINECOST_OUT=str(out),
        )
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        command += ["-c", str(tree / "pyproject.toml")]
        command += ["--rootdir", str(tree), str(PROBE)]
        result = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)
        if result.returncode != 0 or not out.exists():
            raise RuntimeError(f"the probe failed in {tree}:\n{result.stdout[-3000:]}")
        figures: dict[str, dict[str, float]] = json.loads(out.read_text())
        return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="another checkout to count beside this one")
    parser.add_argument("--lines", type=int, default=20, help="lines counted each way")
    args = parser.parse_args(argv)
    trees = {"this tree": ROOT}
    if args.baseline:
        trees["baseline"] = args.baseline.resolve()
    results = {name: probe(tree, args.lines) for name, tree in trees.items()}
    print(f"Per line, averaged over {args.lines} lines each way (SQLite, in-process)")
    print(f"{'tree':<12} {'direction':<18} {'SQL':>6} {'calls':>8}")
    for name, figures in results.items():
        for direction, counts in figures.items():
            label = f"{direction} line"
            print(f"{name:<12} {label:<18} {counts['statements']:>6.2f} {counts['calls']:>8.0f}")
    if args.baseline:
        for direction in results["this tree"]:
            mine, base = results["this tree"][direction], results["baseline"][direction]
            ratios = ", ".join(f"{key} {ratio(mine[key], base[key])}" for key in FIGURES)
            print(f"ratio this/baseline, {direction} line: {ratios}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
