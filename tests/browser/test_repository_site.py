"""The repository's own site (real records, not fixtures) in headless Chromium: every page
type offline, accessible, and within the weight budget."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rete.web.build import build
from support import ROOT, TODAY

pytestmark = pytest.mark.browser

PAGES = ["", "rete/", "comuni/", "comuni/brugherio/", "comuni/cesano-maderno/", "pratiche/",
         "pratiche/gruppi-acquisto-familiare/", "calcolatore/", "dati/", "contribuire/"]


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(ROOT, today=TODAY, site=tmp_path_factory.mktemp("repo-site") / "site").site


@pytest.mark.parametrize("path", PAGES)
def test_real_page_is_offline_and_accessible(path: str, page: Any, site_url: str,
                                             request_guard: Any,
                                             axe_violations: Callable[..., Any]) -> None:
    response = page.goto(site_url + path, wait_until="networkidle")
    assert response is not None and response.status == 200
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        violations = axe_violations(page, impacts=("serious", "critical"))
        assert not violations, f"{path} ({scheme}): {violations!r}"
    request_guard.assert_clean()


def test_real_comune_page_weight(page: Any, site_url: str) -> None:
    sizes: dict[str, tuple[int, int]] = {}

    def record(response: Any) -> None:
        body = response.body()
        sizes[response.url] = (len(body), len(gzip.compress(body, mtime=0)))

    page.on("response", record)
    page.goto(site_url + "comuni/brugherio/", wait_until="networkidle")
    search = [u for u in sizes if "search" in u or "/lunr/" in u]
    raw = sum(r for u, (r, _) in sizes.items() if u not in search)
    compressed = sum(g for u, (_, g) in sizes.items() if "search_index.json" not in u)
    print(f"\nbrugherio: {raw / 1024:.1f} KB uncompressed without search, "
          f"{compressed / 1024:.1f} KB gzip without the search index")
    assert raw < 300 * 1024 and compressed < 300 * 1024
