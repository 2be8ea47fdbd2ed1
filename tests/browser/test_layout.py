"""Every page type, on a phone (390 px) and a desktop (1280 px), in the light and the dark
theme: the page never grows wider than the screen, and axe-core finds no violation of any
impact. Both the fixture project and the repository's real records are visited, since the
real ones are longer (names, tables, the map's crowded corner).

Each (width, theme) runs in a fresh browser context whose colour scheme is set before the
first page loads: Material picks its palette from prefers-color-scheme only when no palette
is stored yet, and ignores a change of the emulated scheme on a loaded page. The test checks
that Material really switched (body[data-md-color-scheme]).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from rete.web.build import build
from support import ROOT, TODAY

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)
SCHEMES = {"light": "default", "dark": "slate"}
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")

#: Page types of the fixture project, and the states the browser suite tests them in.
FIXTURE_PAGES = {
    "home": "",
    "rete": "rete/",
    "obiettivo": "rete/obiettivi/5/",
    "obiettivo-senza-pratiche": "rete/obiettivi/4/",
    "strumento": "rete/strumenti/gaf/",
    "comuni": "comuni/",
    "comune": "comuni/seveso/",
    "catalogo": "pratiche/",
    "catalogo-filtri": "pratiche/?strumenti=gaf&comuni=muggio",
    "catalogo-zero": "pratiche/?strumenti=family-pay&temi=tariffe",
    "pratica": "pratiche/gaf-esempio/",
    "dati": "dati/",
    "dizionario": "dati/dizionario/",
    "pagina": "privacy/",
    "404": "404.html",
    "calcolatore": "calcolatore/",
    "calcolatore-risultato": ("calcolatore/#schema=muggio--mensa&isee=16000"
                              "&m=genitore.40.lavora&m=genitore.40.lavora&m=figlio.8.iscritto"),
    "scuola": "scuola/",
    "aderire": "aderire/",
}
#: What must be shown before a state is checked (filled by scripts after the page loads).
READY = {"catalogo": "#pannello-filtri", "catalogo-filtri": "#pannello-filtri",
         "catalogo-zero": "#suggerimenti-pratiche", "calcolatore-risultato": "#calc-risultato"}
#: The real site where it differs: long tables, the full map, many filters, long pages.
REAL_PAGES = {
    "home": "",
    "rete": "rete/",
    "obiettivo": "rete/obiettivi/5/",
    "obiettivo-senza-pratiche": "rete/obiettivi/6/",
    "strumento": "rete/strumenti/negozi-buon-vicinato/",
    "fattore-famiglia-lombardo": "fattore-famiglia-lombardo/",
    "comuni": "comuni/",
    "comune": "comuni/brugherio/",
    "comune-esterno": "comuni/castelnuovo-del-garda/",
    "comune-tariffe": "comuni/cesano-maderno/",
    "catalogo": "pratiche/",
    "catalogo-filtri": "pratiche/?comuni=brugherio",
    "pratica": "pratiche/gruppi-acquisto-familiare/",
    "dati": "dati/",
    "dizionario": "dati/dizionario/",
    "contribuire": "contribuire/",
    "privacy": "privacy/",
    "note-legali": "note-legali/",
    "404": "404.html",
    "accessibilita": "accessibilita/",
    "calcolatore": "calcolatore/",
    "scuola": "scuola/",
    "aderire": "aderire/",
}


@pytest.fixture(scope="session")
def site_dir(fixture_site: Path) -> Path:
    return fixture_site


@pytest.fixture(scope="session")
def real_site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scratch = tmp_path_factory.mktemp("layout-real-site")
    return build(ROOT, today=TODAY, site=scratch / "site", work=scratch / "work").site


@contextmanager
def opened(browser: Any, base_url: str, path: str, width: int,
           scheme: str) -> Iterator[Any]:
    """A page at `width` px in `scheme`, loaded in its own context; requests that leave the
    site are aborted and fail the test."""
    context = browser.new_context(locale="it-IT", viewport={"width": width, "height": 900},
                                  color_scheme=scheme, service_workers="block")
    context.set_default_timeout(15_000)
    leaks: list[str] = []

    def route(route: Any) -> None:
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            leaks.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    try:
        page = context.new_page()
        response = page.goto(base_url + path, wait_until="networkidle")
        assert response is not None and response.status == 200, path
        yield page
    finally:
        context.close()
    assert not leaks, f"requests outside the site: {leaks}"


def check_layout(page: Any, width: int, scheme: str, axe: Callable[..., Any]) -> None:
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    inner_width = page.evaluate("window.innerWidth")
    assert scroll_width <= inner_width, f"page {scroll_width} px wide on a {inner_width} px screen"
    violations = axe(page, impacts=ALL_IMPACTS)
    assert not violations, f"{width} px, {scheme}: {violations!r}"


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(FIXTURE_PAGES))
def test_fixture_page_fits_and_is_accessible(name: str, width: int, scheme: str, browser: Any,
                                            site_url: str, site_dir: Path,
                                            axe_violations: Callable[..., Any]) -> None:
    with opened(browser, site_url, FIXTURE_PAGES[name], width, scheme) as page:
        if name in READY:
            page.locator(READY[name]).wait_for(state="visible")
        check_layout(page, width, scheme, axe_violations)


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(REAL_PAGES))
def test_real_page_fits_and_is_accessible(name: str, width: int, scheme: str, browser: Any,
                                         serve_site: Callable[[Path], str],
                                         real_site_dir: Path,
                                         axe_violations: Callable[..., Any]) -> None:
    with opened(browser, serve_site(real_site_dir), REAL_PAGES[name], width, scheme) as page:
        if name in READY:
            page.locator(READY[name]).wait_for(state="visible")
        check_layout(page, width, scheme, axe_violations)


# --- the comuni index on a phone --------------------------------------------------------

# Every word of every cell of every table, as [word, number of line boxes it occupies]:
# a word broken across two lines has two.
_WORD_BOXES = """
() => {
  const found = [];
  for (const cell of document.querySelectorAll("article table td, article table th")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set(Array.from(range.getClientRects())
          .filter(r => r.width > 0).map(r => Math.round(r.top)));
        found.push([match[0], lines.size]);
      }
    }
  }
  return found;
}
"""


def _cells_outside(page: Any) -> list[str]:
    return [str(t) for t in page.eval_on_selector_all(
        "article table td",
        "cells => cells.filter(c => { const r = c.getBoundingClientRect();"
        " return r.width > 0 && (r.left < 0 || r.right > window.innerWidth); })"
        ".map(c => c.textContent)")]


@pytest.mark.parametrize("site", ["fixture", "real"])
def test_comuni_table_on_a_phone_shows_every_cell_whole(
        site: str, browser: Any, site_url: str, serve_site: Callable[[Path], str],
        real_site_dir: Path) -> None:
    base = site_url if site == "fixture" else serve_site(real_site_dir)
    with opened(browser, base, "comuni/", 390, "light") as page:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        words = page.evaluate(_WORD_BOXES)
        assert words, "no table on the comuni page"
        broken = [word for word, lines in words if lines > 1]
        assert not broken, f"words broken across lines: {broken}"
        assert not _cells_outside(page)
        # The population is there, labelled, for every comune.
        populations = page.locator("article table tbody td[data-etichetta=Popolazione]")
        assert populations.count() == page.locator("article table tbody tr").count()
        assert populations.first.is_visible()


# --- the map ---------------------------------------------------------------------------

_LABEL_BOXES = """
svg => Array.from(svg.querySelectorAll("text")).map(t => {
  const b = t.getBBox();
  return [t.textContent, b.x, b.y, b.x + b.width, b.y + b.height];
})
"""


def _clashes(boxes: list[list[Any]], width: float, height: float) -> list[str]:
    found = [f"{a[0]} / {b[0]}" for i, a in enumerate(boxes) for b in boxes[i + 1:]
             if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]
    found += [f"{b[0]} outside the map" for b in boxes
              if b[1] < 0 or b[2] < 0 or b[3] > width or b[4] > height]
    return found


def test_map_labels_never_overlap(browser: Any, serve_site: Callable[[Path], str],
                                  real_site_dir: Path) -> None:
    """The real map, where Cinisello Balsamo and Brugherio are neighbours."""
    with opened(browser, serve_site(real_site_dir), "comuni/", 1280, "light") as page:
        svg = page.locator("svg.rete-mappa__svg")
        boxes = svg.evaluate(_LABEL_BOXES)
        size = svg.evaluate("s => [s.viewBox.baseVal.width, s.viewBox.baseVal.height]")
    assert {"Cinisello Balsamo", "Brugherio", "Lissone", "Muggiò"} <= {b[0] for b in boxes}
    assert not _clashes(boxes, *size)


def test_map_labels_avoid_each_other_in_a_crowd(browser: Any, site_url: str,
                                                site_dir: Path) -> None:
    """A denser made-up corner than any real one: seven comuni within a few kilometres."""
    from rete.web import mappa

    crowd = [mappa.Punto(f"c{i}", name, 45.55 + dlat, 9.25 + dlon) for i, (name, dlat, dlon)
             in enumerate([("Cinisello Balsamo", 0, 0), ("Brugherio", 0.005, 0.06),
                           ("Sesto San Giovanni", -0.02, 0.03), ("Monza", 0.03, 0.04),
                           ("Muggiò", 0.04, 0.0), ("Cologno Monzese", -0.03, 0.08),
                           ("Milano", -0.2, -0.05)])]
    # rete-site.css, folded into Material's one stylesheet by overrides/hooks/slim_theme.py
    css = next((site_dir / "assets/stylesheets").glob("main.*.min.css")).read_text(
        encoding="utf-8")
    with opened(browser, site_url, "", 1280, "light") as page:
        page.set_content(f"<html><head><style>{css}</style></head>"
                         f"<body>{mappa.svg(crowd)}</body></html>")
        svg = page.locator("svg.rete-mappa__svg")
        boxes = svg.evaluate(_LABEL_BOXES)
    assert len(boxes) == len(crowd)
    assert not _clashes(boxes, mappa.WIDTH, mappa.HEIGHT)
