"""`page_map.relative_path` answers as `posixpath.relpath` does, for any two paths."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from rete.records import page_map

_PART = st.sampled_from(["comuni", "pratiche", "seveso", "index.md", ".", "..", "", "a b", "ò"])
_PATH = st.lists(_PART, max_size=5).map("/".join)


@given(_PATH, _PATH, st.booleans())
def test_relative_path_is_relpath(path: str, start: str, absolute: bool) -> None:
    path = path or "."
    start = ("/" if absolute else "") + (start or ".")
    assert page_map.relative_path(path, start) == posixpath.relpath(path, start)


def test_links_between_generated_pages() -> None:
    assert page_map.relative_path("pratiche/gaf", "comuni/seveso") == "../../pratiche/gaf"
    assert page_map.relative_path("comuni/seveso/", "comuni/seveso") == "."
    assert page_map.relative_path("comuni", "comuni/seveso") == ".."
