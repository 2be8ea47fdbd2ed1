"""Three implementations of the tariff contract, held equal to the cent.

The Decimal engine (`compute_fee`), the numpy simulator (`simulate`) and the browser
engine (scripts/rete/web/assets/tariffa.js, run under node by run_tariffa.js) compute the same
10,000 seeded random households under every shipped complete scheme (content/tariffe and the
comuni's `servizi`) plus the worked examples' schemes, which cover every method, the
exemption, non-residents, the unit cost, a scale override and a comune's contribution (a
share of the family's retta up to a cap, computed for rette that hit half-cent ties and caps).
Every fee, difference and figure must agree exactly; the Italian explanations of the engine
and of the browser too.

Node runs once per scheme (a batch of 10,000 households) with a bounded timeout; without
node the tests skip, except under CI (CI set), where they fail.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError
from tariffa_dati import ROOT, load_examples

from rete.models.comune import Comune
from rete.records.validate import validate
from rete.tariffa import (
    Famiglia,
    FeeResult,
    ScalaFamiglia,
    SchemaTariffario,
    apply_overrides,
    compute_fee,
)
from rete.tariffa.sim.population import Population, from_households
from rete.tariffa.sim.simulator import (
    ff_indicators,
    ff_scale_weights,
    household_counts,
    isee_scale_hundredths,
    simulate,
)
from rete.web.calculator import computable, scale_json, scheme_json

RUNNER = Path(__file__).with_name("run_tariffa.js")
HOUSEHOLDS = 10_000
SEED = 20_261_127
NODE_TIMEOUT_S = 120
RETTE = (Decimal("480.10"), Decimal("700.00"))
"""A contribution's rette: 25 % of 480,10 is a half-cent tie (120,025); 700 hits every cap."""
EXPLAINED = 300
"""Households per scheme whose Italian explanations are compared too."""
FIGURES = ("se_isee", "ise", "se_ff", "isee_ff")
TOTALS = ("tariffa_isee", "tariffa_ff", "differenza", "differenza_anno")
KEYS = FIGURES + TOTALS
EXAMPLES = load_examples()


def _example_scheme(example: dict[str, Any]) -> SchemaTariffario:
    return SchemaTariffario.model_validate(example.get("schema", EXAMPLES["schema_predefinito"]))


def _retta(example: dict[str, Any]) -> Decimal | None:
    """A worked example's retta (for a contribution), as exact decimal text reads it."""
    return None if "retta" not in example else Decimal(str(example["retta"]))


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node not installed (required under CI)", pytrace=False)
        pytest.skip("node not installed")
    return node


def _json_ready(value: Any) -> Any:
    """Decimals as exact text for node, so no binary float ever carries a figure."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return {key: _json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(item) for item in value]
    return value


def run_node(request: dict[str, Any]) -> dict[str, Any]:
    """One node process for one batch; bounded, and loud on any failure."""
    done = subprocess.run(
        [_node(), str(RUNNER)],
        input=json.dumps(_json_ready(request)),
        capture_output=True,
        text=True,
        timeout=NODE_TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    answer: dict[str, Any] = json.loads(done.stdout)
    return answer


# --- the schemes --------------------------------------------------------------------------


@dataclass(frozen=True)
class Scheme:
    name: str
    schema: SchemaTariffario
    retta: Decimal | None = None
    """The family's fee per enrolled child, for a contribution (natura: contributo)."""


def _with_rette(name: str, schema: SchemaTariffario) -> list[Scheme]:
    if schema.natura == "contributo":
        return [Scheme(f"{name}, retta {retta}", schema, retta) for retta in RETTE]
    return [Scheme(name, schema)]


@pytest.fixture(scope="module")
def corpus_parts() -> tuple[ScalaFamiglia, list[Scheme]]:
    """The default scale and every complete scheme the repository ships, examples added."""
    corpus = validate(ROOT)
    assert corpus.scale is not None, "content/scale/fattore-famiglia.yml is missing or invalid"
    schemes = [
        Scheme(f"content/tariffe/{stem}", s)
        for stem, s in sorted(corpus.schemes.items())
        if computable(s)
    ]
    for slug, loaded in sorted(corpus.of("comune").items()):
        assert isinstance(loaded.model, Comune)
        schemes += [
            Scheme(f"comuni/{slug}: {s.servizio}", s) for s in loaded.model.servizi if computable(s)
        ]
    for example in EXAMPLES["esempi"]:
        scheme = _example_scheme(example)
        if all(scheme != known.schema for known in schemes):
            schemes += _with_rette(f"worked example {example['id']}", scheme)
    return corpus.scale, schemes


