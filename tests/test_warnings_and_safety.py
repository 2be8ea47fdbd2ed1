"""Warnings do not fail a check; safe Markdown is not flagged."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from rete.records import markdown_safety
from rete.records.validate import validate
from support import TODAY


def test_stale_record_is_a_warning_not_an_error(project: Path) -> None:
    path = project / "comuni/muggio.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "ultima_verifica: 2026-11-01", "ultima_verifica: 2025-06-30"), encoding="utf-8")
    corpus = validate(project, today=TODAY)
    [d] = corpus.diagnostics
    assert (d.file, d.key, d.severity) == ("comuni/muggio.yml", "ultima_verifica", "avviso")
    assert f"non verificata da {(TODAY - date(2025, 6, 30)).days} giorni" in d.message
    result = subprocess.run([sys.executable, "-m", "rete", "--radice", str(project), "check",
                             "--oggi", TODAY.isoformat()],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0
    assert "comuni/muggio.yml:" in result.stderr and ": avviso: ultima_verifica:" in result.stderr


def test_draft_cannot_be_cited_by_a_published_record(project: Path) -> None:
    path = project / "good_practices/gaf-esempio.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "comuni: [seveso]", "comuni: [seveso, besana-in-brianza]"), encoding="utf-8")
    [d] = validate(project, today=TODAY).diagnostics
    assert d.key == "comuni[2]" and "è ancora in bozza" in d.message


def test_stray_file_in_a_record_folder_is_reported(project: Path) -> None:
    (project / "comuni/seveso.yaml").write_text("slug: seveso\n", encoding="utf-8")
    [d] = validate(project, today=TODAY).diagnostics
    assert (d.file, d.line) == ("comuni/seveso.yaml", 1)
    assert "vanno solo file .yml" in d.message


def test_safe_markdown_passes() -> None:
    body = ("Testo con [un sito](https://example.org), [una mail](mailto:info@example.org),\n"
            "[una pagina interna](../comuni/seveso.md), ![logo](img/logo.png)\n"
            "e <abbr title=\"Gruppi di acquisto familiare\">GAF</abbr>. Prezzo < 5 euro.\n")
    assert markdown_safety.scan(body) == []


def test_unsafe_markdown_each_form_is_caught() -> None:
    cases = {
        "<iframe src='https://x.org'></iframe>": "<iframe>",
        "<img src=\"https://x.org/a.png\">": "immagine esterna",
        "[a]: javascript:alert(1)": "javascript:",
        "<javascript:alert(1)>": "javascript:",
        "<a href=\"data:text/html,x\">x</a>": "data:",
        "<div onmouseover=\"x()\">x</div>": "onmouseover",
    }
    for body, fragment in cases.items():
        problems = markdown_safety.scan(body)
        assert len(problems) == 1 and fragment in problems[0].message, body


def test_unsourced_number_in_a_draft_is_only_a_warning(project: Path) -> None:
    path = project / "comuni/besana-in-brianza.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "relazioni: []", "relazioni: []\npopolazione: {valore: 15510, anno: 2011}"),
        encoding="utf-8")
    [d] = validate(project, today=TODAY).diagnostics
    assert (d.key, d.severity) == ("popolazione", "avviso")


def test_repeated_vocabulary_entry_is_located(project: Path) -> None:
    path = project / "content/vocabolari/temi.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  - {id: tariffe, nome: Tariffe dei servizi}",
        "  - {id: tariffe, nome: Tariffe dei servizi}\n  - {id: reddito, nome: Di nuovo}"),
        encoding="utf-8")
    [d] = validate(project, today=TODAY).diagnostics
    assert (d.file, d.line, d.key) == ("content/vocabolari/temi.yml", 6, "voci[3].id")
    assert "la voce 'reddito' è ripetuta" in d.message


def test_file_not_in_utf8_is_located(project: Path) -> None:
    (project / "comuni/latin1.yml").write_bytes("nome: Muggiò\n".encode("latin-1"))
    [d] = validate(project, today=TODAY).diagnostics
    assert (d.file, d.line) == ("comuni/latin1.yml", 1) and "UTF-8" in d.message


def _rete(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rete", *args], capture_output=True,
                          text=True, timeout=120, check=False, cwd=cwd)


def test_outside_a_project_the_cli_says_so(tmp_path: Path) -> None:
    result = _rete("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "non è la cartella di un progetto della Rete" in result.stderr


def test_build_without_front_end_files_is_a_clear_error(project: Path) -> None:
    result = _rete("--radice", str(project), "build", "--oggi", TODAY.isoformat())
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "esegui `make node_modules`" in result.stderr
    assert not (project / "site").exists()


def test_cli_usage_errors_are_italian(project: Path) -> None:
    result = _rete("--radice", str(project), "simula", "--sintetica", "-5", "--schema", "x.yml")
    assert result.returncode == 2
    assert "argomento --sintetica: serve almeno una famiglia" in result.stderr
    result = _rete("--radice", str(project), "new", "astronave", "x")
    assert "scelta non valida: 'astronave'" in result.stderr


def test_a_broken_record_is_not_also_reported_as_missing(project: Path) -> None:
    path = project / "content/organizzazioni/afi.yml"
    path.write_text(path.read_text(encoding="utf-8") + "sito: ftp://example.org\n",
                    encoding="utf-8")
    found = validate(project, today=TODAY).diagnostics
    assert [(d.file, d.key) for d in found] == [("content/organizzazioni/afi.yml", "sito")]


def test_relative_links_to_existing_pages_pass(project: Path) -> None:
    path = project / "good_practices/gaf-esempio.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n[Seveso](../comuni/seveso/), "
                    "[catalogo](../pratiche/index.md#filtri), [privacy](../privacy.md), "
                    "[tavolo](tavolo-esempio.md).\n", encoding="utf-8")
    assert validate(project, today=TODAY).diagnostics == []


def test_a_schema_error_does_not_hide_the_other_rules(project: Path) -> None:
    path = project / "good_practices/gaf-esempio.md"
    text = path.read_text(encoding="utf-8").replace("periodo: {dal: 2015}",
                                                    "periodo: {dal: 2015, al: 2014}")
    path.write_text(text.replace("livello: emergente", "livello: altissimo")
                    .replace("organizzazioni: [afi]", "organizzazioni: [afi, acme]"),
                    encoding="utf-8")
    found = sorted((d.key, d.message[:30]) for d in validate(project, today=TODAY).diagnostics)
    assert [k for k, _ in found] == ["livello_evidenza.livello", "organizzazioni[2]",
                                     "periodo.al"]
