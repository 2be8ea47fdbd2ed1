"""Fixtures for browser tests: a built site served on 127.0.0.1, Debian's Chromium driven
by Playwright, a guard against requests leaving the site, and axe-core.

Everything is offline and bounded: the browser is Debian's /usr/bin/chromium (never
`playwright install`), axe-core comes from node_modules, and every wait has a timeout.

Which site is served: the `site_dir` fixture. By default it is a tiny MkDocs site built
from this project's mkdocs.yml (`smoke_site_dir`); set RETE_BROWSER_SITE_DIR to serve an
already built directory, or override `site_dir` in a test module or a nested conftest:

    @pytest.fixture(scope="session")
    def site_dir(tmp_path_factory): ...build and return a Path...

Servers are cached per directory, so modules with different sites can coexist.
Without Chromium or node_modules the tests fail, naming the command that installs what is
missing; they skip only when asked to: RETE_SENZA_BROWSER=1 (`make test SENZA_BROWSER=1` sets
it, and deselects the browser tests with -m "not browser"). See `unavailable_outcome`.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MKDOCS_YML = PROJECT_ROOT / "mkdocs.yml"
AXE_JS = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"

#: Default bound, in milliseconds, for every Playwright wait (navigation, locators, …).
TIMEOUT_MS = 15_000
#: Bound, in milliseconds, for one axe-core run.
AXE_TIMEOUT_MS = 30_000
#: Bound, in seconds, for stopping a server thread.
SHUTDOWN_TIMEOUT_S = 5.0

CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

# URL schemes a page may use without leaving the site.
LOCAL_SCHEMES = frozenset({"data", "blob", "about"})

SMOKE_PAGES = {
    "index.md": (
        "# Rete dei Comuni amici della Famiglia\n\n"
        "Pagina di prova del sito, con un [collegamento nel testo](sezione/index.md) "
        "e un elenco:\n\n- Comuni\n- Associazioni\n\n"
        "## Un esempio di codice\n\n"
        "```python\n# Commento\nimport math\n\n\n"
        "def area(raggio: float = 1.5) -> float:\n"
        '    """Documentazione."""\n'
        "    return math.pi * raggio**2 if raggio > 0 else None or 0x1F\n\n\n"
        "print(f\"area: {area(2)!r}\", True, [1, 2], {'a': 1})\n```\n\n"
        '!!! note "Nota"\n\n    Un riquadro di nota.\n'
    ),
    "sezione/index.md": (
        "# Sezione\n\nUna seconda pagina, per la navigazione. "
        "Torna alla [pagina iniziale](../index.md).\n\n"
        "| Comune | Provincia |\n| --- | --- |\n| Bergamo | BG |\n"
    ),
}


# --- markers and skipping -------------------------------------------------------------


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under tests/browser with `browser`."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


#: The variable that asks for the browser tests to be skipped (set by `make test SENZA_BROWSER=1`).
SKIP_ENV = "RETE_SENZA_BROWSER"
#: The one command that installs Debian's Chromium.
CHROMIUM_INSTALL = "apt-get install -y --no-install-recommends chromium"
CHROMIUM_MISSING = f"Chromium non è installato: installalo con `{CHROMIUM_INSTALL}` (da root)"


def unavailable_outcome(reason: str, env: Mapping[str, str]) -> tuple[bool, str]:
    """What to do when something the browser tests need is missing: (skip?, message).

    Pure, so that tests/test_no_silent_skips.py can check the rule without uninstalling
    anything. A missing requirement fails the test, unless the skip was asked for
    explicitly with RETE_SENZA_BROWSER set to anything but "" or "0".
    """
    if env.get(SKIP_ENV, "").strip() not in ("", "0"):
        return True, f"{reason} (test del browser saltati su richiesta: {SKIP_ENV}=1)"
    return False, (f"{reason}. Per saltare apposta i test del browser: "
                   "`make test SENZA_BROWSER=1`")


def _unavailable(reason: str) -> NoReturn:
    skip, message = unavailable_outcome(reason, os.environ)
    if skip:
        pytest.skip(message)
    pytest.fail(message, pytrace=False)


def chromium_path() -> str | None:
    """Debian's Chromium, or None."""
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


# --- building a site ------------------------------------------------------------------


