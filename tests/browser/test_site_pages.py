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
}
WEIGHT_LIMIT = 300 * 1024


@pytest.fixture(scope="session")
def site_dir(fixture_site: Path) -> Path:
    return fixture_site


@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_page_type_is_offline_and_accessible(name: str, page: Any, site_url: str,
                                             request_guard: Any,
                                             axe_violations: Callable[..., Any]) -> None:
    response = page.goto(site_url + PAGE_TYPES[name], wait_until="networkidle")
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == "it"
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        violations = axe_violations(page, impacts=("serious", "critical"))
        assert not violations, f"{name} ({scheme}): {violations!r}"
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
@pytest.mark.parametrize("name", ["home", "comune", "catalogo"])
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
