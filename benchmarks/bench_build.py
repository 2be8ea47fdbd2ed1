"""`rete build` at scale, beside two stock mkdocs-material baselines on the same Markdown.

On a synthetic corpus (benchmarks/corpus.py: S is the repository, M 1,500 comuni and 5,000
practices, L 7,904 and 20,000) it reports validation, page generation, MkDocs and total build
time, peak memory, output bytes, search data (raw, gzip, what one query downloads), the
heaviest page and how long `rete serve` takes to serve an edited practice; then, on the
generated Markdown (.build/docs): (a) stock Material with `navigation.prune` and the automatic
navigation (Material's advice for large sites; skipped by default at M and L, where it took
1,030 s and 8.3 GB), (b) plain `mkdocs build` with the project's own mkdocs.yml.

Run: .venv/bin/python benchmarks/bench_build.py [--size S|M|L] [--prune | --no-prune]
     [--no-serve] [--keep DIR] [--json FILE]     (make bench, make bench SIZE=M)
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make `benchmarks.corpus` importable
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import SIZES, generate  # noqa: E402

RETE = [sys.executable, "-m", "rete"]
MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "RETE_TEMPI": "1"}
MARKER = "MODIFICATA"


@dataclass
class Run:
    seconds: float
    peak_mb: float  # largest resident set of the process or of any child it waited for
    returncode: int
    stdout: str
    stderr: str

    def tail(self) -> str:
        return (self.stderr or self.stdout)[-3000:]


def run(cmd: list[str], cwd: Path, timeout: float) -> Run:
    """Run to completion (killed after `timeout`), timing it and reading its peak memory
    from wait4: the rusage of that one child, its own descendants included."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=ENV, stdout=out, stderr=err, start_new_session=True
        )
        timer = threading.Timer(timeout, _kill, (proc.pid,))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return Run(seconds, usage.ru_maxrss / 1024, proc.returncode, out.read(), err.read())


def _kill(pid: int) -> None:
    """Our own child's process group only (it was started in a session of its own)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def phases(stderr: str) -> dict[str, float]:
    """The phase times `rete build` prints with RETE_TEMPI=1 (last build wins)."""
    return {
        name: float(s) for name, s in re.findall(r"^tempi: (\w+) ([\d.]+) s$", stderr, re.MULTILINE)
    }


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def site_figures(site: Path) -> dict[str, Any]:
    files = [p for p in site.rglob("*") if p.is_file() and not p.is_symlink()]
    pages = [p for p in files if p.suffix == ".html"]
    heaviest = max(pages, key=lambda p: p.stat().st_size)
    records = [  # comuni/<slug>/index.html, pratiche/<slug>/index.html
        p
        for p in pages
        if len(p.relative_to(site).parts) == 3
        and p.relative_to(site).parts[0] in ("comuni", "pratiche")
    ]
    record = max(records, key=lambda p: p.stat().st_size)
    search = [p for p in files if p.relative_to(site).parts[0] == "search"]
    return {
        "files": len(files),
        "pages": len(pages),
        "bytes": sum(p.stat().st_size for p in files),
        "heaviest_page": heaviest.relative_to(site).as_posix(),
        "heaviest_bytes": heaviest.stat().st_size,
        "heaviest_gzip": gz(heaviest.read_bytes()),
        "heaviest_record_page": record.relative_to(site).as_posix(),
        "heaviest_record_bytes": record.stat().st_size,
        "heaviest_record_gzip": gz(record.read_bytes()),
        "search_bytes": sum(p.stat().st_size for p in search),
        "search_gzip": sum(gz(p.read_bytes()) for p in search),
    }


def corpus_figures(tree: Path) -> dict[str, Any]:
    practices = sorted((tree / "good_practices").glob("*.md"))
    return {
        "comuni": len(list((tree / "comuni").glob("*.yml"))),
        "pratiche": len(practices),
        "moduli": len([p for p in (tree / "courses").glob("*/*.yml") if p.name != "corso.yml"]),
        "pratica_media_bytes": round(
            sum(p.stat().st_size for p in practices) / max(len(practices), 1)
        ),
        "testo_medio_bytes": round(
            sum(len(p.read_bytes().split(b"---\n", 2)[-1]) for p in practices)
            / max(len(practices), 1)
        ),
    }


def prune_config(tree: Path, out: Path) -> Path:
    """Stock Material, automatic navigation with `navigation.prune`, the project's Markdown
    extensions (the generated pages need them), no theme overrides, hooks or privacy plugin."""
    project = yaml.safe_load((tree / "mkdocs.yml").read_text(encoding="utf-8"))
    config = {
        "site_name": "Baseline navigation.prune",
        "docs_dir": str(tree / ".build/docs"),
        "site_dir": str(out),
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "language": "it",
            "font": False,
            "features": ["navigation.prune", "navigation.indexes"],
        },
        "plugins": ["search"],
        "markdown_extensions": project.get("markdown_extensions", []),
    }
    path = out.parent / "mkdocs-prune.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


QUERY = "nido"
"""Typed into the search box: a word of the browser suite's queries, found in every corpus."""
CHROMIUM = "/usr/bin/chromium"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def query_download(site: Path, timeout: float) -> dict[str, Any]:
    """What a citizen's browser fetches for one search, measured in Chromium: every response
    from the moment the search box is used until the first results show and the network is
    idle (raw, and gzip as a compressing host would send it), and how long that took."""
    if not Path(CHROMIUM).is_file():
        return {"misurato": False, "motivo": f"{CHROMIUM} assente"}
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sizes: dict[str, tuple[int, int]] = {}
    try:
        with sync_playwright() as manager:
            browser = manager.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{server.server_port}/", wait_until="networkidle")

                def record(response: Any) -> None:
                    body = response.body()
                    sizes[response.url] = (len(body), gz(body))

                page.on("response", record)
                start = time.perf_counter()
                page.keyboard.press("/")
                page.keyboard.type(QUERY)
                page.wait_for_selector(".md-search-result__item", timeout=timeout * 1000)
                first = time.perf_counter() - start
                page.wait_for_load_state("networkidle")
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {
        "misurato": True,
        "query": QUERY,
        "risposte": len(sizes),
        "bytes": sum(r for r, _ in sizes.values()),
        "gzip": sum(g for _, g in sizes.values()),
        "prima_risposta_s": round(first, 2),
        "file": sorted((u.split("/", 3)[-1] for u in sizes), key=str),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, OSError):
        return None


