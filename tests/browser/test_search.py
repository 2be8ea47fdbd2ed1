"""Site search on the repository's real site, typed into the real search box in Chromium.

What a citizen searching needs: accents fold both ways, everyday words find the pages
(synonyms in content/ricerca/sinonimi.yml), snippets keep words apart, and the search
index is downloaded only when the search box is first used, not with every page. Records
are found by a prefix of their title's words in the shards of search/schede/, and a query
downloads only the shards of its words (issue 13).
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from rete.web.build import build
from rete.web.search_records import FOLDER, MANIFEST, query_files
from support import ROOT, TODAY

pytestmark = pytest.mark.browser

RESULTS_MS = 10_000  # bound for the index to load and the first results to appear
SEARCH_FILES = ("search/search_index.json", "/workers/search.", "search/schede/")


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scratch = tmp_path_factory.mktemp("search-site")
    return build(ROOT, today=TODAY, site=scratch / "site", work=scratch / "work").site


def search_requests(requests: list[str]) -> list[str]:
    return [u for u in requests if any(name in u for name in SEARCH_FILES)]


def record_files(requests: list[str]) -> list[str]:
    """The files of the records' index requested, by name (f-mu.json, s-0.json, …)."""
    folder = "/" + FOLDER + "/"
    return [urlsplit(u).path.split(folder, 1)[1] for u in requests if folder in u]


def search(page: Any, query: str) -> list[str]:
    """Type `query` into the search box; the result pages in order (site paths, no anchor).

    Call it once per page load: the value is filled in one step and a single key release
    sends it, so the results shown can only be the results of `query`.
    """
    box = page.locator("[data-md-component=search-query]")
    button = page.locator("label.md-header__button[for=__search]")  # phones: a header button
    (button if button.is_visible() else box).click()
    box.fill(query)
    box.press("End")  # Material reads the box on key release
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function(
        "(q) => document.querySelector('[data-md-component=search-query]').value === q"
        " && document.querySelectorAll('.md-search-result__item').length > 0",
        arg=query, timeout=RESULTS_MS)
    assert meta.is_visible()
    hrefs: list[str] = page.locator(".md-search-result__item").evaluate_all(
        "items => items.map(li => li.querySelector('a').href)")
    return [urlsplit(h).path.lstrip("/") for h in hrefs]


def test_index_is_fetched_on_first_use_not_on_load(page: Any, site_url: str,
                                                   request_guard: Any) -> None:
    page.goto(site_url + "comuni/muggio/", wait_until="networkidle")
    assert search_requests(request_guard.requests) == [], "search loaded before any use"
    results = search(page, "Muggio")
    fetched = search_requests(request_guard.requests)
    assert any("search_index.json" in u for u in fetched), fetched
    assert results[0] == "comuni/muggio/"


def test_a_shared_search_link_loads_the_search(page: Any, site_url: str) -> None:
    page.goto(site_url + "comuni/?q=Muggio", wait_until="networkidle")
    page.wait_for_selector(".md-search-result__item", timeout=RESULTS_MS)
    first = page.locator(".md-search-result__item a").first.get_attribute("href") or ""
    assert first.rstrip("/").endswith("comuni/muggio"), first


def test_comune_page_weight_before_search(page: Any, site_url: str,
                                          request_guard: Any) -> None:
    """Issue 11's budget: under 80 KB gzip for a comune page until search is used."""
    sizes: dict[str, int] = {}
    page.on("response", lambda r: sizes.__setitem__(r.url, len(gzip.compress(r.body(),
                                                                               mtime=0))))
    page.goto(site_url + "comuni/brugherio/", wait_until="networkidle")
    total = sum(sizes.values())
    print(f"\ncomuni/brugherio/: {total / 1024:.1f} KB gzip in {len(sizes)} requests")
    assert search_requests(list(sizes)) == []
    assert total < 80 * 1024


@pytest.mark.parametrize("path", ["", "contribuire/", "comuni/brugherio/"])
def test_a_page_load_does_not_download_the_sitemap(page: Any, site_url: str,
                                                  request_guard: Any, path: str) -> None:
    """The feed's autodiscovery link is a `<link rel=alternate>`: Material's language
    selector fetched the sitemap beside each such link on every load (it lists every record:
    ~1 MB at size M). Only language alternates, with `hreflang`, count now."""
    page.goto(site_url + path, wait_until="networkidle")
    assert page.locator('link[rel=alternate][type="application/atom+xml"]').count() == 1
    assert [u for u in request_guard.requests if "sitemap" in u] == []


