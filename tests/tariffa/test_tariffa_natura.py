"""`natura: contributo`: what a comune pays towards a fee, shown as data and never computed.

A contribution falls as the ISEE rises, so the "fee never falls" checks are off for it; it must
say `completo: false`, located at that key in Italian; the comune page words it as a
contribution.
"""

from __future__ import annotations

from typing import Any

import pytest
from tariffa_dati import scala_predefinita
from tariffa_errori import errori, unico

from rete.tariffa import Famiglia, IncompleteScheme, SchemaTariffario, compute_fee
from rete.web.render import environment
from rete.web.view import UNITA

CONTRIBUTO_FASCE: dict[str, Any] = {
    "servizio": "contributo-nido",
    "nome": "Contributo alla retta dei nidi privati",
    "anni": ["2026/27"],
    "natura": "contributo",
    "metodo": "fasce",
    "fasce": [
        {"fino_a": 20000, "tariffa": 150},
        {"fino_a": 30000, "tariffa": 120},
        {"fino_a": 35000, "tariffa": 90},
        {"fino_a": 40000, "tariffa": 60},
    ],
    "completo": False,
}
CONTRIBUTO_PUNTI: dict[str, Any] = {
    "servizio": "contributo-nido",
    "nome": "Contributo alla retta",
    "anni": ["2026/27"],
    "natura": "contributo",
    "metodo": "segmenti",
    "punti": [[5000, 200.0], [20000, 100.0], [40000, 0.0]],
    "completo": False,
}
CONTRIBUTO_LINEARE: dict[str, Any] = {
    "servizio": "contributo-nido",
    "nome": "Contributo alla retta",
    "anni": ["2026/27"],
    "natura": "contributo",
    "metodo": "lineare",
    "isee_min": 5000,
    "isee_max": 40000,
    "tariffa_min": 200.0,
    "tariffa_max": 0.0,
    "completo": False,
}
MESSAGGIO_COMPLETO = (
    "un contributo del comune (natura: contributo) si mostra come dato e il calcolatore non "
    "lo usa: indica completo: false"
)


def test_natura_defaults_to_tariffa() -> None:
    scheme = SchemaTariffario.model_validate(
        {"servizio": "nido", "nome": "Nido", "anni": ["2026/27"], "completo": False}
    )
    assert scheme.natura == "tariffa"


@pytest.mark.parametrize(
    "data",
    [CONTRIBUTO_FASCE, CONTRIBUTO_PUNTI, CONTRIBUTO_LINEARE],
    ids=["fasce", "segmenti", "lineare"],
)
def test_contribution_may_fall_as_isee_rises(data: dict[str, Any]) -> None:
    scheme = SchemaTariffario.model_validate(data)
    assert scheme.natura == "contributo" and not scheme.completo


@pytest.mark.parametrize(
    "data",
    [CONTRIBUTO_FASCE, CONTRIBUTO_PUNTI, CONTRIBUTO_LINEARE],
    ids=["fasce", "segmenti", "lineare"],
)
def test_a_fee_still_may_not_fall(data: dict[str, Any]) -> None:
    found = errori(SchemaTariffario, data | {"natura": "tariffa"})
    assert found and all(
        "non può scendere quando l'ISEE sale" in message
        or "non può essere minore di tariffa_min" in message
        for _, message in found
    )


@pytest.mark.parametrize("completo", [True, None], ids=["completo-true", "completo-assente"])
def test_contribution_must_say_incomplete(completo: bool | None) -> None:
    data = {k: v for k, v in CONTRIBUTO_PUNTI.items() if k != "completo"}
    if completo is not None:
        data["completo"] = completo
    assert unico(SchemaTariffario, data) == (("completo",), MESSAGGIO_COMPLETO)


def test_unknown_natura_is_located_with_a_suggestion() -> None:
    assert unico(SchemaTariffario, CONTRIBUTO_FASCE | {"natura": "contributi"}) == (
        ("natura",),
        "valore non previsto «contributi» (forse «contributo»?): ammessi tariffa, contributo",
    )


