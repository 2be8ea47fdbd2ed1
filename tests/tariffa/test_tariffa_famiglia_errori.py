"""Every household input error of the contract: located at the key to fix, told in Italian."""

from __future__ import annotations

from typing import Any

import pytest
from tariffa_errori import errori, unico

from rete.tariffa import Famiglia

PARENT = {"ruolo": "genitore", "eta": 40, "lavora": True}
CHILD = {"ruolo": "figlio", "eta": 1, "iscritto": True}


def household(**changes: Any) -> dict[str, Any]:
    return {"isee": 15000, "componenti": [PARENT, PARENT, CHILD]} | changes


def test_valid_household_passes() -> None:
    assert len(Famiglia.model_validate(household()).componenti) == 3


def test_negative_isee() -> None:
    assert unico(Famiglia, household(isee=-1)) == (("isee",), "non può essere negativo (-1)")


@pytest.mark.parametrize("value", ["15.000", "15000 €", True, [15000]])
def test_non_numeric_isee(value: object) -> None:
    loc, message = unico(Famiglia, household(isee=value))
    assert loc == ("isee",) and message.startswith("deve essere un numero")


def test_isee_with_fractions_of_a_cent() -> None:
    loc, message = unico(Famiglia, household(isee=15000.123))
    assert loc == ("isee",) and "al massimo due decimali" in message


def test_no_members() -> None:
    assert unico(Famiglia, household(componenti=[])) == (
        ("componenti",),
        "la famiglia deve avere almeno un componente",
    )


def test_members_key_missing() -> None:
    data = household()
    del data["componenti"]
    assert unico(Famiglia, data) == (("componenti",), "manca la chiave obbligatoria «componenti»")


def test_no_adult() -> None:
    loc, message = unico(Famiglia, household(componenti=[CHILD]))
    assert loc == ("componenti",) and message.startswith("manca un adulto")


def test_child_of_26_or_more() -> None:
    loc, message = unico(Famiglia, household(componenti=[PARENT, {"ruolo": "figlio", "eta": 26}]))
    assert loc == ("componenti", 1, "eta")
    assert message.startswith("un figlio di 26 anni va indicato con ruolo: altro")


@pytest.mark.parametrize("parents", [0, 2])
def test_single_parent_without_exactly_one_parent(parents: int) -> None:
    members = [PARENT] * parents + [{"ruolo": "altro", "eta": 60}, CHILD]
    loc, message = unico(Famiglia, household(genitore_solo=True, componenti=members))
    assert loc == ("genitore_solo",)
    assert message == (
        "genitore_solo richiede esattamente un componente con ruolo genitore "
        f"(ce ne sono {parents})"
    )


def test_widowed_without_single_parent() -> None:
    assert unico(Famiglia, household(vedovo=True)) == (
        ("vedovo",),
        "vedovo vale solo insieme a genitore_solo: true",
    )


def test_multiple_birth_with_different_ages() -> None:
    twins = [{"ruolo": "figlio", "eta": 1, "parto": 1}, {"ruolo": "figlio", "eta": 2, "parto": 1}]
    loc, message = unico(Famiglia, household(componenti=[PARENT, PARENT, CHILD, *twins]))
    assert loc == ("componenti", 4, "eta")
    assert message == (
        "i figli dello stesso parto (parto: 1) hanno la stessa età: qui 2 anni, ma il "
        "componente 4 ne ha 1"
    )


def test_unknown_key_at_the_top() -> None:
    assert unico(Famiglia, household(reddito=30000)) == (
        ("reddito",),
        "chiave non prevista «reddito»: ammesse isee, tipo_isee, ise, scala_isee, residente, "
        "genitore_solo, vedovo, gravidanza, componenti",
    )


def test_unknown_key_in_a_member_suggests_the_right_one() -> None:
    member = {"ruolo": "genitore", "età": 40}
    found = errori(Famiglia, household(componenti=[member]))
    assert (("componenti", 0, "età"), "chiave non prevista «età» (forse «eta»?)") in found
    assert (("componenti", 0, "eta"), "manca la chiave obbligatoria «eta»") in found


@pytest.mark.parametrize(
    ("key", "value", "suggested"),
    [
        ("ruolo", "madre", ""),
        ("frequenza", "part-time", " (forse «part_time»?)"),
        ("disabilita", "lieve", ""),
    ],
)
def test_unknown_member_value(key: str, value: str, suggested: str) -> None:
    member = {**CHILD, key: value}
    loc, message = unico(Famiglia, household(componenti=[PARENT, member]))
    assert loc == ("componenti", 1, key)
    assert message.startswith(f"valore non previsto «{value}»{suggested}: ammessi ")


def test_unknown_isee_type() -> None:
    assert unico(Famiglia, household(tipo_isee="ordinaria")) == (
        ("tipo_isee",),
        "valore non previsto «ordinaria» (forse «ordinario»?): ammessi ordinario, minorenni, "
        "corrente, sociosanitario",
    )


def test_yes_is_not_a_boolean() -> None:
    assert unico(Famiglia, household(residente="sì")) == (
        ("residente",),
        "deve essere true (sì) o false (no), non «sì»",
    )


@pytest.mark.parametrize(
    ("eta", "hint"), [(-1, "tra 0 e 120"), (1.5, "senza decimali"), ("2", "non «2»")]
)
def test_bad_age(eta: object, hint: str) -> None:
    loc, message = unico(Famiglia, household(componenti=[PARENT, {**CHILD, "eta": eta}]))
    assert loc == ("componenti", 1, "eta") and hint in message


def test_birth_and_enrolment_are_for_children_only() -> None:
    adult = {**PARENT, "parto": 1, "iscritto": True}
    found = errori(Famiglia, household(componenti=[adult, CHILD]))
    assert [loc for loc, _ in found] == [("componenti", 0, "parto"), ("componenti", 0, "iscritto")]


def test_attestation_figures_come_in_pairs_and_with_isee() -> None:
    assert unico(Famiglia, household(ise=41400))[0] == ("ise",)
    assert unico(Famiglia, household(scala_isee=2.76))[0] == ("scala_isee",)
    found = errori(Famiglia, household(isee=None, ise=41400, scala_isee=2.76))
    assert [loc for loc, _ in found] == [("ise",), ("scala_isee",)]
    assert "manca il valore di isee" in found[0][1]


def test_isee_scale_below_one() -> None:
    loc, message = unico(Famiglia, household(ise=1000, scala_isee=0.5))
    assert loc == ("scala_isee",) and "almeno 1" in message


def test_members_must_be_a_list() -> None:
    loc, message = unico(Famiglia, household(componenti={"ruolo": "genitore"}))
    assert loc == ("componenti",) and message.startswith("deve essere un elenco")


def test_several_mistakes_are_reported_together() -> None:
    """Key and value mistakes come together; household checks follow once those are fixed."""
    data = household(isee=-5, extra=1, componenti=[PARENT, {"ruolo": "figlio", "eta": 30}])
    locs = {loc for loc, _ in errori(Famiglia, data)}
    assert locs == {("extra",), ("isee",), ("componenti", 1, "eta")}
    data = household(
        genitore_solo=True, vedovo=False, ise=1, componenti=[{"ruolo": "altro", "eta": 50}]
    )
    locs = {loc for loc, _ in errori(Famiglia, data)}
    assert locs == {("genitore_solo",), ("ise",)}
