"""SE_ISEE (DPCM 159/2013, exact) and SE_FF (family scale) on households the examples miss."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from tariffa_dati import scala_predefinita

from rete.tariffa import Famiglia, ScalaFamiglia
from rete.tariffa.equivalence import scala_ff, scala_isee

G = {"ruolo": "genitore", "eta": 40}
GW = {**G, "lavora": True}


@pytest.fixture
def scala() -> ScalaFamiglia:
    """The illustrative default scale shipped in content/scale."""
    return scala_predefinita()


def child(eta: int, **extra: Any) -> dict[str, Any]:
    return {"ruolo": "figlio", "eta": eta, **extra}


@pytest.mark.parametrize(
    ("household", "expected"),
    [
        pytest.param({"componenti": [GW, child(5)]}, "1.77", id="working-parent-minor"),
        pytest.param({"componenti": [G, child(5)]}, "1.57", id="not-working-not-single"),
        pytest.param(
            {"genitore_solo": True, "componenti": [G, child(5)]}, "1.77", id="letter-c-minor"
        ),
        pytest.param(
            {"genitore_solo": True, "componenti": [G, child(1), child(7)]},
            "2.34",
            id="letter-c-under-3",
        ),
        pytest.param(
            {"genitore_solo": True, "componenti": [G, child(5), child(19)]},
            "2.04",
            id="letter-c-adult-child",
        ),
        pytest.param(
            {"genitore_solo": True, "componenti": [G, child(5), {"ruolo": "altro", "eta": 70}]},
            "2.04",
            id="letter-c-other-member",
        ),
        pytest.param(
            {"componenti": [{"ruolo": "altro", "eta": 60}, child(2)]}, "1.57", id="no-parent"
        ),
        pytest.param({"componenti": [GW, GW, child(20)]}, "2.04", id="only-adult-children"),
        pytest.param(
            {"componenti": [GW, G, child(1), child(4), child(6), child(8), child(10)]},
            "4.05",  # 2.85 + 2 x 0.35 members, +0.50 five children; a parent does not work
            id="seven-members-five-children",
        ),
        pytest.param(
            {"componenti": [GW, GW, child(1), child(4), child(6), child(8)]},
            "3.85",  # 3.20 + 0.35 (four children) + 0.30
            id="four-children",
        ),
        pytest.param(
            {"componenti": [{**G, "disabilita": "media"}, child(20, disabilita="grave")]},
            "2.57",
            id="two-disabled",
        ),
    ],
)
def test_se_isee(household: dict[str, Any], expected: str) -> None:
    assert scala_isee(Famiglia.model_validate(household)).valore == Decimal(expected)


@pytest.mark.parametrize(
    ("household", "expected"),
    [
        pytest.param({"componenti": [{"ruolo": "altro", "eta": 70}]}, "1.20", id="alone-elderly"),
        pytest.param(
            {"componenti": [G, G, child(6), child(7), child(8), child(9), child(10)]},
            "5.60",  # 1 + 0.6 + 5 x 0.7 + 0.1 + 2 x 0.2
            id="five-children",
        ),
        pytest.param(
            {"genitore_solo": True, "vedovo": True, "componenti": [G, child(14)]},
            "2.20",  # 1 + 0.8 + 0.3 + 0.1
            id="widowed-single-parent",
        ),
        pytest.param(
            {"componenti": [G, {"ruolo": "altro", "eta": 66, "disabilita": "non_autosufficiente"}]},
            "2.70",  # 1 + 0.6 + 1.0 + 0.1
            id="dependent-grandparent",
        ),
        pytest.param(
            {"componenti": [G, G, child(0, parto=7), child(0, parto=7), child(0, parto=7)]},
            "5.00",  # 1 + 0.6 + 3 + 0.1 + 2 x 0.15
            id="triplets",
        ),
    ],
)
def test_se_ff_default_weights(
    household: dict[str, Any], expected: str, scala: ScalaFamiglia
) -> None:
    assert scala_ff(Famiglia.model_validate(household), scala).valore == Decimal(expected)


def test_se_ff_rule_reads_as_a_sum(scala: ScalaFamiglia) -> None:
    household = Famiglia.model_validate(
        {"componenti": [G, G, child(0, parto=1), child(0, parto=1)]}
    )
    assert scala_ff(household, scala).regola == (
        "SE_FF = 1,00 (primo adulto: genitore di 40 anni) + 0,60 (secondo adulto: genitore di "
        "40 anni) + 1,00 (figlio di 0 anni) + 1,00 (figlio di 0 anni) + 0,15 (parto multiplo: "
        "1 figlio oltre il primo) = 3,75"
    )
