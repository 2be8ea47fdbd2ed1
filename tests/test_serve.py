"""`rete serve`: builds, serves site/ on localhost and rebuilds when a record changes."""

from __future__ import annotations

import queue
import re
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import IO, Any

import pytest

from rete.web import serve as serve_module
from support import make_buildable

WAIT_S = 60.0
TITLE = "titolo: Gruppo di acquisto familiare di prova"


def _until(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    pytest.fail(f"not within {WAIT_S:.0f} s: {what}")


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


def _pump(stream: IO[str] | None, lines: queue.Queue[str]) -> None:
    """The server's output, line by line, read without blocking the test."""
    for line in stream or ():
        lines.put(line)


def test_a_file_saved_during_the_first_build_is_rebuilt(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first build itself saves a record, as an editor may while it runs: the change
    must be rebuilt. No timing involved: polls are counted, not slept."""
    record = project / "good_practices/gaf-esempio.md"
    titles: list[bool] = []

    def build(root: Path, extra: Any = None) -> SimpleNamespace:
        text = record.read_text(encoding="utf-8")
        titles.append("Gruppo di acquisto rinnovato" in text)
        if len(titles) == 1:
            record.write_text(text.replace(TITLE, "titolo: Gruppo di acquisto rinnovato"),
                              encoding="utf-8")
        else:
            raise KeyboardInterrupt  # the rebuild happened: stop serving
        return SimpleNamespace(comuni=0, pratiche=0)

    polls: list[float] = []

    def sleep(seconds: float) -> None:
        polls.append(seconds)
        if len(polls) > 5:  # the change was not seen: stop rather than poll forever
            raise KeyboardInterrupt

    monkeypatch.setattr(serve_module, "build", build)
    monkeypatch.setattr(serve_module, "time", SimpleNamespace(sleep=sleep))
    assert serve_module.serve(project, port=0) == 0
    assert titles == [False, True], "the edit saved during the first build was not rebuilt"
    assert len(polls) == 1


@pytest.mark.slow
def test_serve_rebuilds_on_change(project: Path) -> None:
    make_buildable(project)
    server = subprocess.Popen(
        [sys.executable, "-m", "rete", "--radice", str(project), "serve", "--porta", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_pump, args=(server.stdout, lines), daemon=True).start()
    try:
        port: list[str] = []

        def served() -> bool:
            while not lines.empty():
                found = re.search(r"sito servito su http://127\.0\.0\.1:(\d+)/", lines.get())
                port.extend(found.groups() if found else ())
            return bool(port)

        _until(served, "the first build is served")
        page = f"http://127.0.0.1:{port[0]}/pratiche/gaf-esempio/"
        assert "Gruppo di acquisto familiare di prova" in (_get(page) or "")
        record = project / "good_practices/gaf-esempio.md"
        record.write_text(record.read_text(encoding="utf-8").replace(
            TITLE, "titolo: Gruppo di acquisto rinnovato"), encoding="utf-8")
        _until(lambda: "Gruppo di acquisto rinnovato" in (_get(page) or ""),
               "the change is rebuilt and served")
        # The school is served too, and a changed module is rebuilt (text only: no cell runs).
        module = f"http://127.0.0.1:{port[0]}/scuola/scuola-prova/introduzione.html"
        assert "Un quaderno di prova" in (_get(module) or "")
        notebook = project / "courses/scuola-prova/introduzione.md"
        notebook.write_text(notebook.read_text(encoding="utf-8").replace(
            "Un quaderno di prova", "Un quaderno rinnovato"), encoding="utf-8")
        _until(lambda: "Un quaderno rinnovato" in (_get(module) or ""),
               "the changed module is rebuilt and served")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
