"""Every course notebook runs, and every exercise check passes with its solution and fails
with the wrong answer its cell metadata names (`sbagliata`). Executed for real with nbclient.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nbformat
import pytest
from myst_nb.core.read import read_myst_markdown_notebook
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p for p in (ROOT / "courses").glob("*/*.md"))
CHECK = "application/vnd.rete.check+json"
KERNEL_START = 60  # seconds; a stalled start is retried once (toolchain.md: 2 in ~70 runs)

pytestmark = pytest.mark.slow


def _load(path: Path) -> Any:
    return read_myst_markdown_notebook(path.read_text(encoding="utf-8"))


def _run(notebook: Any, folder: Path) -> Any:
    """Execute in the notebook's folder (it reads dati/); one retry only for a kernel start."""
    for attempt in (1, 2):
        client = NotebookClient(notebook, timeout=60, startup_timeout=KERNEL_START,
                                kernel_name="python3", resources={"metadata": {"path": folder}})
        try:
            return client.execute()
        except RuntimeError as exc:  # "Kernel didn't respond" / died while starting
            if attempt == 2 or "Kernel" not in str(exc):
                raise
    raise AssertionError("unreachable")


def _checks(notebook: Any, cells: list[int] | None = None) -> dict[str, bool | None]:
    """exercise → passed, read from the check markers in the outputs of `cells` (or all)."""
    found: dict[str, bool | None] = {}
    for i, cell in enumerate(notebook.cells):
        if cells is not None and i not in cells:
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if CHECK in data:
                marker = data[CHECK]
                marker = json.loads(marker) if isinstance(marker, str) else marker
                found[marker["exercise"]] = marker["passed"]
    return found


def _answer_cells(notebook: Any) -> list[int]:
    return [i for i, c in enumerate(notebook.cells)
            if "risposta" in c.get("metadata", {}).get("tags", [])]


def _solution_of(notebook: Any, i: int) -> str:
    following = notebook.cells[i + 1]
    assert "soluzione" in following.get("metadata", {}).get("tags", []), (
        f"the cell after answer cell {i} must be tagged soluzione")
    return str(following.source)


def test_there_are_five_modules_with_exercises() -> None:
    assert len(NOTEBOOKS) >= 5
    for path in NOTEBOOKS:
        assert len(_answer_cells(_load(path))) >= 2, path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_and_checks_wait_for_an_answer(path: Path) -> None:
    notebook = _load(path)
    done = _run(notebook, path.parent)
    checks = _checks(done, _answer_cells(notebook))  # solution cells follow, and pass
    assert checks and all(v is None for v in checks.values()), checks


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_reference_answers_pass_and_wrong_answers_fail(path: Path) -> None:
    right, wrong = _load(path), _load(path)
    answers = _answer_cells(right)
    for i in answers:
        right.cells[i].source = _solution_of(right, i)
        wrong.cells[i].source = str(wrong.cells[i].metadata["sbagliata"])
        wrong.cells[i + 1] = nbformat.v4.new_markdown_cell("(soluzione tolta)")
    passed = _checks(_run(right, path.parent))
    failed = _checks(_run(wrong, path.parent))
    assert passed and all(v is True for v in passed.values()), passed
    assert failed and all(v is False for v in failed.values()), failed
    assert set(passed) == set(failed)
