"""`rete serve`: build, serve site/ on localhost, rebuild when a record or template changes.

A failed rebuild prints its messages and keeps serving the last good site.
"""

from __future__ import annotations

import functools
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from rete.core.diagnostics import RecordError, format_text
from rete.web.build import BuildError, Extra, build

WATCHED = ("comuni", "good_practices", "content", "courses", "overrides", "mkdocs.yml",
           "scripts/rete")
POLL_SECONDS = 1.0


def _snapshot(root: Path) -> dict[Path, tuple[int, int]]:
    """Modification time and size of every watched file: a save that keeps the time (coarse
    file system clocks) still changes the size."""
    stamps: dict[Path, tuple[int, int]] = {}
    for name in WATCHED:
        path = root / name
        files = [path] if path.is_file() else path.rglob("*") if path.is_dir() else []
        for item in files:
            if item.is_file() and "__pycache__" not in item.parts:
                info = item.stat()
                stamps[item] = (info.st_mtime_ns, info.st_size)
    return stamps


def _rebuild(root: Path, extra: Extra | None) -> None:
    try:
        result = build(root, extra=extra)
        print(f"sito aggiornato: {result.comuni} comuni, {result.pratiche} pratiche", flush=True)
    except RecordError as exc:
        print(format_text(exc.diagnostics), file=sys.stderr, flush=True)
    except (BuildError, RuntimeError) as exc:  # the school's errors are RuntimeErrors
        print(f"errore: {exc}", file=sys.stderr, flush=True)


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000,
          extra: Extra | None = None) -> int:
    """`extra` builds the school into each new site; a changed module rebuilds it (cached).

    Files are stamped before each build, never after: a file saved while a build runs (the
    first one takes seconds) differs from its stamp and is rebuilt at the next poll.
    """
    seen = _snapshot(root)
    _rebuild(root, extra)
    site = root / "site"
    site.mkdir(exist_ok=True)
    # Serve the folder by path on each request: a rebuild swaps site/ for a new folder.
    handler = functools.partial(_Handler, site=site)
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"sito servito su http://{host}:{server.server_port}/ (Ctrl-C per fermare)",
          flush=True)
    try:
        while True:
            time.sleep(POLL_SECONDS)
            now = _snapshot(root)
            if now != seen:
                seen = now
                _rebuild(root, extra)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


class _Handler(SimpleHTTPRequestHandler):
    def __init__(self, *args: object, site: Path, **kwargs: object) -> None:
        super().__init__(*args, directory=str(site), **kwargs)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:
        pass
