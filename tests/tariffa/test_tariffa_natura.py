"""`natura: contributo`: what a comune pays towards a fee the family pays elsewhere.

A contribution falls as the ISEE rises, so the "fee never falls" checks are off for it. A band
gives a sum or a share of the family's retta up to a cap; a complete contribution is computed
from the retta the family gives (what is left to pay), an incomplete one only shown. The
comune page words it as a contribution.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from tariffa_dati import scala_predefinita
from tariffa_errori import errori, unico

from rete.tariffa import Famiglia, IncompleteScheme, SchemaTariffario, TariffError, compute_fee
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


PERCENTUALI: dict[str, Any] = CONTRIBUTO_FASCE | {
    "fasce": [
        {"fino_a": 20000, "percentuale": 25, "tetto": 150},
        {"fino_a": 40000, "percentuale": 12.5},
        {"tariffa": 0},
    ],
    "completo": True,
}


def test_a_complete_contribution_is_valid() -> None:
    scheme = SchemaTariffario.model_validate(PERCENTUALI)
    assert scheme.completo and scheme.fasce is not None
    assert (scheme.fasce[0].percentuale, scheme.fasce[0].tetto) == (25, 150)


@pytest.mark.parametrize(
    ("band", "loc", "message"),
    [
        ({"fino_a": 20000}, ("fasce", 0, "tariffa"), "manca la tariffa della fascia"),
        (
            {"fino_a": 20000, "tariffa": 150, "percentuale": 25},
            ("fasce", 0, "percentuale"),
            "indica tariffa (una somma) oppure percentuale",
        ),
        (
            {"fino_a": 20000, "tariffa": 150, "tetto": 150},
            ("fasce", 0, "tetto"),
            "il tetto limita una percentuale",
        ),
        (
            {"fino_a": 20000, "percentuale": 0},
            ("fasce", 0, "percentuale"),
            "è una percentuale tra 0 e 100 (25 = 25%), non «0»",
        ),
        (
            {"fino_a": 20000, "percentuale": 125},
            ("fasce", 0, "percentuale"),
            "è una percentuale tra 0 e 100",
        ),
        (
            {"fino_a": 20000, "percentuale": 12.345},
            ("fasce", 0, "percentuale"),
            "una percentuale ha al massimo due decimali",
        ),
        (
            {"fino_a": 20000, "percentuale": 25, "tetto": -1},
            ("fasce", 0, "tetto"),
            "non può essere negativo",
        ),
    ],
    ids=["nothing", "both", "cap-without-share", "zero", "above-100", "decimals", "negative-cap"],
)
def test_band_problems_are_located_in_italian(
    band: dict[str, Any], loc: tuple[Any, ...], message: str
) -> None:
    data = PERCENTUALI | {"fasce": [band, {"tariffa": 0}]}
    found_loc, found = unico(SchemaTariffario, data)
    assert found_loc == loc and found.startswith(message), found


def test_a_percentage_belongs_to_a_contribution() -> None:
    data = PERCENTUALI | {"natura": "tariffa", "fasce": [*PERCENTUALI["fasce"][:1], {"tariffa": 9}]}
    assert unico(SchemaTariffario, data) == (
        ("fasce", 0, "percentuale"),
        "la percentuale della retta vale solo per un contributo del comune (natura: contributo):"
        " la fascia di una tariffa indica l'importo in tariffa",
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("esenzione_fino_a", 5000),
        ("esenzione_sotto", 5000),
        ("non_residenti", {"tariffa": 500}),
        ("costo_unitario", 600),
        ("modificatori", {"part_time": 0.6}),
    ],
)
def test_fee_only_keys_refused_on_a_contribution(key: str, value: Any) -> None:
    found_loc, message = unico(SchemaTariffario, PERCENTUALI | {key: value})
    assert found_loc == (key,) and "non valgono per un contributo" in message.replace(
        "non vale", "non valgono"
    )


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


FAMIGLIA: dict[str, Any] = {
    "isee": 15000,
    "componenti": [
        {"ruolo": "genitore", "eta": 38, "lavora": True},
        {"ruolo": "figlio", "eta": 1, "iscritto": True},
    ],
}


def test_an_incomplete_contribution_is_never_computed() -> None:
    scheme = SchemaTariffario.model_validate(CONTRIBUTO_FASCE)
    with pytest.raises(IncompleteScheme):
        compute_fee(Famiglia.model_validate(FAMIGLIA), scheme, scala_predefinita(), Decimal(480))


def test_a_contribution_needs_the_retta_and_a_fee_refuses_it() -> None:
    famiglia = Famiglia.model_validate(FAMIGLIA)
    with pytest.raises(TariffError, match="serve la retta che la famiglia paga"):
        compute_fee(famiglia, SchemaTariffario.model_validate(PERCENTUALI), scala_predefinita())
    fee = SchemaTariffario.model_validate(
        PERCENTUALI | {"natura": "tariffa", "fasce": [{"tariffa": 100}]}
    )
    with pytest.raises(TariffError, match="la retta si indica solo per un contributo"):
        compute_fee(famiglia, fee, scala_predefinita(), Decimal(480))


def test_a_non_resident_family_gets_no_contribution() -> None:
    famiglia = Famiglia.model_validate(FAMIGLIA | {"residente": False})
    scheme = SchemaTariffario.model_validate(PERCENTUALI)
    result = compute_fee(famiglia, scheme, scala_predefinita(), Decimal("480.10"))
    assert (result.tariffa_isee, result.tariffa_ff) == (Decimal("480.10"), Decimal("480.10"))
    assert result.isee_ff is None
    assert any("per le famiglie residenti" in warning for warning in result.avvisi)


def test_a_fixed_sum_never_exceeds_the_retta() -> None:
    """150 € off a 100 € retta leaves 0, not minus 50 €."""
    scheme = SchemaTariffario.model_validate(
        CONTRIBUTO_FASCE | {"fasce": [{"tariffa": 150}], "completo": True}
    )
    result = compute_fee(
        Famiglia.model_validate(FAMIGLIA), scheme, scala_predefinita(), Decimal(100)
    )
    assert result.tariffa_isee == 0 and "ridotto alla retta 100,00 €" in result.base_isee.regola


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
