"""YAML 1.1 surprises editors meet: each must be handled, never a crash or a silent change."""

from __future__ import annotations

import shutil
from pathlib import Path

from rete.models.comune import Comune
from rete.models.organizzazione import Organizzazione
from rete.records import yaml_positions as yamlpos
from rete.records.validate import validate
from support import FIXTURES, TODAY

TRAPS = FIXTURES / "traps"


def test_istat_code_with_leading_zero_stays_text(project: Path) -> None:
    shutil.copy(TRAPS / "codice_istat_octal.yml", project / "comuni/codice-istat-octal.yml")
    corpus = validate(project, today=TODAY)
    assert corpus.diagnostics == []
    model = corpus.of("comune")["codice-istat-octal"].model
    assert isinstance(model, Comune) and model.codice_istat == "015077"


def test_no_and_si_stay_text(project: Path) -> None:
    shutil.copy(TRAPS / "sigla_no.yml", project / "content/organizzazioni/sigla-no.yml")
    corpus = validate(project, today=TODAY)
    assert corpus.diagnostics == []
    model = corpus.of("organizzazione")["sigla-no"].model
    assert isinstance(model, Organizzazione)
    assert (model.sigla, model.descrizione) == ("no", "si")


def test_scalars_follow_yaml_12_core() -> None:
    data, _, problems = yamlpos.load(
        "a: 015077\nb: no\nc: 2016-13-20\nd: [1, -2, 2.5, 1e3, 007, true, ~, 'x']\ne: On\n")
    assert problems == []
    assert data == {"a": "015077", "b": "no", "c": "2016-13-20",
                    "d": [1, -2, 2.5, 1000.0, "007", True, None, "x"], "e": "On"}


def test_positions_are_one_based_and_fall_back_to_parent() -> None:
    _, pos, _ = yamlpos.load("a:\n  b: 1\n  c: [x, y]\n")
    assert pos.locate(("a", "b")) == (2, 6)
    assert pos.locate(("a", "c", 1)) == (3, 10)
    assert pos.locate(("a", "missing")) == (2, 3)
    assert pos.locate(("a", "b"), key=True) == (2, 3)


def test_front_matter_lines_are_counted_from_the_file_start(project: Path) -> None:
    path = project / "good_practices/gaf-esempio.md"
    text = path.read_text(encoding="utf-8").replace("obiettivi: [5]", "obiettivi: [5, 77]")
    path.write_text(text, encoding="utf-8")
    corpus = validate(project, today=TODAY)
    [d] = corpus.diagnostics
    assert (d.line, d.key) == (text.splitlines().index("obiettivi: [5, 77]") + 1, "obiettivi[2]")


def test_tab_indentation_is_located() -> None:
    _, _, problems = yamlpos.load("a:\n\t- 1\n")
    assert [(p.line, p.col) for p in problems] == [(2, 1)]
    assert "spazi" in problems[0].message


def test_syntax_errors_are_always_worded_in_italian() -> None:
    broken = ["a: [1\nb: 2", "a: b: c", "a:\n  b: 1\n\tc: 2\n", 'a: "ab\\q"\n', "a: - 1\n",
              "{a: 1", "a: *x\n", "a: |\n x\n  y\n- z", '@a: 1', 'a: "x" y']
    for text in broken:
        [problem] = yamlpos.load(text)[2]
        assert problem.message.startswith("YAML non valido: "), text
        for english in ("found", "expected", "while ", "could not", "character"):
            assert english not in problem.message, (text, problem.message)


def test_unquoted_istat_code_becomes_six_digits(project: Path) -> None:
    path = project / "comuni/seveso.yml"
    path.write_text(path.read_text(encoding="utf-8").replace('codice_istat: "108040"',
                                                             "codice_istat: 108040"),
                    encoding="utf-8")
    corpus = validate(project, today=TODAY)
    assert corpus.diagnostics == []
    model = corpus.of("comune")["seveso"].model
    assert isinstance(model, Comune) and model.codice_istat == "108040"