def wait_for(check: Any, timeout: float, step: float) -> float | None:
    """Seconds until check() is true, or None after `timeout`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if check():
            return time.perf_counter() - start
        time.sleep(step)
    return None


def edit_loop(tree: Path, timeout: float) -> dict[str, Any]:
    """Start `rete serve`, wait until it serves, retitle a practice, poll its page."""
    practices = sorted((tree / "good_practices").glob("*.md"))
    practice = next((p for p in practices if "sintetica" in p.name), practices[0])
    url = f"http://127.0.0.1:{{port}}/pratiche/{practice.stem}/"
    # the preview builds in its own work folder: give it the notebooks `rete school` ran
    cache = tree / ".build/school-cache"
    if cache.is_dir():
        shutil.copytree(cache, tree / ".build/anteprima/lavoro/school-cache")
    port = free_port()
    url = url.format(port=port)
    log = (tree / ".build" / "serve.log").open("w")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*RETE, "--radice", str(tree), "serve", "--porta", str(port)],
        cwd=tree,
        env=ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    result: dict[str, Any] = {"pagina": f"pratiche/{practice.stem}/"}
    try:
        first = wait_for(lambda: (fetch(url) or "").find("</html>") > 0, timeout, 0.5)
        result["primo_avvio_s"] = None if first is None else round(time.perf_counter() - start, 1)
        if first is None:
            return result
        time.sleep(1.5)  # past the watcher's first poll, so the save is a change it sees
        text = practice.read_text(encoding="utf-8")
        edited = re.sub(
            r"^titolo: (.*)$", lambda m: _retitle(m.group(1)), text, count=1, flags=re.MULTILINE
        )
        practice.write_text(edited, encoding="utf-8")
        saved = time.perf_counter()
        served = wait_for(lambda: MARKER in (fetch(url) or ""), timeout, 0.05)
        result["modifica_servita_s"] = (
            None if served is None else round(time.perf_counter() - saved, 2)
        )
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            _kill(proc.pid)
            proc.wait()
        log.close()
    return result


def _retitle(value: str) -> str:
    if value[:1] in "\"'" and value[-1:] == value[:1]:
        return f"titolo: {value[:-1]} {MARKER}{value[-1]}"
    return f"titolo: {value} {MARKER}"


@dataclass
class Report:
    size: str
    seed: int
    machine: dict[str, Any]
    commit: str = ""  # the code measured: git HEAD, "+" if the working tree differs
    corpus: dict[str, Any] = field(default_factory=dict)
    check_s: float = 0.0
    school_warmup_s: float = 0.0
    build: dict[str, Any] = field(default_factory=dict)
    site: dict[str, Any] = field(default_factory=dict)
    plain_mkdocs: dict[str, Any] = field(default_factory=dict)
    prune: dict[str, Any] = field(default_factory=dict)
    serve: dict[str, Any] = field(default_factory=dict)
    search_query: dict[str, Any] = field(default_factory=dict)


def commit() -> str:
    """HEAD's short hash, with "+" when tracked files differ from it; BENCH_COMMIT outside git
    (a snapshot of the tree, say)."""
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = (
            subprocess.run(
                ["git", "-C", str(ROOT), "diff", "--quiet", "HEAD", "--"], check=False
            ).returncode
            != 0
        )
    except (OSError, subprocess.CalledProcessError):
        return os.environ.get("BENCH_COMMIT", "")
    return head + ("+" if dirty else "")


def machine() -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            int(line.split()[1]) // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memoria_mb": memory,
        "carico_1min": round(os.getloadavg()[0], 2),
        "python": platform.python_version(),
        "data": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def bench(size: str, tree: Path, *, seed: int, prune: bool, serve: bool, timeout: float) -> Report:
    report = Report(size, seed, machine(), commit())
    generate(size, tree, seed)
    report.corpus = corpus_figures(tree)
    print(f"corpus {size}: {report.corpus}", flush=True)

    check = run([*RETE, "--radice", str(tree), "check"], tree, timeout)
    if check.returncode != 0:
        raise SystemExit(f"rete check found errors in the generated tree:\n{check.tail()}")
    report.check_s = round(check.seconds, 2)
    school = run([*RETE, "--radice", str(tree), "school"], tree, timeout)
    if school.returncode != 0:
        raise SystemExit(f"rete school failed:\n{school.tail()}")
    report.school_warmup_s = round(school.seconds, 1)
    print(
        f"rete check {check.seconds:.1f} s; rete school (notebooks run once, cache warm "
        f"for the build) {school.seconds:.1f} s",
        flush=True,
    )

    built = run([*RETE, "--radice", str(tree), "build"], tree, timeout)
    if built.returncode != 0:
        raise SystemExit(f"rete build failed:\n{built.tail()}")
    report.build = {
        "total_s": round(built.seconds, 1),
        "peak_mb": round(built.peak_mb),
        "fasi_s": phases(built.stderr),
    }
    report.site = site_figures(tree / "site")
    report.search_query = query_download(tree / "site", min(timeout, 600))
    print(f"one search in Chromium: {report.search_query}", flush=True)
    print(
        f"rete build {built.seconds:.1f} s, {built.peak_mb:.0f} MB: {report.build['fasi_s']}",
        flush=True,
    )

    with tempfile.TemporaryDirectory(prefix="bench-baseline-") as tmp:
        plain = run(
            [
                *MKDOCS,
                "build",
                "-q",
                "-f",
                str(tree / "mkdocs.yml"),
                "-d",
                str(Path(tmp) / "plain"),
            ],
            tree,
            timeout,
        )
        report.plain_mkdocs = {
            "total_s": round(plain.seconds, 1),
            "peak_mb": round(plain.peak_mb),
            "ok": plain.returncode == 0,
        }
        if plain.returncode == 0:
            report.plain_mkdocs["bytes"] = _bytes(Path(tmp) / "plain")
        else:
            print(f"plain mkdocs build failed:\n{plain.tail()}", file=sys.stderr)
        shutil.rmtree(Path(tmp) / "plain", ignore_errors=True)
        print(f"plain mkdocs build {report.plain_mkdocs}", flush=True)
        if prune:
            out = Path(tmp) / "prune"
            pruned = run(
                [*MKDOCS, "build", "-q", "-f", str(prune_config(tree, out))], Path(tmp), timeout
            )
            report.prune = {
                "total_s": round(pruned.seconds, 1),
                "peak_mb": round(pruned.peak_mb),
                "ok": pruned.returncode == 0,
            }
            if pruned.returncode == 0:
                report.prune["bytes"] = _bytes(out)
            else:
                print(f"navigation.prune build failed:\n{pruned.tail()}", file=sys.stderr)
            print(f"stock Material navigation.prune {report.prune}", flush=True)

    if serve:
        report.serve = edit_loop(tree, timeout)
        print(f"rete serve {report.serve}", flush=True)
    return report


def _bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def mb(value: float) -> str:
    if value >= 1e6:
        return f"{value / 1e6:.1f} MB"
    return f"{value / 1e3:.0f} KB" if value >= 1e4 else f"{value / 1e3:.1f} KB"


def rows(r: Report) -> list[tuple[str, str]]:
    """One column of docs/performance.md's table: (label, value) per row."""
    f = r.build.get("fasi_s", {})
    site, plain, prune, q = r.site, r.plain_mkdocs, r.prune, r.search_query
    searched = f"{mb(q['bytes'])} / {mb(q['gzip'])}" if q.get("misurato") else "not measured"
    answered = f"{q['prima_risposta_s']} s" if q.get("misurato") else "not measured"
    out = [
        (
            "comuni / practices / modules",
            f"{r.corpus['comuni']} / {r.corpus['pratiche']} / {r.corpus['moduli']}",
        ),
        (
            "practice file / its Markdown body (mean)",
            f"{mb(r.corpus['pratica_media_bytes'])} / {mb(r.corpus.get('testo_medio_bytes', 0))}",
        ),
        ("validation", f"{f.get('validazione', 0):.1f} s"),
        ("page generation", f"{f.get('generazione', 0):.1f} s"),
        ("MkDocs", f"{f.get('mkdocs', 0):.1f} s"),
        ("search index", f"{f.get('ricerca', 0):.1f} s"),
        ("school (notebooks cached)", f"{f.get('scuola', 0):.1f} s"),
        ("check and swap (site/ replaced)", f"{f.get('verifica', 0):.1f} s"),
        ("start-up, imports, rest", f"{r.build['total_s'] - sum(f.values()):.1f} s"),
        ("`rete build` total", f"{r.build['total_s']:.1f} s"),
        ("peak memory", f"{r.build['peak_mb']} MB"),
        ("bytes written (site/)", mb(site["bytes"])),
        (
            "search data in site/search/ (raw / gzip)",
            f"{mb(site['search_bytes'])} / {mb(site['search_gzip'])}",
        ),
        ("one search downloads (Chromium: raw / gzip)", searched),
        ("first search results after", answered),
        (
            "heaviest page",
            f"`{site['heaviest_page']}` {mb(site['heaviest_bytes'])} "
            f"({mb(site['heaviest_gzip'])} gzip)",
        ),
        (
            "heaviest record page",
            f"`{site['heaviest_record_page']}` {mb(site['heaviest_record_bytes'])} "
            f"({mb(site['heaviest_record_gzip'])} gzip)",
        ),
        (
            "edited practice served by `rete serve`",
            f"{r.serve['modifica_servita_s']} s"
            if r.serve.get("modifica_servita_s") is not None
            else "not measured",
        ),
        (
            "plain `mkdocs build`, project mkdocs.yml",
            f"{plain['total_s']:.1f} s, {plain['peak_mb']} MB" if plain.get("ok") else "failed",
        ),
        (
            "`rete build` / plain `mkdocs build`",
            f"{r.build['total_s'] / plain['total_s']:.2f}x" if plain.get("ok") else "",
        ),
        (
            "stock Material, `navigation.prune`",
            f"{prune['total_s']:.1f} s, {prune['peak_mb']} MB, {mb(prune['bytes'])}"
            if prune.get("ok")
            else "failed"
            if prune
            else "skipped",
        ),
    ]
    return out


