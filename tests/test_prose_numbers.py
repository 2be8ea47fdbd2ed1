"""A number written in a record's body needs a footnote to one of the record's sources.

tests/fixtures/warnings/<folder>/<key>_<problem>.md each give one located warning (a figure
in prose is flagged, not refused: drafts and editors are not blocked while they add notes).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from rete.records.prose_numbers import unsourced_numbers
from rete.records.validate import validate
from rete.web.build import build
from support import FIXTURES, ROOT, TODAY

WARNINGS = FIXTURES / "warnings"
SOURCE = "https://www.famigliaportavalori.it/gruppi-di-acquisto-familiari/"

# fixture -> (file in the project, line, col, message fragment)
EXPECTED: dict[str, tuple[str, int, int, str]] = {
    "good_practices/testo_numero_senza_nota.md": (
        "good_practices/testo-numero-senza-nota.md", 18, 60,
        "il numero «250\u2013300» non ha una nota con la sua fonte: aggiungi una nota [^1]"),
    "good_practices/testo_nota_senza_fonte.md": (
        "good_practices/testo-nota-senza-fonte.md", 18, 35,
        "il numero «2» non ha una nota con la sua fonte: la nota [^blog] che lo segue non "
        "cita nessuna delle 'fonti' della scheda"),
    "content/pagine/testo_data_senza_nota.md": (
        "content/pagine/testo-data-senza-nota.md", 13, 43,
        "il numero «20» non ha una nota con la sua fonte: la nota [^sir]"),
}
FIXTURE_FILES = sorted(p.relative_to(WARNINGS).as_posix() for p in WARNINGS.rglob("*")
                       if p.is_file())


def _place(name: str, root: Path) -> Path:
    rel = Path(name)
    dest = root / rel.parent / (rel.stem.replace("_", "-") + rel.suffix)
    shutil.copy(WARNINGS / name, dest)
    return dest


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(EXPECTED) == FIXTURE_FILES


@pytest.mark.parametrize("name", FIXTURE_FILES)
def test_fixture_gives_one_located_warning(name: str, project: Path) -> None:
    _place(name, project)
    corpus = validate(project, today=TODAY)
    file, line, col, fragment = EXPECTED[name]
    assert len(corpus.diagnostics) == 1, [d.format() for d in corpus.diagnostics]
    found = corpus.diagnostics[0]
    assert (found.file, found.line, found.col, found.key, found.severity) == (
        file, line, col, "testo", "avviso")
    assert fragment in found.message


def test_a_footnote_citing_a_source_clears_the_warning(project: Path) -> None:
    path = _place("good_practices/testo_nota_senza_fonte.md", project)
    text = path.read_text(encoding="utf-8").replace("https://example.org/gaf", SOURCE)
    path.write_text(text, encoding="utf-8")
    assert validate(project, today=TODAY).diagnostics == []


def test_illustrative_records_are_exempt(project: Path) -> None:
    path = _place("good_practices/testo_numero_senza_nota.md", project)
    text = path.read_text(encoding="utf-8").replace("ultima_verifica:",
                                                    "illustrativo: true\nultima_verifica:")
    path.write_text(text, encoding="utf-8")
    assert validate(project, today=TODAY).diagnostics == []


def test_cli_prints_file_line_col_in_italian(project: Path) -> None:
    _place("good_practices/testo_numero_senza_nota.md", project)
    result = subprocess.run(
        [sys.executable, "-m", "rete", "--radice", str(project), "check", "--oggi",
         TODAY.isoformat()], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0  # a warning does not fail the check
    assert ("good_practices/testo-numero-senza-nota.md:18:60: avviso: testo: il numero "
            "«250\u2013300» non ha una nota") in result.stderr
    assert "0 errori, 1 avviso" in result.stderr


NOT_CLAIMS = """\
### 1. Il primo passo

Nel 2015, poi nel 2016-2017 e nell'anno scolastico 2024/25, il 1° gruppo della Rete.
L'obiettivo 4 e gli obiettivi 1, 3 e 5; l'art. 3, comma 2, della legge n. 10; allegato 1.
Le regole WCAG 2.1 e la licenza CC BY 4.0; il Covid-19; il codice `015077`.

1. una voce di elenco numerata
2. un'altra

