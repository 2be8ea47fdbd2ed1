"""The scaled build: MkDocs on two processes builds MkDocs' own site, and `rete serve`'s
page-by-page update writes the pages a full build writes."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from rete.records.validate import Revalidator
from rete.web import build as build_module
from rete.web import mkdocs_run
from rete.web.build import build
from rete.web.incremental import Kept, can_update, update
from support import TODAY, make_buildable

TITLE = "titolo: Gruppo di acquisto familiare di prova"
NEW_TITLE = "Gruppo di acquisto rinnovato"


def _files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def _record_pages(site: Path) -> dict[str, bytes]:
    return {
        rel: data
        for rel, data in _files(site).items()
        if rel.startswith(("comuni/", "pratiche/")) and rel.count("/") == 2
    }


def test_two_processes_build_the_site_mkdocs_builds_alone(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file, search index and purged stylesheets included, byte for byte."""
    from mkdocs.commands.build import build as mkdocs_build

    make_buildable(project)

    def stock(config: Any, workers: int = 2, beside: Any = None) -> Any:
        mkdocs_build(config)
        return SimpleNamespace(beside=None)  # nothing found beside: the build does it all

    monkeypatch.setattr(mkdocs_run, "PARALLEL_FROM", 1)
    parallel = build(project, today=TODAY, site=tmp_path / "parallelo", work=tmp_path / "l1")
    monkeypatch.setattr(build_module, "build_site", stock)
    alone = build(project, today=TODAY, site=tmp_path / "mkdocs", work=tmp_path / "l2")
    ours, theirs = _files(parallel.site), _files(alone.site)
    assert sorted(ours) == sorted(theirs)
    assert [rel for rel in ours if ours[rel] != theirs[rel]] == []
    assert len(ours) > 50 and "search/search_index.json" in ours


def _kept_build(project: Path, tmp_path: Path) -> Kept:
    kept = Kept(Revalidator(project, TODAY))
    build(
        project,
        today=TODAY,
        site=tmp_path / "anteprima",
        work=tmp_path / "lavoro",
        drafts=True,
        keep=kept,
    )
    return kept


def test_an_edited_practice_is_rebuilt_alone_as_a_full_build_writes_it(
    project: Path, tmp_path: Path
) -> None:
    make_buildable(project)
    kept = _kept_build(project, tmp_path)
    assert kept.target is not None
    before = _files(kept.target)
    record = project / "good_practices/gaf-esempio.md"
    record.write_text(
        record.read_text(encoding="utf-8").replace(TITLE, f"titolo: {NEW_TITLE}"), encoding="utf-8"
    )
    assert can_update(kept, {record})
    done = update(kept, {record})
    after = _files(kept.target)
    changed = sorted(rel for rel in after if after[rel] != before.get(rel))
    # the practice's page and the pages of its comuni, which list its title; nothing else
    assert "pratiche/gaf-esempio/index.html" in changed
    assert any(rel.startswith("comuni/") for rel in changed)
    assert all(rel.startswith(("pratiche/gaf-esempio/", "comuni/")) for rel in changed)
    assert len(done.pages) == len(changed)
    assert NEW_TITLE in after["pratiche/gaf-esempio/index.html"].decode()
    full = build(
        project, today=TODAY, site=tmp_path / "completa", work=tmp_path / "l3", drafts=True
    )
    assert _record_pages(kept.target) == _record_pages(full.site)


def test_an_edited_comune_rebuilds_only_the_pages_whose_markdown_changed(
    project: Path, tmp_path: Path
) -> None:
    """Its practices' pages are regenerated but show only its name: not built again."""
    make_buildable(project)
    kept = _kept_build(project, tmp_path)
    assert kept.target is not None
    before = _files(kept.target)
    record = project / "comuni/seveso.yml"
    text = record.read_text(encoding="utf-8")
    assert "valore: 22733" in text
    record.write_text(text.replace("valore: 22733", "valore: 23456"), encoding="utf-8")
    done = update(kept, {record})
    assert done.pages == ("comuni/seveso.md",)
    after = _files(kept.target)
    assert sorted(rel for rel in after if after[rel] != before.get(rel)) == [
        "comuni/seveso/index.html"
    ]
    assert "23.456" in after["comuni/seveso/index.html"].decode()
    full = build(
        project, today=TODAY, site=tmp_path / "completa", work=tmp_path / "l3", drafts=True
    )
    assert _record_pages(kept.target) == _record_pages(full.site)


