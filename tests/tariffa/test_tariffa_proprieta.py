"""Properties of the engine on random households, schemes and scales (ISE held fixed).

With ISE and the ISEE scale taken from the attestation, the ISEE and the family only move
the indicator through the rules under test, so each property isolates one of them.
"""

from __future__ import annotations

from copy import deepcopy
from decimal import Decimal
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st
from tariffa_strategie import PROPERTY_SETTINGS, Raw, famiglie, hundredths, scale, schemi

from rete.tariffa import Famiglia, FeeResult, ScalaFamiglia, SchemaTariffario, compute_fee
from rete.tariffa.base_fee import tariffa_base
from rete.tariffa.money import round_cent

HALF_CENT = Decimal("0.005")


def compute(household: Raw, scheme: Raw, weights: Raw) -> FeeResult:
    return compute_fee(
        Famiglia.model_validate(household),
        SchemaTariffario.model_validate(scheme),
        ScalaFamiglia.model_validate(weights),
    )


@PROPERTY_SETTINGS
@given(famiglie(), schemi(), scale(), st.data())
def test_fee_never_decreases_as_isee_rises(
    household: Raw, scheme: Raw, weights: Raw, data: st.DataObject
) -> None:
    higher = deepcopy(household)
    higher["isee"] = round(
        household["isee"] + data.draw(hundredths(0, 3_000_000), label="aumento"), 2
    )
    low, high = compute(household, scheme, weights), compute(higher, scheme, weights)
    assert low.tariffa_isee <= high.tariffa_isee
    assert low.tariffa_ff <= high.tariffa_ff
    for a, b in zip(low.dettaglio, high.dettaglio, strict=True):
        assert a.tariffa_isee <= b.tariffa_isee and a.tariffa_ff <= b.tariffa_ff


@PROPERTY_SETTINGS
@given(schemi(), st.integers(0, 6_000_000), st.integers(0, 6_000_000))
def test_base_fee_never_decreases_with_the_indicator(scheme: Raw, a: int, b: int) -> None:
    parsed = SchemaTariffario.model_validate(scheme)
    low, high = sorted((Decimal(a) / 100, Decimal(b) / 100))
    assert tariffa_base(parsed, low, "x").valore <= tariffa_base(parsed, high, "x").valore
    assert tariffa_base(parsed, high, "x").valore <= tariffa_base(parsed, None, "x").valore


@PROPERTY_SETTINGS
@given(famiglie(), schemi(), scale(), st.data())
def test_adding_a_child_not_enrolled_never_raises_the_ff_fee(
    household: Raw, scheme: Raw, weights: Raw, data: st.DataObject
) -> None:
    eta = data.draw(st.integers(0, 25), label="eta")
    level = data.draw(
        st.sampled_from([None, "media", "grave", "non_autosufficiente"]), label="disabilita"
    )
    parsed = ScalaFamiglia.model_validate(weights)
    # A one-person household loses `adulto_solo` when a child arrives: the child must weigh more.
    assume(len(household["componenti"]) > 1 or parsed.peso_figlio(eta) >= parsed.adulto_solo)
    bigger = deepcopy(household)
    where = data.draw(st.integers(0, len(bigger["componenti"])), label="posizione")
    bigger["componenti"].insert(where, {"ruolo": "figlio", "eta": eta, "disabilita": level})
    before, after = compute(household, scheme, weights), compute(bigger, scheme, weights)
    assert after.tariffa_ff <= before.tariffa_ff
    assert after.tariffa_isee == before.tariffa_isee  # same ISEE, same enrolled children


def _weight_paths(weights: Raw) -> list[tuple[Any, ...]]:
    paths: list[tuple[Any, ...]] = [
        (name,)
        for name, value in weights.items()
        if isinstance(value, float) and name != "riduzione_massima"
    ]
    paths += [("figli_eta", i) for i in range(len(weights["figli_eta"]))]
    paths += [("disabilita", level) for level in weights["disabilita"]]
    return paths