def test_contribution_bands_still_ascend() -> None:
    bands = [{"fino_a": 30000, "tariffa": 150}, {"fino_a": 20000, "tariffa": 120}]
    loc, message = unico(SchemaTariffario, CONTRIBUTO_FASCE | {"fasce": bands})
    assert loc == ("fasce", 1, "fino_a") and "vanno in ordine crescente" in message


def test_contribution_without_method_keeps_min_below_max() -> None:
    data = {
        "servizio": "contributo-nido",
        "nome": "Contributo alla retta",
        "anni": ["2026/27"],
        "natura": "contributo",
        "tariffa_min": 150,
        "tariffa_max": 60,
        "completo": False,
    }
    loc, message = unico(SchemaTariffario, data)
    assert loc == ("tariffa_max",) and "non può essere minore di tariffa_min" in message


def test_engine_never_computes_a_contribution() -> None:
    famiglia = Famiglia.model_validate(
        {
            "isee": 15000,
            "componenti": [
                {"ruolo": "genitore", "eta": 38, "lavora": True},
                {"ruolo": "figlio", "eta": 1, "iscritto": True},
            ],
        }
    )
    scheme = SchemaTariffario.model_validate(CONTRIBUTO_FASCE)
    with pytest.raises(IncompleteScheme):
        compute_fee(famiglia, scheme, scala_predefinita())


def _page(data: dict[str, Any]) -> str:
    macro = environment().get_template("_schema.j2").module.schema  # type: ignore[attr-defined]
    return str(macro(SchemaTariffario.model_validate(data), "../calcolatore/"))


def test_page_words_a_contribution_as_such() -> None:
    page = _page(CONTRIBUTO_FASCE)
    assert "| ISEE | Contributo (2026/27) |" in page
    assert "<strong>Contributo del comune</strong>" in page
    assert "| fino a 20.000,00 € | 150,00 € |" in page
    assert "Schema incompleto" not in page
    assert "Calcola quanto pagheresti" not in page  # never linked to the calculator
    assert "| ISEE | Tariffa |" not in page


def test_page_of_a_fee_keeps_its_wording() -> None:
    data = CONTRIBUTO_FASCE | {"natura": "tariffa", "fasce": [{"fino_a": 7250, "tariffa": 2.4}]}
    page = _page(data)
    assert "| ISEE | Tariffa (2026/27) |" in page and "<strong>Schema incompleto</strong>" in page
    assert "Contributo" not in page


def test_page_shows_minimum_and_maximum_of_a_scheme_without_method() -> None:
    data = {
        "servizio": "nido",
        "nome": "Nido",
        "anni": ["2026/27"],
        "tariffa_min": 237,
        "tariffa_max": 560,
        "completo": False,
    }
    page = _page(data)
    assert "<dt>Tariffa minima (2026/27)</dt><dd>237,00 €</dd>" in page
    assert "<dt>Tariffa massima (2026/27)</dt><dd>560,00 €</dd>" in page


def test_last_open_band_says_from_where() -> None:
    data = {
        "servizio": "mensa",
        "nome": "Mensa",
        "anni": ["2026/27"],
        "unita": "pasto",
        "metodo": "fasce",
        "fasce": [{"fino_a": 40000, "tariffa": 6.27}, {"tariffa": 6.77}],
        "completo": False,
    }
    assert "| oltre 40.000,00 € | 6,77 € |" in _page(data)


@pytest.mark.parametrize("unita", sorted(UNITA))
def test_unit_words_match_the_view(unita: str) -> None:
    data = {
        "servizio": "nido",
        "nome": "Nido",
        "anni": ["2026/27"],
        "unita": unita,
        "completo": False,
    }
    assert f"<dd>{UNITA[unita]}</dd>" in _page(data)
