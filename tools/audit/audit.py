"""`make audit`: Lighthouse 12 (mobile preset, Debian's Chromium) on one page of every page
type of a built site served gzip-compressed by tools/gzip_server.py.

Prints the four category scores per page and, under the table, every scored audit that
did not pass; writes each JSON report to test-artifacts/lighthouse/<type>.json. Exit
status 1 when any score is below 100. Never part of `make test` (slow, and Lighthouse
comes from tools/audit/package.json, which `make test` does not install).

    .venv/bin/python tools/audit/audit.py [site] [--only comune,calcolatore]
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
SERVER = ROOT / "tools" / "gzip_server.py"
REPORTS = ROOT / "test-artifacts" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SHORT = {"performance": "perf", "accessibility": "a11y", "best-practices": "pratiche",
         "seo": "seo"}

#: Page type -> path of one page of that type in the real site.
PAGES = {
    "home": "",
    "rete": "rete/",
    "comuni": "comuni/",
    "comune": "comuni/brugherio/",
    "catalogo": "pratiche/",
    "pratica": "pratiche/gruppi-acquisto-familiare/",
    "calcolatore": "calcolatore/",
    "dati": "dati/",
    "pagina": "contribuire/",
    "scuola": "scuola/",
    "modulo": "scuola/politiche-con-le-famiglie/fattore-famiglia.html",
    # Direct address: a missing page is answered with status 404, which Lighthouse's SEO
    # category always fails (http-status-code); this checks the page itself.
    "404": "404.html",
}
#: Bounds, in seconds.
SERVER_START_S = 10
LIGHTHOUSE_S = 240

CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-sync"


def start_server(site: Path) -> tuple[subprocess.Popen[str], str]:
    """tools/gzip_server.py on a free port; return the process and its base URL."""
    process = subprocess.Popen([sys.executable, str(SERVER), str(site), "--lifetime", "3600"],
                               stdout=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    output = process.stdout
    assert output is not None
    threading.Thread(target=lambda: lines.put(output.readline()), daemon=True).start()
    try:
        url = lines.get(timeout=SERVER_START_S).strip()
    except queue.Empty:
        process.kill()
        raise SystemExit(f"the gzip server did not start within {SERVER_START_S} s") from None
    if not url.startswith("http://"):
        process.kill()
        raise SystemExit(f"the gzip server did not start: {url!r}")
    return process, url


def run_lighthouse(url: str, report: Path) -> dict[str, object]:
    """One Lighthouse run (mobile, the default preset); return its JSON report."""
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
         "--locale=it"],
        env=env, check=True, timeout=LIGHTHOUSE_S)
    result: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))
    return result


def scores(result: dict[str, object]) -> dict[str, int]:
    categories = result["categories"]
    assert isinstance(categories, dict)
    return {name: round(100 * (categories[name]["score"] or 0)) for name in CATEGORIES}


def cpu_index(result: dict[str, object]) -> float:
    environment = result.get("environment")
    assert isinstance(environment, dict)
    return float(environment.get("benchmarkIndex") or 0)


def failures(result: dict[str, object]) -> list[str]:
    """Scored audits (weight > 0) that did not pass, with Lighthouse's figure."""
    audits = result["audits"]
    categories = result["categories"]
    assert isinstance(audits, dict) and isinstance(categories, dict)
    found = []
    for name in CATEGORIES:
        for ref in categories[name]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                figure = audit.get("displayValue") or ""
                found.append(f"{SHORT[name]}: {ref['id']} {audit['score']:.2f} {figure}".rstrip())
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, nargs="?", default=ROOT / "site")
    parser.add_argument("--only", default="", help="comma-separated page types")
    parser.add_argument("--runs", type=int, default=1,
                        help="runs per page; the one with the median performance is kept")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.is_file():
        raise SystemExit("Lighthouse is not installed: run `make audit` (it installs "
                         "tools/audit/node_modules with npm ci)")
    if not Path(CHROMIUM).is_file():
        raise SystemExit("Chromium is missing: apt-get install -y --no-install-recommends "
                         "chromium")
    chosen = [t for t in args.only.split(",") if t] or list(PAGES)
    unknown = set(chosen) - set(PAGES)
    if unknown:
        parser.error(f"unknown page types {sorted(unknown)}; known: {', '.join(PAGES)}")
    REPORTS.mkdir(parents=True, exist_ok=True)
    server, base = start_server(args.site.resolve())
    rows: list[tuple[str, dict[str, int], list[str], float]] = []
    try:
        for kind in chosen:
            if not (args.site / PAGES[kind]).exists():
                print(f"{kind}: {PAGES[kind]} is not in {args.site}, skipped", file=sys.stderr)
                continue
            runs = []
            for run in range(max(1, args.runs)):
                report = REPORTS / f"{kind}.{run}.json"
                runs.append((run_lighthouse(base + PAGES[kind], report), report))
            runs.sort(key=lambda item: scores(item[0])["performance"])
            result, report = runs[len(runs) // 2]
            report.replace(REPORTS / f"{kind}.json")
            for _, other in runs:
                other.unlink(missing_ok=True)
            rows.append((kind, scores(result), failures(result), cpu_index(result)))
            print(f"{kind:12} " + " ".join(f"{v:>8}" for v in rows[-1][1].values()),
                  file=sys.stderr, flush=True)
    finally:
        server.kill()
        server.wait(timeout=SERVER_START_S)
    print(f"\nLighthouse 12, mobile, {base} (gzip); reports in {REPORTS.relative_to(ROOT)}/")
    print("(cpu: Lighthouse's benchmarkIndex of the machine during the run; below ~1000 the "
          "machine was busy and performance reads low)")
    print(f"{'pagina':12} " + " ".join(f"{SHORT[c]:>8}" for c in CATEGORIES) + "      cpu")
    for kind, values, _, cpu in rows:
        print(f"{kind:12} " + " ".join(f"{v:>8}" for v in values.values()) + f" {cpu:>8.0f}")
    below = [(kind, problems) for kind, values, problems, _ in rows
             if min(values.values()) < 100]
    for kind, problems in below:
        print(f"\n{kind} ({PAGES[kind] or '/'}):\n  " + "\n  ".join(problems or ["?"]))
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
