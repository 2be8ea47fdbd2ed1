"""Impossible schemes and scales: located at the key to fix, told in Italian; year overlaps."""

from __future__ import annotations

from typing import Any

import pytest
from tariffa_dati import SCALE, load_yaml
from tariffa_errori import errori, unico

from rete.tariffa import ScalaFamiglia, SchemaTariffario, overlapping_years

LINEAR: dict[str, Any] = {
    "servizio": "nido",
    "nome": "Asilo nido",
    "anni": ["2026/27"],
    "metodo": "lineare",
    "isee_min": 6000,
    "isee_max": 30000,
    "tariffa_min": 100.0,
    "tariffa_max": 500.0,
}
SEGMENTS: dict[str, Any] = {
    "servizio": "nido",
    "nome": "Asilo nido",
    "anni": ["2026/27"],
    "metodo": "segmenti",
    "punti": [[4500, 30.0], [30000, 280.0], [35000, 415.0]],
}
BANDS: dict[str, Any] = {
    "servizio": "mensa",
    "nome": "Mensa",
    "anni": ["2026/27"],
    "unita": "pasto",
    "unita_per_anno": 170,
    "metodo": "fasce",
    "fasce": [
        {"fino_a": 7000, "tariffa": 2.5},
        {"fino_a": 15000, "tariffa": 4.5},
        {"fino_a": 25000, "tariffa": 5.5},
        {"tariffa": 6.5},
    ],
}