def test_on_a_phone_the_search_button_loads_the_search(page: Any, site_url: str,
                                                      request_guard: Any) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + "comuni/brugherio/", wait_until="networkidle")
    assert search_requests(request_guard.requests) == []
    page.locator("label.md-header__button[for=__search]").click()
    page.keyboard.type("asilo")
    page.wait_for_selector(".md-search-result__item", timeout=RESULTS_MS)
    assert any("search_index.json" in u for u in search_requests(request_guard.requests))


def test_keyboard_shortcut_loads_the_search(page: Any, site_url: str,
                                            request_guard: Any) -> None:
    page.goto(site_url + "pratiche/", wait_until="networkidle")
    assert search_requests(request_guard.requests) == []
    page.keyboard.press("/")
    page.keyboard.type("GAS")
    page.wait_for_selector(".md-search-result__item", timeout=RESULTS_MS)
    assert any("search_index.json" in u for u in search_requests(request_guard.requests))


@pytest.mark.parametrize(("query", "expected"), [
    ("Muggio", {"comuni/muggio/"}),   # no accent typed: finds Muggiò
    ("muggiò", {"comuni/muggio/"}),
    ("quanto pago", {"calcolatore/"}),  # a rimando in sinonimi.yml
    ("GAS", {"pratiche/gruppi-acquisto-familiare/"}),  # equivalent of GAF
    ("aderire", {"aderire/"}),
    ("adesione", {"aderire/"}),  # a rimando: comuni pages say "adesione" in passing
    # "asilo": the pages about the nido (the records say "nido"), or the calculator
    ("asilo", {"calcolatore/", "comuni/brugherio/", "comuni/cesano-maderno/",
               "comuni/giussano/", "comuni/milano/"}),
])
def test_everyday_searches_find_the_page_first_or_second(page: Any, site_url: str,
                                                         query: str,
                                                         expected: set[str]) -> None:
    page.goto(site_url, wait_until="networkidle")
    results = search(page, query)
    assert expected & set(results[:2]), f"{query!r}: {results[:5]}"


@pytest.mark.parametrize(("query", "record"), [
    ("Brugherio", "comuni/brugherio/"),  # named in passing by practices, the Rete, the school
    ("Cesano Maderno", "comuni/cesano-maderno/"),
    ("tavolo intercomunale", "pratiche/tavolo-intercomunale/"),
])
def test_a_record_whose_title_matches_comes_first(page: Any, site_url: str, query: str,
                                                  record: str) -> None:
    page.goto(site_url, wait_until="networkidle")
    results = search(page, query)
    assert results[0] == record, f"{query!r}: {results[:5]}"


def test_accents_fold_both_ways(page: Any, site_url: str) -> None:
    found = {}
    for query in ("perche", "perché"):  # in prose pages: Material's full-text index
        page.goto(site_url, wait_until="networkidle")
        found[query] = search(page, query)
    assert found["perche"] and set(found["perche"]) == set(found["perché"])


def test_an_accented_query_finds_text_written_without_accents(page: Any, site_url: str,
                                                              site_dir: Path) -> None:
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    plain = {d["location"].split("#")[0] for d in index["docs"]
             if re.search(r"\bmuggio\b", d["text"])}
    assert plain, "the editors' guide names comuni/muggio.yml"
    page.goto(site_url, wait_until="networkidle")
    assert plain & set(search(page, "muggiò"))


def test_only_words_that_some_result_lacks_are_listed_as_missing(page: Any,
                                                                 site_url: str) -> None:
    page.goto(site_url, wait_until="networkidle")
    search(page, "quanto pago")  # "quanto" is too common to be indexed: no result has it
    missing = page.locator(".md-search-result__terms").all_inner_texts()
    assert not [m for m in missing if "quanto" in m], missing


ALL_IMPACTS = ("minor", "moderate", "serious", "critical")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_open_search_with_results_is_accessible_in_both_themes(
        page: Any, site_url: str, axe_violations: Callable[..., Any], width: int,
        scheme: str) -> None:
    """Each theme in its own browser context (the `page` fixture): Material stores the palette
    of a first load and applies it to the next one before its script re-reads the system's
    scheme, so a second load in the same context switched theme while axe was reading."""
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)  # before loading: Material picks it then
    page.goto(site_url + "comuni/muggio/", wait_until="networkidle")
    shown = page.locator("body").get_attribute("data-md-color-scheme")
    assert shown == {"light": "default", "dark": "slate"}[scheme], shown
    search(page, "asilo")
    page.mouse.move(0, 0)  # no result under the pointer: axe reads the resting colours
    violations = axe_violations(page, impacts=ALL_IMPACTS)
    assert not violations, f"search results ({scheme}): {violations!r}"


