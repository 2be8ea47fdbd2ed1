"""Every page type of the public site in headless Chromium: offline, accessible, usable.

The site is the valid fixture project built by `rete build` (tests/conftest.py).
Screenshots go to test-artifacts/screenshots/ (not committed).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PAGE_TYPES = {
    "home": "",
    "rete": "rete/",
    "comuni": "comuni/",
    "comune": "comuni/seveso/",
    "catalogo": "pratiche/",
    "pratica": "pratiche/gaf-esempio/",
    "dati": "dati/",
    "pagina": "privacy/",
    "404": "404.html",
    "calcolatore": "calcolatore/",
    "scuola": "scuola/",
}
WEIGHT_LIMIT = 300 * 1024


@pytest.fixture(scope="session")
def site_dir(fixture_site: Path) -> Path:
    return fixture_site


@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_page_type_is_offline_and_in_italian(name: str, page: Any, site_url: str,
                                            request_guard: Any) -> None:
    """Accessibility (axe, both themes, phone and desktop) is tests/browser/test_layout.py's."""
    response = page.goto(site_url + PAGE_TYPES[name], wait_until="networkidle")
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == "it"
    request_guard.assert_clean()


def _visible_slugs(page: Any) -> list[str]:
    return sorted(page.eval_on_selector_all(
        "#catalogo-pratiche li[data-slug]:not([hidden])",
        "items => items.map(i => i.dataset.slug)"))


def _expected(site_dir: Path, **chosen: str) -> list[str]:
    index = json.loads((site_dir / "pratiche/indice.json").read_text(encoding="utf-8"))
    return sorted(p["slug"] for p in index["pratiche"]
                  if all(value in p[key] for key, value in chosen.items()))


def test_two_filters_show_exactly_the_matching_practices(page: Any, site_url: str,
                                                         site_dir: Path) -> None:
    page.goto(site_url + "pratiche/", wait_until="networkidle")
    page.locator("#filtri-pratiche").wait_for(state="visible")
    assert len(_visible_slugs(page)) == 3
    page.get_by_label("Gruppi di Acquisto Familiare").check()
    page.locator("#filtri-pratiche input[name=comuni][value=muggio]").check()
    expected = _expected(site_dir, strumenti="gaf", comuni="muggio")
    assert expected == ["tavolo-esempio"]
    assert _visible_slugs(page) == expected
    assert page.locator("#risultati-pratiche").inner_text() == "1 pratica."


def test_filters_work_with_the_keyboard_alone(page: Any, site_url: str, site_dir: Path,
                                              axe_violations: Callable[..., Any]) -> None:
    page.goto(site_url + "pratiche/", wait_until="networkidle")
    page.locator("#filtri-pratiche").wait_for(state="visible")
    target = "#filtri-pratiche input[name=strumenti][value=family-pay]"
    for _ in range(200):  # bounded: Tab through the page until the checkbox has focus
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement === document.querySelector('{target}')"):
            break
    else:
        pytest.fail("the family-pay filter is not reachable with Tab")
    page.keyboard.press("Space")
    assert page.locator(target).is_checked()
    assert _visible_slugs(page) == _expected(site_dir, strumenti="family-pay")
    violations = axe_violations(page, impacts=("serious", "critical"))
    assert not violations, repr(violations)  # the catalogue with a filter applied
    page.keyboard.press("Space")
    assert len(_visible_slugs(page)) == 3


FILTER = "#filtri-pratiche input[name={}][value={}]"


def _index(site_dir: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (site_dir / "pratiche/indice.json").read_text(encoding="utf-8"))
    return loaded


def _faceted_counts(site_dir: Path, chosen: dict[str, list[str]]) -> dict[tuple[str, str], int]:
    """For each facet value, the practices it would give with the other facets as chosen."""
    index = _index(site_dir)
    counts: dict[tuple[str, str], int] = {}
    for practice in index["pratiche"]:
        for facet in index["facets"]:
            key = facet["key"]
            others = all(any(v in practice[k] for v in values)
                         for k, values in chosen.items() if k != key)
            for value in practice[key]:
                counts[(key, value)] = counts.get((key, value), 0) + (1 if others else 0)
    return counts


def _shown_counts(page: Any) -> dict[tuple[str, str], int]:
    rows = page.eval_on_selector_all(
        "#filtri-pratiche input[type=checkbox]",
        "bs => bs.map(b => [b.name, b.value,"
        " b.parentNode.querySelector('.rete-conteggio').textContent])")
    return {(name, value): int(text.strip("()")) for name, value, text in rows}


def _open_catalogue(page: Any, url: str) -> None:
    page.goto(url, wait_until="networkidle")
    page.locator("#pannello-filtri").wait_for(state="visible")


