"""Runs the benchmarks: ``python -m bench [name ...]`` (all when none are named)."""

import importlib
import sys

BENCHMARKS = (
    "store",
    "redaction",
    "retention",
    "emergencies",
    "photos",
    "linecost",
    "bank_holidays",
    "routing",
    "reports",
    "prompt_cues",
    "load",
    "scale",
)
SCALE_ARGUMENTS = ["--scale", "--duration", "60"]


def main(names: list[str]) -> int:
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
        return 2
    status = 0
    for name in names or BENCHMARKS:
        print(f"== {name}")
        if name == "scale":
            status |= importlib.import_module("bench.load").main(SCALE_ARGUMENTS)
        elif name == "load":
            status |= importlib.import_module("bench.load").main([])
        else:
            status |= importlib.import_module(f"bench.{name}").main()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
