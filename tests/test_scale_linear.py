"""Nothing quadratic: doubling the corpus at most ~doubles validation and page generation.

Measured in CPU seconds (this process and the worker processes it reaped), not wall time, so
the other jobs of a loaded 2-core machine do not count; the minimum of three interleaved runs
per size resists what noise remains (caches, frequency). Comuni and practices both double, so
work that grows with comuni x practices (every comune page scanning every practice) grows 4x,
like checks comparing every record with every other: the test fails once such a term costs
about as much as the linear work at the smaller size (a fixed start-up cost keeps a linear
build near 1.7x here). MkDocs is left out: it is not ours (benchmarks/bench_build.py times it).
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import Size, generate  # noqa: E402

from rete.core.diagnostics import has_errors  # noqa: E402
from rete.core.settings import load_settings  # noqa: E402
from rete.records.validate import validate  # noqa: E402
from rete.web import pages  # noqa: E402
from rete.web.render import environment  # noqa: E402
from rete.web.view import SiteView  # noqa: E402

SMALL = Size(comuni=120, pratiche=200, regione="Lombardia")
LARGE = Size(comuni=240, pratiche=400, regione="Lombardia")
LIMIT = 2.3
RUNS = 3


def cpu_seconds() -> float:
    mine = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def validate_and_generate(root: Path, docs: Path) -> float:
    """What `rete build` does before MkDocs: validate, then write every page's Markdown."""
    start = cpu_seconds()
    corpus = validate(root)
    assert not has_errors(corpus.diagnostics), [d.format() for d in corpus.diagnostics][:5]
    settings = load_settings(root)
    view = SiteView(corpus, settings)
    docs.mkdir(parents=True)
    pages.write_all(view, environment(), docs, settings.site_url)
    return cpu_seconds() - start


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("scale")
    generate(SMALL, base / "small")
    generate(LARGE, base / "large")
    return base / "small", base / "large"


def test_doubling_the_corpus_at_most_doubles_validation_and_generation(
    corpora: tuple[Path, Path], tmp_path: Path
) -> None:
    small, large = corpora
    pages_small = len(list((small / "good_practices").glob("*.md")))
    pages_large = len(list((large / "good_practices").glob("*.md")))
    assert pages_large == 2 * pages_small  # the corpus really doubles
    validate_and_generate(small, tmp_path / "warm")  # imports, template and ISTAT caches
    times: dict[str, list[float]] = {"small": [], "large": []}
    for run in range(RUNS):  # interleaved, so a burst of load hits both sizes alike
        times["small"].append(validate_and_generate(small, tmp_path / f"s{run}"))
        times["large"].append(validate_and_generate(large, tmp_path / f"l{run}"))
    ratio = min(times["large"]) / min(times["small"])
    assert ratio <= LIMIT, (
        f"doubling the corpus multiplied validation + generation by {ratio:.2f} "
        f"(limit {LIMIT}): small {times['small']}, large {times['large']} CPU s"
    )


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink() and "scripts" not in p.relative_to(root).parts[:1]
    }


def test_the_synthetic_corpus_is_seeded_valid_and_says_it_is_synthetic(tmp_path: Path) -> None:
    size = Size(comuni=40, pratiche=60, moduli=2, regione="Lombardia")
    generate(size, tmp_path / "a", seed=3)
    generate(size, tmp_path / "b", seed=3)
    generate(size, tmp_path / "c", seed=4)
    first = _files(tmp_path / "a")
    assert first == _files(tmp_path / "b")  # same seed, byte-identical
    assert first != _files(tmp_path / "c")
    assert len([k for k in first if k.startswith("good_practices/")]) == 60  # in all
    made = {k: v for k, v in first.items() if "sintetic" in k or v.startswith(b"# Scheda sint")}
    assert len([k for k in made if k.startswith("good_practices/")]) > 40
    assert len([k for k in made if k.startswith("comuni/")]) > 20
    assert len([k for k in made if k.endswith(".yml") and k.startswith("courses/")]) == 3
    for name, data in made.items():
        if name.endswith((".yml", "pratica-sintetica-00001.md")):
            assert b"illustrativo: true" in data, name
    corpus = validate(tmp_path / "a")
    assert not has_errors(corpus.diagnostics), [d.format() for d in corpus.diagnostics][:5]
    assert len(corpus.summaries["comune"]) == 40


@pytest.mark.slow
def test_the_build_benchmark_runs_at_size_s(tmp_path: Path) -> None:
    """CI runs `make bench`'s benchmark at S (M and L on demand): every figure is there."""
    import json
    import subprocess

    out = tmp_path / "build-S.json"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench_build.py"),
            "--size",
            "S",
            "--timeout",
            "600",
            "--keep",
            str(tmp_path / "tree"),
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    phases = report["build"]["fasi_s"]
    assert {"validazione", "generazione", "mkdocs", "ricerca", "scuola"} <= set(phases)
    assert 0 < sum(phases.values()) <= report["build"]["total_s"]
    assert report["build"]["peak_mb"] > 50
    assert report["site"]["pages"] > 50 and report["site"]["search_bytes"] > 0
    assert report["plain_mkdocs"]["ok"] and report["prune"]["ok"]
    assert report["serve"]["modifica_servita_s"] is not None  # the edited title was served
    if report["search_query"]["misurato"]:  # Chromium present
        assert report["search_query"]["gzip"] > 0
    assert "| `rete build` total |" in done.stdout
