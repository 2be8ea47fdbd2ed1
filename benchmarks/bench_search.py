"""What the site ships for search, and what one search downloads, per corpus size (issue 13).

For each size: Material's full-text index (the prose pages), raw and gzip; the records'
index (search/schede/: manifest, shards, blocks), raw and gzip in total, its shard count and
largest shard; and, for each query of the browser suite, what the first search downloads
(gzip): Material's index, search worker and lunr scripts, plus the records' files that
`rete.web.search_records.query_files` names (tests/browser/test_search.py holds it to what
Chromium really fetches).

Sizes: S builds the repository; M and L build the tree benchmarks/corpus.py generates (slow:
minutes and hundreds of MB). `--site DIR` measures a site already built; `--synthetic`
writes only the records' index of generated records (seconds: 7,904 real comuni names, and
practices with titles, places and tags like the repository's) beside the repository's prose
index, which the records do not change.

Run: .venv/bin/python benchmarks/bench_search.py S M L [--synthetic] [--site DIR]
"""

from __future__ import annotations

import argparse
import gzip
import random
import re
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from rete.core.istat import comuni_istat, record_slug  # noqa: E402
from rete.web.search import INDEX_FILE, synonym_groups  # noqa: E402
from rete.web.search_records import FOLDER, Scheda, query_files, write_records  # noqa: E402
from rete.web.search_synonyms import load_synonyms  # noqa: E402

QUERIES = ("Muggio", "asilo", "quanto pago", "GAS", "aderire", "Cesano Maderno")
"""The browser suite's queries (tests/browser/test_search.py)."""
SIZES = {"S": (0, 0), "M": (1_500, 5_000), "L": (7_904, 20_000)}
"""Comuni and practices of each size (benchmarks/corpus.py); S is the repository."""
LUNR = ("lunr.stemmer.support.min.js", "lunr.it.min.js")
"""The lunr language files Material's worker loads for `lang: it`."""


def gz(data: bytes) -> int:
    return len(gzip.compress(data, mtime=0))


def material_files(site: Path) -> list[Path]:
    """What Material's search fetches on first use: its index, worker and lunr scripts."""
    js = site / "assets" / "javascripts"
    return [site / INDEX_FILE, *sorted((js / "workers").glob("search.*.min.js")),
            *(js / "lunr" / "min" / name for name in LUNR)]


def measure(site: Path) -> dict[str, object]:
    """The figures of one built site (or of a records' index beside a prose index)."""
    index = (site / INDEX_FILE).read_bytes()
    folder = site / FOLDER
    files = sorted(folder.glob("*.json"))
    shards = [f for f in files if f.name.startswith("f-")]
    largest = max(shards, key=lambda f: f.stat().st_size)
    common = sum(gz(f.read_bytes()) for f in material_files(site) if f.is_file())
    per_query = {q: common + sum(gz((folder / name).read_bytes())
                                 for name in query_files(site, q)) for q in QUERIES}
    return {
        "prose index": f"{len(index) / 1024:,.0f} KB ({gz(index) / 1024:,.0f} KB gzip)",
        "records' index": (f"{sum(f.stat().st_size for f in files) / 1024:,.0f} KB "
                           f"({sum(gz(f.read_bytes()) for f in files) / 1024:,.0f} KB gzip, "
                           f"{len(files)} files)"),
        "shards": str(len(shards)),
        "largest shard": (f"{largest.name}: {largest.stat().st_size / 1024:,.1f} KB "
                          f"({gz(largest.read_bytes()) / 1024:,.1f} KB gzip)"),
        **{f"«{q}» downloads": f"{n / 1024:,.0f} KB gzip" for q, n in per_query.items()},
    }


def body_sentences() -> list[str]:
    """The sentences of the repository's practice and comune bodies: synthetic bodies are
    drawn from them, so their words are as common as real ones."""
    out = []
    for path in sorted([*(ROOT / "good_practices").glob("*.md"), *(ROOT / "comuni").glob("*.md")]):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        out += [s.strip() for s in re.split(r"(?<=[.!?])\s+", body) if len(s.strip()) > 20]
    return out


