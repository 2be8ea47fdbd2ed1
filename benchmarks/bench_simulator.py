"""How long the budget simulator takes on 1,000,000 synthetic households.

Target (tariff issue): under 1 s for the simulation itself, excluding reading the
population (here: generating it), on the project's 2-core machine. Reports the best and
median of several runs, and the generation time separately.
Run: .venv/bin/python benchmarks/bench_simulator.py [--households 1000000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import yaml  # noqa: E402

from rete.records.contracts import load_scale  # noqa: E402
from rete.tariffa import SchemaTariffario  # noqa: E402
from rete.tariffa.money import fmt_euro  # noqa: E402
from rete.tariffa.sim.simulator import simulate  # noqa: E402
from rete.tariffa.sim.synthetic import synthetic_population  # noqa: E402

TARGET_SECONDS = 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    with (ROOT / "content" / "tariffe" / "esempio-nido.yml").open(encoding="utf-8") as stream:
        schema = SchemaTariffario.model_validate(yaml.safe_load(stream))
    scala = load_scale(ROOT)

    started = time.perf_counter()
    population = synthetic_population(args.households, seed=args.seed)
    generated = time.perf_counter() - started

    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        result = simulate(population, schema, scala)
        timings.append(time.perf_counter() - started)

    members = population.household_of_member.shape[0]
    print(f"famiglie: {population.n_households:,}  componenti: {members:,}")
    print(f"generazione (esclusa): {generated:.2f} s")
    print(
        f"simulazione: migliore {min(timings):.3f} s, mediana {statistics.median(timings):.3f} s "
        f"su {args.runs} prove (obiettivo < {TARGET_SECONDS:.0f} s)"
    )
    print(
        f"entrate annue con ISEE {fmt_euro(result.entrate_isee_anno)}, con Fattore Famiglia "
        f"{fmt_euro(result.entrate_ff_anno)}"
    )
    return 0 if statistics.median(timings) < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
