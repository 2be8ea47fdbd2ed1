"""MkDocs' pages shared by the build's processes (`mkdocs_run.Pages`): every page is built
once, by whichever process is free, the largest first."""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from rete.web import forked
from rete.web.mkdocs_run import Pages


def _files(tmp_path: Path, sizes: list[int]) -> list[Any]:
    out = []
    for n, size in enumerate(sizes):
        path = tmp_path / f"p{n}.md"
        path.write_text("x" * size, encoding="utf-8")
        out.append(SimpleNamespace(abs_src_path=str(path)))
    out.append(SimpleNamespace(abs_src_path=None))  # a page MkDocs has in memory only
    return out


def test_each_page_once_largest_first(tmp_path: Path) -> None:
    files = _files(tmp_path, [10, 5000, 300, 5000, 1])
    taken = list(Pages(files))
    assert [i for i, _ in taken] == [1, 3, 2, 0, 4, 5]
    assert all(files[i] is f for i, f in taken)


def test_two_processes_share_the_pages_without_repeats(tmp_path: Path) -> None:
    files = _files(tmp_path, [100 + n for n in range(300)])
    pages = Pages(files)

    def slowly() -> list[int]:
        out = []
        for index, _ in pages:
            out.append(index)
            time.sleep(0.001)
        return out

    child = forked.start(slowly)
    mine = slowly()
    theirs = forked.join(child)
    assert sorted(mine + theirs) == list(range(len(files)))
    assert mine and theirs  # both took pages: a free process takes the next one
