"""`rete serve`: builds, serves site/ on localhost and rebuilds when a record changes."""

from __future__ import annotations

import functools
import logging
import queue
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import IO, Any

import pytest

from rete.web import serve as serve_module
from rete.web.livereload import VERSION_PATH
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


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[str, serve_module.Preview, Path]]:
    """The preview's request handler on a free port, over a tiny built site."""
    site = tmp_path / "sito"
    (site / "pratiche/una").mkdir(parents=True)
    (site / "index.html").write_text("<html><body><h1>Casa</h1></body></html>", "utf-8")
    (site / "pratiche/una/index.html").write_text(
        "<html><body><h1>Una pratica</h1></body></html>", "utf-8")
    (site / "404.html").write_text("<html><body>Pagina non trovata</body></html>", "utf-8")
    (site / "stile.css").write_text("body { color: black }", "utf-8")
    state = serve_module.Preview()
    state.rebuilt(None)
    handler = functools.partial(serve_module._Handler, site=site, state=state)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", state, site
    finally:
        server.shutdown()
        server.server_close()


def _fetch(url: str) -> tuple[int, str, str]:
    """Status, Content-Type and text of a response, errors included."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read().decode()


def test_pages_carry_the_reload_script_and_the_site_does_not(
        preview: tuple[str, serve_module.Preview, Path]) -> None:
    base, state, site = preview
    status, kind, page = _fetch(base + "/pratiche/una/")
    assert status == 200 and kind.startswith("text/html")
    assert page.index("Una pratica") < page.index('id="rete-ricarica"') < page.index("</body>")
    assert f'"{VERSION_PATH}"' in page and "var versione = 1," in page
    assert _fetch(base + VERSION_PATH)[2] == '{"versione": 1}'
    # Assets are untouched, unknown pages get the site's 404 page (which reloads too), and
    # nothing is ever written into the built files.
    assert _fetch(base + "/stile.css")[2] == "body { color: black }"
    status, _, missing = _fetch(base + "/pratiche/nuova/")
    assert status == 404 and "Pagina non trovata" in missing and "rete-ricarica" in missing
    assert "rete-ricarica" not in "".join(p.read_text("utf-8") for p in site.rglob("*.html"))
    state.rebuilt(None)
    assert _fetch(base + VERSION_PATH)[2] == '{"versione": 2}'


def test_while_a_rebuild_fails_every_page_shows_its_messages(
        preview: tuple[str, serve_module.Preview, Path]) -> None:
    base, state, _ = preview
    message = ("good_practices/una.md:3:9: errore: titolo: il testo <script>alert(1)</script> "
               "non è valido\n1 errore, 0 avvisi")
    state.rebuilt(message)
    for address in ("/", "/pratiche/una/", "/pratiche/una/index.html", "/pratiche/nuova/"):
        status, kind, page = _fetch(base + address)
        assert status == 500 and kind.startswith("text/html"), address
        assert "good_practices/una.md:3:9: errore: titolo: il testo " in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
        assert "Una pratica" not in page and "rete-ricarica" in page
    assert _fetch(base + "/stile.css")[0] == 200  # assets still load
    state.rebuilt(None)  # fixed: the pages come back
    assert "Una pratica" in _fetch(base + "/pratiche/una/")[2]


def test_a_failed_build_shows_what_mkdocs_said(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """MkDocs' own message says "vedi sopra" (the terminal): the page shows those lines."""
    def build(root: Path, **options: Any) -> None:
        logging.getLogger("mkdocs.config").error("Config value 'theme': manca il tema")
        raise serve_module.BuildError("MkDocs ha segnalato problemi (vedi sopra)")

    monkeypatch.setattr(serve_module, "build", build)
    text = serve_module._rebuild(project, None) or ""
    assert text.splitlines() == ["mkdocs: error: Config value 'theme': manca il tema",
                                 "errore: MkDocs ha segnalato problemi (vedi sopra)"]
    assert not any(isinstance(h, serve_module._MkDocsLog)
                   for h in logging.getLogger("mkdocs").handlers)


def test_an_unexpected_failure_is_shown_and_does_not_stop_the_preview(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def build(root: Path, **options: Any) -> None:
        raise IndexError("list index out of range")

    monkeypatch.setattr(serve_module, "build", build)
    assert (serve_module._rebuild(project, None) or "").startswith(
        "errore: costruzione interrotta da un errore inatteso: IndexError: list index")


def test_a_file_saved_during_the_first_build_is_rebuilt(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first build itself saves a record, as an editor may while it runs: the change
    must be rebuilt. No timing involved: polls are counted, not slept."""
    record = project / "good_practices/gaf-esempio.md"
    titles: list[bool] = []

    def build(root: Path, extra: Any = None, **options: Any) -> SimpleNamespace:
        assert options["drafts"] and "site" in options, "serve builds the draft preview"
        text = record.read_text(encoding="utf-8")
        titles.append("Gruppo di acquisto rinnovato" in text)
        if len(titles) == 1:
            record.write_text(text.replace(TITLE, "titolo: Gruppo di acquisto rinnovato"),
                              encoding="utf-8")
        else:
            raise KeyboardInterrupt  # the rebuild happened: stop serving
        return SimpleNamespace(comuni=0, pratiche=0, bozze=0)

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
        # A broken record: every page shows the located message; fixed, the page is back.
        good = record.read_text(encoding="utf-8")
        record.write_text(good.replace("titolo: Gruppo di acquisto rinnovato", "titolo: 12"),
                          encoding="utf-8")
        located = re.compile(r"good_practices/gaf-esempio\.md:\d+:\d+: errore: titolo: ")
        _until(lambda: bool(located.search(_fetch(page)[2])), "the error page is served")
        record.write_text(good, encoding="utf-8")
        _until(lambda: "Gruppo di acquisto rinnovato" in (_get(page) or ""),
               "the fixed record is served again")
        assert not (project / "site").exists(), "the preview never writes the published site/"
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


def test_a_saved_practice_is_built_alone_anything_else_in_full(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The edit loop: a saved record page goes page by page and says what waits for a full
    build; a template, a setting or a new file rebuilds everything."""
    from rete.records.validate import Revalidator
    from rete.web.incremental import Kept, Updated

    kept = Kept(Revalidator(project))
    kept.revalidator.full()
    kept.site = SimpleNamespace()  # type: ignore[assignment]  # as after a full build
    calls: list[str] = []

    def update(k: Kept, changed: set[Path]) -> Updated:
        calls.append("pagine")
        return Updated(("pratiche/gaf-esempio.md",), ("good_practices/gaf-esempio.md",))

    def build(root: Path, **options: Any) -> SimpleNamespace:
        calls.append("tutto")
        return SimpleNamespace(comuni=0, pratiche=0, bozze=0)

    monkeypatch.setattr(serve_module, "update", update)
    monkeypatch.setattr(serve_module, "build", build)
    practice = project / "good_practices/gaf-esempio.md"
    assert serve_module._update(project, None, kept, {practice}) is None
    assert "indici, ricerca" in capsys.readouterr().out
    for other in (project / "mkdocs.yml", project / "content/vocabolari/obiettivi.yml",
                  project / "good_practices/nuova.md"):
        serve_module._update(project, None, kept, {practice, other})
    assert calls == ["pagine", "tutto", "tutto", "tutto"]
