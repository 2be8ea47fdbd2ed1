"""`rete new` writes records that pass the validator; schemas in git match the models."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rete.records import schemas
from rete.records.record_types import RECORD_TYPES
from rete.records.scaffold import ScaffoldError, create
from rete.records.validate import validate
from support import TODAY

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("type_name,slug", [("comune", "sesto-san-giovanni"),
                                            ("pratica", "nuova-pratica"),
                                            ("accordo", "nuovo-accordo"),
                                            ("organizzazione", "nuova-associazione"),
                                            ("corso", "nuovo-corso"),
                                            ("modulo", "nuovo-modulo"),
                                            ("pagina", "nuova-pagina")])
def test_new_record_is_valid_draft(type_name: str, slug: str, project: Path) -> None:
    path = create(type_name, slug, project, today=TODAY)
    text = path.read_text(encoding="utf-8")
    assert "# yaml-language-server: $schema=" in text
    corpus = validate(project, today=TODAY)
    assert [d for d in corpus.diagnostics if d.severity == "errore"] == []
    loaded = {r.slug: r for t in RECORD_TYPES for r in
              (x.model for x in corpus.of(t.name).values())}[slug]
    assert loaded.stato == "bozza"


def test_new_comune_is_prefilled_from_istat(project: Path) -> None:
    text = create("comune", "cinisello-balsamo", project, today=TODAY).read_text("utf-8")
    assert 'codice_istat: "015077"' in text and "nome: Cinisello Balsamo" in text


def test_new_refuses_unknown_comune_and_existing_file(project: Path) -> None:
    with pytest.raises(ScaffoldError, match="nessun comune ISTAT"):
        create("comune", "atlantide", project, today=TODAY)
    with pytest.raises(ScaffoldError, match="esiste già"):
        create("comune", "seveso", project, today=TODAY)
    with pytest.raises(ScaffoldError, match="non è un identificativo valido"):
        create("pratica", "Con Spazi", project, today=TODAY)


def test_cli_new_reports_error_in_italian(project: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "rete", "--radice", str(project), "new",
                             "comune", "atlantide"], capture_output=True, text=True, timeout=60,
                            check=False)
    assert result.returncode == 1 and result.stderr.startswith("errore: nessun comune ISTAT")


def test_committed_schemas_match_models() -> None:
    for rtype in RECORD_TYPES:
        committed = ROOT / schemas.SCHEMA_DIR / schemas.schema_name(rtype)
        assert committed.read_text(encoding="utf-8") == schemas.render(rtype), (
            f"{committed} is stale: run `rete schemi`")


def test_schema_rejects_unknown_keys() -> None:
    schema = json.loads(schemas.render(RECORD_TYPES[0]))
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize("type_name,slug", [("pagina", "comuni"), ("pratica", "index"),
                                            ("pagina", "calcolatore")])
def test_new_refuses_a_slug_that_would_replace_a_page(type_name: str, slug: str,
                                                      project: Path) -> None:
    with pytest.raises(ScaffoldError, match="già usato"):
        create(type_name, slug, project, today=TODAY)
    assert not list(project.rglob(f"{slug}.*"))


def test_new_lists_the_vocabularies_of_the_project(project: Path) -> None:
    """The allowed values come from content/vocabolari/ when the record is written: a term
    added to a vocabulary is listed at once, and the scaffold stays valid."""
    temi = project / "content/vocabolari/temi.yml"
    temi.write_text(temi.read_text(encoding="utf-8").replace(
        "voci:\n", "voci:\n  - {id: conciliazione, nome: Conciliazione famiglia e lavoro}\n"),
        encoding="utf-8")
    path = create("pratica", "nuova-pratica", project, today=TODAY)
    text = path.read_text(encoding="utf-8")
    listed = text.split("\ntemi:", 1)[1].split("\ndestinatari:", 1)[0]
    assert "#   valori ammessi, da content/vocabolari/temi.yml (id: nome):" in listed
    assert "#     conciliazione: Conciliazione famiglia e lavoro" in listed
    assert "#     reddito:       Reddito delle famiglie" in listed
    lines = text.splitlines()
    for key, term in (("obiettivi", "1"), ("strumenti", "gaf"), ("destinatari", "famiglie")):
        at = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
        assert lines[at + 1] == f"#   valori ammessi, da content/vocabolari/{key}.yml (id: nome):"
        assert lines[at + 2].startswith(f"#     {term}:")
    # An editor picks the new term from the list: the record is valid.
    path.write_text(text.replace("temi: []", "temi: [conciliazione]"), encoding="utf-8")
    corpus = validate(project, today=TODAY)
    assert [d.format() for d in corpus.diagnostics if d.severity == "errore"] == []
    # Courses and modules list the destinatari the same way.
    corso = create("corso", "nuovo-corso", project, today=TODAY).read_text(encoding="utf-8")
    assert "#     amministratori: Amministratori locali" in corso


def test_a_vocabulary_name_cannot_leave_its_comment(project: Path) -> None:
    """Line breaks of any kind in a term's name (YAML counts \\x85, \\u2028, \\u2029 too) are
    folded: the listed name stays a comment and never becomes a key of the new record."""
    temi = project / "content/vocabolari/temi.yml"
    temi.write_text(temi.read_text(encoding="utf-8").replace(
        "voci:\n", 'voci:\n  - {id: x, nome: "A\\nstato: pubblicata\\u2028titolo: B\\x85C"}\n'),
        encoding="utf-8")
    text = create("pratica", "nuova-pratica", project, today=TODAY).read_text(encoding="utf-8")
    assert "#     x:       A stato: pubblicata titolo: B C" in text.splitlines()
    loaded = validate(project, today=TODAY).of("pratica")["nuova-pratica"].model
    assert loaded.stato == "bozza" and loaded.titolo == "Titolo della pratica"
