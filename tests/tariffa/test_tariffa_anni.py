"""Every scheme says when its figures apply: `anni`, or the source's year (`anno_fonte`).

A fee without its year reads as current (Milano's 2023 nido fees looked like today's). The
contract requires one of the two, refuses both, and each problem is located in Italian in
the scheme file `rete tariffa --schema` reads (tests/fixtures/tariffa/invalid/, one fixture
per problem: these, and the bands of a contribution and of an incomplete scheme).
"""

from __future__ import annotations

import pytest
from tariffa_dati import ROOT

from rete.records.contracts import read_scheme
from rete.tariffa import SchemaTariffario
from rete.tariffa.schema import year_key

INVALID = ROOT / "tests/fixtures/tariffa/invalid"

# fixture -> (line, col, key, start of the message)
EXPECTED: dict[str, tuple[int, int, str, str]] = {
    "anni_missing.yml": (
        2,
        1,
        "anni",
        'manca l\'anno a cui si applica lo schema: indica anni, es. anni: ["2026/27"] (anno '
        'scolastico) o anni: ["2026"] (anno solare); se la fonte non lo dice, indica invece '
        "anno_fonte",
    ),
    "anni_format.yml": (
        4,
        8,
        "anni[1]",
        "deve essere un anno scolastico come «2026/27» o un anno solare come «2026»",
    ),
    "anno_fonte_with_anni.yml": (
        5,
        13,
        "anno_fonte",
        "indica anni oppure anno_fonte, non entrambi",
    ),
    "fasce_percentuale_on_fee.yml": (
        8,
        34,
        "fasce[1].percentuale",
        "la percentuale della retta vale solo per un contributo del comune (natura: contributo)",
    ),
    "fasce_tetto_without_percentuale.yml": (
        9,
        42,
        "fasce[1].tetto",
        "il tetto limita una percentuale: vale solo con percentuale",
    ),
    "fasce_percentuale_above_100.yml": (
        9,
        34,
        "fasce[1].percentuale",
        "è una percentuale tra 0 e 100 (25 = 25%), non «125»",
    ),
    "fasce_non_riportate_complete.yml": (
        9,
        21,
        "fasce[2].non_riportate",
        "uno schema completo non ha fasce non riportate: se le fonti non danno tutte le fasce, "
        "indica completo: false",
    ),
    "anno_fonte_text.yml": (
        4,
        13,
        "anno_fonte",
        "deve essere un anno di quattro cifre (es. 2023), non «febbraio 2023»",
    ),
}


def test_every_fixture_is_expected() -> None:
    assert sorted(p.name for p in INVALID.glob("*.yml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_gives_one_located_italian_error(name: str) -> None:
    read = read_scheme(INVALID / name, ROOT)
    assert read.model is None
    (problem,) = read.diagnostics
    line, col, key, message = EXPECTED[name]
    assert (problem.line, problem.col, problem.key, problem.severity) == (line, col, key, "errore")
    assert problem.message.startswith(message), problem.message
    assert problem.format().startswith(
        f"tests/fixtures/tariffa/invalid/{name}:{line}:{col}: errore: {key}: "
    )


def _scheme(**years: object) -> SchemaTariffario:
    return SchemaTariffario.model_validate(
        {"servizio": "nido", "nome": "Nido", "tariffa_max": 500, "completo": False, **years}
    )


def test_school_and_calendar_years_and_the_source_year() -> None:
    assert _scheme(anni=["2024/25"]).periodo == "2024/25"
    assert _scheme(anni=["2026"]).periodo == "2026"
    assert _scheme(anno_fonte=2023).periodo == "dati del 2023"


def test_periods_in_time_order() -> None:
    ordered = ["2023", "2023/24", "2024", "2024/25", "2025/26", "2026"]
    assert sorted(reversed(ordered), key=year_key) == ordered
    assert _scheme(anno_fonte=2023).anno_chiave < _scheme(anni=["2023/24"]).anno_chiave
    assert _scheme(anni=["2025/26", "2024/25"]).anno_chiave == year_key("2025/26")
