"""The school's pages reused while nothing they are made from changed (`school.reuse`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rete.cli.main import school_builder
from rete.records.validate import validate
from rete.school import reuse
from rete.school.book import build_school
from rete.web.build import build
from support import TODAY, VALID, make_buildable

pytestmark = pytest.mark.slow


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_second_build_copies_the_pages_without_sphinx(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "progetto"
    shutil.copytree(VALID, root)
    make_buildable(root)
    work = tmp_path / "work"
    site = build(root, today=TODAY, work=work, extra=school_builder(root)).site
    corpus = validate(root, today=TODAY)

    def no_sphinx(*args: object, **kwargs: object) -> int:
        raise AssertionError("Sphinx ran although nothing changed")

    monkeypatch.setattr("jupyter_book.sphinx.build_sphinx", no_sphinx)
    again = build_school(root, corpus, tmp_path / "di-nuovo", work)
    assert again.executed == 0 and again.pages == ["scuola-prova/introduzione.html"]
    built = {rel: data for rel, data in _tree(site / "scuola").items()
             if rel not in ("index.html", "edizioni.ics")}  # the site's, not the book's
    assert _tree(tmp_path / "di-nuovo") == built
    assert "scuola-prova/introduzione.html" in built and "scuola-prova/scuola-prova.zip" in built

    notebook = root / "courses" / "scuola-prova" / "introduzione.md"
    notebook.write_text(notebook.read_text(encoding="utf-8") + "\nUna riga in più.\n",
                        encoding="utf-8")
    with pytest.raises(AssertionError, match="Sphinx ran"):
        build_school(root, validate(root, today=TODAY), tmp_path / "cambiato", work)


def test_the_fingerprint_follows_courses_settings_and_inputs(tmp_path: Path) -> None:
    (tmp_path / "courses" / "c").mkdir(parents=True)
    module = tmp_path / "courses" / "c" / "m.md"
    module.write_text("a", encoding="utf-8")
    extra = tmp_path / "require.js"
    extra.write_text("x", encoding="utf-8")
    first = reuse.fingerprint(tmp_path, [extra], "Rete")
    assert reuse.fingerprint(tmp_path, [extra], "Rete") == first
    assert reuse.fingerprint(tmp_path, [extra], "Altro nome") != first
    module.write_text("b", encoding="utf-8")
    second = reuse.fingerprint(tmp_path, [extra], "Rete")
    assert second != first
    extra.write_text("y", encoding="utf-8")
    assert reuse.fingerprint(tmp_path, [extra], "Rete") != second
    (tmp_path / "pyproject.toml").write_text("[tool.rete]\n", encoding="utf-8")
    assert reuse.fingerprint(tmp_path, [extra], "Rete") not in (first, second)


def test_nothing_kept_or_other_inputs_restore_nothing(tmp_path: Path) -> None:
    out = tmp_path / "scuola"
    out.mkdir()
    (out / "m.html").write_text("pagina", encoding="utf-8")
    assert reuse.restore(tmp_path, "chiave-a", tmp_path / "copia") is None
    reuse.keep(tmp_path, "chiave-a", out, ["m.html"])
    assert reuse.restore(tmp_path, "chiave-b", tmp_path / "copia") is None
    assert reuse.restore(tmp_path, "chiave-a", tmp_path / "copia") == ["m.html"]
    assert (tmp_path / "copia" / "m.html").read_text(encoding="utf-8") == "pagina"
