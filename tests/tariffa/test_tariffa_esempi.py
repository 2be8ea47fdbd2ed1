"""The engine against the shared worked examples, to the cent, and its explanations."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from tariffa_dati import CONTENT, load_examples, load_yaml, scala_predefinita

from rete.tariffa import (
    Famiglia,
    IncompleteScheme,
    ScalaFamiglia,
    SchemaTariffario,
    compute_fee,
)

EXAMPLES = load_examples()
FIGURES = ("se_isee", "ise", "se_ff", "isee_ff")
TOTALS = ("tariffa_isee", "tariffa_ff", "differenza", "differenza_anno")


@pytest.fixture
def scala() -> ScalaFamiglia:
    """The illustrative default scale shipped in content/scale."""
    return scala_predefinita()


def _scheme(example: dict[str, Any]) -> SchemaTariffario:
    return SchemaTariffario.model_validate(example.get("schema", EXAMPLES["schema_predefinito"]))


def _retta(example: dict[str, Any]) -> Decimal | None:
    """The family's retta, for a worked example of a comune's contribution."""
    return None if "retta" not in example else Decimal(str(example["retta"]))


def _result(example: dict[str, Any], scala: ScalaFamiglia) -> dict[str, Any]:
    famiglia = Famiglia.model_validate(example["famiglia"])
    return compute_fee(famiglia, _scheme(example), scala, _retta(example)).to_json_dict()


@pytest.mark.parametrize("example", EXAMPLES["esempi"], ids=[e["id"] for e in EXAMPLES["esempi"]])
def test_worked_example_to_the_cent(example: dict[str, Any], scala: ScalaFamiglia) -> None:
    result = _result(example, scala)
    for key, expected in example["atteso"].items():
        assert result[key] == expected, key
    # The first four figures are absent exactly when the example leaves them out.
    assert set(result) - {"dettaglio", "avvisi"} == set(example["atteso"])


def test_fifteen_examples_are_covered() -> None:
    """The shared vectors' fifteen, then the ones added here (E12 onwards), ids unique."""
    ids = [e["id"] for e in EXAMPLES["esempi"]]
    assert len(ids) == len(set(ids)) and ids.index("E12") == 15


def test_shipped_example_scheme_is_the_default_of_the_examples() -> None:
    shipped = SchemaTariffario.model_validate(load_yaml(CONTENT / "esempio-nido.yml"))
    assert shipped == SchemaTariffario.model_validate(EXAMPLES["schema_predefinito"])
    assert shipped.illustrativo


def _by_id(example_id: str) -> dict[str, Any]:
    return next(e for e in EXAMPLES["esempi"] if e["id"] == example_id)


def test_explanation_names_every_rule(scala: ScalaFamiglia) -> None:
    example = _by_id("E1")
    result = compute_fee(Famiglia.model_validate(example["famiglia"]), _scheme(example), scala)
    assert result.se_isee is not None and result.isee_ff is not None and result.se_ff is not None
    assert result.se_isee.regola == (
        "SE_ISEE = 2,46 (4 componenti) + 0,30 (figlio sotto i 3 anni, genitori che lavorano) = 2,76"
    )
    assert "0,80 (figlio di 5 anni)" in result.se_ff.regola
    assert result.isee_ff.regola == "ISEE_FF = ISE / SE_FF = 41.400,00 € / 3,40 = 12.176,47 €"
    assert result.servizio == "nido-esempio"
    assert result.differenza_anno.regola.endswith("= 517,66 €")
    lines = result.spiegazione()
    assert any("tra isee_min e isee_max" in line for line in lines)


def test_guard_binding_is_explained(scala: ScalaFamiglia) -> None:
    example = _by_id("E11")
    result = compute_fee(Famiglia.model_validate(example["famiglia"]), _scheme(example), scala)
    assert result.isee_ff is not None
    assert "riduzione massima 50% dell'ISEE: 5.000,00 €" in result.isee_ff.regola
    assert result.se_ff is not None and "3,00 (gravidanza)" in result.se_ff.regola


def test_unit_cost_cap_is_explained(scala: ScalaFamiglia) -> None:
    example = _by_id("E10")
    result = compute_fee(Famiglia.model_validate(example["famiglia"]), _scheme(example), scala)
    child = result.dettaglio[0]
    assert child.regola_isee.endswith("ridotta al costo unitario 520,00 €")
    assert child.modificatori == (("prolungato", Decimal("1.1")),)
    assert child.componente == 2


def test_per_child_detail_and_sibling_modifier(scala: ScalaFamiglia) -> None:
    result = _result(_by_id("E8"), scala)
    first, second = result["dettaglio"]
    assert first["modificatori"] == {} and second["modificatori"] == {"fratelli": 0.85}
    # 5.50 x 0.85 = 4.675 rounds half-up to 4.68 (banker's rounding would give 4.68 too, but
    # 4.50 x 0.85 = 3.825 must give 3.83, where half-even would give 3.82).
    assert second["tariffa_isee"] == 4.68 and second["tariffa_ff"] == 3.83