def build_mkdocs_site(docs_dir: Path, site_dir: Path, **overrides: Any) -> Path:
    """Build `docs_dir` into `site_dir` with the project's mkdocs.yml; return site_dir.

    Runs from the project root, as `rete build` does; mkdocs.yml excludes the two scripts
    the privacy plugin would download, so the build needs no network, and sets strict, so
    any warning fails the build.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    old_cwd = Path.cwd()
    os.chdir(PROJECT_ROOT)
    try:
        config = load_config(
            config_file=str(MKDOCS_YML),
            docs_dir=str(docs_dir),
            site_dir=str(site_dir),
            **overrides,
        )
        build(config)
    finally:
        os.chdir(old_cwd)
    return site_dir


@pytest.fixture(scope="session")
def smoke_site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny site (two pages) built with the project's mkdocs.yml and overrides/."""
    if not (PROJECT_ROOT / "node_modules").is_dir():
        _unavailable("manca node_modules: esegui `make node_modules`")
    base = tmp_path_factory.mktemp("smoke-site")
    docs = base / "docs"
    for name, text in SMOKE_PAGES.items():
        page = docs / name
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(text, encoding="utf-8")
    # The real site's nav and extra assets name pages and files that `rete build`
    # generates; the smoke site keeps the theme, plugins and overrides only.
    return build_mkdocs_site(
        docs,
        base / "site",
        nav=[{"Home": "index.md"}, {"Sezione": "sezione/index.md"}],
        extra_css=[],
        extra_javascript=[],
    )


@pytest.fixture(scope="session")
def site_dir(request: pytest.FixtureRequest) -> Path:
    """The built site the browser tests visit. Override as described in the docstring."""
    given = os.environ.get("RETE_BROWSER_SITE_DIR")
    if given:
        path = Path(given)
        if not (path / "index.html").is_file():
            pytest.fail(f"RETE_BROWSER_SITE_DIR={given} has no index.html", pytrace=False)
        return path
    built: Path = request.getfixturevalue("smoke_site_dir")
    return built


# --- serving a site -------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class _RunningServer:
    server: ThreadingHTTPServer
    thread: threading.Thread

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/"

    def stop(self) -> None:
        # shutdown() waits for serve_forever to notice; bound that wait.
        stopper = threading.Thread(target=self.server.shutdown, daemon=True)
        stopper.start()
        stopper.join(SHUTDOWN_TIMEOUT_S)
        self.server.server_close()
        self.thread.join(SHUTDOWN_TIMEOUT_S)


def start_static_server(directory: Path, host: str = "127.0.0.1") -> _RunningServer:
    """Serve `directory` on a free port of `host` from a daemon thread."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer((host, 0), handler)
    server.daemon_threads = True
    server.block_on_close = False
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.1},
        name=f"site-server:{directory}",
        daemon=True,
    )
    thread.start()
    return _RunningServer(server, thread)


@pytest.fixture(scope="session")
def serve_site() -> Iterator[Callable[[Path], str]]:
    """Return `serve(directory) -> base URL` ("http://127.0.0.1:PORT/"); one server per
    directory for the whole session, all stopped at its end."""
    servers: dict[Path, _RunningServer] = {}

    def serve(directory: Path) -> str:
        key = Path(directory).resolve()
        if key not in servers:
            if not key.is_dir():
                raise FileNotFoundError(f"no site to serve at {key}")
            servers[key] = start_static_server(key)
        return servers[key].base_url

    yield serve
    for running in servers.values():
        running.stop()


@pytest.fixture
def site_url(serve_site: Callable[[Path], str], site_dir: Path) -> str:
    """Base URL ("http://127.0.0.1:PORT/") of `site_dir`, served for the session."""
    return serve_site(site_dir)


# --- the browser ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium, launched once per session through Playwright."""
    executable = chromium_path()
    if executable is None:
        _unavailable(CHROMIUM_MISSING)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the lock installs it
        _unavailable("Playwright (Python) non è installato: esegui `make venv`")
    manager = sync_playwright().start()
    try:
        launched = manager.chromium.launch(
            executable_path=executable,
            headless=True,
            args=list(CHROMIUM_ARGS),
            timeout=60_000,
        )
    except Exception:
        manager.stop()
        raise
    try:
        yield launched
    finally:
        launched.close()
        manager.stop()


@dataclass
class RequestGuard:
    """Records every request of a browser context; knows which left the site's origin."""

    origin: str
    requests: list[str] = field(default_factory=list)

    @property
    def third_party(self) -> list[str]:
        return [url for url in self.requests if not self.is_local(url)]

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            return True
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def assert_clean(self) -> None:
        """Fail if any request went (or tried to go) outside the site's origin."""
        leaks = self.third_party
        assert not leaks, "requests outside " + self.origin + ":\n  " + "\n  ".join(leaks)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture
def request_guard(site_url: str) -> RequestGuard:
    """The request log of the test's `page` (see `page`)."""
    return RequestGuard(origin_of(site_url))


@pytest.fixture
def page(browser: Any, request_guard: RequestGuard) -> Iterator[Any]:
    """A fresh page (own context, Italian locale) whose requests are all recorded.

    Requests outside the site's origin are aborted, so nothing leaves the machine, and
    fail the test at teardown even if it never calls `request_guard.assert_clean()`.
    """
    context = browser.new_context(
        locale="it-IT",
        viewport={"width": 1280, "height": 900},
        service_workers="block",
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)

    def route(route: Any) -> None:
        url = route.request.url
        request_guard.requests.append(url)
        if request_guard.is_local(url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route("**/*", route)
    new_page = context.new_page()
    try:
        yield new_page
    finally:
        context.close()
    request_guard.assert_clean()


# --- accessibility --------------------------------------------------------------------

_AXE_RUN = """
async ([options, timeoutMs]) => {
  const timeout = new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`axe.run took more than ${timeoutMs} ms`)), timeoutMs));
  const results = await Promise.race([axe.run(document, options), timeout]);
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary})),
  }));
}
"""


class Violations(list[dict[str, Any]]):
    """axe-core violations; repr is a readable summary for assertion messages."""

    def __repr__(self) -> str:
        if not self:
            return "Violations([])"
        lines = [f"{len(self)} axe-core violation(s):"]
        for v in self:
            lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
            for node in v["nodes"][:5]:
                lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
        return "\n".join(lines)


def run_axe(
    page: Any,
    impacts: Sequence[str] = ("serious", "critical"),
    options: dict[str, Any] | None = None,
) -> Violations:
    """Run axe-core (from node_modules) on the page; return violations of these impacts.

    `options` go to axe.run (e.g. {"runOnly": ["wcag2a", "wcag2aa"]}).
    """
    if not AXE_JS.is_file():
        _unavailable("manca node_modules/axe-core: esegui `make node_modules`")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    run_options = {"resultTypes": ["violations"], **(options or {})}
    found: list[dict[str, Any]] = page.evaluate(_AXE_RUN, [run_options, AXE_TIMEOUT_MS])
    return Violations(v for v in found if v["impact"] in impacts)


@pytest.fixture
def axe_violations() -> Callable[..., Violations]:
    """`axe_violations(page, impacts=("serious", "critical"))` -> Violations (see run_axe).

    A fixture, so that test modules need not import from conftest:
    `assert not axe_violations(page)` prints a readable summary on failure.
    """
    return run_axe


@pytest.fixture(scope="session")
def build_site() -> Callable[..., Path]:
    """`build_site(docs_dir, site_dir, **mkdocs_overrides)` -> site_dir (see
    build_mkdocs_site), for session fixtures that build their own site."""
    return build_mkdocs_site


# --- page weight ----------------------------------------------------------------------


@dataclass(frozen=True)
class PageWeight:
    """Bytes a page load transfers: as served here (no compression) without the search
    engine files, and gzip-compressed (as a compressing host sends it) without the index."""

    raw_without_search: int
    gzip_without_index: int
    responses: int
    #: (URL, gzip bytes) of every response, largest first: where the bytes go.
    gzip_by_url: tuple[tuple[str, int], ...] = ()

    def breakdown(self) -> str:
        return "\n".join(f"{size / 1024:6.1f} KB  {url}" for url, size in self.gzip_by_url)


@pytest.fixture
def page_weight(page: Any) -> Callable[[str], PageWeight]:
    def measure(url: str) -> PageWeight:
        import gzip

        sizes: dict[str, tuple[int, int]] = {}

        def record(response: Any) -> None:
            body = response.body()
            sizes[response.url] = (len(body), len(gzip.compress(body, mtime=0)))

        page.on("response", record)
        page.goto(url, wait_until="networkidle")
        search = {u for u in sizes if "search" in u or "/lunr/" in u}
        return PageWeight(sum(r for u, (r, _) in sizes.items() if u not in search),
                          sum(g for u, (_, g) in sizes.items() if "search_index.json" not in u),
                          len(sizes),
                          tuple(sorted(((u, g) for u, (_, g) in sizes.items()),
                                       key=lambda item: -item[1])))

    return measure