def test_counts_follow_the_selection(page: Any, site_url: str, site_dir: Path) -> None:
    _open_catalogue(page, site_url + "pratiche/")
    shown = _shown_counts(page)
    assert shown == _faceted_counts(site_dir, {})
    page.locator(FILTER.format("strumenti", "gaf")).check()
    shown = _shown_counts(page)
    assert shown == _faceted_counts(site_dir, {"strumenti": ["gaf"]})
    assert shown[("comuni", "seveso")] == 1  # was 2: only the GAF practice is in Seveso
    assert shown[("strumenti", "family-pay")] == 1  # its own facet: adding it would add one
    page.locator(FILTER.format("comuni", "muggio")).check()
    assert _shown_counts(page) == _faceted_counts(
        site_dir, {"strumenti": ["gaf"], "comuni": ["muggio"]})


def test_no_result_offers_the_filter_to_remove(page: Any, site_url: str,
                                               site_dir: Path) -> None:
    _open_catalogue(page, site_url + "pratiche/?strumenti=family-pay&temi=tariffe")
    assert _visible_slugs(page) == []
    assert page.locator("#risultati-pratiche").inner_text() == "Nessuna pratica con questi filtri."
    hints = page.locator("#suggerimenti-pratiche button")
    assert hints.count() == 2
    remove_theme = page.get_by_role("button", name="Togli Tema: Tariffe dei servizi (1 pratica)")
    remove_theme.click()
    assert _visible_slugs(page) == _expected(site_dir, strumenti="family-pay")
    assert not page.locator(FILTER.format("temi", "tariffe")).is_checked()
    assert page.evaluate("location.search") == "?strumenti=family-pay"
    assert page.locator("#suggerimenti-pratiche").is_hidden()


def test_filters_live_in_the_address(page: Any, site_url: str, site_dir: Path) -> None:
    from playwright.sync_api import expect

    gaf, muggio = FILTER.format("strumenti", "gaf"), FILTER.format("comuni", "muggio")
    _open_catalogue(page, site_url + "pratiche/")
    page.locator(gaf).check()
    assert page.evaluate("location.search") == "?strumenti=gaf"
    page.locator(muggio).check()
    shared = page.url
    assert page.evaluate("location.search") == "?strumenti=gaf&comuni=muggio"
    page.go_back()  # undoes the last filter
    expect(page.locator(muggio)).not_to_be_checked()  # bounded wait for popstate
    assert page.evaluate("location.search") == "?strumenti=gaf"
    assert page.locator(gaf).is_checked()
    assert _visible_slugs(page) == _expected(site_dir, strumenti="gaf")
    page.go_back()
    expect(page.locator(gaf)).not_to_be_checked()
    assert page.evaluate("location.search") == ""
    assert len(_visible_slugs(page)) == 3
    page.go_forward()
    expect(page.locator(gaf)).to_be_checked()
    assert _visible_slugs(page) == _expected(site_dir, strumenti="gaf")
    # A shared address opens with its filters applied.
    fresh = page.context.new_page()
    _open_catalogue(fresh, shared)
    assert fresh.locator(gaf).is_checked() and fresh.locator(muggio).is_checked()
    assert _visible_slugs(fresh) == ["tavolo-esempio"]
    fresh.get_by_role("button", name="Azzera i filtri").click()
    expect(fresh.locator("#risultati-pratiche")).to_have_text("3 pratiche.")  # reset is async
    assert len(_visible_slugs(fresh)) == 3
    assert fresh.evaluate("location.search") == ""


def test_skip_link_passes_the_filters(page: Any, site_url: str) -> None:
    _open_catalogue(page, site_url + "pratiche/")
    for _ in range(60):  # bounded: Tab from the top to the skip link
        page.keyboard.press("Tab")
        focused = page.evaluate("[document.activeElement.tagName, "
                                "document.activeElement.textContent.trim(), "
                                "!!document.activeElement.closest('#filtri-pratiche')]")
        assert not focused[2], "a filter got the focus before the skip link"
        if focused[:2] == ["A", "Vai ai risultati"]:
            break
    else:
        pytest.fail("no 'Vai ai risultati' link reachable with Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "risultati"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#catalogo-pratiche') !== null")


