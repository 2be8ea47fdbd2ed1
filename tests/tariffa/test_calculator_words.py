"""What the calculator page says, checked without a browser: the engine's explanations in
plain Italian once the page's words (rete.web.calculator.PLAIN_TERMS) replace the data
contract's names, a comune's documented fees as a range, the age range of a service.

The rule texts are the Python engine's: the parity test holds the browser engine's equal to
them, so every rule the page can show is covered here, quickly, over many households."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from tariffa_dati import load_examples, scala_predefinita

from rete.tariffa import Famiglia, SchemaTariffario, compute_fee
from rete.web.calculator import documented, labels_json, service_ages

EXAMPLES = load_examples()
INTERNAL = re.compile(r"\b\w+_\w+\b|\((mese|pasto|giorno|fratelli|prolungato)\)|«minorenni»")
"""A contract name (isee_min, SE_FF, ISEE_FF, part_time), a bare unit or modifier key."""


def _plain(text: str) -> str:
    for internal, words in labels_json()["termini"]:
        text = text.replace(internal, words)
    return text


def _variants(example: dict[str, Any]) -> list[dict[str, Any]]:
    """The example's household, and the same with every branch of the rules: below, between
    and above the thresholds, no ISEE, not resident, a wrong ISEE type, an elderly relative,
    a widowed single parent, twins, siblings part time and extended."""
    base = example["famiglia"]
    kids = [{"ruolo": "figlio", "eta": 2, "iscritto": True, "frequenza": "part_time", "parto": 1},
            {"ruolo": "figlio", "eta": 2, "iscritto": True, "frequenza": "prolungato",
             "parto": 1, "disabilita": "grave"}]
    return [
        base,
        *[base | {"isee": isee} for isee in (0, 3000, 12000, 45000, 90000)],
        base | {"isee": None},
        base | {"residente": False},
        base | {"tipo_isee": "ordinario"},
        {"isee": 15000, "tipo_isee": "corrente", "genitore_solo": True, "vedovo": True,
         "gravidanza": True,
         "componenti": [{"ruolo": "genitore", "eta": 40}, *kids, {"ruolo": "altro", "eta": 70}]},
    ]


CASES = [(e["id"], i, f) for e in EXAMPLES["esempi"] for i, f in enumerate(_variants(e))]


@pytest.mark.parametrize(("example_id", "variant", "famiglia"), CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_every_rule_reads_in_plain_italian(example_id: str, variant: int,
                                           famiglia: dict[str, Any]) -> None:
    example = next(e for e in EXAMPLES["esempi"] if e["id"] == example_id)
    scheme = SchemaTariffario.model_validate(example.get("schema", EXAMPLES["schema_predefinito"]))
    retta = Decimal(str(example["retta"])) if "retta" in example else None
    result = compute_fee(Famiglia.model_validate(famiglia), scheme, scala_predefinita(), retta)
    data = result.to_json_dict(regole=True)
    texts = [*data["regole"].values(), *data["avvisi"]]
    texts += [d[key] for d in data["dettaglio"] for key in ("regola_isee", "regola_ff",
                                                               "descrizione")]
    for text in texts:
        shown = _plain(str(text))
        assert not INTERNAL.search(shown), (text, shown)


def test_documented_fees_as_a_range_with_their_facts() -> None:
    nido = documented(SchemaTariffario.model_validate({
        "servizio": "asilo-nido", "nome": "Asilo nido", "anni": ["2026/27"],
        "tariffa_min": 237, "tariffa_max": 560, "completo": False}))
    assert (nido["da"], nido["a"], nido["unita_testo"]) == ("237,00 €", "560,00 €", "al mese")
    assert nido["voci"] == []  # the range says it all
    assert nido["anni"] == ["2026/27"]
    mensa = documented(SchemaTariffario.model_validate({
        "servizio": "mensa", "nome": "Mensa", "anni": ["2026"], "unita": "pasto", "metodo": "fasce",
        "fasce": [{"fino_a": 7250, "tariffa": 2.4}, {"tariffa": 6.77}], "completo": False}))
    assert (mensa["da"], mensa["a"]) == ("2,40 €", "6,77 €")
    assert mensa["voci"] == ["2,40 € con ISEE fino a 7.250,00 €",
                             "6,77 € con ISEE oltre 7.250,00 €"]
    milano = documented(SchemaTariffario.model_validate({
        "servizio": "asilo-nido", "nome": "Nidi", "anno_fonte": 2023, "esenzione_fino_a": 6500,
        "tariffa_max": 502.2, "completo": False}))
    assert (milano["da"], milano["a"]) == ("0,00 €", "502,20 €")
    assert milano["voci"][0] == "esenzione con ISEE fino a 6.500,00 €"


@pytest.mark.parametrize(("servizio", "nome", "ages"), [
    ("asilo-nido", "Asilo nido comunale", (0, 3)),
    ("nido-esempio", "Servizio di prova", (0, 3)),
    ("materna", "Scuola dell'infanzia statale", (2, 6)),
    ("mensa", "Refezione scolastica", None),
])
def test_a_service_age_range_from_its_name(servizio: str, nome: str,
                                           ages: tuple[int, int] | None) -> None:
    scheme = SchemaTariffario.model_validate({
        "servizio": servizio, "nome": nome, "anni": ["2026/27"], "tariffa_max": 100,
        "completo": False})
    found = service_ages(scheme)
    assert (None if found is None else (found["da"], found["a"])) == ages


def test_a_contribution_is_documented_as_a_capped_share() -> None:
    """Cesano Maderno 2024/25: a share of the retta up to a cap, never a fixed sum."""
    cesano = documented(SchemaTariffario.model_validate({
        "servizio": "contributo-nido", "nome": "Contributo", "anni": ["2024/25"],
        "natura": "contributo", "metodo": "fasce",
        "fasce": [{"fino_a": 20000, "percentuale": 25, "tetto": 150},
                  {"fino_a": 40000, "percentuale": 10, "tetto": 60}],
        "completo": False}))
    assert cesano["voci"] == [
        "25 % della retta, al massimo 150,00 €, con ISEE fino a 20.000,00 €",
        "10 % della retta, al massimo 60,00 €, con ISEE fino a 40.000,00 €",
    ]
    assert (cesano["da"], cesano["a"]) == (None, None)  # no fixed sum to show as a range
