"""`rete serve`: builds, serves site/ on localhost and rebuilds when a record changes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from support import make_buildable

pytestmark = pytest.mark.slow
WAIT_S = 60.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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


def test_serve_rebuilds_on_change(project: Path) -> None:
    make_buildable(project)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "rete", "--radice", str(project), "serve", "--porta", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        page = f"http://127.0.0.1:{port}/pratiche/gaf-esempio/"
        _until(lambda: "Gruppo di acquisto familiare di prova" in (_get(page) or ""),
               "the first build is served")
        record = project / "good_practices/gaf-esempio.md"
        record.write_text(record.read_text(encoding="utf-8").replace(
            "titolo: Gruppo di acquisto familiare di prova",
            "titolo: Gruppo di acquisto rinnovato"), encoding="utf-8")
        _until(lambda: "Gruppo di acquisto rinnovato" in (_get(page) or ""),
               "the change is rebuilt and served")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
