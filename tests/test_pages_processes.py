"""Page generation on two processes (`pages.write_all`): the same files, byte for byte, as
on one, each practice's page written once although the processes take them from a shared
list."""

from __future__ import annotations

from pathlib import Path

from rete.core.settings import load_settings
from rete.records.validate import validate
from rete.web.pages import write_all
from rete.web.render import environment
from rete.web.view import SiteView
from support import TODAY, VALID


def _tree(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*"))
            if p.is_file()}


def test_two_processes_write_what_one_writes(tmp_path: Path) -> None:
    view = SiteView(validate(VALID, TODAY), load_settings(VALID))
    written = {}
    trees = {}
    for processes in (1, 2):
        docs = tmp_path / str(processes)
        docs.mkdir()
        written[processes] = write_all(view, environment(), docs, "https://example.org/",
                                       processes=processes)
        trees[processes] = _tree(docs)
    assert trees[1] == trees[2]
    practices = [f"pratiche/{e.model.slug}.md" for e in view.pratiche]
    assert practices and set(practices) <= set(trees[2])
    for processes in (1, 2):  # every practice's page reported once
        reported = [p for p in written[processes].pratiche if p in practices]
        assert sorted(reported) == sorted(practices)