# --- random valid households, seeded ---------------------------------------------------------

TIE = {  # 100 + 576.50 x 400 / 24000 = 109.608333..., x 0.60 = 65.765 exactly: rounds up
    "isee": Decimal("6576.50"),
    "componenti": [
        {"ruolo": "genitore", "eta": 35, "lavora": True},
        {"ruolo": "genitore", "eta": 33, "lavora": True},
        {"ruolo": "figlio", "eta": 1, "iscritto": True, "frequenza": "part_time"},
    ],
}


def _breakpoints(schemes: list[Scheme]) -> list[int]:
    """Every ISEE where some scheme changes, in cents: the values most likely to break."""
    cents: set[int] = set()
    for scheme in schemes:
        s = scheme.schema
        values = [s.isee_min, s.isee_max, s.esenzione_fino_a, s.esenzione_sotto]
        values += [x for x, _ in s.punti or ()] + [b.fino_a for b in s.fasce or ()]
        cents.update(int(v * 100) for v in values if v is not None)
    return sorted(cents)


def _member(rng: random.Random, ruolo: str, eta: int) -> dict[str, Any]:
    member: dict[str, Any] = {"ruolo": ruolo, "eta": eta}
    if rng.random() < 0.08:
        member["disabilita"] = rng.choice(["media", "grave", "non_autosufficiente"])
    return member


def _children(rng: random.Random, n: int) -> list[dict[str, Any]]:
    young = rng.random() < 0.7
    ages = [
        rng.randint(0, 5) if young and rng.random() < 0.6 else rng.randint(0, 25) for _ in range(n)
    ]
    children = [_member(rng, "figlio", age) for age in ages]
    if n >= 2 and rng.random() < 0.15:  # a multiple birth (and rarely two)
        size = rng.randint(2, min(3, n))
        for child in children[:size]:
            child["eta"], child["parto"] = children[0]["eta"], 1
        if n - size >= 2 and rng.random() < 0.2:
            for child in children[size : size + 2]:
                child["eta"], child["parto"] = children[size]["eta"], "b"
    for child in children:
        child["iscritto"] = rng.random() < 0.5
        child["frequenza"] = rng.choice(["tempo_pieno", "tempo_pieno", "part_time", "prolungato"])
    return children


def _members(rng: random.Random) -> tuple[list[dict[str, Any]], bool, bool]:
    """Members, genitore_solo, vedovo."""
    if rng.random() < 0.06:  # letter c): one non-working single parent and minor children
        parent = {"ruolo": "genitore", "eta": rng.randint(18, 50), "lavora": False}
        kids = _children(rng, rng.randint(1, 4))
        for kid in kids:
            kid["eta"] = min(kid["eta"], 17)
        for kid in kids:  # keep twins the same age after the cut
            if "parto" in kid:
                kid["eta"] = next(k["eta"] for k in kids if k.get("parto") == kid["parto"])
        return [parent, *kids], True, rng.random() < 0.3
    n_parents = rng.choice([0, 1, 1, 2, 2, 2, 2, 2])
    parents = [
        {**_member(rng, "genitore", rng.randint(18, 70)), "lavora": rng.random() < 0.75}
        for _ in range(n_parents)
    ]
    children = _children(rng, rng.choice([0, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6]))
    others_needed = 1 if n_parents == 0 else 0
    others = [
        _member(rng, "altro", rng.randint(0, 95))
        for _ in range(max(others_needed, rng.choice([0, 0, 0, 0, 1, 2])))
    ]
    members = parents + children + others
    if rng.random() < 0.3:
        rng.shuffle(members)
    single = n_parents == 1 and rng.random() < 0.5
    return members, single, single and rng.random() < 0.3


