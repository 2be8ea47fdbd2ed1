"""Hostile YAML: bombs, self-reference, huge and deep files are answered fast and located.

Before the reader was bounded, a list containing itself ended `rete check` with a RecursionError
(and no message for any other file) and nine levels of aliases ran for hours.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rete.cli.main import main
from rete.records import yaml_positions as yamlpos
from rete.records.contracts import read_household, read_scheme
from support import INVALID, ROOT, TODAY, place_fixture

CHECK_BOUND_S = 2.0  # the acceptance figure, interpreter start-up included
TEN_MB = 10 * 1024 * 1024
LIMIT = 1_000_000  # yaml_positions.MAX_SIZE, said again so the test states the figure
DEEP = 1000

BOMB = "".join(f"{x}: &{x} [{', '.join([f'*{p}'] * 9)}]\n"
               for p, x in zip("abcdefgh", "bcdefghi", strict=True))
BOMB = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + BOMB


def _ten_mb_record() -> str:
    return "slug: grande\nnome: Seveso\ndescrizione: " + "x" * TEN_MB + "\n"


def _deep_flow() -> str:
    return "slug: profonda\nnome: " + "[" * DEEP + "1" + "]" * DEEP + "\n"


def _deep_block() -> str:
    """1,000 nested sections indented one space each (half a megabyte: under the size limit)."""
    return "".join(" " * i + "a:\n" for i in range(DEEP)) + " " * DEEP + "a: 1\n"


def test_rete_check_answers_hostile_files_fast_with_a_message_each(project: Path) -> None:
    """The acceptance run: bomb, recursive alias, 10 MB and 1,000 levels, plus an ordinary
    broken record and a hostile tariff scheme, in one project and one `rete check`."""
    place_fixture(INVALID / "comuni/yaml_alias_bomb.yml", project)
    place_fixture(INVALID / "comuni/yaml_alias_recursive.yml", project)
    place_fixture(INVALID / "comuni/relazioni_data_impossible.yml", project)
    (project / "comuni/grande.yml").write_text(_ten_mb_record(), encoding="utf-8")
    (project / "content/organizzazioni/profonda.yml").write_text(_deep_flow(), encoding="utf-8")
    (project / "good_practices/profonda.md").write_text(
        f"---\n{_deep_block()}---\n\nTesto.\n", encoding="utf-8")
    (project / "content/tariffe").mkdir()
    (project / "content/tariffe/bomba.yml").write_text(BOMB, encoding="utf-8")
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "rete", "--radice", str(project), "check", "--json",
         "--oggi", TODAY.isoformat()],
        capture_output=True, text=True, timeout=120, check=False)
    elapsed = time.perf_counter() - start
    print(f"rete check on the hostile project: {elapsed:.2f} s")
    assert result.returncode == 1, result.stderr
    found = {d["file"]: (d["line"], d["column"], d["key"], d["message"])
             for d in json.loads(result.stdout)}
    assert len(found) == len(json.loads(result.stdout)) == 7  # one message per file
    anchors = "le ancore '&' e i riferimenti '*' di YAML non sono ammessi"
    too_deep = "più di 50 livelli di sezioni ed elenchi"
    assert found["comuni/yaml-alias-bomb.yml"][:3] == (4, 4, "a")
    assert anchors in found["comuni/yaml-alias-bomb.yml"][3]
    assert found["comuni/yaml-alias-recursive.yml"][:3] == (4, 12, "relazioni")
    assert anchors in found["comuni/yaml-alias-recursive.yml"][3]
    assert found["content/tariffe/bomba.yml"][:3] == (1, 4, "a")
    assert anchors in found["content/tariffe/bomba.yml"][3]
    assert found["comuni/grande.yml"] == (
        1, 1, "(file)", "il file è troppo grande (10,5 MB, al massimo 1 MB): una scheda occupa "
                        "pochi KB; togli il testo in eccesso o dividilo")
    # 1,000 open brackets: libyaml's scanner counts them ahead and stops at its own cap
    assert found["content/organizzazioni/profonda.yml"][:3] == (2, 7 + DEEP - 1, "(file)")
    assert too_deep in found["content/organizzazioni/profonda.yml"][3]
    assert found["good_practices/profonda.md"][:3] == (2 + 50, 51, "(file)")
    assert too_deep in found["good_practices/profonda.md"][3]
    assert found["comuni/relazioni-data-impossible.yml"][:3] == (8, 10, "relazioni[1].dal")
    assert elapsed < CHECK_BOUND_S, f"rete check took {elapsed:.2f} s"


@pytest.mark.parametrize("text", [BOMB, "a: &x [1, *x]\n", _deep_flow(), _deep_block(),
                                  "a: " + "b" * LIMIT],
                         ids=["bomb", "recursive", "deep-flow", "deep-block", "too-big"])
def test_households_and_schemes_get_the_same_bounds(text: str, tmp_path: Path) -> None:
    """Contract files go through the same reader: a located message, never a traceback."""
    path = tmp_path / "famiglia.yml"
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    for read in (read_household(path), read_scheme(path)):
        assert read.model is None
        [problem] = read.diagnostics
        assert problem.file == str(path) and problem.line >= 1 and problem.col >= 1
    assert time.perf_counter() - start < 1.0


def test_rete_tariffa_reports_a_household_bomb(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    famiglia = tmp_path / "famiglia.yml"
    famiglia.write_text(BOMB, encoding="utf-8")
    code = main(["--radice", str(ROOT), "tariffa", "--schema",
                 str(ROOT / "content/tariffe/esempio-nido.yml"), "--famiglia", str(famiglia)])
    assert code == 1
    assert f"{famiglia}:1:4: errore: a: le ancore '&'" in capsys.readouterr().err


def test_limits_are_exact() -> None:
    """At the limit a file is read; one byte or one level more, it is refused."""
    assert yamlpos.MAX_SIZE == LIMIT
    at_size = "a: " + "b" * (LIMIT - 4) + "\n"
    assert yamlpos.load(at_size)[2] == []
    [problem] = yamlpos.load(at_size + "#")[2]
    assert "troppo grande (1,1 MB" in problem.message
    nested = "[" * (yamlpos.MAX_DEPTH - 1) + "]" * (yamlpos.MAX_DEPTH - 1)
    assert yamlpos.load(f"a: {nested}\n")[2] == []
    [problem] = yamlpos.load(f"a: [{nested}]\n")[2]
    assert (problem.line, problem.col) == (1, 4 + yamlpos.MAX_DEPTH - 1)
    assert f"più di {yamlpos.MAX_DEPTH} livelli" in problem.message


def test_anchor_alone_and_in_lists_are_refused_where_written() -> None:
    [problem] = yamlpos.load("a:\n  - x\n  - &y z\n")[2]
    assert (problem.line, problem.col, problem.path) == (3, 5, ("a", 1))
    assert "togli '&y'" in problem.message and "tra ancore" not in problem.message


def test_undefined_alias_keeps_its_own_message() -> None:
    [problem] = yamlpos.load("a: 1\nb: *nessuna\n")[2]
    assert (problem.line, problem.col) == (2, 4)
    assert problem.message == "YAML non valido: riferimento '*' a un'ancora che non esiste"


def test_a_merge_key_is_one_message_with_its_alias() -> None:
    [problem] = yamlpos.load("base: &b {x: 1}\nc:\n  <<: *b\n")[2]
    assert (problem.line, problem.col) == (3, 3)
    assert problem.message.startswith("i riferimenti YAML '<<' non sono ammessi")


def test_values_and_problems_read_from_events_as_before() -> None:
    """The event reader gives the data, duplicate keys and complex keys as the tree walk did."""
    data, pos, problems = yamlpos.load(
        "a: {b: [1, '2', ~, {c: d}]}\na: 3\n? [k]\n: v\ne: |\n  testo\n")
    assert data == {"a": {"b": [1, "2", None, {"c": "d"}]}, "e": "testo\n"}
    assert [(p.line, p.col, p.path) for p in problems] == [(2, 1, ("a",)), (3, 3, ())]
    assert pos.locate(("a", "b", 3, "c")) == (1, 24)
