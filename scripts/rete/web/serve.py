"""`rete serve`: the local preview. Builds (drafts included) into .build/anteprima/, serves it
on localhost and rebuilds when a record or template changes; open pages reload by themselves.

The preview never writes site/: drafts must not reach the folder `rete build` publishes. While
a rebuild fails, every page shows its messages (file:line:col) instead of the stale site.

A saved comune or practice is built alone (`web.incremental`): its files are checked again,
and only the pages that show it and whose Markdown changed go through MkDocs again, so it is
served changed within a second or two even with thousands of records. Index pages, search,
open data and the feed refresh at the next full build: any other change (a new or removed
file, a template, the settings) builds everything, as the first build does.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
import threading
import time
import traceback
import urllib.parse
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from rete.core.diagnostics import RecordError, format_text
from rete.records.validate import Revalidator
from rete.web.build import BUILD_DIR, BuildError, Extra, build
from rete.web.incremental import Kept, can_update, update
from rete.web.livereload import VERSION_PATH, error_page, inject, is_page

WATCHED = ("comuni", "good_practices", "content", "courses", "overrides", "mkdocs.yml",
           "pyproject.toml", "scripts/rete")  # pyproject.toml: the [tool.rete] settings
POLL_SECONDS = 1.0
PREVIEW_DIR = f"{BUILD_DIR}/anteprima"
"""The preview's site (sito/) and work folder (lavoro/), apart from `rete build`'s."""


@dataclass
class Preview:
    """What the server shows: the rebuild count (pages reload when it changes) and the
    messages of the last rebuild if it failed. Written by the watcher, read by requests."""

    version: int = 0
    errors: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def rebuilt(self, errors: str | None) -> None:
        with self._lock:
            self.version += 1
            self.errors = errors

    def now(self) -> tuple[int, str | None]:
        with self._lock:
            return self.version, self.errors


def _snapshot(root: Path) -> dict[Path, tuple[int, int]]:
    """Modification time and size of every watched file: a save that keeps the time (coarse
    file system clocks) still changes the size."""
    stamps: dict[Path, tuple[int, int]] = {}
    for name in WATCHED:
        path = root / name
        if path.is_file():
            info = path.stat()
            stamps[path] = (info.st_mtime_ns, info.st_size)
        elif path.is_dir():
            _stamp_folder(path, stamps)
    return stamps


def _stamp_folder(folder: Path, stamps: dict[Path, tuple[int, int]]) -> None:
    """One directory scan per folder (`os.scandir` reads each entry's type with the listing):
    polled every second over thousands of records, three calls per file were too many."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name == "__pycache__":
                continue
            if entry.is_dir():
                _stamp_folder(Path(entry.path), stamps)
            elif entry.is_file():
                info = entry.stat()
                stamps[Path(entry.path)] = (info.st_mtime_ns, info.st_size)


class _MkDocsLog(logging.Handler):
    """MkDocs' warnings during one build: a failed build's page shows them too, since the
    build's own message only says "vedi sopra" (above, in the terminal)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"mkdocs: {record.levelname.lower()}: {record.getMessage()}")


def _changed(before: dict[Path, tuple[int, int]],
             after: dict[Path, tuple[int, int]]) -> set[Path]:
    """Files saved, added or removed between two snapshots."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


INDEX_LATER = ("indici, ricerca, dati aperti e feed si aggiornano alla prossima ricostruzione "
               "completa (quando cambia un altro file, o riavviando `rete serve`)")


def _update(root: Path, extra: Extra | None, kept: Kept, changed: set[Path]) -> str | None:
    """Build only the pages a saved comune or practice reaches when that is enough, else the
    whole preview; the messages of a failed build (also printed), or None."""
    if not can_update(kept, changed):
        return _rebuild(root, extra, kept)
    start = time.perf_counter()
    try:
        done = update(kept, changed)
    except RecordError as exc:
        text = format_text(exc.diagnostics)
    except Exception as exc:  # whatever the page-by-page build missed, a full one redoes
        print(f"aggiornamento pagina per pagina non riuscito ({type(exc).__name__}: {exc}): "
              "ricostruisco tutto", file=sys.stderr, flush=True)
        return _rebuild(root, extra, kept)
    else:
        print(f"aggiornate {len(done.pages)} pagine per {', '.join(done.records)} in "
              f"{time.perf_counter() - start:.1f} s: {INDEX_LATER}", flush=True)
        return None
    print(text, file=sys.stderr, flush=True)
    return text


def _rebuild(root: Path, extra: Extra | None, kept: Kept | None = None) -> str | None:
    """Build the preview; the messages of a failed build (also printed), or None."""
    preview = root / PREVIEW_DIR
    log = _MkDocsLog()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(log)
    try:
        result = build(root, extra=extra, drafts=True, site=preview / "sito",
                       work=preview / "lavoro", keep=kept)
    except RecordError as exc:
        text = format_text(exc.diagnostics)
    except (BuildError, RuntimeError) as exc:  # the school's errors are RuntimeErrors
        text = "\n".join([*log.lines, f"errore: {exc}"])
    except Exception as exc:  # a bug in a build step must not stop the preview
        traceback.print_exc()
        text = f"errore: costruzione interrotta da un errore inatteso: {type(exc).__name__}: {exc}"
    else:
        print(f"sito aggiornato: {result.comuni} comuni, {result.pratiche} pratiche, "
              "schede in bozza comprese", flush=True)
        return None
    finally:
        logger.removeHandler(log)
    print(text, file=sys.stderr, flush=True)
    return text


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000,
          extra: Extra | None = None) -> int:
    """`extra` builds the school into each new site; a changed module rebuilds it (cached).

    Files are stamped before each build, never after: a file saved while a build runs (the
    first one takes seconds) differs from its stamp and is rebuilt at the next poll.
    """
    state = Preview()
    kept = Kept(Revalidator(root))
    seen = _snapshot(root)
    state.rebuilt(_rebuild(root, extra, kept))
    site = root / PREVIEW_DIR / "sito"
    site.mkdir(parents=True, exist_ok=True)
    # Serve the folder by path on each request: a rebuild swaps it for a new folder.
    handler = functools.partial(_Handler, site=site, state=state)
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"sito servito su http://{host}:{server.server_port}/ (Ctrl-C per fermare)",
          flush=True)
    try:
        while True:
            time.sleep(POLL_SECONDS)
            now = _snapshot(root)
            if now != seen:
                changed, seen = _changed(seen, now), now
                state.rebuilt(_update(root, extra, kept, changed))
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return 0


class _Handler(SimpleHTTPRequestHandler):
    """Static files, plus: the version endpoint, the reload script in every HTML page, the
    error page while the last rebuild failed, and no caching (a reload shows the new site)."""

    def __init__(self, *args: object, site: Path, state: Preview, **kwargs: object) -> None:
        self.state = state
        super().__init__(*args, directory=str(site), **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        version, errors = self.state.now()
        if path == VERSION_PATH:
            self._send(200, "application/json", json.dumps({"versione": version}).encode())
            return
        if not is_page(path):
            super().do_GET()
            return
        if errors is not None:
            self._send(500, "text/html; charset=utf-8", error_page(errors, version))
            return
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            if not path.endswith("/"):  # the standard redirect to the folder's address
                super().do_GET()
                return
            file = file / "index.html"
        if file.is_file() and file.suffix not in (".html", ".htm"):
            super().do_GET()  # a file without extension that is not a page
            return
        status = 200
        if not file.is_file():
            status, file = 404, Path(self.directory) / "404.html"
        try:
            page = file.read_bytes()
        except OSError:  # no 404.html, or the site swapped while reading: plain 404
            self.send_error(404)
            return
        self._send(status, "text/html; charset=utf-8", inject(page, version))

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass
