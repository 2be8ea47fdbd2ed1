"""The school built for real: notebooks executed with a cache, pages, catalogue, failures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from icalendar import Calendar

from rete.cli.main import school_builder
from rete.core.diagnostics import RecordError
from rete.records.validate import validate
from rete.school.book import build_school
from rete.web.build import build
from support import TODAY, VALID, make_buildable, meta_description

pytestmark = pytest.mark.slow

#: The fixture module's `sintesi`, with characters that are markup in HTML attributes.
SINTESI = 'Che cos\'è la "Rete" <script>alert(1)</script> & come lavora.'


@pytest.fixture(scope="module")
def school_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scuola") / "progetto"
    shutil.copytree(VALID, root)
    make_buildable(root)
    record = root / "courses" / "scuola-prova" / "introduzione.yml"
    text = record.read_text(encoding="utf-8")
    assert "sintesi: Che cos'è la Rete e come lavora." in text
    record.write_text(text.replace("sintesi: Che cos'è la Rete e come lavora.",
                                   "sintesi: " + json.dumps(SINTESI, ensure_ascii=False)),
                      encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def school_site(school_project: Path) -> Path:
    work = school_project.parent / "work"
    return build(school_project, today=TODAY, work=work,
                 extra=school_builder(school_project)).site


def test_every_module_has_a_page_linked_from_the_catalogue(school_site: Path) -> None:
    page = school_site / "scuola" / "scuola-prova" / "introduzione.html"
    assert page.is_file()
    html = page.read_text(encoding="utf-8")
    assert "Torna al sito" in html and "15000" in html  # executed output is on the page
    catalogue = (school_site / "scuola" / "index.html").read_text(encoding="utf-8")
    assert 'href="scuola-prova/introduzione.html"' in catalogue
    status = (school_site / "scuola" / "stato.html").read_text(encoding="utf-8")
    assert "<p>Quaderno</p>" in status and "riuscita" in status  # the public execution report


def test_module_pages_describe_themselves_with_the_record_text_escaped(
        school_site: Path) -> None:
    """Book page and offline page: the record's `sintesi` as meta description, as text."""
    for name in ("introduzione.html", "introduzione-pagina.html"):
        page = school_site / "scuola" / "scuola-prova" / name
        assert meta_description(page) == SINTESI, name
        assert "<script>alert" not in page.read_text(encoding="utf-8"), name
    for name in ("corsi.html", "stato.html", "search.html"):
        assert (meta_description(school_site / "scuola" / name) or "").strip(), name


def test_a_rebuild_without_changes_executes_no_cell(school_project: Path,
                                                    school_site: Path) -> None:
    corpus = validate(school_project, today=TODAY)
    work = school_project.parent / "work"
    again = build_school(school_project, corpus, work / "again", work)
    assert again.executed == 0 and again.cached == 1


def test_editions_calendar_is_valid_icalendar(school_site: Path) -> None:
    calendar = Calendar.from_ical((school_site / "scuola" / "edizioni.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    assert "esempio illustrativo" in str(events[0]["summary"])
    assert str(events[0]["dtstart"].dt) == "2027-03-01"


def test_a_failing_cell_stops_the_build_naming_notebook_cell_and_error(
        tmp_path: Path) -> None:
    root = tmp_path / "progetto"
    shutil.copytree(VALID, root)
    make_buildable(root)
    notebook = root / "courses" / "scuola-prova" / "introduzione.md"
    notebook.write_text(notebook.read_text(encoding="utf-8")
                        + "\n```{code-cell} ipython3\n1 / 0\n```\n", encoding="utf-8")
    with pytest.raises(RecordError) as raised:
        build(root, today=TODAY, work=tmp_path / "work", extra=school_builder(root))
    [found] = raised.value.diagnostics
    assert found.file == "courses/scuola-prova/introduzione.md"
    lines = notebook.read_text(encoding="utf-8").splitlines()
    assert lines[found.line - 1] == "1 / 0"
    assert "cella 2" in found.message and "ZeroDivisionError" in found.message
    assert not (root / "site").exists()  # nothing half-done


def test_only_a_kernel_that_did_not_start_is_retried() -> None:
    from types import SimpleNamespace

    from rete.school.book import _stalled_kernels

    stalled = SimpleNamespace(uri="/a.md", traceback="RuntimeError: Kernel didn't respond in 60 "
                                                     "seconds")
    cell = SimpleNamespace(uri="/b.md", traceback="An error occurred while executing the "
                           "following cell:\n---\nKernel died before replying\n")
    assert _stalled_kernels([stalled, cell]) == [Path("/a.md")]


def test_record_text_reaches_the_book_as_text() -> None:
    from rete.school.book import inert

    text = inert("<img src=x onerror=alert(1)> [x](javascript:y) {eval-rst}`z` **b**")
    assert "<" not in text and "](" not in text and "**" not in text
    assert "\\{eval\\-rst\\}\\`z\\`" in text  # every markup character escaped