def test_snippets_keep_the_words_of_a_record_card_apart(page: Any, site_url: str) -> None:
    page.goto(site_url, wait_until="networkidle")
    search(page, "Muggio")
    snippet = page.locator(".md-search-result__item").first.inner_text()
    assert "Provincia MB Codice ISTAT 108034" in " ".join(snippet.split()), snippet


@pytest.mark.parametrize(("query", "record"), [
    ("Mugg", "comuni/muggio/"),  # a prefix, without the accent
    ("cesano mad", "comuni/cesano-maderno/"),
    ("tavolo interc", "pratiche/tavolo-intercomunale/"),
    ("Gruppi acqu", "pratiche/gruppi-acquisto-familiare/"),
])
def test_a_record_is_found_by_a_prefix_of_its_title(page: Any, site_url: str,
                                                    request_guard: Any, query: str,
                                                    record: str) -> None:
    page.goto(site_url, wait_until="networkidle")
    results = search(page, query)
    assert results[0] == record, f"{query!r}: {results[:5]}"
    assert [f for f in record_files(request_guard.requests) if f.startswith("f-")]


@pytest.mark.parametrize("query", ["Muggio", "asilo", "quanto pago", "GAS", "aderire",
                                   "Cesano Maderno"])
def test_a_query_downloads_only_the_shards_of_its_words(page: Any, site_url: str,
                                                        site_dir: Path, request_guard: Any,
                                                        query: str) -> None:
    """The browser fetches exactly the files `query_files` (the benchmark's model) names:
    the manifest, one shard per word that has one, the blocks of the results shown."""
    page.goto(site_url, wait_until="networkidle")
    search(page, query)
    fetched = record_files(request_guard.requests)
    assert sorted(fetched) == sorted(query_files(site_dir, query)), fetched
    assert len(fetched) == len(set(fetched)), "a file of the records' index fetched twice"
    manifest = json.loads((site_dir / FOLDER / MANIFEST).read_text(encoding="utf-8"))
    shards = [f for f in fetched if f.startswith("f-")]
    assert len(shards) <= len(query.split()) < len(manifest["frammenti"]) / 4


def test_a_shard_already_fetched_is_not_fetched_again(page: Any, site_url: str,
                                                      request_guard: Any) -> None:
    page.goto(site_url, wait_until="networkidle")
    box = page.locator("[data-md-component=search-query]")
    box.click()
    for typed in ("Br", "Bru", "Brugh", "Brugherio"):
        box.fill(typed)
        box.press("End")
        page.wait_for_function(
            "(q) => [...document.querySelectorAll('.md-search-result__item a')]"
            ".some(a => a.href.endsWith('/comuni/brugherio/'))", arg=typed, timeout=RESULTS_MS)
    fetched = record_files(request_guard.requests)
    assert [f for f in fetched if f.startswith("f-")] == ["f-br.json"], fetched


def test_what_one_search_downloads_at_size_s(page: Any, site_url: str) -> None:
    """Issue 13: under 300 KB gzip at size S, everything the first search fetches included
    (Material's worker and lunr, the prose index, the records' manifest, shards, blocks)."""
    sizes: dict[str, int] = {}
    page.on("response", lambda r: sizes.__setitem__(r.url, len(gzip.compress(r.body(),
                                                                               mtime=0))))
    page.goto(site_url + "comuni/brugherio/", wait_until="networkidle")
    before = set(sizes)
    search(page, "Cesano Maderno")
    page.wait_for_load_state("networkidle")
    searched = {u: n for u, n in sizes.items() if u not in before}
    total = sum(searched.values())
    print(f"\nfirst search: {total / 1024:.1f} KB gzip in {len(searched)} requests")
    assert search_requests(list(searched)), searched
    assert total < 300 * 1024


def test_record_text_is_shown_as_text_never_run(page: Any, site_url: str) -> None:
    """Material inserts result titles and text as HTML: cerca.js escapes the records' text
    (a title or snippet that looks like markup must show as written, and never run)."""
    def hostile(route: Any) -> None:
        records = json.loads(route.fetch().text())
        for record in records:
            if record[0] == "comuni/muggio/":
                record[1] = 'Muggiò <img src=x onerror="window.__colpito=1">'
                record[2] = "<script>window.__colpito=2</script> & <b>grassetto</b>"
        route.fulfill(json=records)

    page.route("**/search/schede/s-*.json", hostile)
    page.goto(site_url, wait_until="networkidle")
    search(page, "Mugg")
    first = page.locator(".md-search-result__item").first
    assert "<img src=x" in first.locator("h1").inner_text()
    assert "<script>window.__colpito=2</script> & <b>grassetto</b>" in first.inner_text()
    assert first.locator("img, script, b").count() == 0
    assert page.evaluate("window.__colpito") is None
