"""Material's palette at load, on the fixture project's site (built by `rete build`).

Material's palette component appended a <meta name="color-scheme"> and then set its content:
each change made Chromium restyle every element of the page (a "PlatformColorChange"), twice
in the task that runs Material's bundle (Lighthouse: Total Blocking Time). overrides/main.html
writes the meta before the first paint and keeps Material's out of the document; tema.js
keeps it in step with the palette the reader picks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def site_dir(fixture_site: Path) -> Path:
    return fixture_site


_SCHEME_METAS = """() => [...document.querySelectorAll('meta[name="color-scheme"]')]
  .map(m => [m.content, m.parentElement === document.head])"""
_BODY_SCHEME = "getComputedStyle(document.body).colorScheme"


def _toggle(page: Any) -> None:
    page.locator("form[data-md-component=palette] label:visible").first.click()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_one_colour_scheme_meta_follows_the_palette(page: Any, site_url: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url, wait_until="networkidle")
    assert page.evaluate(_SCHEME_METAS) == [[scheme, True]]
    assert page.evaluate(_BODY_SCHEME) == scheme
    other = {"light": "dark", "dark": "light"}[scheme]
    _toggle(page)
    page.wait_for_function(f"{_BODY_SCHEME} === {json.dumps(other)}")
    page.wait_for_function(f"""() => document.querySelectorAll('meta[name="color-scheme"]')
        .length === 1 && document.querySelector('meta[name="color-scheme"]').content
        === {json.dumps(other)}""")
    page.reload(wait_until="networkidle")  # the saved palette, not the media query
    assert page.evaluate(_SCHEME_METAS) == [[other, True]]
    assert page.locator('meta[name="theme-color"]').count() == 1  # Material's, untouched


def test_the_palette_does_not_restyle_the_page_at_load(
    browser: Any, page: Any, site_url: str
) -> None:
    """From Material's bundle (and the first paint) to the end of the load, style is computed
    again for the elements scripts change, not for the whole page."""
    browser.start_tracing(page=page, categories=["devtools.timeline"])
    page.goto(site_url, wait_until="load")
    page.wait_for_timeout(500)
    events = json.loads(browser.stop_tracing())["traceEvents"]
    elements = page.evaluate("document.getElementsByTagName('*').length")
    bundle = min(
        e["ts"]
        for e in events
        if e.get("name") == "EvaluateScript"
        and "bundle." in e.get("args", {}).get("data", {}).get("url", "")
    )
    painted = min(e["ts"] for e in events if e.get("name") == "Paint")
    start = max(bundle, painted)
    styles = sorted(
        (e for e in events
         if e.get("name") == "UpdateLayoutTree" and e.get("ph") == "X" and e.get("args")),
        key=lambda e: e["ts"],
    )
    whole = [e for e in styles if e["args"].get("elementCount", 0) >= elements / 4]
    # The page's first whole style is no restyle, even when a busy machine paints before it.
    first = whole[0] if whole else None
    restyled = [e["args"].get("elementCount", 0)
                for e in styles if e["ts"] >= start and e is not first]
    assert max(restyled, default=0) < elements / 4, (restyled, elements)