def test_filters_are_collapsed_on_a_phone(page: Any, site_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    _open_catalogue(page, site_url + "pratiche/?strumenti=gaf")
    panel = page.locator("#pannello-filtri")
    assert panel.get_attribute("open") is None
    assert page.locator(FILTER.format("strumenti", "gaf")).is_hidden()
    summary = panel.locator("summary")
    assert summary.inner_text().strip() == "Filtri (1 attivo)"
    results_top = page.evaluate(
        "document.getElementById('risultati').getBoundingClientRect().top + scrollY")
    assert results_top < 844, f"results start at {results_top} px"
    summary.click()
    assert panel.get_attribute("open") is not None
    assert page.locator(FILTER.format("strumenti", "gaf")).is_visible()
    # On a desktop the same panel starts open.
    page.set_viewport_size({"width": 1280, "height": 900})
    _open_catalogue(page, site_url + "pratiche/")
    assert panel.get_attribute("open") is not None


_CLS = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) { if (!entry.hadRecentInput) total += entry.value; }
  }).observe({ type: 'layout-shift', buffered: true });
  setTimeout(() => resolve(total), 1500);
})"""


@pytest.mark.parametrize("width", [390, 1280])
def test_catalogue_does_not_jump_when_its_script_starts(width: int, page: Any,
                                                        site_url: str) -> None:
    """The filter panel is shown (and opened on wide screens) while the page is parsed: left
    to the deferred script, it pushed the drawn results down (Lighthouse: shift 0.17)."""
    import time

    def slow(route: Any) -> None:  # a phone's network: the script arrives after first paint
        time.sleep(0.4)
        route.fallback()

    page.route("**/catalogo.js", slow)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url + "pratiche/", wait_until="networkidle")
    page.locator("#catalogo-pratiche li").first.wait_for()
    shift: float = page.evaluate(_CLS)
    assert shift < 0.01, f"cumulative layout shift {shift:.4f} at {width} px"


HOME_TASKS = {"Trova il tuo comune": "comuni/", "Quanto pagheresti?": "calcolatore/",
              "Buone pratiche": "pratiche/", "Scuola di formazione": "scuola/",
              "Aderire alla Rete": "aderire/"}


def test_home_leads_each_visitor_to_its_task(page: Any, site_url: str) -> None:
    page.goto(site_url, wait_until="networkidle")
    # Desktop: the site navigation is shown, and the calculator is linked on the page.
    assert page.locator(".md-sidebar--primary .md-nav--primary").is_visible()
    assert page.locator(".md-sidebar--primary").get_by_role(
        "link", name="Calcolatore").is_visible()
    for name, target in HOME_TASKS.items():
        link = page.locator("article").get_by_role("link", name=name, exact=True)
        assert link.get_attribute("href") == target, name
        response = page.request.get(site_url + target)
        assert response.status == 200, f"{name}: {target} gives {response.status}"
    assert page.locator("article").get_by_role(
        "link", name="Quanto pagheresti?").is_visible()
    # Phone: the first task is on the first screen.
    page.set_viewport_size({"width": 390, "height": 844})
    top = page.evaluate("document.querySelector('.rete-compiti li a')"
                        ".getBoundingClientRect().top + scrollY")
    assert top < 844, f"first task at {top} px"


def test_comuni_table_sorts_by_population(page: Any, site_url: str) -> None:
    page.goto(site_url + "comuni/", wait_until="networkidle")
    header = page.locator("table[data-ordinabile] th").nth(3)
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    first = page.locator("table[data-ordinabile] tbody tr").first.locator("td").first
    assert first.inner_text() == "Muggiò"  # no population: sorts first
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    assert page.locator("table[data-ordinabile] tbody tr").first.locator(
        "td").first.inner_text() == "Seveso"


def test_comune_page_weight(page_weight: Callable[[str], Any], site_url: str) -> None:
    """Under 300 KB as served here without search, and gzip-compressed without the index."""
    weight = page_weight(site_url + "comuni/seveso/")
    print(f"\ncomune page: {weight.raw_without_search / 1024:.1f} KB uncompressed without "
          f"search ({weight.responses} responses); {weight.gzip_without_index / 1024:.1f} KB "
          "gzip-compressed without the search index")
    assert weight.raw_without_search < WEIGHT_LIMIT
    assert weight.gzip_without_index < WEIGHT_LIMIT


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", ["home", "comuni", "comune", "catalogo"])
def test_screenshots(name: str, width: int, browser: Any, site_url: str) -> None:
    context = browser.new_context(locale="it-IT", viewport={"width": width, "height": 900},
                                  service_workers="block")
    try:
        page = context.new_page()
        page.goto(site_url + PAGE_TYPES[name], wait_until="networkidle", timeout=15_000)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 1000
    finally:
        context.close()


def _search(page: Any, site_url: str, query: str) -> list[str]:
    page.goto(site_url, wait_until="networkidle")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    search = page.locator("input.md-search__input")
    search.focus()
    search.press_sequentially(query, delay=50)  # key by key: the worker loads its index first
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=15_000)
    return [str(h) for h in results.locator("a").evaluate_all("as => as.map(a => a.href)")]


@pytest.mark.parametrize("query", ["infanzia", "dell'infanzia", "città", "famiglie"])
def test_search_finds_italian_words(query: str, page: Any, site_url: str) -> None:
    found = _search(page, site_url, query)
    assert any("/pratiche/tavolo-esempio/" in url for url in found), found
