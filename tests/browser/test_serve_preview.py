"""`rete serve` in the browser: an open page reloads by itself when a record changes, shows
the validator's located messages while the record is broken, and comes back once it is fixed.
"""

from __future__ import annotations

import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from rete.records.scaffold import create
from support import TODAY, make_buildable

FIRST_BUILD_S = 180.0  # the first build runs the school's notebook too
REBUILD_MS = 90_000  # a rebuild (site and cached school) plus a poll of the page
TITLE = "Gruppo di acquisto familiare di prova"
RENAMED = "Gruppo di acquisto rinnovato"


def _pump(stream: IO[str] | None, lines: queue.Queue[str]) -> None:
    for line in stream or ():
        lines.put(line)


@pytest.fixture
def preview(project: Path) -> Iterator[str]:
    """`rete serve` on the fixture project, on a free port; yields its base URL."""
    make_buildable(project)
    server = subprocess.Popen(
        [sys.executable, "-m", "rete", "--radice", str(project), "serve", "--porta", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_pump, args=(server.stdout, lines), daemon=True).start()
    seen: list[str] = []
    try:
        deadline = time.monotonic() + FIRST_BUILD_S
        while time.monotonic() < deadline:
            try:
                seen.append(lines.get(timeout=1))
            except queue.Empty:
                continue
            found = re.search(r"sito servito su (http://127\.0\.0\.1:\d+/)", seen[-1])
            if found:
                yield found.group(1)
                break
        else:
            pytest.fail(f"rete serve not up within {FIRST_BUILD_S:.0f} s:\n" + "".join(seen))
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def test_the_page_follows_the_record_and_shows_its_errors(
        browser: Any, preview: str, project: Path, axe_violations: Any) -> None:
    from playwright.sync_api import expect

    origin = preview.rstrip("/")
    outside: list[str] = []

    def route(route: Any) -> None:
        if route.request.url.startswith(origin + "/") or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort("blockedbyclient")

    def new_context(scheme: str) -> Any:
        context = browser.new_context(locale="it-IT", viewport={"width": 1280, "height": 900},
                                      service_workers="block", color_scheme=scheme)
        context.set_default_timeout(15_000)
        context.route("**/*", route)
        return context

    context = new_context("light")
    page = context.new_page()
    try:
        page.goto(preview + "pratiche/gaf-esempio/")
        heading = page.locator("article h1").first
        expect(heading).to_contain_text(TITLE)

        def mark() -> None:  # gone after a reload: proves the page reloaded by itself
            page.evaluate("() => { window.reteStessaPagina = true; }")

        def reloaded() -> bool:
            return bool(page.evaluate("() => window.reteStessaPagina === undefined"))

        record = project / "good_practices/gaf-esempio.md"
        text = record.read_text(encoding="utf-8")
        renamed = text.replace(f"titolo: {TITLE}", f"titolo: {RENAMED}")
        assert renamed != text

        mark()
        record.write_text(renamed, encoding="utf-8")
        expect(heading).to_contain_text(RENAMED, timeout=REBUILD_MS)
        assert reloaded()

        mark()
        record.write_text(renamed.replace(f"titolo: {RENAMED}", "titolo: 12"), encoding="utf-8")
        errors = page.locator("#rete-errori")
        expect(errors).to_contain_text(
            re.compile(r"good_practices/gaf-esempio\.md:\d+:\d+: errore: titolo: "),
            timeout=REBUILD_MS)
        assert reloaded()
        expect(page.locator("h1")).to_contain_text("ci sono errori")
        assert not axe_violations(page, impacts=("minor", "moderate", "serious", "critical"))

        mark()
        record.write_text(renamed, encoding="utf-8")
        expect(page.locator("article h1").first).to_contain_text(RENAMED, timeout=REBUILD_MS)
        assert reloaded()

        # A new draft, as `rete new` writes it: previewed with its banner once rebuilt.
        mark()
        create("pratica", "pratica-in-bozza", project, TODAY)
        page.wait_for_function("() => window.reteStessaPagina === undefined",
                               timeout=REBUILD_MS)
        page.goto(preview + "pratiche/pratica-in-bozza/")
        banner = page.locator("article .rete-bozza")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("Bozza — non pubblicata")
        every = ("minor", "moderate", "serious", "critical")
        assert not axe_violations(page, impacts=every)
        dark = new_context("dark").new_page()  # Material follows the system's scheme: slate
        dark.goto(preview + "pratiche/pratica-in-bozza/")
        expect(dark.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        expect(dark.locator("article .rete-bozza")).to_be_visible()
        assert not axe_violations(dark, impacts=every)
        dark.context.close()
    finally:
        context.close()
    assert not outside, f"requests outside {origin}: {outside}"
