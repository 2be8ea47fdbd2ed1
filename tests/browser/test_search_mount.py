"""Material's search component is mounted when the search is first used, not while its
bundle is evaluated on every page load (overrides/hooks/slim_theme.py, `_LAZY_SEARCH_MOUNT`):
no search worker at load, and every way in still opens a working search. The tiny site is
built with the project's mkdocs.yml (conftest)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

#: Records every change made inside the search component once the page is parsed (before
#: the deferred scripts run) until the test reads it: Material's mount changes it at once
#: (its iOS scroll patch, `data-md-scrollfix`, marks it whether mounted or not).
WATCH_SEARCH = """
window.__searchChanges = [];
document.addEventListener("readystatechange", function () {
  if (document.readyState !== "interactive") return;
  var search = document.querySelector("[data-md-component=search]");
  new MutationObserver(function (records) {
    records.forEach(function (r) {
      if (r.attributeName === "data-md-scrollfix") return;
      window.__searchChanges.push(r.type + ":" + (r.attributeName || r.target.nodeName));
    });
  }).observe(search, { subtree: true, childList: true, attributes: true });
});
"""
QUERY = "associazioni"
FOUND = "Rete dei Comuni"


def _finds(page: Any) -> None:
    """The search is open, its box focused, and typing in it finds the expected page."""
    assert page.evaluate("document.getElementById('__search').checked")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type(QUERY, delay=50)
    result = page.locator(".md-search-result__item").first
    result.wait_for(state="visible")
    assert FOUND in result.inner_text()


def test_nothing_is_mounted_until_the_shortcut_opens_the_search(page: Any, site_url: str) -> None:
    page.add_init_script(WATCH_SEARCH)
    workers: list[str] = []
    page.on("worker", lambda worker: workers.append(worker.url))
    page.goto(site_url, wait_until="networkidle")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__searchChanges") == [] and workers == []
    page.keyboard.press("s")  # Material's shortcut; the letter is not typed in the box
    page.wait_for_function("document.getElementById('__search').checked")
    assert page.locator("input.md-search__input").input_value() == ""
    _finds(page)
    assert any("search" in url for url in workers)


def test_the_search_box_opens_it_when_clicked(page: Any, site_url: str) -> None:
    page.goto(site_url, wait_until="networkidle")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.wait_for_function("document.getElementById('__search').checked")
    _finds(page)
    page.keyboard.press("Escape")
    page.wait_for_function("!document.getElementById('__search').checked")


def test_the_header_button_opens_it_on_a_phone(page: Any, site_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(site_url, wait_until="networkidle")
    page.locator("header label.md-header__button[for=__search]").click()
    page.wait_for_timeout(200)  # after Material's own handling: one toggle, not two
    _finds(page)


def test_an_address_with_a_query_opens_the_search_at_load(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}?q={QUERY}", wait_until="networkidle")
    page.wait_for_function("document.getElementById('__search').checked")
    assert page.locator("input.md-search__input").input_value() == QUERY
    result = page.locator(".md-search-result__item").first
    result.wait_for(state="visible")
    assert FOUND in result.inner_text()