[link](https://example.org/2019/12/20/articolo-45)

```
x = 45
```
"""

CLAIMS = [
    ("Aderiscono 7 comuni.", "7"),
    ("Una quota pari all'1% dello scontrino.", "1"),
    ("La tariffa massima è di 502,20 euro.", "502,20"),
    ("Un indicatore sceso a 15.300 euro.", "15.300"),
    ("Un contributo di 2015 euro.", "2015"),
    ("Firmato il 20/12/2016 a Milano.", "20/12/2016"),
    ("Presentato il 12 novembre 2015.", "12"),
    ("Tra 250\u2013300 famiglie.", "250\u2013300"),
    ("| Fascia | Retta |\n|---|---|\n| prima | 103 |", "103"),
    ("- voce di elenco con 30 euro al mese", "30"),
    ("!!! note\n    Nel riquadro 45 partecipanti.", "45"),
]


def test_years_labels_ordinals_lists_versions_and_code_are_not_claims() -> None:
    assert unsourced_numbers(NOT_CLAIMS, set()) == []


@pytest.mark.parametrize(("body", "token"), CLAIMS)
def test_figures_dates_and_amounts_are_claims(body: str, token: str) -> None:
    found = unsourced_numbers(body, {SOURCE})
    assert [f"«{token}»" in p.message for p in found] == [True]


def test_the_footnote_must_follow_in_the_same_paragraph_or_item() -> None:
    note = f"\n\n[^1]: [Gruppi di acquisto familiari]({SOURCE})\n"
    assert unsourced_numbers("Arrivano 19 famiglie.[^1]" + note, {SOURCE}) == []
    assert unsourced_numbers("Un'altra frase.[^1] Arrivano 19 famiglie." + note, {SOURCE})
    assert unsourced_numbers("Arrivano 19 famiglie.\n\nUn altro paragrafo.[^1]" + note,
                             {SOURCE})
    assert unsourced_numbers("- 19 famiglie\n- altro[^1]" + note, {SOURCE})
    multiline = "Arrivano 19\nfamiglie, dice la Rete.[^1]\n\n[^1]: Rete,\n    " + SOURCE + "\n"
    assert unsourced_numbers(multiline, {SOURCE}) == []


def test_examples_and_the_sources_list_are_not_claims() -> None:
    note = f"[^1]: [Gruppi di acquisto familiari]({SOURCE})"
    example = "Una famiglia illustrativa con ISEE 15.000 euro e 2 figli."
    sources = "## Fonti\n\n- Giornale, 18 marzo 2011 (consultata il 27/11/2026)\n" + note
    assert unsourced_numbers(example, {SOURCE}) == []
    assert unsourced_numbers("Arrivano 19 famiglie.[^1]\n\n" + sources, {SOURCE}) == []
    after = sources + "\n\n## Dopo le fonti\n\nArrivano 19 famiglie."
    assert [p.message.split(" non")[0] for p in unsourced_numbers(after, {SOURCE})] == [
        "il numero «19»"]


def test_a_module_is_checked_in_its_notebook(project: Path) -> None:
    """The notebook is a module's prose: the warning points into the notebook's file."""
    record = project / "courses/scuola-prova/introduzione.yml"
    record.write_text(record.read_text(encoding="utf-8").replace(
        "illustrativo: true", "illustrativo: false"), encoding="utf-8")
    notebook = project / "courses/scuola-prova/introduzione.md"
    lines = notebook.read_text(encoding="utf-8").split("\n")
    lines.append("Nel 2016 hanno firmato 5 comuni.")
    notebook.write_text("\n".join(lines), encoding="utf-8")
    found = [d for d in validate(project, today=TODAY).diagnostics if d.key == "testo"]
    assert [(d.file, d.line, d.col, d.severity) for d in found] == [
        ("courses/scuola-prova/introduzione.md", len(lines), len("Nel 2016 hanno firmato ") + 1,
         "avviso")]


def test_the_repository_footnotes_every_number_in_prose() -> None:
    found = [d.format() for d in validate(ROOT, today=TODAY).diagnostics if d.key == "testo"]
    assert found == []


_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_REF = re.compile(r'<sup[^>]*><a class="footnote-ref" href="#(fn:[^"]+)"')


def test_a_footnoted_figure_links_its_source_on_the_page(tmp_path: Path) -> None:
    """The GAF target of 250-300 families, on the built page: its paragraph carries a note
    whose entry links the source the record lists, and the note's back link speaks Italian."""
    site = build(ROOT, today=TODAY, site=tmp_path / "site", work=tmp_path / "work").site
    html = (site / "pratiche/gruppi-acquisto-familiare/index.html").read_text(encoding="utf-8")
    paragraph = next(p for p in _PARAGRAPH.findall(html) if "250\u2013300" in unescape(p))
    note = _REF.search(paragraph)
    assert note is not None, paragraph
    entry = re.search(rf'<li id="{re.escape(note.group(1))}">(.*?)</li>', html, re.DOTALL)
    assert entry is not None
    front = (ROOT / "good_practices/gruppi-acquisto-familiare.md").read_text(encoding="utf-8")
    linked = re.findall(r'<a href="([^"]+)"', entry.group(1))
    assert linked and linked[0] in front.split("---")[1]
    assert "Torna al testo della nota" in entry.group(1) and "Jump back" not in html