def _isee(rng: random.Random, breaks: list[int]) -> Decimal | None:
    draw = rng.random()
    if draw < 0.08:
        return None
    if draw < 0.33 and breaks:
        cents = rng.choice(breaks) + rng.choice([-1, 0, 0, 1])
    elif draw < 0.43:
        cents = rng.randint(0, 120) * 50_000
    elif draw < 0.45:
        cents = rng.randint(0, 20_000_000)
    else:
        cents = rng.randint(0, 6_000_000)
    return Decimal(max(cents, 0)) / 100


def household(rng: random.Random, breaks: list[int]) -> dict[str, Any]:
    members, single, widowed = _members(rng)
    data: dict[str, Any] = {
        "isee": _isee(rng, breaks),
        "residente": rng.random() >= 0.1,
        "genitore_solo": single,
        "vedovo": widowed,
        "gravidanza": rng.random() < 0.1,
        "componenti": members,
    }
    tipo = rng.choice([None, None, None, "ordinario", "minorenni", "corrente", "sociosanitario"])
    if tipo:
        data["tipo_isee"] = tipo
    if data["isee"] is not None and rng.random() < 0.15:
        scale = Decimal(rng.randint(10_000, 60_000)) / 10_000
        data["scala_isee"] = scale
        exact = (data["isee"] * scale).quantize(Decimal("0.01"))
        data["ise"] = exact if rng.random() < 0.7 else Decimal(rng.randint(0, 15_000_000)) / 100
    return data


@dataclass(frozen=True)
class Households:
    raw: list[dict[str, Any]]
    famiglie: list[Famiglia]
    pop: Population


@pytest.fixture(scope="module")
def population(corpus_parts: tuple[ScalaFamiglia, list[Scheme]]) -> Households:
    rng = random.Random(SEED)
    breaks = _breakpoints(corpus_parts[1])
    raw = [TIE] + [household(rng, breaks) for _ in range(HOUSEHOLDS - 1)]
    famiglie = [Famiglia.model_validate(h) for h in raw]
    return Households(raw, famiglie, from_households(famiglie))


# --- the comparison --------------------------------------------------------------------------


def _cents(value: Decimal) -> int:
    return int(value * 100)


def _engine_row(result: FeeResult) -> list[Decimal | None]:
    figures = [getattr(result, key) for key in FIGURES]
    totals = [result.tariffa_isee, result.tariffa_ff, result.differenza]
    return [f.valore if f is not None else None for f in figures] + [
        *totals,
        result.differenza_anno.valore,
    ]


def _numpy_rows(pop: Population, scheme: Scheme, scala: ScalaFamiglia) -> np.ndarray:
    """Per household: SE_ISEE (hundredths), SE_FF (ten-thousandths), ISEE_FF or ISEE (cents),
    tariffa_isee, tariffa_ff, differenza_anno (cents), from the simulator's own functions."""
    schema = scheme.schema
    scale = apply_overrides(scala, schema.fattore_famiglia)
    counts = household_counts(pop)
    flat = ~pop.residente & (schema.non_residenti is not None or scheme.retta is not None)
    applies = (pop.isee != -1) & ~flat
    simulated = simulate(pop, schema, scala, scheme.retta)
    return np.stack(
        [
            isee_scale_hundredths(pop, counts),
            ff_scale_weights(pop, counts, scale),
            ff_indicators(pop, scale, applies),
            simulated.tariffa_isee,
            simulated.tariffa_ff,
            simulated.differenza_anno,
        ],
        axis=1,
    )


def _explanations(result: FeeResult) -> dict[str, Any]:
    data = result.to_json_dict(regole=True)
    details = data["dettaglio"]
    assert isinstance(details, list)
    return {
        "regole": data["regole"],
        "avvisi": data["avvisi"],
        "dettaglio": [
            [d["componente"], d["descrizione"], d["regola_isee"], d["regola_ff"]]
            for d in details
            if isinstance(d, dict)
        ],
    }