def table(reports: list[Report]) -> str:
    """The Markdown table of docs/performance.md, one column per size."""
    columns = [rows(r) for r in reports]
    head = "| | " + " | ".join(f"{r.size} (seed {r.seed})" for r in reports) + " |"
    lines = [head, "|---" * (len(reports) + 1) + "|"]
    lines.append("| code measured | " + " | ".join(f"`{r.commit}`" for r in reports) + " |")
    lines.append(
        "| load average (1 min) at the start | "
        + " | ".join(str(r.machine.get("carico_1min", "")) for r in reports)
        + " |"
    )
    for i, (label, _) in enumerate(columns[0]):
        lines.append(f"| {label} | " + " | ".join(c[i][1] for c in columns) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", "--taglia", choices=sorted(SIZES), default="S")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--prune",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="stock Material with navigation.prune (default: only at S)",
    )
    parser.add_argument(
        "--serve",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="time an edit served by `rete serve`",
    )
    parser.add_argument("--timeout", type=float, default=3600, help="seconds any one step may take")
    parser.add_argument("--keep", type=Path, default=None, help="generate the tree here, keep it")
    parser.add_argument(
        "--json",
        type=Path,
        default=None,
        help="write the figures here (default test-artifacts/bench/)",
    )
    parser.add_argument(
        "--table",
        type=Path,
        nargs="+",
        default=None,
        metavar="JSON",
        help="only print the table of figures saved by earlier runs",
    )
    args = parser.parse_args(argv)
    if args.table:
        saved = [json.loads(p.read_text(encoding="utf-8")) for p in args.table]
        print(table([Report(**data) for data in saved]))
        return 0
    prune = args.size == "S" if args.prune is None else args.prune
    with tempfile.TemporaryDirectory(prefix=f"bench-{args.size}-") as tmp:
        tree = args.keep or Path(tmp) / "corpus"
        report = bench(
            args.size, tree, seed=args.seed, prune=prune, serve=args.serve, timeout=args.timeout
        )
    target = args.json or ROOT / "test-artifacts" / "bench" / f"build-{args.size}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        json.dumps(asdict(report), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"\n{target}\n\n{table([report])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
