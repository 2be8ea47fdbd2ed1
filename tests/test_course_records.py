"""Course-wide rules that need two records: a prerequisite cycle is reported once, located."""

from __future__ import annotations

from pathlib import Path

from rete.records.validate import validate
from support import TODAY

MODULE = """slug: {slug}
titolo: Modulo {slug}
sintesi: Per le prove.
destinatari: [amministratori]
obiettivi_formativi: [Capire]
minuti_lezione: 20
minuti_esercizi: 10
prerequisiti: [{needs}]
notebook: introduzione.md
fonti: []
illustrativo: true
ultima_verifica: 2026-11-01
stato: bozza
"""


def test_prerequisite_cycle_is_one_located_message(project: Path) -> None:
    course = project / "courses" / "scuola-prova"
    (course / "primo.yml").write_text(MODULE.format(slug="primo", needs="secondo"), "utf-8")
    (course / "secondo.yml").write_text(MODULE.format(slug="secondo", needs="primo"), "utf-8")
    found = validate(project, today=TODAY).diagnostics
    assert [(d.file, d.line, d.col, d.key) for d in found] == [
        ("courses/scuola-prova/primo.yml", 8, 16, "prerequisiti[1]")]
    assert "i prerequisiti formano un ciclo (primo → secondo → primo)" in found[0].message


def test_a_chain_without_cycle_is_accepted(project: Path) -> None:
    course = project / "courses" / "scuola-prova"
    (course / "primo.yml").write_text(MODULE.format(slug="primo", needs="introduzione"), "utf-8")
    (course / "secondo.yml").write_text(MODULE.format(slug="secondo", needs="primo"), "utf-8")
    assert validate(project, today=TODAY).diagnostics == []
