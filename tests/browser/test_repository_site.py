"""The repository's own site (real records, not fixtures) in headless Chromium: within the
weight budget. Every real page type, offline and accessible in both themes at both widths, is
checked by test_layout.py (which opens each theme in a fresh context, so that Material really
switches: changing the colour scheme after a page has loaded does not)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rete.web.build import build
from support import ROOT, TODAY

pytestmark = pytest.mark.browser

@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scratch = tmp_path_factory.mktemp("repo-site")
    return build(ROOT, today=TODAY, site=scratch / "site", work=scratch / "work").site


def test_real_comune_page_weight(page_weight: Callable[[str], Any], site_url: str) -> None:
    """Issue 11's budget: a comune page under 80 KB gzip before search is used (the search
    index, fetched on first use, is never counted). Material's CSS is cut to what the pages
    use by overrides/hooks/slim_theme.py; its JavaScript bundle (~34 KB) is most of the rest."""
    weight = page_weight(site_url + "comuni/brugherio/")
    print(f"\nbrugherio: {weight.raw_without_search / 1024:.1f} KB uncompressed without "
          f"search, {weight.gzip_without_index / 1024:.1f} KB gzip without the search index\n"
          + weight.breakdown())
    assert weight.gzip_without_index < 80 * 1024, weight.breakdown()
    assert weight.raw_without_search < 300 * 1024, weight.breakdown()
