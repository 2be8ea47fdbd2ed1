"""How long reading a population CSV takes, per 10,000 households.

Writes a seeded synthetic population (the simulator's default shares) with
`write_population_csv` to a temporary file, then times
`read_population_csv` on it: parsing, checking every household against the contract and
building the numpy columns. Target: under 2 s per 10,000 households.
Run: .venv/bin/python benchmarks/bench_population_csv.py [--households 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from rete.tariffa.sim.population_csv import (  # noqa: E402
    read_population_csv,
    write_population_csv,
)
from rete.tariffa.sim.synthetic import SyntheticParameters, synthetic_population  # noqa: E402

TARGET_SECONDS = 2.0
"""Per 10,000 households."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    population = synthetic_population(args.households, args.seed, SyntheticParameters())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "popolazione.csv"
        write_population_csv(population, path)
        rows = path.read_text(encoding="utf-8").count("\n") - 1
        size = path.stat().st_size
        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            again = read_population_csv(path)
            timings.append(time.perf_counter() - started)
    assert again.n_households == args.households

    per = 10_000 / args.households
    median, best, worst = statistics.median(timings), min(timings), max(timings)
    print(f"famiglie: {args.households:,}  righe: {rows:,}  file: {size / 1e6:.1f} MB")
    print(
        f"lettura: mediana {median:.3f} s, minimo {best:.3f} s, massimo {worst:.3f} s "
        f"su {args.runs} prove"
    )
    print(
        f"per 10.000 famiglie: mediana {median * per:.3f} s, minimo {best * per:.3f} s, "
        f"massimo {worst * per:.3f} s (obiettivo < {TARGET_SECONDS:.0f} s)"
    )
    return 0 if median * per < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
