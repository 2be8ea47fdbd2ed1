"""The edit loop's build: after a save, only the pages whose inputs changed are built again.

`rete serve` keeps what its last full build knew (`Kept`: each file's check, the site view,
the Jinja environment, MkDocs' configuration, files, navigation and theme). When the saved
files are all existing comuni and practices, `update` checks those files again (the
corpus-wide checks run in full), regenerates the Markdown of the pages that show them (a
practice's page and its comuni's; a comune's page and its practices'), compares each with
the Markdown already in the docs folder by content hash, and renders through MkDocs only the
pages that differ, into the served site. Anything else (a new or removed file, vocabularies,
agreements, templates, settings, code) needs a full build, as do index pages, the search
index, open data and the feed: they refresh at the next full build.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment

from rete.core.diagnostics import RecordError, has_errors
from rete.core.settings import Settings
from rete.records import page_map
from rete.records.record_types import BY_NAME
from rete.records.validate import Revalidator
from rete.web import mkdocs_run, pages
from rete.web.bodies import BodyRenderer
from rete.web.view import SiteView

PAGE_TYPES = ("comune", "pratica")
"""Record types whose pages `update` builds alone; the others' pages mix many records."""


@dataclass
class Kept:
    """What the last successful full build leaves for `update`; `site` is None until one
    succeeds (and again after a failed one, whose docs folder no longer matches)."""

    revalidator: Revalidator
    settings: Settings | None = None
    view: SiteView | None = None
    env: Environment | None = None
    docs: Path | None = None
    target: Path | None = None
    site: mkdocs_run.Site | None = None
    pending: set[Path] = field(default_factory=set)  # saved, not yet built (errors since)


@dataclass(frozen=True)
class Updated:
    pages: tuple[str, ...]  # docs paths whose HTML was written again
    records: tuple[str, ...]  # the records checked again


def record_type(root: Path, path: Path) -> str | None:
    """`comune` or `pratica` for a record file of those folders, else None."""
    for name in PAGE_TYPES:
        rtype = BY_NAME[name]
        if path.parent == root / rtype.folder and path.name.endswith(rtype.suffix):
            return name
    return None


def _sha(text: str | bytes) -> str:
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()


def _shown(view: SiteView, kind: str, slug: str) -> set[tuple[str, str]]:
    """The record pages that show record (kind, slug) in `view`, its own included."""
    if kind == "pratica":
        entry = next((e for e in view.pratiche if e.model.slug == slug), None)
        comuni = entry.model.comuni if entry is not None else []
        return {("pratica", slug), *(("comune", c) for c in comuni)}
    return {("comune", slug), *(("pratica", e.model.slug) for e in view.practices_of_comune(slug))}


def can_update(kept: Kept, changed: set[Path]) -> bool:
    """Whether `update` can build this change alone (else a full build is needed)."""
    root = kept.revalidator.root
    return (
        kept.site is not None
        and bool(changed)
        and all(
            record_type(root, p) is not None and p.is_file() and kept.revalidator.lists(p)
            for p in changed
        )
    )


def update(kept: Kept, changed: set[Path]) -> Updated:
    """Check the saved records again and rebuild the pages they reach (see the module)."""
    assert kept.site is not None and kept.view is not None and kept.env is not None
    assert kept.docs is not None and kept.target is not None and kept.settings is not None
    kept.pending |= changed
    root = kept.revalidator.root
    corpus = kept.revalidator.changed(kept.pending)
    if has_errors(corpus.diagnostics):
        raise RecordError(corpus.diagnostics)
    view = SiteView(corpus, kept.settings, drafts=kept.view.drafts)
    wanted: set[tuple[str, str]] = set()
    for path in sorted(kept.pending):
        kind = record_type(root, path)
        assert kind is not None
        slug = BY_NAME[kind].stem(path)
        wanted |= _shown(kept.view, kind, slug) | _shown(view, kind, slug)
    texts = _markdown(view, kept.env, wanted)
    own = _own_pages(root, kept.pending)
    stale = []
    for rel, text in sorted(texts.items(), key=lambda item: (item[0] not in own, item[0])):
        path = kept.docs / rel
        if not path.is_file() or _sha(path.read_bytes()) != _sha(text):
            path.write_text(text, encoding="utf-8")
            stale.append(rel)
    mkdocs_run.rebuild_pages(kept.site, stale, kept.target)
    records = tuple(sorted(p.relative_to(root).as_posix() for p in kept.pending))
    kept.view, kept.pending = view, set()
    return Updated(tuple(stale), records)


def _own_pages(root: Path, saved: set[Path]) -> set[str]:
    """The docs paths of the saved records' own pages: built first, since the editor is
    looking at one of them (the pages that list them follow)."""
    out = set()
    for path in saved:
        kind = record_type(root, path)
        page = page_map.page_of(kind, BY_NAME[kind].stem(path)) if kind is not None else None
        if page is not None:
            out.add(page)
    return out


def _markdown(view: SiteView, env: Environment, wanted: set[tuple[str, str]]) -> dict[str, str]:
    """The Markdown of the wanted record pages that the view still publishes."""
    out: dict[str, str] = {}
    bodies = BodyRenderer(view.corpus.root)
    pratiche = {e.model.slug: e for e in view.pratiche}
    accordi: dict[str, Any] = view.accordi_by_slug
    for kind, slug in sorted(wanted):
        if kind == "comune" and slug in view.comuni_by_slug:
            here, text = pages.comune_page(view, env, view.comuni_by_slug[slug], accordi)
        elif kind == "pratica" and slug in pratiche:
            here, text = pages.pratica_page(view, env, bodies, pratiche[slug])
        else:
            continue
        out[here] = text
    return out
