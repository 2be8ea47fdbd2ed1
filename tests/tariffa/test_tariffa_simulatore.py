"""The numpy simulator agrees with the Decimal engine to the cent, household by household."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tariffa_dati import FIXTURES, load_examples, scala_predefinita
from tariffa_strategie import PROPERTY_SETTINGS, Raw, famiglie_qualsiasi, scale, schemi

from rete.tariffa import (
    Famiglia,
    IncompleteScheme,
    ScalaFamiglia,
    SchemaTariffario,
    TariffError,
    compute_fee,
)
from rete.tariffa.sim.population import Population, from_households
from rete.tariffa.sim.population_csv import (
    PopulationError,
    read_population_csv,
    write_population_csv,
)
from rete.tariffa.sim.simulator import (
    _half_up,
    _half_up_signed,
    _line,
    _modifier_table,
    _needs_python_ints,
    simulate,
)
from rete.tariffa.sim.synthetic import SyntheticParameters, synthetic_population

EXAMPLES = load_examples()


@pytest.fixture
def scala() -> ScalaFamiglia:
    """The illustrative default scale shipped in content/scale."""
    return scala_predefinita()


def _cents(value: Decimal) -> int:
    return int(value * 100)


def assert_agrees(
    pop: Population, schema: SchemaTariffario, scala: ScalaFamiglia, retta: Decimal | None = None
) -> None:
    """Every household: fee with ISEE, fee with FF and yearly difference, to the cent."""
    simulated = simulate(pop, schema, scala, retta)
    for h, famiglia in enumerate(pop.households()):
        expected = compute_fee(famiglia, schema, scala, retta)
        got = (
            int(simulated.tariffa_isee[h]),
            int(simulated.tariffa_ff[h]),
            int(simulated.differenza_anno[h]),
        )
        want = (
            _cents(expected.tariffa_isee),
            _cents(expected.tariffa_ff),
            _cents(expected.differenza_anno.valore),
        )
        assert got == want, (h, famiglia.model_dump(), want, got)


def _scheme(example: dict[str, Any]) -> SchemaTariffario:
    return SchemaTariffario.model_validate(example.get("schema", EXAMPLES["schema_predefinito"]))


@pytest.mark.parametrize("example", EXAMPLES["esempi"], ids=[e["id"] for e in EXAMPLES["esempi"]])
def test_worked_examples_through_the_simulator(
    example: dict[str, Any], scala: ScalaFamiglia
) -> None:
    pop = from_households([Famiglia.model_validate(example["famiglia"])])
    retta = Decimal(str(example["retta"])) if "retta" in example else None
    result = simulate(pop, _scheme(example), scala, retta)
    atteso = example["atteso"]
    assert int(result.tariffa_isee[0]) == round(atteso["tariffa_isee"] * 100)
    assert int(result.tariffa_ff[0]) == round(atteso["tariffa_ff"] * 100)
    assert int(result.differenza_anno[0]) == round(atteso["differenza_anno"] * 100)


WIDE = SyntheticParameters(
    children=(0.05, 0.3, 0.3, 0.2, 0.1, 0.05),
    enrolled_age=(0, 10),
    share_single_parent=0.25,
    share_widowed=0.3,
    share_twins=0.15,
    share_adult_children=0.2,
    share_grandparents=0.2,
    share_disability=0.1,
    share_pregnancy=0.2,
    share_part_time=0.3,
    share_prolungato=0.3,
    share_without_isee=0.1,
    share_non_resident=0.15,
    share_attestation=0.3,
    isee_spread=1.0,
)
"""Every rule exercised often: twins, letter c, disability, non-residents, attestations."""

AWKWARD_SCHEMES: list[dict[str, Any]] = [
    EXAMPLES["schema_predefinito"]
    | {"costo_unitario": 433.33, "esenzione_fino_a": 5000, "non_residenti": {"tariffa": 560}},
    next(e["schema"] for e in EXAMPLES["esempi"] if e["id"] == "E7a")
    | {"modificatori": {"part_time": 0.6667, "prolungato": 1.0833, "fratelli": 0.8571}},
    next(e["schema"] for e in EXAMPLES["esempi"] if e["id"] == "E8"),
    {
        "servizio": "nido-storto",
        "nome": "Nido con numeri scomodi",
        "anni": ["2026/27"],
        "metodo": "lineare",
        "isee_min": 6543.21,
        "isee_max": 31234.57,
        "tariffa_min": 99.99,
        "tariffa_max": 512.37,
        "unita_per_anno": 10.5,
        "modificatori": {"part_time": 0.55, "prolungato": 1.15, "fratelli": 0.9},
        "fattore_famiglia": {"riduzione_massima": 0.35, "mai_peggio": False, "altro_adulto": 0.75},
    },
]


@pytest.mark.parametrize("index", range(len(AWKWARD_SCHEMES)))
def test_thousands_of_synthetic_households_agree(index: int, scala: ScalaFamiglia) -> None:
    schema = SchemaTariffario.model_validate(AWKWARD_SCHEMES[index])
    assert_agrees(synthetic_population(1500, seed=index, parameters=WIDE), schema, scala)


@pytest.mark.parametrize("parameters", [SyntheticParameters(), WIDE], ids=["default", "wide"])
def test_synthetic_households_obey_the_contract(parameters: SyntheticParameters) -> None:
    """Valid by construction: the generator has no checks of its own, the model is the rule."""
    pop = synthetic_population(3000, seed=11, parameters=parameters)
    assert len(pop.households()) == pop.n_households  # each through Famiglia.model_validate


@settings(PROPERTY_SETTINGS, max_examples=60)
@given(st.lists(famiglie_qualsiasi(), min_size=1, max_size=40), schemi(), scale(), st.booleans())
def test_random_households_schemes_and_scales_agree(
    households: list[Raw], scheme: Raw, weights: Raw, non_residents: bool
) -> None:
    if non_residents:
        scheme = scheme | {"non_residenti": {"tariffa": 480.0}}
    pop = from_households([Famiglia.model_validate(h) for h in households])
    assert_agrees(
        pop, SchemaTariffario.model_validate(scheme), ScalaFamiglia.model_validate(weights)
    )


def test_huge_fractions_fall_back_to_python_integers(scala: ScalaFamiglia) -> None:
    schema = SchemaTariffario.model_validate(
        {
            "servizio": "servizio-enorme",
            "nome": "Servizio con frazioni enormi",
            "anni": ["2026/27"],
            "metodo": "segmenti",
            "punti": [[0.01, 0.01], [99_999_999.97, 99_999_999.99]],
            "modificatori": {"part_time": 0.9999, "prolungato": 1.0001, "fratelli": 0.9997},
        }
    )
    num, den = _modifier_table(schema)
    assert _needs_python_ints(schema, _line(schema), num, den)
    assert_agrees(synthetic_population(300, seed=7, parameters=WIDE), schema, scala)


def test_half_up_matches_decimal_on_ties_and_signs() -> None:
    rng = np.random.default_rng(3)
    numerators = rng.integers(-(10**12), 10**12, size=5000)
    numerators[:1000] = (numerators[:1000] // 10_000) * 10_000 + 5_000  # exact ties
    got = _half_up_signed(numerators, 10_000)
    for n, g in zip(numerators.tolist(), got.tolist(), strict=True):
        assert g == int((Decimal(n) / 10_000).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    positive = np.abs(numerators)
    assert (_half_up(positive, 7) == (2 * positive + 7) // 14).all()


def test_incomplete_scheme_refused(scala: ScalaFamiglia) -> None:
    partial = SchemaTariffario.model_validate(
        {"servizio": "x", "nome": "X", "anni": ["2026/27"], "completo": False}
    )
    with pytest.raises(IncompleteScheme):
        simulate(synthetic_population(3), partial, scala)


def test_summaries_add_up(scala: ScalaFamiglia) -> None:
    schema = SchemaTariffario.model_validate(EXAMPLES["schema_predefinito"])
    result = simulate(synthetic_population(5000, seed=2, parameters=WIDE), schema, scala)
    total = next(g for g in result.gruppi if g.dimensione == "totale")
    assert total.entrate_isee_anno == result.entrate_isee_anno
    assert total.entrate_ff_anno == result.entrate_ff_anno
    for dimension in {g.dimensione for g in result.gruppi}:
        groups = [g for g in result.gruppi if g.dimensione == dimension]
        assert sum(g.famiglie for g in groups) == 5000
        assert sum(g.entrate_ff_anno for g in groups) == result.entrate_ff_anno
        assert all(g.risparmiano + g.pagano_di_piu + g.invariate == g.famiglie for g in groups)
    assert sum(r.famiglie for r in result.risparmi) == 5000
    assert total.risparmio_totale_anno == result.entrate_isee_anno - result.entrate_ff_anno
    quintiles = [g for g in result.gruppi if g.dimensione == "quintile_isee"][:5]
    assert all(900 <= g.famiglie <= 1000 for g in quintiles)  # about a fifth of those with ISEE
    data = result.to_json_dict()
    assert data["famiglie"] == 5000 and len(data["soglie_quintili_isee"]) == 4


CSV_FIXTURE = FIXTURES / "popolazione-esempi.csv"


def test_csv_fixture_holds_the_worked_examples(scala: ScalaFamiglia) -> None:
    pop = read_population_csv(CSV_FIXTURE)
    assert list(pop.famiglia_id) == [e["id"] for e in EXAMPLES["esempi"]]
    for famiglia, example in zip(pop.households(), EXAMPLES["esempi"], strict=True):
        original = Famiglia.model_validate(example["famiglia"])
        assert [(c.ruolo, c.eta, c.iscritto) for c in famiglia.componenti] == [
            (c.ruolo, c.eta, c.iscritto) for c in original.componenti
        ]
        assert famiglia.isee == original.isee and famiglia.residente == original.residente
    schema = SchemaTariffario.model_validate(EXAMPLES["schema_predefinito"])
    assert_agrees(pop, schema, scala)


def test_csv_round_trip(tmp_path: Path, scala: ScalaFamiglia) -> None:
    pop = synthetic_population(400, seed=5, parameters=WIDE)
    path = tmp_path / "popolazione.csv"
    write_population_csv(pop, path)
    again = read_population_csv(path)
    for name in Population.__dataclass_fields__:
        if name != "parto":
            assert (getattr(again, name) == getattr(pop, name)).all(), name
    # Birth groups are renumbered on reading: the same members must share a group.
    assert (
        np.unique(again.parto, return_inverse=True)[1]
        == np.unique(pop.parto, return_inverse=True)[1]
    ).all()


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "famiglie.csv"
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "famiglia_id,isee,genitore_solo,ruolo,eta,lavora,iscritto\n"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "A,15000,no,genitore,40,sì,no\nA,,,figlio,26,,no\n",
            ":3:12: errore: eta: un figlio di 26 anni va indicato con ruolo: altro",
        ),
        (
            "A,15000,forse,genitore,40,sì,no\n",
            ":2:9: errore: genitore_solo: deve essere true (sì) o false (no), non «forse»",
        ),
        (
            "A,15.000,no,genitore,40,sì,no\n",
            ":2:3: errore: isee: un importo in euro ha al massimo due decimali, non «15.000»",
        ),
        ("A,15000 €,no,genitore,40,sì,no\n", ":2:3: errore: isee: deve essere un numero"),
        (
            "A,15000,no,genitore,40,sì,no\nA,16000,,figlio,2,,sì\n",
            ":3:3: errore: isee: diverso dalla prima riga",
        ),
        (
            "A,15000,sì,genitore,40,sì,no\nA,,,genitore,40,sì,no\n",
            ":2:9: errore: genitore_solo: genitore_solo richiede esattamente un componente con "
            "ruolo genitore (ce ne sono 2)",
        ),
        ("A,15000,no,figlio,4,,sì\n", ":2:12: errore: ruolo: manca un adulto"),
        ("A,15000,no,nonno,70,,\n", ":2:12: errore: ruolo: valore non previsto «nonno»"),
        ("A,15000,no,,70,,\n", ":2:12: errore: ruolo: manca la chiave obbligatoria «ruolo»"),
        # str.isdigit accepts «²»: a located error, not a traceback.
        ("A,15000,no,genitore,²,,\n", ":2:21: errore: eta: deve essere un'età in anni compiuti"),
        # Columns as the csv module reads them: a quoted comma or line break is inside a cell.
        (
            '"A, B",15000,no,genitore,trenta,,\n',
            ":2:26: errore: eta: deve essere un'età in anni compiuti, non «trenta»",
        ),
        (
            '"A\nB",15000,no,genitore,40,,\n"A\nB",,,figlio,trenta,,\n',
            ":5:13: errore: eta: deve essere un'età in anni compiuti, non «trenta»",
        ),
    ],
)
def test_csv_errors_are_located(tmp_path: Path, rows: str, message: str) -> None:
    with pytest.raises(PopulationError) as caught:
        read_population_csv(_write(tmp_path, HEADER + rows))
    assert message in str(caught.value)


def test_csv_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "famiglie.csv"
    path.write_bytes("famiglia_id,ruolo,eta\nFamiglia è,genitore,40\n".encode("latin-1"))
    with pytest.raises(PopulationError, match=":1:1: errore: \\(file\\): il file non è in UTF-8"):
        read_population_csv(path)


def test_csv_header_errors(tmp_path: Path) -> None:
    with pytest.raises(PopulationError, match="manca la colonna «eta»"):
        read_population_csv(_write(tmp_path, "famiglia_id,ruolo\nA,genitore\n"))
    with pytest.raises(PopulationError, match="colonna non prevista «reddito»"):
        read_population_csv(_write(tmp_path, "famiglia_id,ruolo,eta,reddito\nA,genitore,40,1\n"))


CONTRIBUTIONS: list[dict[str, Any]] = [
    {
        "servizio": "contributo-fasce",
        "nome": "Contributo in percentuale con tetto",
        "anni": ["2024/25"],
        "natura": "contributo",
        "metodo": "fasce",
        "fasce": [
            {"fino_a": 20000, "percentuale": 25, "tetto": 150},
            {"fino_a": 30000, "percentuale": 12.5},
            {"fino_a": 40000, "tariffa": 60},
            {"tariffa": 0},
        ],
    },
    {
        "servizio": "contributo-segmenti",
        "nome": "Contributo a segmenti",
        "anni": ["2024/25"],
        "natura": "contributo",
        "metodo": "segmenti",
        "punti": [[5000, 200.0], [20000, 100.0], [40000, 0.0]],
    },
]


@pytest.mark.parametrize("index", range(len(CONTRIBUTIONS)))
@pytest.mark.parametrize("retta", ["480.10", "123.45", "700"])
def test_contributions_agree_with_the_engine(index: int, retta: str, scala: ScalaFamiglia) -> None:
    """Shares with half-cent ties, caps, sums above the retta, no ISEE, non-residents."""
    schema = SchemaTariffario.model_validate(CONTRIBUTIONS[index])
    pop = synthetic_population(800, seed=20 + index, parameters=WIDE)
    assert_agrees(pop, schema, scala, Decimal(retta))


def test_a_contribution_needs_its_retta(scala: ScalaFamiglia) -> None:
    schema = SchemaTariffario.model_validate(CONTRIBUTIONS[0])
    with pytest.raises(TariffError, match="serve la retta"):
        simulate(synthetic_population(3), schema, scala)
