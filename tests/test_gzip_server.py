"""tools/gzip_server.py, which `make audit` measures the site through: it compresses what
a production host compresses, answers a missing page with 404.html, stays in its folder."""

from __future__ import annotations

import gzip
import importlib.util
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from support import ROOT

TIMEOUT_S = 5


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gzip_server", ROOT / "tools" / "gzip_server.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def base_url(tmp_path: Path) -> Iterator[str]:
    site = tmp_path / "site"
    (site / "pagina").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>Home</title>" + "x" * 2000)
    (site / "pagina" / "index.html").write_text("<!doctype html><title>Pagina</title>")
    (site / "404.html").write_text("<!doctype html><title>Non trovata</title>")
    (site / "logo.png").write_bytes(b"\x89PNG" + bytes(100))
    (tmp_path / "segreto.txt").write_text("fuori dal sito")
    server = _load().serve(site)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host!s}:{port}/"
    server.shutdown()
    server.server_close()
    thread.join(TIMEOUT_S)


def fetch(url: str, gzip_ok: bool = True) -> tuple[int, dict[str, str], bytes]:
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers),
                                    timeout=TIMEOUT_S) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_text_is_gzipped_only_for_clients_that_accept_it(base_url: str) -> None:
    status, headers, body = fetch(base_url)
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body).startswith(b"<!doctype html><title>Home")
    assert int(headers["Content-Length"]) == len(body) < 2000
    status, headers, body = fetch(base_url + "pagina/", gzip_ok=False)
    assert "Content-Encoding" not in headers and body.endswith(b"<title>Pagina</title>")


def test_images_are_sent_as_they_are(base_url: str) -> None:
    _, headers, body = fetch(base_url + "logo.png")
    assert "Content-Encoding" not in headers and body.startswith(b"\x89PNG")


def test_missing_pages_get_404_html_and_nothing_outside_the_folder(base_url: str) -> None:
    status, _, body = fetch(base_url + "nessuna/", gzip_ok=False)
    assert status == 404 and b"Non trovata" in body
    status, _, body = fetch(base_url + "../segreto.txt", gzip_ok=False)
    assert status == 404 and b"fuori" not in body
