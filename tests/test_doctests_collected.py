"""Every doctest is run: each module with an example is under a test path (or, in bench/, in test_bench's list)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "tests", ".git", "build"}


def modules_with_examples() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py")
                  if not SKIP & set(p.relative_to(ROOT).parts) and ">>> " in p.read_text(encoding="utf-8"))


def test_every_module_with_an_example_is_collected():
    pytest_ini = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert "--doctest-modules" in pytest_ini["addopts"]
    bench_listed = set(re.findall(r'"(bench\.[\w.]+)"', (ROOT / "tests" / "test_bench.py").read_text(encoding="utf-8")))
    missing = []
    for path in modules_with_examples():
        rel = path.relative_to(ROOT)
        if rel.parts[0] == "bench":  # bench/ is run by python -m bench, not imported whole by pytest
            ok = ".".join(rel.with_suffix("").parts) in bench_listed
        else:
            ok = rel.parts[0] in pytest_ini["testpaths"]
        if not ok:
            missing.append(str(rel))
    assert modules_with_examples() and not missing, missing
