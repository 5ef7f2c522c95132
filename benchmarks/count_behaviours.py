"""Count what the test suite asserts, per file, so a rewrite can show it asserts no less.

    python benchmarks/count_behaviours.py [--no-collect]

For each test file: the test items pytest collects (each parametrised case is
one), the test functions, the `assert` statements and the `pytest.raises` /
`pytest.warns` checks (statically, with `ast`; helpers' asserts count too,
once, where they are written). Run it before and after changing the tests and
compare the totals. Not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"


def static_counts(path: Path) -> tuple[int, int, int]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    tests = asserts = raises = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(
                "test"):
            tests += 1
        elif isinstance(node, ast.Assert):
            asserts += 1
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in ("raises", "warns")
              and isinstance(node.func.value, ast.Name) and node.func.value.id == "pytest"):
            raises += 1
    return tests, asserts, raises


def collected() -> Counter[str]:
    """Test items per file, as pytest collects them (no test is run)."""
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:randomly",
         "-o", "addopts="],
        cwd=ROOT, capture_output=True, text=True)
    items: Counter[str] = Counter()
    for line in proc.stdout.splitlines():
        if "::" in line:
            items[line.split("::", 1)[0]] += 1
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-collect", action="store_true",
                        help="skip pytest's collection (static counts only)")
    args = parser.parse_args()
    items = Counter() if args.no_collect else collected()
    rows = []
    for path in sorted(TESTS.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if "__snapshots__" in rel:
            continue
        tests, asserts, raises = static_counts(path)
        if tests or asserts or raises or items[rel]:
            rows.append((rel, items[rel], tests, asserts, raises))
    width = max(len(r[0]) for r in rows)
    print(f"{'file':<{width}}  {'items':>5}  {'tests':>5}  {'assert':>6}  {'raises':>6}")
    for rel, n_items, tests, asserts, raises in rows:
        print(f"{rel:<{width}}  {n_items:>5}  {tests:>5}  {asserts:>6}  {raises:>6}")
    total = [sum(r[i] for r in rows) for i in range(1, 5)]
    print(f"{'total':<{width}}  {total[0]:>5}  {total[1]:>5}  {total[2]:>6}  {total[3]:>6}")


if __name__ == "__main__":
    main()