def _numpy_problems(
    famiglia: Famiglia, result: FeeResult, row: list[int]
) -> tuple[list[str], int]:
    """The simulator against the engine: totals always, figures where they were computed."""
    se_isee, se_ff, isee_ff, fee_isee, fee_ff, yearly = row
    pairs = [
        ("tariffa_isee", fee_isee, _cents(result.tariffa_isee)),
        ("tariffa_ff", fee_ff, _cents(result.tariffa_ff)),
        ("differenza_anno", yearly, _cents(result.differenza_anno.valore)),
    ]
    if result.se_ff is not None and result.isee_ff is not None and result.se_isee is not None:
        pairs += [
            ("se_ff", se_ff, int(result.se_ff.valore * 10_000)),
            ("isee_ff", isee_ff, _cents(result.isee_ff.valore)),
        ]
        if famiglia.scala_isee is None:  # from the attestation, the simulator does not count
            pairs.append(("se_isee", se_isee, _cents(result.se_isee.valore)))
    return [f"numpy {name}" for name, got, want in pairs if got != want], len(pairs)


def _mismatches(
    population: Households, scheme: Scheme, scala: ScalaFamiglia, js_rows: list[Any]
) -> tuple[list[str], int]:
    """Every disagreement between the three, described; and how many values were compared."""
    found: list[str] = []
    compared = 0
    numpy_rows = _numpy_rows(population.pop, scheme, scala)
    for h, famiglia in enumerate(population.famiglie):
        result = compute_fee(famiglia, scheme.schema, scala, scheme.retta)
        engine = _engine_row(result)
        entry = js_rows[h]
        js_row = entry["riga"] if isinstance(entry, dict) else entry
        js = [None if v is None else Decimal(v) for v in js_row]
        problems = [key for key, want, got in zip(KEYS, engine, js, strict=True) if want != got]
        compared += len(KEYS)
        numpy_row = [int(v) for v in numpy_rows[h]]
        numpy_found, numpy_compared = _numpy_problems(famiglia, result, numpy_row)
        problems += numpy_found
        compared += numpy_compared
        if isinstance(entry, dict) and entry["testi"] != _explanations(result):
            problems.append("explanations")
        if problems:
            found.append(
                f"{scheme.name}, household {h} {population.raw[h]}: {problems}\n"
                f"  engine {engine}\n  js     {js_row}\n  numpy  {numpy_row}"
            )
    return found, compared


PARTS = ("tariffe, prima metà", "tariffe, seconda metà", "contributi")
"""The schemes in three tests, each within the per-test timeout on a loaded machine."""


def _part(schemes: list[Scheme], part: str) -> list[Scheme]:
    fees = [s for s in schemes if s.retta is None]
    if part == PARTS[2]:
        return [s for s in schemes if s.retta is not None]
    half = (len(fees) + 1) // 2
    return fees[:half] if part == PARTS[0] else fees[half:]


@pytest.mark.parametrize("part", PARTS)
def test_engine_simulator_and_browser_agree_to_the_cent(
    corpus_parts: tuple[ScalaFamiglia, list[Scheme]], population: Households, part: str
) -> None:
    scala, every = corpus_parts
    schemes = _part(every, part)
    assert schemes, part  # a contribution comes from the worked examples at least
    assert len(population.famiglie) == HOUSEHOLDS
    households = [_json_ready(raw) for raw in population.raw]
    mismatches: list[str] = []
    compared = 0
    for scheme in schemes:
        answer = run_node(
            {
                "scala": scale_json(scala),
                "schemi": [scheme_json(scheme.schema)],
                "famiglie": households,
                "testi": EXPLAINED,
                "retta": scheme.retta,
            }
        )
        found, count = _mismatches(population, scheme, scala, answer["righe"][0])
        mismatches += found
        compared += count
    assert not mismatches, f"{len(mismatches)} disagreements, first ones:\n" + "\n".join(
        mismatches[:5]
    )
    assert compared >= HOUSEHOLDS * len(schemes) * (len(KEYS) + 3)  # engine-js, engine-numpy


def test_the_half_cent_tie_rounds_up_everywhere(
    corpus_parts: tuple[ScalaFamiglia, list[Scheme]],
) -> None:
    scala, _ = corpus_parts
    schema = SchemaTariffario.model_validate(EXAMPLES["schema_predefinito"])
    famiglia = Famiglia.model_validate(TIE)
    assert compute_fee(famiglia, schema, scala).tariffa_isee == Decimal("65.77")
    assert int(simulate(from_households([famiglia]), schema, scala).tariffa_isee[0]) == 6577
    answer = run_node(
        {"scala": scale_json(scala), "schemi": [scheme_json(schema)], "famiglie": [TIE]}
    )
    assert answer["righe"][0][0][4] == "65.77"