def _grown_override(weights: Raw, path: tuple[Any, ...], step: float) -> Raw:
    """The scheme override that raises one weight by `step` (merged by name by the engine)."""
    name = path[0]
    if name == "figli_eta":
        bands = deepcopy(weights["figli_eta"])
        bands[path[1]]["peso"] = round(bands[path[1]]["peso"] + step, 2)
        return {"figli_eta": bands}
    if name == "disabilita":
        return {"disabilita": {path[1]: round(weights["disabilita"][path[1]] + step, 2)}}
    return {name: round(weights[name] + step, 2)}


@PROPERTY_SETTINGS
@given(famiglie(), schemi(), scale(), st.data())
def test_a_growing_weight_never_raises_the_ff_fee(
    household: Raw, scheme: Raw, weights: Raw, data: st.DataObject
) -> None:
    path = data.draw(st.sampled_from(_weight_paths(weights)), label="peso")
    step = data.draw(hundredths(1, 100), label="aumento")
    grown = scheme | {"fattore_famiglia": _grown_override(weights, path, step)}
    before, after = compute(household, scheme, weights), compute(household, grown, weights)
    assert after.se_ff is not None and before.se_ff is not None
    assert after.se_ff.valore >= before.se_ff.valore
    assert after.tariffa_ff <= before.tariffa_ff


@PROPERTY_SETTINGS
@given(famiglie(), schemi(), scale(), hundredths(1, 100))
def test_a_larger_maximum_reduction_never_raises_the_ff_fee(
    household: Raw, scheme: Raw, weights: Raw, step: float
) -> None:
    reduction = min(1.0, round(weights["riduzione_massima"] + step, 2))
    grown = scheme | {"fattore_famiglia": {"riduzione_massima": reduction}}
    assert (
        compute(household, grown, weights).tariffa_ff
        <= compute(household, scheme, weights).tariffa_ff
    )


@PROPERTY_SETTINGS
@given(famiglie(), schemi(), scale(), st.booleans())
def test_fee_within_zero_and_the_modified_maximum(
    household: Raw, scheme: Raw, weights: Raw, resident: bool
) -> None:
    household = household | {"residente": resident}
    if not resident:
        scheme = scheme | {"non_residenti": {"tariffa": 450.0}}
    parsed = SchemaTariffario.model_validate(scheme)
    result = compute(household, scheme, weights)
    top = (
        parsed.non_residenti.tariffa
        if parsed.non_residenti and not resident
        else parsed.tariffa_massima
    )
    for child in result.dettaglio:
        bound = top
        for _, factor in child.modificatori:
            bound *= factor
        for fee in (child.tariffa_isee, child.tariffa_ff):
            assert 0 <= fee <= round_cent(bound)
            if parsed.costo_unitario is not None:
                assert fee <= parsed.costo_unitario


@PROPERTY_SETTINGS
@given(famiglie(), schemi(metodo="lineare"), scale())
def test_linear_base_between_minimum_and_maximum(household: Raw, scheme: Raw, weights: Raw) -> None:
    parsed = SchemaTariffario.model_validate(scheme)
    result = compute(household, scheme, weights)
    assert (
        result.isee_ff is not None
        and parsed.tariffa_min is not None
        and parsed.tariffa_max is not None
    )
    for base, indicator in (
        (result.base_isee, household["isee"]),
        (result.base_ff, result.isee_ff.valore),
    ):
        exempt = (
            parsed.esenzione_fino_a is not None
            and Decimal(str(indicator)) <= parsed.esenzione_fino_a
        )
        if exempt:
            assert base.valore == 0
        else:
            assert parsed.tariffa_min <= base.valore <= parsed.tariffa_max


@PROPERTY_SETTINGS
@given(famiglie(), schemi(), scale())
def test_isee_ff_stays_within_its_guards(household: Raw, scheme: Raw, weights: Raw) -> None:
    result = compute(household, scheme, weights)
    parsed = ScalaFamiglia.model_validate(weights)
    isee = Decimal(str(household["isee"]))
    assert result.isee_ff is not None
    assert isee * (1 - parsed.riduzione_massima) - HALF_CENT <= result.isee_ff.valore
    if parsed.mai_peggio:
        assert result.isee_ff.valore <= isee
