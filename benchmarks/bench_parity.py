"""How fast each of the three tariff implementations computes the same households.

The Decimal engine, the numpy simulator and the browser engine (tariffa.js under node, via
tests/tariffa/run_tariffa.js) on N synthetic households under the illustrative nursery
scheme. The browser figure includes node's start-up and JSON both ways; what a family waits
for after pressing "Calcola" is one household, well under a millisecond.
Run: .venv/bin/python benchmarks/bench_parity.py [--households 10000]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import yaml  # noqa: E402

from rete.records.contracts import load_scale  # noqa: E402
from rete.tariffa import SchemaTariffario, compute_fee  # noqa: E402
from rete.tariffa.sim.simulator import simulate  # noqa: E402
from rete.tariffa.sim.synthetic import synthetic_population  # noqa: E402
from rete.web.calculator import scale_json, scheme_json  # noqa: E402

RUNNER = ROOT / "tests" / "tariffa" / "run_tariffa.js"
NODE_TIMEOUT_S = 300


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return format(value, "f") if isinstance(value, Decimal) else value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    node = shutil.which("node")
    if node is None:
        print("node non installato")
        return 1

    with (ROOT / "content" / "tariffe" / "esempio-nido.yml").open(encoding="utf-8") as stream:
        schema = SchemaTariffario.model_validate(yaml.safe_load(stream))
    scala = load_scale(ROOT)
    population = synthetic_population(args.households, seed=args.seed)
    famiglie = population.households()
    n = len(famiglie)

    started = time.perf_counter()
    for famiglia in famiglie:
        compute_fee(famiglia, schema, scala)
    engine = time.perf_counter() - started

    started = time.perf_counter()
    simulate(population, schema, scala)
    simulator = time.perf_counter() - started

    request = {
        "scala": scale_json(scala),
        "schemi": [scheme_json(schema)],
        "famiglie": [_plain(f.model_dump(exclude_none=True)) for f in famiglie],
    }
    started = time.perf_counter()
    subprocess.run(
        [node, str(RUNNER)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=NODE_TIMEOUT_S,
        check=True,
    )
    browser = time.perf_counter() - started

    print(f"famiglie: {n:,} (schema {schema.servizio})")
    for name, seconds in (("motore Decimal", engine), ("simulatore numpy", simulator),
                          ("tariffa.js (node, con avvio e JSON)", browser)):
        print(f"{name:<38} {seconds:7.3f} s  {seconds / n * 1e6:8.1f} µs per famiglia")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
