"""Production functions in ``chatserver/`` and ``widget/`` stay under 50 lines
(``bin/long_functions.py`` lists them)."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("long_functions", ROOT / "bin" / "long_functions.py")
assert spec is not None and spec.loader is not None
long_functions = importlib.util.module_from_spec(spec)
spec.loader.exec_module(long_functions)


def test_no_production_function_is_over_50_lines() -> None:
    found = [
        where
        for package in ("chatserver", "widget")
        for _length, where in long_functions.long_functions(ROOT / package, 50)
    ]
    assert found == []


def test_the_scan_measures_a_function_from_def_to_its_last_line(tmp_path: Path) -> None:
    body = "".join(f"    x{n} = {n}\n" for n in range(50))
    (tmp_path / "module.py").write_text(f"def long():\n{body}\n\ndef short():\n    pass\n")
    assert [where.split()[-1] for _n, where in long_functions.long_functions(tmp_path, 50)] == [
        "long"
    ]