def synthetic_schede(comuni: int, pratiche: int, seed: int = 0) -> list[Scheda]:
    """Records like the repository's: real comuni (Lombardy first), practices whose titles,
    places and tags are drawn from everyday words, the comuni and the site's vocabularies,
    and whose text is the summary and a dozen sentences of the repository's bodies."""
    rng = random.Random(seed)
    sentences = body_sentences()
    official = sorted(comuni_istat().values(),
                      key=lambda c: (c.regione != "Lombardia", c.codice))[:comuni]
    services = ["Asilo nido", "Mensa scolastica", "Centro estivo", "Trasporto scolastico",
                "Pre e post scuola", "Servizio di assistenza domiciliare"]
    out = [Scheda(f"comuni/{record_slug(c)}/", c.nome,
                  f"Provincia {c.sigla} Codice ISTAT {c.codice} Popolazione "
                  f"{rng.randrange(500, 90_000):,} abitanti (2011) Sito del comune non "
                  "disponibile".replace(",", "."),
                  places=(c.sigla, c.codice), tags=tuple(rng.sample(services, rng.randrange(4))))
           for c in official]
    labels = [v["nome"] for path in sorted((ROOT / "content" / "vocabolari").glob("*.yml"))
              for v in yaml.safe_load(path.read_text(encoding="utf-8"))["voci"]]
    kinds = ["Sportello", "Patto", "Rete", "Gruppo", "Tavolo", "Progetto", "Banca del tempo",
             "Fondo", "Laboratorio", "Scuola", "Centro", "Carta", "Bottega", "Consulta"]
    topics = ["per le famiglie", "dei genitori", "di acquisto familiare", "educativo",
              "intergenerazionale", "per la prima infanzia", "del buon vicinato",
              "delle famiglie numerose", "per chi assiste un familiare", "di mutuo aiuto",
              "dei nonni", "per il doposcuola", "della conciliazione", "dei quartieri"]
    filler = ("Famiglie e associazioni del territorio progettano con il comune un servizio "
              "che nasce dalle loro energie: incontri, aiuto reciproco e risorse condivise "
              "per sostenere i genitori, i figli e chi si prende cura degli altri.")
    for _ in range(pratiche):
        where = rng.sample(official, rng.randrange(1, 4))
        out.append(Scheda(
            "", f"{rng.choice(kinds)} {rng.choice(topics)} a {where[0].nome}", filler,
            places=tuple(c.nome for c in where), tags=tuple(rng.sample(labels, 5)),
            text=" ".join([filler, *rng.sample(sentences, min(12, len(sentences)))])))
    titled = sorted(out[len(official):], key=lambda s: s.title.casefold())
    return out[:len(official)] + [
        Scheda(f"pratiche/pratica-{i}/", s.title, s.snippet, s.places, s.tags, text=s.text)
        for i, s in enumerate(titled)]


def build_site(size: str, scratch: Path) -> Path:
    """A full `rete build` of the size's corpus into scratch/site."""
    from rete.web.build import build

    root = ROOT
    if size != "S":
        from benchmarks.corpus import generate

        root = scratch / "corpus"
        generate(size, root)
    return build(root, today=date.today(), site=scratch / "site", work=scratch / "work").site


def synthetic_site(size: str, scratch: Path, prose_site: Path) -> Path:
    """The size's records' index from `synthetic_schede`, beside the repository's prose."""
    site = scratch / "site"
    (site / "search").mkdir(parents=True)
    shutil.copy(prose_site / INDEX_FILE, site / INDEX_FILE)
    shutil.copytree(prose_site / "assets" / "javascripts", site / "assets" / "javascripts")
    separator = re.compile(r'[\s\-,:!=\[\]()"/\u2019\']+')  # mkdocs.yml's ('' in YAML)
    synonyms, _ = load_synonyms(ROOT)
    write_records(site, synthetic_schede(*SIZES[size]), separator,
                  synonym_groups(synonyms, separator))
    return site


def table(results: dict[str, dict[str, object]]) -> str:
    sizes = list(results)
    rows = list(next(iter(results.values())))
    lines = ["| | " + " | ".join(sizes) + " |", "|---|" + "---|" * len(sizes)]
    lines += [f"| {row} | " + " | ".join(str(results[s][row]) for s in sizes) + " |"
              for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", metavar="SIZE", help="S, M or L (default S)")
    parser.add_argument("--synthetic", action="store_true",
                        help="M and L: only the records' index of generated records")
    parser.add_argument("--site", type=Path, help="measure this built site instead")
    args = parser.parse_args(argv)
    if unknown := [s for s in args.sizes if s not in SIZES]:
        parser.error(f"unknown sizes {unknown}: choose among {', '.join(SIZES)}")
    args.sizes = args.sizes or ["S"]
    if args.site:
        print(table({str(args.site): measure(args.site)}))
        return 0
    results: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        scratch = Path(tmp)
        s_site: Path | None = None
        for size in args.sizes:
            if (size == "S" or args.synthetic) and s_site is None:
                s_site = build_site("S", scratch / "S")
            if size == "S" and s_site is not None:
                site, label = s_site, "S"
            elif args.synthetic and s_site is not None:
                site, label = synthetic_site(size, scratch / size, s_site), f"{size} (synthetic)"
            else:
                site, label = build_site(size, scratch / size), size
            results[label] = measure(site)
            print(f"{size}: done", file=sys.stderr)
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