def scheme(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return base | changes


@pytest.mark.parametrize("base", [LINEAR, SEGMENTS, BANDS], ids=["lineare", "segmenti", "fasce"])
def test_valid_schemes_pass(base: dict[str, Any]) -> None:
    assert SchemaTariffario.model_validate(base).completo


def test_isee_max_not_above_isee_min() -> None:
    assert unico(SchemaTariffario, scheme(LINEAR, isee_max=6000)) == (
        ("isee_max",),
        "isee_max (6.000,00 €) deve essere maggiore di isee_min (6.000,00 €)",
    )


@pytest.mark.parametrize(
    "key", ["tariffa_min", "tariffa_max", "costo_unitario", "esenzione_fino_a"]
)
def test_negative_fee(key: str) -> None:
    loc, message = unico(SchemaTariffario, scheme(LINEAR, **{key: -5}))
    assert loc == (key,) and message == "non può essere negativo (-5)"


def test_negative_non_resident_fee() -> None:
    loc, _ = unico(SchemaTariffario, scheme(LINEAR, non_residenti={"tariffa": -1}))
    assert loc == ("non_residenti", "tariffa")


def test_fee_falling_as_isee_rises_in_linear() -> None:
    loc, message = unico(SchemaTariffario, scheme(LINEAR, tariffa_max=50))
    assert loc == ("tariffa_max",) and "non può essere minore di tariffa_min" in message


def test_linear_without_its_bounds() -> None:
    data = {k: v for k, v in LINEAR.items() if k not in {"isee_max", "tariffa_min"}}
    assert errori(SchemaTariffario, data) == [
        (("isee_max",), "con metodo: lineare serve isee_max"),
        (("tariffa_min",), "con metodo: lineare serve tariffa_min"),
    ]


def test_unordered_points() -> None:
    points = [[4500, 30.0], [35000, 280.0], [30000, 415.0]]
    assert unico(SchemaTariffario, scheme(SEGMENTS, punti=points)) == (
        ("punti", 2),
        "gli ISEE dei punti vanno in ordine crescente: 30.000,00 € non è maggiore di "
        "35.000,00 € del punto precedente",
    )


def test_points_with_falling_fee() -> None:
    loc, message = unico(SchemaTariffario, scheme(SEGMENTS, punti=[[4500, 30.0], [30000, 20.0]]))
    assert loc == ("punti", 1) and message.startswith("la tariffa non può scendere")


@pytest.mark.parametrize("points", [[[4500, 30.0]], []])
def test_segments_need_two_points(points: list[Any]) -> None:
    loc, message = unico(SchemaTariffario, scheme(SEGMENTS, punti=points))
    assert loc == ("punti",) and "almeno due punti" in message


def test_malformed_point() -> None:
    loc, message = unico(SchemaTariffario, scheme(SEGMENTS, punti=[[4500, 30.0], [30000]]))
    assert loc == ("punti", 1) and message.startswith("ogni punto è una coppia [ISEE, tariffa]")


def test_unordered_bands() -> None:
    bands = [{"fino_a": 15000, "tariffa": 2.5}, {"fino_a": 7000, "tariffa": 4.5}, {"tariffa": 6.5}]
    assert unico(SchemaTariffario, scheme(BANDS, fasce=bands)) == (
        ("fasce", 1, "fino_a"),
        "le fasce vanno in ordine crescente: 7.000,00 € non è maggiore di 15.000,00 € della "
        "fascia precedente",
    )


def test_bands_with_falling_fee() -> None:
    bands = [{"fino_a": 7000, "tariffa": 4.5}, {"tariffa": 2.5}]
    loc, message = unico(SchemaTariffario, scheme(BANDS, fasce=bands))
    assert loc == ("fasce", 1, "tariffa") and message.startswith("la tariffa non può scendere")


def test_band_without_end_before_the_last() -> None:
    bands = [{"tariffa": 2.5}, {"tariffa": 4.5}]
    assert unico(SchemaTariffario, scheme(BANDS, fasce=bands))[0] == ("fasce", 0)


def test_last_band_must_be_open_in_a_complete_scheme() -> None:
    bands = [{"fino_a": 7000, "tariffa": 2.5}, {"fino_a": 40000, "tariffa": 4.5}]
    loc, message = unico(SchemaTariffario, scheme(BANDS, fasce=bands))
    assert loc == ("fasce", 1, "fino_a") and "completo: false" in message
    SchemaTariffario.model_validate(scheme(BANDS, fasce=bands, completo=False))


def test_unknown_family_weight_name() -> None:
    assert unico(SchemaTariffario, scheme(LINEAR, fattore_famiglia={"gravidenza": 3})) == (
        ("fattore_famiglia", "gravidenza"),
        "peso del Fattore Famiglia sconosciuto «gravidenza» (forse «gravidanza»?)",
    )


def test_unknown_disability_level_in_overrides() -> None:
    loc, message = unico(
        SchemaTariffario, scheme(LINEAR, fattore_famiglia={"disabilita": {"lieve": 1}})
    )
    assert loc == ("fattore_famiglia", "disabilita", "lieve")
    assert message.startswith("livello di disabilità sconosciuto «lieve»")


def test_override_values_are_checked() -> None:
    loc, message = unico(
        SchemaTariffario, scheme(LINEAR, fattore_famiglia={"riduzione_massima": 1.5})
    )
    assert loc == ("fattore_famiglia", "riduzione_massima") and "tra 0 e 1" in message
    loc, message = unico(SchemaTariffario, scheme(LINEAR, fattore_famiglia={"gravidanza": -1}))
    assert loc == ("fattore_famiglia", "gravidanza") and "negativo" in message


def test_override_age_bands_with_a_gap() -> None:
    bands = [{"da": 0, "a": 2, "peso": 1}, {"da": 4, "a": 25, "peso": 0.7}]
    loc, message = unico(SchemaTariffario, scheme(LINEAR, fattore_famiglia={"figli_eta": bands}))
    assert loc == ("fattore_famiglia", "figli_eta", 1, "da")
    assert message.startswith("la fascia dovrebbe iniziare a 3 anni")


def test_method_missing_in_a_complete_scheme() -> None:
    data = {k: v for k, v in LINEAR.items() if k != "metodo"}
    found = errori(SchemaTariffario, data)
    assert found[0][0] == ("metodo",) and "completo: false" in found[0][1]


def test_unknown_method() -> None:
    loc, message = unico(SchemaTariffario, scheme(LINEAR, metodo="lineari"))
    assert loc == ("metodo",) and message.startswith(
        "valore non previsto «lineari» (forse «lineare»?)"
    )


def test_keys_of_another_method() -> None:
    assert unico(SchemaTariffario, scheme(LINEAR, punti=[[0, 1], [1, 2]])) == (
        ("punti",),
        "punti vale solo con metodo: segmenti (qui metodo: lineare)",
    )


def test_meals_need_units_per_year() -> None:
    data = {k: v for k, v in BANDS.items() if k != "unita_per_anno"}
    loc, message = unico(SchemaTariffario, data)
    assert loc == ("unita_per_anno",) and "unita: pasto" in message


@pytest.mark.parametrize(
    ("years", "index"),
    [(["2026/2027"], 0), (["2026/27", "2026/28"], 1), (["2026/27", "2026/27"], 1)],
)
def test_bad_school_years(years: list[str], index: int) -> None:
    assert unico(SchemaTariffario, scheme(LINEAR, anni=years))[0] == ("anni", index)


def test_zero_unit_cost() -> None:
    assert unico(SchemaTariffario, scheme(LINEAR, costo_unitario=0)) == (
        ("costo_unitario",),
        "il costo unitario deve essere maggiore di zero",
    )


def test_service_id_is_a_slug() -> None:
    loc, message = unico(SchemaTariffario, scheme(LINEAR, servizio="Asilo Nido"))
    assert loc == ("servizio",) and "non è un identificativo valido" in message


def test_unknown_modifier_suggests_the_name() -> None:
    assert unico(SchemaTariffario, scheme(LINEAR, modificatori={"fratello": 0.85})) == (
        ("modificatori", "fratello"),
        "chiave non prevista «fratello» (forse «fratelli»?)",
    )


def test_null_blocks_mean_defaults() -> None:
    parsed = SchemaTariffario.model_validate(
        scheme(LINEAR, modificatori=None, fattore_famiglia=None)
    )
    assert parsed.modificatori.fratelli == 1 and parsed.unita_annue == 11


def test_incomplete_scheme_may_lack_its_method() -> None:
    partial = {
        "servizio": "nido",
        "nome": "Nido",
        "anni": ["2026/27"],
        "tariffa_min": 237,
        "tariffa_max": 560,
        "completo": False,
    }
    assert SchemaTariffario.model_validate(partial).metodo is None
    loc, _ = unico(SchemaTariffario, partial | {"tariffa_max": 200})
    assert loc == ("tariffa_max",)


def _years(servizio: str, *anni: str) -> SchemaTariffario:
    return SchemaTariffario.model_validate(scheme(LINEAR, servizio=servizio, anni=list(anni)))


def test_overlapping_years_of_one_service() -> None:
    schemes = [
        _years("nido", "2025/26", "2026/27"),
        _years("mensa", "2026/27"),
        _years("nido", "2027/28", "2026/27"),
    ]
    (overlap,) = overlapping_years(schemes)
    assert (overlap.indice, overlap.precedente, overlap.anno) == (2, 0, "2026/27")
    assert overlap.loc == (2, "anni", 1)
    assert overlap.messaggio == (
        "l'anno 2026/27 del servizio «nido» è già coperto dallo schema 1° dell'elenco: per ogni "
        "anno un solo schema"
    )


def _dated_by_source(servizio: str, year: int) -> SchemaTariffario:
    data = {k: v for k, v in LINEAR.items() if k != "anni"}
    return SchemaTariffario.model_validate(data | {"servizio": servizio, "anno_fonte": year})


def test_same_source_year_overlaps_its_service() -> None:
    schemes = [
        _dated_by_source("nido", 2023),
        _years("nido", "2023/24"),
        _dated_by_source("nido", 2023),
        _dated_by_source("nido", 2024),
    ]
    (overlap,) = overlapping_years(schemes)
    assert (overlap.indice, overlap.precedente, overlap.loc) == (2, 0, (2, "anno_fonte"))
    assert "con gli stessi dati del medesimo anno_fonte" in overlap.messaggio


def test_distinct_years_do_not_overlap() -> None:
    assert overlapping_years([_years("nido", "2025/26"), _years("nido", "2026/27")]) == []


def _shipped_scale() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(SCALE)
    return data


def test_shipped_scale_is_illustrative_and_sourced() -> None:
    scale = ScalaFamiglia.model_validate(_shipped_scale())
    assert scale.illustrativo and scale.nota
    assert {f.url for f in scale.fonti} >= {
        "http://www.parmafamiglia.it/?p=548",
        "https://www.famiglienumerose.org/piu-figli-hai-piu-il-comune-ti-sostiene/",
    }
    assert all(str(f.consultato) == "2026-11-27" and f.campi for f in scale.fonti)


def test_scale_file_errors() -> None:
    data = _shipped_scale()
    data["figli_eta"] = data["figli_eta"][:-1]
    data["riduzione_massima"] = 2
    data["primo_adulto"] = 0
    locs = [loc for loc, _ in errori(ScalaFamiglia, data)]
    assert locs == [("primo_adulto",), ("riduzione_massima",)]
    data = _shipped_scale() | {"figli_eta": _shipped_scale()["figli_eta"][:-1]}
    loc, message = unico(ScalaFamiglia, data)
    assert loc == ("figli_eta", 3, "a") and "25 anni" in message


GAPS: dict[str, Any] = BANDS | {
    "fasce": [
        {"fino_a": 8000, "tariffa": 189.3},
        {"non_riportate": True},
        {"fino_a": 15000, "tariffa": 418},
        {"non_riportate": True},
        {"oltre": 53000, "tariffa": 888.84},
    ],
    "completo": False,
}


def test_bands_a_source_leaves_out_are_marked_in_an_incomplete_scheme() -> None:
    scheme = SchemaTariffario.model_validate(GAPS)
    assert scheme.fasce is not None and [b.non_riportate for b in scheme.fasce] == [
        False,
        True,
        False,
        True,
        False,
    ]
    assert scheme.fasce[-1].oltre == 53000


def test_a_complete_scheme_has_no_unreported_bands() -> None:
    message = (
        "uno schema completo non ha fasce non riportate: se le fonti non danno tutte le fasce, "
        "indica completo: false"
    )
    assert errori(SchemaTariffario, GAPS | {"completo": True}) == [
        (("fasce", 1, "non_riportate"), message),
        (("fasce", 3, "non_riportate"), message),
    ]


@pytest.mark.parametrize(
    ("index", "band", "loc", "message"),
    [
        (
            1,
            {"non_riportate": True, "tariffa": 300},
            ("fasce", 1, "tariffa"),
            "una voce non_riportate: true segna solo fasce che le fonti non danno: togli tariffa",
        ),
        (2, {"oltre": 9000, "fino_a": 15000, "tariffa": 418}, None, None),
        (
            2,
            {"oltre": 7000, "fino_a": 15000, "tariffa": 418},
            ("fasce", 2, "oltre"),
            "le fasce vanno in ordine crescente: 7.000,00 € non è maggiore di 8.000,00 €",
        ),
        (
            2,
            {"oltre": 16000, "fino_a": 15000, "tariffa": 418},
            ("fasce", 2, "fino_a"),
            "fino_a (15.000,00 €) deve essere maggiore di oltre (16.000,00 €)",
        ),
        (
            0,
            {"oltre": 100, "fino_a": 8000, "tariffa": 189.3},
            ("fasce", 0, "oltre"),
            "oltre serve solo dopo una voce non_riportate: true",
        ),
    ],
    ids=[
        "gap-with-fee",
        "start-after-gap",
        "start-below-previous",
        "start-above-end",
        "start-without-gap",
    ],
)
def test_gap_and_start_problems(
    index: int, band: dict[str, Any], loc: tuple[Any, ...] | None, message: str | None
) -> None:
    bands = list(GAPS["fasce"])
    bands[index] = band
    data = GAPS | {"fasce": bands}
    if loc is None:
        SchemaTariffario.model_validate(data)
        return
    found_loc, found = unico(SchemaTariffario, data)
    assert found_loc == loc and found.startswith(message or ""), found