# --- the worked examples and the household checks, under node ------------------------------


def test_browser_engine_reproduces_every_worked_example(
    corpus_parts: tuple[ScalaFamiglia, list[Scheme]],
) -> None:
    scala, _ = corpus_parts
    cases = [
        [e["famiglia"], scheme_json(_example_scheme(e)), _retta(e)] for e in EXAMPLES["esempi"]
    ]
    answer = run_node({"scala": scale_json(scala), "casi": cases})
    for example, result in zip(EXAMPLES["esempi"], answer["risultati"], strict=True):
        assert "errori" not in result, (example["id"], result)
        exact = result["esatto"]
        assert set(exact) == set(example["atteso"]), example["id"]
        for key, expected in example["atteso"].items():
            assert Decimal(exact[key]) == Decimal(str(expected)), (example["id"], key)
            assert result[key] == expected, (example["id"], key)  # the JSON numbers too
        famiglia = Famiglia.model_validate(example["famiglia"])
        esito = compute_fee(famiglia, _example_scheme(example), scala, _retta(example))
        python = esito.to_json_dict(regole=True)
        for detail in result["dettaglio"]:
            del detail["esatto"]
        shared = {key: result[key] for key in python}
        assert shared == python, example["id"]  # same keys, numbers, rules and warnings


INVALID: list[tuple[str, dict[str, Any]]] = [
    ("negative ISEE", {"isee": -5}),
    ("text ISEE", {"isee": "quindici"}),
    ("ISEE with three decimals", {"isee": 15000.125}),
    ("no members", {"componenti": []}),
    ("no adult", {"componenti": [{"ruolo": "figlio", "eta": 3}]}),
    ("figlio of 26", {"componenti": [{"ruolo": "genitore", "eta": 50},
                                     {"ruolo": "figlio", "eta": 26}]}),
    ("age 130", {"componenti": [{"ruolo": "genitore", "eta": 130}]}),
    ("unknown role", {"componenti": [{"ruolo": "nonno", "eta": 70}]}),
    ("unknown frequency", {"componenti": [{"ruolo": "genitore", "eta": 40},
                                          {"ruolo": "figlio", "eta": 2, "frequenza": "mezza"}]}),
    ("unknown member key", {"componenti": [{"ruolo": "genitore", "eta": 40, "eta_anni": 40}]}),
    ("unknown household key", {"reddito": 3}),
    ("genitore_solo with two parents", {"genitore_solo": True}),
    ("vedovo without genitore_solo", {"vedovo": True}),
    ("twins of different ages", {"componenti": [{"ruolo": "genitore", "eta": 40},
                                                {"ruolo": "figlio", "eta": 2, "parto": 1},
                                                {"ruolo": "figlio", "eta": 3, "parto": 1}]}),
    ("parto on a parent", {"componenti": [{"ruolo": "genitore", "eta": 40, "parto": 1}]}),
    ("enrolled adult", {"componenti": [{"ruolo": "altro", "eta": 40, "iscritto": True}]}),
    ("ISE without its scale", {"ise": 30000}),
    ("scale below one", {"ise": 30000, "scala_isee": 0.9}),
    ("ISE without ISEE", {"isee": None, "ise": 30000, "scala_isee": 2}),
]
BASE_HOUSEHOLD: dict[str, Any] = {
    "isee": 15000,
    "componenti": [{"ruolo": "genitore", "eta": 40}, {"ruolo": "genitore", "eta": 38}],
}


def _python_fields(data: dict[str, Any]) -> set[str]:
    with pytest.raises(ValidationError) as caught:
        Famiglia.model_validate(data)
    return {".".join(str(part) for part in error["loc"]) for error in caught.value.errors()}


def test_browser_checks_a_household_like_the_engine() -> None:
    """Each broken household is refused by both, at the same fields (what the form marks)."""
    cases = [BASE_HOUSEHOLD | change for _, change in INVALID]
    answer = run_node({"scala": {}, "casi": [[case, {}] for case in cases]})
    for (name, _), case, errors in zip(INVALID, cases, answer["errori"], strict=True):
        js_fields = {error["campo"] for error in errors}
        assert js_fields == _python_fields(case), name
        assert all(error["messaggio"].strip() for error in errors), name
