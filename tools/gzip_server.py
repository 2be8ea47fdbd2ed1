"""Serve a built site gzip-compressed, as a production host would (http.server does not
compress), so that `make audit` measures what visitors download.

Bounded: only files inside the served folder, only files up to MAX_BYTES, a socket timeout
on every connection, and an optional lifetime after which the server stops by itself.
A missing page answers 404 with the site's 404.html, like common static hosts.

    .venv/bin/python tools/gzip_server.py site [--port 8000] [--lifetime 600]

Prints the base URL ("http://127.0.0.1:PORT/") on its first line of output.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import os
import sys
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

#: Media types worth compressing (images and fonts are already compressed).
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml",
                "image/svg+xml", "application/atom+xml", "application/geo+json")
#: Types that mimetypes may not know or may name otherwise on some systems.
TYPES = {".js": "application/javascript", ".json": "application/json",
         ".geojson": "application/geo+json", ".xml": "application/xml",
         ".webmanifest": "application/manifest+json"}
#: Largest file served, in bytes (the whole file is read into memory to compress it).
MAX_BYTES = 50 * 1024 * 1024
#: Seconds a connection may stay idle.
SOCKET_TIMEOUT_S = 10
#: gzip level of common web servers (nginx and Apache default to 1 and 6).
GZIP_LEVEL = 6


class GzipHandler(SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler that compresses text responses when the client accepts it."""

    timeout = SOCKET_TIMEOUT_S
    # Keep-alive, like every production server: a page's requests reuse connections
    # instead of opening one each (HTTP/1.0 closed the connection after every response).
    # Every response says its length (Content-Length), which HTTP/1.1 needs.
    protocol_version = "HTTP/1.1"

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        return TYPES.get(Path(path).suffix) or super().guess_type(path)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._respond(body=True)

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def _respond(self, body: bool) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                super().do_GET() if body else super().do_HEAD()  # the redirect to "…/"
                return
            path = path / "index.html"
        status = HTTPStatus.OK
        if not path.is_file():
            status, path = HTTPStatus.NOT_FOUND, Path(self.directory) / "404.html"
            if not path.is_file():
                self.send_error(HTTPStatus.NOT_FOUND)
                return
        if path.stat().st_size > MAX_BYTES:
            self.send_error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
            return
        data = path.read_bytes()
        ctype = self.guess_type(str(path))
        if ctype.startswith("text/") or ctype.endswith(("javascript", "json", "xml")):
            ctype += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Vary", "Accept-Encoding")
        if ctype.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data, GZIP_LEVEL, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)


class QuietServer(ThreadingHTTPServer):
    """A browser closing a kept-alive connection is not an error worth a traceback."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(directory: Path, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """A server for `directory` (not yet serving: call serve_forever)."""
    handler = functools.partial(GzipHandler, directory=str(directory))
    server = QuietServer((host, port), handler)
    server.daemon_threads = True
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--lifetime", type=float, default=None,
                        help="stop after this many seconds (default: at Ctrl-C)")
    args = parser.parse_args(argv)
    if not (args.directory / "index.html").is_file():
        parser.error(f"{args.directory}: no index.html (build the site first)")
    server = serve(args.directory.resolve(), args.host, args.port)
    host, port = server.server_address[:2]
    print(f"http://{host!s}:{port}/", flush=True)
    if args.lifetime is not None:
        threading.Timer(args.lifetime, server.shutdown).start()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