def test_no_enrolled_child_assumes_one_full_time(scala: ScalaFamiglia) -> None:
    result = _result(_by_id("E3"), scala)
    assert len(result["dettaglio"]) == 1 and result["dettaglio"][0]["componente"] is None
    assert any("Nessun figlio indicato come iscritto" in a for a in result["avvisi"])


def test_no_isee_and_non_resident_warn(scala: ScalaFamiglia) -> None:
    assert any("Senza ISEE" in a for a in _result(_by_id("E6d"), scala)["avvisi"])
    assert any("non residente" in a for a in _result(_by_id("E9"), scala)["avvisi"])


def test_triplets_fall_in_the_documented_range(scala: ScalaFamiglia) -> None:
    """The only public data point: Castelnuovo triplets, ISEE 15,300 -> about 9,300 with FF."""
    triplets = [{"ruolo": "figlio", "eta": 1, "parto": "t", "iscritto": True}] * 3
    working = {"ruolo": "genitore", "eta": 35, "lavora": True}
    both_work = {"isee": 15300, "componenti": [working, working, *triplets]}
    one_works = {
        "isee": 15300,
        "componenti": [working, {"ruolo": "genitore", "eta": 34}, *triplets],
    }
    scheme = _scheme(_by_id("E1"))
    high = compute_fee(Famiglia.model_validate(both_work), scheme, scala).to_json_dict()
    low = compute_fee(Famiglia.model_validate(one_works), scheme, scala).to_json_dict()
    assert (low["isee_ff"], high["isee_ff"]) == (9333.0, 10251.0)


def test_type_of_isee_mismatch_is_a_warning(scala: ScalaFamiglia) -> None:
    example = _by_id("E1")
    famiglia = Famiglia.model_validate({**example["famiglia"], "tipo_isee": "ordinario"})
    result = compute_fee(famiglia, _scheme(example), scala)
    assert result.tariffa_ff == Decimal("202.94")
    assert any("«ordinario»" in a and "«minorenni»" in a for a in result.avvisi)


def test_incomplete_scheme_refuses_to_compute(scala: ScalaFamiglia) -> None:
    brugherio = SchemaTariffario.model_validate(
        {
            "servizio": "asilo-nido-munari",
            "nome": "Asilo nido Munari",
            "anni": ["2026/27"],
            "tipo_isee": "minorenni",
            "tariffa_min": 237,
            "tariffa_max": 560,
            "non_residenti": {"tariffa": 385},
            "modificatori": {"part_time": 0.6, "prolungato": 1.1, "fratelli": 0.85},
            "completo": False,
        }
    )
    famiglia = Famiglia.model_validate(_by_id("E1")["famiglia"])
    with pytest.raises(
        IncompleteScheme, match=r"incompleto \(completo: false\).*non si può calcolare"
    ):
        compute_fee(famiglia, brugherio, scala)


def test_attestation_figures_are_used_as_given(scala: ScalaFamiglia) -> None:
    example = _by_id("E1")
    data = {**example["famiglia"], "ise": 41000, "scala_isee": 2.76}
    result = compute_fee(Famiglia.model_validate(data), _scheme(example), scala)
    assert result.ise is not None and result.ise.valore == 41000
    assert result.se_isee is not None and "dall'attestazione" in result.se_isee.regola
    assert any("non corrisponde a ISE / scala" in a for a in result.avvisi)


def test_overrides_merge_by_name(scala: ScalaFamiglia) -> None:
    example = _by_id("E4")
    data = {**EXAMPLES["schema_predefinito"], "fattore_famiglia": {"disabilita": {"grave": 1.5}}}
    scheme = SchemaTariffario.model_validate(data)
    result = compute_fee(Famiglia.model_validate(example["famiglia"]), scheme, scala)
    assert result.se_ff is not None and result.se_ff.valore == Decimal("4.8")
    assert any("illustrativi" in a for a in result.avvisi)


def test_exact_tie_behind_a_repeating_base_rounds_up(scala: ScalaFamiglia) -> None:
    """100 + 576.50 x 400 / 24,000 repeats forever, yet x 0.60 it is exactly 65.765 -> 65.77.

    A 40-digit Decimal quotient gives 65.76499... and 65.76: the engine must be exact.
    """
    famiglia = Famiglia.model_validate(
        {
            "isee": 6576.5,
            "componenti": [
                {"ruolo": "genitore", "eta": 40},
                {"ruolo": "figlio", "eta": 1, "iscritto": True, "frequenza": "part_time"},
            ],
        }
    )
    result = compute_fee(
        famiglia, SchemaTariffario.model_validate(EXAMPLES["schema_predefinito"]), scala
    )
    assert result.tariffa_isee == Decimal("65.77")


def test_json_rules_on_request(scala: ScalaFamiglia) -> None:
    example = _by_id("E7a")
    result = compute_fee(Famiglia.model_validate(example["famiglia"]), _scheme(example), scala)
    plain = result.to_json_dict()
    explained = result.to_json_dict(regole=True)
    assert "regole" not in plain and set(explained) == set(plain) | {"regole"}
    rules = explained["regole"]
    assert isinstance(rules, dict)
    assert str(rules["base_isee"]).startswith(
        "ISEE 28.000,00 € tra i punti 4.500,00 € e 30.000,00 €"
    )
