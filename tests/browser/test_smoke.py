"""Smoke test of the browser set-up on a tiny site built with the project's mkdocs.yml:
pages load, nothing is requested from outside the site, axe-core finds no serious or
critical violation (light and dark palette), and the Italian search works offline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.browser

PAGES = ["", "sezione/"]


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_offline(page: Any, site_url: str, request_guard: Any, path: str) -> None:
    response = page.goto(site_url + path, wait_until="networkidle")
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == "it"
    assert "Rete dei Comuni amici della Famiglia" in page.title()
    # The theme's own scripts ran (search box wired up) and nothing left the site.
    page.locator("[data-md-component=search]").wait_for(state="attached")
    assert any(url.endswith(".js") for url in request_guard.requests)
    request_guard.assert_clean()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_axe_violations(
    page: Any,
    site_url: str,
    axe_violations: Callable[..., Any],
    path: str,
    scheme: str,
) -> None:
    page.emulate_media(color_scheme=scheme)  # before loading: Material picks it only then
    page.goto(site_url + path, wait_until="networkidle")
    shown = page.locator("body").get_attribute("data-md-color-scheme")
    assert shown == {"light": "default", "dark": "slate"}[scheme], shown
    violations = axe_violations(page, impacts=("serious", "critical"))
    assert not violations, repr(violations)


def test_search_finds_a_page(page: Any, site_url: str) -> None:
    page.goto(site_url, wait_until="networkidle")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    search = page.locator("input.md-search__input")
    search.focus()
    # Type key by key: the worker answers only once its index has loaded.
    search.press_sequentially("associazioni", delay=50)
    result = page.locator(".md-search-result__item").first
    result.wait_for(state="visible")
    assert "Rete dei Comuni" in result.inner_text()


def test_request_guard_blocks_third_party(page: Any, site_url: str, request_guard: Any) -> None:
    page.goto(site_url, wait_until="domcontentloaded")
    page.evaluate(
        """() => new Promise(resolve => {
            const img = new Image();
            img.onload = img.onerror = () => resolve(null);
            img.src = "https://example.org/tracker.png";
        })"""
    )
    assert request_guard.third_party == ["https://example.org/tracker.png"]
    with pytest.raises(AssertionError, match=r"example\.org"):
        request_guard.assert_clean()
    request_guard.requests.clear()  # the aborted request was the point of this test
