"""Dependencies go one way (docs/architecture.md): the core imports no stage, the stages import
the core and none of each other, the web layer never reaches the benchmark. Read from the
sources' import statements, so a new module is checked as soon as it exists."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("clausier", "ingest", "retriever", "answer", "web", "eval", "bench")
# what each package must never import
FORBIDDEN = {
    "clausier": {"ingest", "retriever", "answer", "web", "eval", "bench", "app"},
    "ingest": {"retriever", "answer", "web", "eval", "bench", "app"},
    "retriever": {"ingest", "answer", "web", "eval", "bench", "app"},
    "answer": {"ingest", "retriever", "web", "eval", "bench", "app"},
    "web": {"eval", "bench"},
}


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_go_one_way(package):
    modules = sorted((ROOT / package).rglob("*.py"))
    assert modules, f"{package}/ has no module"
    wrong = {str(m.relative_to(ROOT)): sorted(_imported_packages(m) & FORBIDDEN[package]) for m in modules}
    assert {m: w for m, w in wrong.items() if w} == {}


def test_the_check_sees_a_wrong_import(tmp_path):
    module = tmp_path / "x.py"
    module.write_text("def f():\n    from retriever.search import Retriever\n    import answer.verdict\n")
    assert _imported_packages(module) >= {"retriever", "answer"}
