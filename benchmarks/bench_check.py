"""How long `rete check` takes on 10,000 synthetic records, start-up included.

Target (foundation issue): under 2 s for 9,000 practices of about 2 KB and 1,000 comuni.
Run: .venv/bin/python benchmarks/bench_check.py [--runs 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VALID = ROOT / "tests" / "fixtures" / "valid"
ISTAT = ROOT / "scripts" / "rete" / "core" / "data" / "comuni-istat.csv"
WORDS = ["famiglie", "comune", "rete", "tavolo", "servizi", "bambini", "scuola", "genitori",
         "associazioni", "progetto", "territorio", "welfare", "comunità", "sostegno",
         "educativo", "solidale", "acquisto", "quartiere"]


def slugify(name: str) -> str:
    sys.path.insert(0, str(ROOT / "scripts"))
    from rete.core.slugs import slugify as real

    return real(name)


def make_corpus(root: Path, practices: int, comuni: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    shutil.copytree(VALID, root)
    for old in (root / "comuni").glob("*.yml"):
        old.unlink()
    for old in (root / "good_practices").glob("*.md"):
        old.unlink()
    (root / "content/accordi/accordo-2016.yml").unlink()
    with ISTAT.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    chosen = rng.sample(rows, comuni)
    slugs = []
    for row in chosen:
        slug = slugify(row["nome"]) + "-" + row["codice_istat"]
        slugs.append(slug)
        (root / "comuni" / f"{slug}.yml").write_text(
            f"slug: {slug}\nnome: \"{row['nome']}\"\ncodice_istat: \"{row['codice_istat']}\"\n"
            f"provincia: {row['sigla']}\npopolazione: {{valore: {row['popolazione_2011'] or 1}, "
            "anno: 2011}\nfonti:\n  - url: https://www.istat.it/it/archivio/6789\n"
            "    titolo: ISTAT\n    consultato: 2026-11-01\n"
            "    campi: [codice_istat, popolazione]\n"
            "ultima_verifica: 2026-11-01\n", encoding="utf-8")
    for i in range(practices):
        body = " ".join(rng.choice(WORDS) for _ in range(160))
        some = rng.sample(slugs, 3)
        (root / "good_practices" / f"pratica-{i:05d}.md").write_text(
            f"---\nslug: pratica-{i:05d}\ntitolo: Pratica numero {i}\n"
            f"sintesi: {' '.join(rng.choice(WORDS) for _ in range(20))}\n"
            f"comuni: [{', '.join(some)}]\norganizzazioni: [afi]\n"
            f"obiettivi: [{rng.choice([1, 2, 4, 5])}]\nstrumenti: [gaf]\ntemi: [reddito]\n"
            "destinatari: [famiglie]\nperiodo: {dal: 2015, al: 2019}\n"
            "livello_evidenza:\n  livello: emergente\n  efficacia: Nessuna valutazione.\n"
            "  trasferibilita: Replicata altrove.\n  durata: Quattro anni.\n"
            "risultati:\n  - {descrizione: Famiglie coinvolte, valore: 120, anno: 2019}\n"
            "contatti:\n  - organizzazione: afi\nfonti:\n"
            "  - url: https://www.famigliaportavalori.it/\n    titolo: Famiglia porta-Valori\n"
            "    consultato: 2026-11-01\n    campi: [periodo, risultati]\n"
            f"ultima_verifica: 2026-11-01\n---\n\n{body}\n\nVedi [la Rete](https://example.org).\n",
            encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--practices", type=int, default=9000)
    parser.add_argument("--comuni", type=int, default=1000)
    parser.add_argument("--keep", type=Path, default=None, help="write the corpus here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp) / "corpus"
        if not root.exists():
            make_corpus(root, args.practices, args.comuni)
        size = sum(p.stat().st_size for p in (root / "good_practices").glob("*.md"))
        print(f"corpus: {args.practices} practices (avg {size / args.practices:.0f} B), "
              f"{args.comuni} comuni")
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            result = subprocess.run([sys.executable, "-m", "rete", "--radice", str(root), "check",
                                     "--oggi", "2026-11-27"], capture_output=True, text=True,
                                    check=False)
            times.append(time.perf_counter() - start)
            if result.returncode != 0:
                print(result.stderr[-2000:])
                return 1
        print(f"rete check wall time over {args.runs} runs: "
              f"median {statistics.median(times):.2f} s, min {min(times):.2f} s, "
              f"max {max(times):.2f} s (target < 2 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
