"""How long `rete school` takes on the repository's courses: cold, cached, one module edited.

Acceptance (school issue): a rebuild without changes executes no notebook and takes under 3 s
for the five modules on a 2-core machine. Start-up of the `rete` command is included.
Run: .venv/bin/python benchmarks/bench_school.py [--runs 5]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPIED = ("comuni", "good_practices", "content", "courses", "pyproject.toml", "mkdocs.yml",
          "overrides")


def project(target: Path) -> Path:
    target.mkdir()
    for name in COPIED:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return target


def school(root: Path) -> tuple[float, int]:
    """Wall time and notebooks executed, as `rete school` reports them."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "rete", "--radice", str(root), "school"],
                          capture_output=True, text=True, timeout=900, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    found = re.search(r"(\d+) quaderni eseguiti", done.stdout)
    return elapsed, int(found.group(1)) if found else -1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = project(Path(tmp) / "progetto")
        modules = sorted((root / "courses").glob("*/*.md"))
        cold, executed = school(root)
        print(f"cold: {cold:.2f} s, {executed} of {len(modules)} notebooks executed")
        cached = [school(root) for _ in range(args.runs)]
        times = [t for t, _ in cached]
        print(f"cached, no change, {args.runs} runs: median {statistics.median(times):.2f} s, "
              f"min {min(times):.2f} s, max {max(times):.2f} s; notebooks executed: "
              f"{sorted({n for _, n in cached})} (target < 3 s, 0 executed)")
        edited = modules[0]
        edited.write_text(edited.read_text(encoding="utf-8") + "\nUna riga in più.\n",
                          encoding="utf-8")
        one, executed = school(root)
        print(f"one module's text edited ({edited.name}): {one:.2f} s, {executed} executed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
