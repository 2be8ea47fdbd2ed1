"""The real tariff schemes of the comuni against the worked examples read from their sources.

tests/fixtures/tariffa/schemi-reali.yaml holds households and the fee each source's table gives
them; the engine and `rete tariffa --comune --servizio --anno` must reproduce it to the cent.
Every computable scheme a comune ships needs at least one such example, so a new real scheme
cannot reach the calculator without a figure checked against its source.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from tariffa_dati import FIXTURES, ROOT, load_yaml, scala_predefinita

from rete.cli.main import main
from rete.models.comune import Comune
from rete.records.validate import validate
from rete.tariffa import Famiglia, SchemaTariffario, compute_fee
from rete.web.calculator import computable

EXAMPLES: list[dict[str, Any]] = load_yaml(FIXTURES / "schemi-reali.yaml")["esempi"]
FIRST_PER_SCHEME: list[dict[str, Any]] = list(
    {(e["comune"], e["servizio"], e["anno"]): e for e in reversed(EXAMPLES)}.values()
)[::-1]
"""One example per real scheme (its first), for the slower command-line run."""


@cache
def _comuni() -> dict[str, Comune]:
    corpus = validate(ROOT)
    found: dict[str, Comune] = {}
    for slug, loaded in corpus.of("comune").items():
        assert isinstance(loaded.model, Comune), slug
        found[slug] = loaded.model
    return found


def _scheme(example: dict[str, Any]) -> SchemaTariffario:
    comune = _comuni()[example["comune"]]
    matching = [
        s for s in comune.servizi if s.servizio == example["servizio"] and example["anno"] in s.anni
    ]
    assert len(matching) == 1, f"{example['comune']}: {example['servizio']} {example['anno']}"
    return matching[0]


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["id"] for e in EXAMPLES])
def test_real_scheme_reproduces_its_source(example: dict[str, Any]) -> None:
    scheme = _scheme(example)
    assert computable(scheme) and not scheme.illustrativo
    assert example["fonte"] in {f.url for f in scheme.fonti}, "the example's source is the scheme's"
    famiglia = Famiglia.model_validate(example["famiglia"])
    result = compute_fee(famiglia, scheme, scala_predefinita()).to_json_dict()
    for key, expected in example["atteso"].items():
        assert result[key] == expected, key


@pytest.mark.parametrize("example", FIRST_PER_SCHEME, ids=[e["id"] for e in FIRST_PER_SCHEME])
def test_cli_computes_a_real_scheme_by_comune_service_and_year(
    example: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    famiglia = tmp_path / "famiglia.yml"
    famiglia.write_text(yaml.safe_dump(example["famiglia"]), encoding="utf-8")
    code = main(
        [
            "--radice",
            str(ROOT),
            "tariffa",
            "--comune",
            example["comune"],
            "--servizio",
            example["servizio"],
            "--anno",
            example["anno"],
            "--famiglia",
            str(famiglia),
            "--json",
        ]
    )
    assert code == 0, capsys.readouterr().err
    result = json.loads(capsys.readouterr().out)
    for key, expected in example["atteso"].items():
        assert result[key] == pytest.approx(expected, abs=0.001), key


def test_every_real_computable_scheme_has_a_worked_example() -> None:
    covered = {(e["comune"], e["servizio"], e["anno"]) for e in EXAMPLES}
    missing = [
        f"comuni/{slug}.yml: {s.servizio} {', '.join(s.anni) or '(senza anni)'}"
        for slug, comune in sorted(_comuni().items())
        for s in comune.servizi
        if computable(s)
        and not (s.illustrativo or comune.illustrativo)
        and not any((slug, s.servizio, year) in covered for year in s.anni)
    ]
    assert not missing, "real schemes without a worked example from their source: " + str(missing)


def test_at_least_two_real_schemes_are_computable() -> None:
    """Issue 12's acceptance: two real schemes, each with a year, a citizen can compute."""
    real = {
        (slug, s.servizio, year)
        for slug, comune in _comuni().items()
        for s in comune.servizi
        if computable(s) and not (s.illustrativo or comune.illustrativo)
        for year in s.anni
    }
    assert ("milano", "asilo-nido", "2019/20") in real
    assert ("cremona", "asilo-nido", "2024/25") in real
