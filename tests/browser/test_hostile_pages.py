"""The hostile site in Chromium: no record makes the browser run script or leave the site.

tests/test_hostile_input.py reads the built pages with Python's HTML parser; a browser parses
some corners differently (comments, `noscript`, foreign content), so here Chromium itself
loads every page the vectors reach, focusing and hovering over what it can, and every
vector's alert() would open a dialog. Third-party requests are refused and reported by the
`page` fixture's guard.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hostile import build_inert, hostile_project

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    hostile = hostile_project(tmp_path_factory.mktemp("ostile-browser"))
    site, _ = build_inert(hostile, tmp_path_factory.mktemp("ostile-sito"))
    return site


def _pages(site: Path) -> list[str]:
    """Every page a vector reaches: the records' pages and the indexes that list them."""
    wanted = ("ostile", "rete/", "scuola/", "calcolatore/", "comuni/index", "pratiche/index")
    pages = [p.relative_to(site).as_posix() for p in sorted(site.rglob("index.html"))]
    return ["", *[p.removesuffix("index.html") for p in pages
                  if any(part in p for part in wanted)]]


def test_no_hostile_page_runs_script_or_leaves_the_site(page: Any, site_url: str,
                                                       site_dir: Path,
                                                       request_guard: Any) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(f"{page.url}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    visited = _pages(site_dir)
    assert len(visited) > 150
    for path in visited:
        response = page.goto(site_url + path, wait_until="load")
        assert response is not None and response.status == 200, path
        # Handlers that need a user: hover and focus every element of the content.
        page.eval_on_selector_all(
            "article *", "els => els.forEach(e => { for (const t of ['mouseover', "
            "'mouseenter', 'focus', 'click', 'toggle', 'animationstart']) "
            "e.dispatchEvent(new Event(t, {bubbles: false})); })")
    assert dialogs == []
    assert errors == []
    request_guard.assert_clean()