def test_what_a_page_cannot_show_alone_needs_a_full_build(project: Path, tmp_path: Path) -> None:
    make_buildable(project)
    kept = _kept_build(project, tmp_path)
    new = project / "good_practices/nuova.md"
    shutil.copy(project / "good_practices/gaf-esempio.md", new)
    assert not can_update(kept, {new}), "a new record changes the index pages"
    assert not can_update(kept, {project / "content/vocabolari/obiettivi.yml"})
    assert not can_update(kept, {project / "mkdocs.yml"})


def test_a_broken_save_is_reported_and_its_fix_rebuilds_every_pending_page(
    project: Path, tmp_path: Path
) -> None:
    """A title edit saved beside an error waits for the error's fix, then is built."""
    from rete.core.diagnostics import RecordError

    make_buildable(project)
    kept = _kept_build(project, tmp_path)
    assert kept.target is not None
    record = project / "good_practices/gaf-esempio.md"
    other = project / "good_practices/tavolo-esempio.md"
    good = other.read_text(encoding="utf-8")
    record.write_text(
        record.read_text(encoding="utf-8").replace(TITLE, f"titolo: {NEW_TITLE}"), encoding="utf-8"
    )
    other.write_text(good.replace("\ntitolo: ", "\ntitolo: 12\nx_ignota: ", 1), encoding="utf-8")
    with pytest.raises(RecordError) as failed:
        update(kept, {record, other})
    assert any(d.file == "good_practices/tavolo-esempio.md" for d in failed.value.diagnostics)
    other.write_text(good, encoding="utf-8")
    update(kept, {other})
    page = (kept.target / "pratiche/gaf-esempio/index.html").read_text(encoding="utf-8")
    assert NEW_TITLE in page


def _corpus_facts(corpus: Any) -> tuple[Any, ...]:
    records = {
        t: {s: (lo.raw.rel, lo.model.model_dump()) for s, lo in by.items()}
        for t, by in corpus.records.items()
    }
    return corpus.diagnostics, records, corpus.present


def test_models_checked_on_two_processes_are_the_ones_checked_in_one(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rete.records.validate as validate_module

    record = project / "good_practices/gaf-esempio.md"
    record.write_text(
        record.read_text(encoding="utf-8").replace("\ntitolo: ", "\nx_ignota: 1\ntitolo: ", 1),
        encoding="utf-8",
    )  # one problem too
    alone = validate_module.validate(project, TODAY)
    monkeypatch.setattr(validate_module, "PARALLEL_FROM", 1)
    shared = validate_module.validate(project, TODAY)
    assert alone.diagnostics and _corpus_facts(shared) == _corpus_facts(alone)
    assert list(shared.records["comune"]) == list(alone.records["comune"])


def test_revalidating_saved_files_gives_the_corpus_a_full_check_gives(project: Path) -> None:
    from rete.records.validate import validate

    checker = Revalidator(project, TODAY)
    checker.full()
    record = project / "good_practices/gaf-esempio.md"
    record.write_text(
        record.read_text(encoding="utf-8").replace(TITLE, f"titolo: {NEW_TITLE}"), encoding="utf-8"
    )
    assert _corpus_facts(checker.changed({record})) == _corpus_facts(validate(project, TODAY))
    record.write_text(
        record.read_text(encoding="utf-8").replace("\ntitolo: ", "\nx_ignota: 1\ntitolo: ", 1),
        encoding="utf-8",
    )
    again = checker.changed({record})
    assert again.diagnostics and _corpus_facts(again) == _corpus_facts(validate(project, TODAY))
