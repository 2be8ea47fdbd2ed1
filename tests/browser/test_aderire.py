"""A councillor of a comune outside the Rete finds how to join, from the comune's own page,
on the repository's real site: offline, accessible in both themes; and the privacy page's
claim about browser storage holds (no cookie, only the theme choice in localStorage)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rete.web.build import build
from support import ROOT, TODAY

pytestmark = pytest.mark.browser

NON_MEMBER = "comuni/desio/"  # no source ties Desio to the Rete (no relazioni)
MEMBER = "comuni/brugherio/"  # a signatory of the 2016 agreement
SCHEMES = {"light": "default", "dark": "slate"}
SEARCH_MS = 15_000  # bound for the search index to load and answer


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scratch = tmp_path_factory.mktemp("aderire-site")
    return build(ROOT, today=TODAY, site=scratch / "site", work=scratch / "work").site


ALL_IMPACTS = ("minor", "moderate", "serious", "critical")


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_join_page_offline_and_accessible(scheme: str, page: Any, site_url: str,
                                          request_guard: Any,
                                          axe_violations: Callable[..., Any]) -> None:
    page.emulate_media(color_scheme=scheme)
    response = page.goto(site_url + "aderire/", wait_until="networkidle")
    assert response is not None and response.status == 200
    assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
    heading = page.locator("h1").inner_text()
    assert "Aderire" in heading, heading
    for section in ("#passi", "#adesioni", "#impegni", "#deliberazione", "#contatti"):
        assert page.locator(section).count() == 1, section
    assert page.get_by_text("Indicazioni, non un testo ufficiale").count() == 2
    violations = axe_violations(page, impacts=ALL_IMPACTS)
    assert not violations, f"aderire/ ({scheme}): {violations!r}"
    request_guard.assert_clean()


@pytest.mark.parametrize("path", ["accessibilita/", "privacy/", "note-legali/", NON_MEMBER])
def test_statements_and_non_member_page_accessible(path: str, page: Any, site_url: str,
                                                   request_guard: Any,
                                                   axe_violations: Callable[..., Any]) -> None:
    # The theme stores the palette of the first load and reuses it on the next ones (see
    # the privacy test below): forget it before each load, so that each follows the system.
    page.add_init_script("try { localStorage.clear() } catch (e) {}")
    for scheme, palette in SCHEMES.items():
        page.emulate_media(color_scheme=scheme)
        response = page.goto(site_url + path, wait_until="networkidle")
        assert response is not None and response.status == 200
        assert page.locator("body").get_attribute("data-md-color-scheme") == palette
        assert "da completare" not in page.locator("article").inner_text()
        violations = axe_violations(page, impacts=ALL_IMPACTS)
        assert not violations, f"{path} ({scheme}): {violations!r}"
    request_guard.assert_clean()


def test_reached_from_a_non_member_comune_and_the_nav(page: Any, site_url: str) -> None:
    page.goto(site_url + MEMBER, wait_until="networkidle")
    assert page.get_by_role("link", name="Come aderire alla Rete").count() == 0
    page.goto(site_url + NON_MEMBER, wait_until="networkidle")
    page.get_by_role("link", name="Come aderire alla Rete").click()
    page.wait_for_url(site_url + "aderire/")
    assert "Aderire" in page.locator("h1").inner_text()
    assert page.locator("nav a", has_text="Aderire alla Rete").count() >= 1


def test_privacy_claim_no_cookie_only_the_theme_in_local_storage(page: Any,
                                                                 site_url: str) -> None:
    """What privacy/ says: no cookie; the theme notes the palette in use on every page load
    and when it is toggled; nothing else is kept in the browser."""
    for path in ("", "aderire/", NON_MEMBER, "privacy/", "calcolatore/", "pratiche/"):
        page.goto(site_url + path, wait_until="networkidle")
        assert page.evaluate("() => document.cookie") == "", path
        assert page.context.cookies() == [], path
        keys = page.evaluate("() => Object.keys(localStorage)")
        assert keys == ["/.__palette"], (path, keys)
        assert page.evaluate("() => Object.keys(sessionStorage)") == [], path
    page.keyboard.press("/")  # searching keeps nothing in the browser either
    page.keyboard.type("aderire")
    page.wait_for_selector(".md-search-result__item", timeout=SEARCH_MS)
    first = page.locator(".md-search-result__item a").first.get_attribute("href") or ""
    assert first.rstrip("/").endswith("aderire"), first
    assert page.evaluate("() => Object.keys(localStorage)") == ["/.__palette"]
    assert page.evaluate("() => Object.keys(sessionStorage)") == []
    page.keyboard.press("Escape")
    page.locator("label[for^='__palette']:visible").first.click()
    stored = page.evaluate("() => JSON.parse(localStorage.getItem('/.__palette'))")
    assert stored["color"]["scheme"] == "slate"
    assert page.evaluate("() => Object.keys(localStorage)") == ["/.__palette"]
