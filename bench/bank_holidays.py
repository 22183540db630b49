"""The bank-holiday calendar from the `holidays` package beside the rules table it replaced.

The table is ``locality/holidays.py`` as it was at commit 3510d67 (read with git), the
package's calendar is today's module; both run with the only settings they read
configured directly (England and Wales, no extra holidays, no database):

- ``is_working_day`` over ten years of days (2020-2029), each year's set already built:
  what opening hours and the working-day clocks pay for every day they look at;
- one nation's year built from nothing: the first question about a year (and what every
  question would cost if nothing were cached);
- the module's import and its first question, in fresh processes: time, and the resident
  memory they add to a process that has Django's settings loaded already.

    python -m bench bank_holidays
"""

import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

from bench.common import ROOT

TABLE_COMMIT = "3510d67"  # the last commit with the rules table
ROUNDS = 5
YEARS = range(2020, 2030)
BUILDS = 200

# Runs in a fresh interpreter: loads the module at argv[1] and prints what it cost.
FRESH_PROCESS = """
import importlib.util, json, os, sys, time
from datetime import date
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
settings.configure(CHAT_BANK_HOLIDAYS="", CHAT_EXTRA_BANK_HOLIDAYS=[])
def resident():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
before = resident()
started = time.perf_counter()
spec = importlib.util.spec_from_file_location("calendar_under_test", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
imported = time.perf_counter()
after_import = resident()
module.is_working_day(date(2026, 12, 25))
answered = time.perf_counter()
print(json.dumps({
    "import_ms": (imported - started) * 1e3,
    "first_question_ms": (answered - imported) * 1e3,
    "import_kib": (after_import - before) / 1024,
    "total_kib": (resident() - before) / 1024,
}))
"""


def configure_settings() -> None:
    from django.conf import settings

    if not settings.configured:
        settings.configure(CHAT_BANK_HOLIDAYS="", CHAT_EXTRA_BANK_HOLIDAYS=[])


def load(name: str, path: Path) -> ModuleType:
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def best_seconds(function: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def ten_years() -> list[date]:
    first, last = date(YEARS[0], 1, 1), date(YEARS[-1], 12, 31)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def in_process(module: ModuleType, build: Callable[[], object]) -> tuple[float, float]:
    """Microseconds per day asked (warm), milliseconds per year built (cold)."""
    days = ten_years()
    for year in YEARS:
        module.bank_holidays(year)

    def ask_every_day() -> None:
        for day in days:
            module.is_working_day(day)

    def build_many() -> None:
        for _ in range(BUILDS):
            build()

    return best_seconds(ask_every_day) / len(days) * 1e6, best_seconds(build_many) / BUILDS * 1e3


def fresh_process(path: Path) -> dict[str, float]:
    """Medians over ``ROUNDS`` fresh interpreters."""
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", FRESH_PROCESS, str(path)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for _ in range(ROUNDS)
    ]
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def main() -> int:
    configure_settings()
    table_source = subprocess.run(
        ["git", "show", f"{TABLE_COMMIT}:locality/holidays.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    table_path = Path(tempfile.mkdtemp(prefix="chat-bench-")) / "table_holidays.py"
    table_path.write_text(table_source)
    package_path = ROOT / "locality" / "holidays.py"
    table = load("table_holidays", table_path)
    package = load("package_holidays", package_path)
    rows = {
        "rules table": (
            in_process(table, lambda: table._regular_holidays.__wrapped__(table.SCOTLAND, 2027)),
            fresh_process(table_path),
        ),
        "holidays package": (
            in_process(package, lambda: package._nation_holidays.__wrapped__("SCT", 2027)),
            fresh_process(package_path),
        ),
    }
    print(f"{len(ten_years())} days ({YEARS[0]}-{YEARS[-1]}), best of {ROUNDS}; fresh processes:")
    print(f"medians of {ROUNDS}; memory is resident memory added")
    print(
        "| calendar | is_working_day, warm | a year built | import | first question"
        " | memory after import | after first question |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, ((per_day, per_year), fresh) in rows.items():
        print(
            f"| {name} | {per_day:.2f} µs | {per_year:.3f} ms | {fresh['import_ms']:.1f} ms"
            f" | {fresh['first_question_ms']:.1f} ms | {fresh['import_kib'] / 1024:.1f} MiB"
            f" | {fresh['total_kib'] / 1024:.1f} MiB |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
