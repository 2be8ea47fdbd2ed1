"""A seeded synthetic corpus for scale benchmarks: the repository's records plus generated ones.

Every generated record is derived from one of the repository's own records (a comune, a
practice, a module), keeps its structure and references, takes a real comune's name and ISTAT
code from the list the validator ships, and is marked `illustrativo: true` with a visible
"scheda sintetica" sentence: it can never be mistaken for real data. Same seed, same
repository commit → byte-identical files.

Sizes: S is the repository itself; M has 1,500 comuni (Lombardy's) and 5,000 practices; L all
7,904 comuni and 20,000 practices. Library: `generate("M", Path("/tmp/m"))`;
command line: `python -m benchmarks.corpus M /tmp/m [--seme 0]`.
"""

from __future__ import annotations

import argparse
import copy
import random
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from rete.core.istat import ComuneIstat, comuni_istat, record_slug

ROOT = Path(__file__).resolve().parents[1]
COPIED = (
    "comuni",
    "good_practices",
    "content",
    "courses",
    "pyproject.toml",
    "mkdocs.yml",
    "overrides",
    "README.md",
    "requirements-corso.lock",
)
"""What the generated tree copies from the repository (the last two: the course zip's wheel)."""
LINKED = ("node_modules", "scripts")
"""Symlinked, not copied: front-end files, and mkdocs.yml's hook under scripts/."""

MARK = (
    "*Scheda sintetica, generata per le prove di prestazioni del sito: non descrive un "
    "fatto reale.*"
)
TODAY = date(2026, 12, 1)  # ultima_verifica of generated records: fixed, so builds are reproducible


@dataclass(frozen=True)
class Size:
    comuni: int  # total, repository's included (0: only the repository's)
    pratiche: int  # total, repository's included
    moduli: int = 0  # generated school modules, in courses of ten
    regione: str | None = None  # draw comuni from this region first


SIZES = {
    "S": Size(0, 0),
    "M": Size(1500, 5000, moduli=10, regione="Lombardia"),
    "L": Size(7904, 20000, moduli=30),
}


# --- reading the repository ---------------------------------------------------------


def _export(dest: Path) -> None:
    """The repository's record folders and configuration, as they are in the working tree (the
    validator in use is the working tree's too), without caches."""
    junk = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.pyc", ".jupyter_cache")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=junk)
        else:
            shutil.copy(source, dest / name)


def _front(text: str) -> tuple[dict[str, Any], str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: 7x faster, same text


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=100)


_FENCE = re.compile(r"^(```|:::).*?^(```|:::)\s*$", re.DOTALL | re.MULTILINE)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"\[\^[^\]]*\]|<[^>]+>|[*_`{}|#>\[\]]")
_SPLIT = re.compile(r"(?<=[.?!])\s+")
_UNWANTED = re.compile(r"[\d$\\=]|cell|None|True|False|Invio")  # figures, maths, notebook help


class Prose:
    """Italian prose in the repository's own words: an order-2 word chain trained on the
    sentences of its bodies and notebooks (those without digits, so no generated sentence
    states a figure). Varied enough that search indexes and gzip see realistic text."""

    def __init__(self, texts: list[str]) -> None:
        self.chain: dict[tuple[str, str], list[str]] = {}
        self.starts: list[tuple[str, str]] = []
        for text in texts:
            for para in re.split(r"\n\s*\n", _FENCE.sub("", text)):
                if not para.strip() or not para.lstrip()[0].isalpha():
                    continue  # lists, tables, headings, quotes, maths, directives
                para = _MARKUP.sub("", _LINK.sub(r"\1", para))
                for sentence in _SPLIT.split(" ".join(para.split())):
                    words = sentence.split()
                    if len(words) < 6 or _UNWANTED.search(sentence) or sentence[-1] != ".":
                        continue
                    self.starts.append((words[0], words[1]))
                    for a, b, c in zip(words, words[1:], words[2:], strict=False):
                        self.chain.setdefault((a, b), []).append(c)

    def sentence(self, rng: random.Random) -> str:
        a, b = rng.choice(self.starts)
        words = [a, b]
        while not (words[-1].endswith(".") and len(words) >= 8) and len(words) < 45:
            follow = self.chain.get((words[-2], words[-1]))
            if not follow:
                break
            words.append(rng.choice(follow))
        text = " ".join(words).rstrip(",;:")
        return text if text.endswith(".") else text + "."

    def text(self, rng: random.Random, chars: int) -> str:
        out: list[str] = []
        while sum(len(s) + 1 for s in out) < chars:
            out.append(self.sentence(rng))
        return " ".join(out)


def _keep_sourced_fields(data: dict[str, Any]) -> None:
    """A source's `campi` may only name fields the record still has; a source left with
    nothing to support (it backed a dropped field) goes too."""
    kept = []
    for fonte in data.get("fonti") or ():
        campi = [c for c in fonte.get("campi") or () if c.split(".")[0] in data]
        if campi or not fonte.get("campi"):
            kept.append(dict(fonte, campi=campi))
    data["fonti"] = kept


def _mark(data: dict[str, Any]) -> dict[str, Any]:
    data["illustrativo"] = True
    data["stato"] = "pubblicata"
    data["ultima_verifica"] = TODAY
    _keep_sourced_fields(data)
    return data


# --- generated records --------------------------------------------------------------


def _chosen_comuni(rng: random.Random, size: Size, taken: set[str]) -> list[ComuneIstat]:
    every = sorted(comuni_istat().values(), key=lambda c: c.codice)
    free = [c for c in every if c.codice not in taken]
    first = [c for c in free if c.regione == size.regione]
    rest = [c for c in free if c.regione != size.regione]
    wanted = max(size.comuni - len(taken), 0)
    picked = first[:wanted]
    if len(picked) < wanted:
        picked += rng.sample(rest, min(wanted - len(picked), len(rest)))
    return sorted(picked, key=lambda c: c.codice)


def _comune(template: dict[str, Any], official: ComuneIstat, servizi: list[Any] | None) -> str:
    data = copy.deepcopy(template)
    for key in ("coordinate", "sito", "servizi"):  # no offline source for a synthetic one
        data.pop(key, None)
    data.update(
        slug=record_slug(official),
        nome=official.nome,
        codice_istat=official.codice,
        provincia=official.sigla,
    )
    if official.popolazione_2011 > 0:
        data["popolazione"] = {"valore": official.popolazione_2011, "anno": 2011}
    else:
        data.pop("popolazione", None)
    if servizi:
        data["servizi"] = [dict(copy.deepcopy(s), illustrativo=True) for s in servizi]
    return "# Scheda sintetica (prove di prestazioni): non descrive un fatto reale.\n" + _dump(
        _mark(data)
    )


def _pratica(
    rng: random.Random,
    template: dict[str, Any],
    number: int,
    comuni: list[str],
    names: dict[str, str],
    vocab: dict[str, dict[str, str]],
    prose: Prose,
) -> str:
    data = copy.deepcopy(template)
    data.pop("risultati", None)  # figures of a real place: never copied to another
    where = rng.sample(comuni, min(len(comuni), rng.randint(1, 3)))
    for key in ("temi", "destinatari", "strumenti"):
        if vocab.get(key):
            data[key] = sorted(
                rng.sample(sorted(vocab[key]), min(len(vocab[key]), rng.randint(1, 2)))
            )
    what = vocab["strumenti"][data["strumenti"][0]] if data.get("strumenti") else "Pratica"
    data.update(
        slug=f"pratica-sintetica-{number:05d}",
        titolo=f"{what} a {names[where[0]]} (scheda sintetica {number})",
        sintesi=prose.text(rng, rng.randint(120, 240)),
        comuni=where,
    )
    if isinstance(data.get("livello_evidenza"), dict):
        for key in ("efficacia", "trasferibilita", "durata"):
            data["livello_evidenza"][key] = prose.text(rng, rng.randint(80, 200))
    body = [MARK]
    for heading in ("Che cosa prevede", "Come funziona", "Che cosa sappiamo"):
        body += [f"### {heading}", prose.text(rng, rng.randint(200, 450))]
    return f"---\n{_dump(_mark(data))}---\n\n" + "\n\n".join(body) + "\n"


_CODE_CELL = re.compile(r"```\{code-cell\}.*?\n```\n?", re.DOTALL)


def _course(
    rng: random.Random,
    dest: Path,
    number: int,
    modules: int,
    corso: dict[str, Any],
    templates: list[tuple[dict[str, Any], str]],
    prose: Prose,
) -> None:
    """One course of generated modules: the real modules' keys and prose, without code cells
    (a generated notebook needs no data file and executes in no time)."""
    slug = f"corso-sintetico-{number}"
    folder = dest / "courses" / slug
    folder.mkdir(parents=True)
    names = [f"modulo-sintetico-{number}-{i:02d}" for i in range(1, modules + 1)]
    data = _mark(copy.deepcopy(corso))
    data.update(slug=slug, titolo=f"Corso sintetico {number} (prove di prestazioni)", moduli=names)
    (folder / "corso.yml").write_text(_dump(data), encoding="utf-8")
    for i, name in enumerate(names):
        meta, notebook = templates[i % len(templates)]
        module = _mark(copy.deepcopy(meta))
        module.update(
            slug=name,
            titolo=f"{meta['titolo']} (modulo sintetico {number}.{i + 1})",
            notebook=f"{name}.md",
            prerequisiti=[],
        )
        (folder / f"{name}.yml").write_text(_dump(module), encoding="utf-8")
        header, text = notebook.split("---\n", 2)[1:]
        text = _CODE_CELL.sub("", text)
        title, _, rest = text.partition("\n\n")
        extra = "\n\n".join(prose.text(rng, 600) for _ in range(3))
        (folder / f"{name}.md").write_text(
            f"---\n{header}---\n{title}\n\n{MARK}\n\n{rest.rstrip()}\n\n{extra}\n", encoding="utf-8"
        )


def _vocabularies(dest: Path) -> dict[str, dict[str, str]]:
    """Vocabulary → term id → name, for tags and titles."""
    found = {}
    for path in sorted((dest / "content" / "vocabolari").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found[data["slug"]] = {v["id"]: v.get("nome", v["id"]) for v in data.get("voci") or ()}
    return found


def generate(size: str | Size, dest: Path, seed: int = 0) -> None:
    """Write a valid project tree into `dest` (created; must not exist or be empty)."""
    spec = SIZES[size] if isinstance(size, str) else size
    rng = random.Random(seed)
    dest.mkdir(parents=True, exist_ok=True)
    if any(dest.iterdir()):
        raise FileExistsError(f"{dest} is not empty")
    _export(dest)
    for name in LINKED:
        (dest / name).symlink_to(ROOT / name, target_is_directory=True)

    comuni_dir, pratiche_dir = dest / "comuni", dest / "good_practices"
    real_comuni = {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted(comuni_dir.glob("*.yml"))
    }
    published = {
        s: d
        for s, d in real_comuni.items()
        if d.get("stato", "pubblicata") == "pubblicata" and not d.get("illustrativo")
    }
    templates = [d for d in published.values() if not d.get("servizi")] or list(published.values())
    with_fees = [d["servizi"] for d in published.values() if d.get("servizi")]
    names = {s: d["nome"] for s, d in real_comuni.items()}
    taken = {str(d["codice_istat"]).zfill(6) for d in real_comuni.values()}
    for i, official in enumerate(_chosen_comuni(rng, spec, taken)):
        fees = with_fees[i % len(with_fees)] if with_fees and rng.random() < 0.2 else None
        slug = record_slug(official)
        names[slug] = official.nome
        (comuni_dir / f"{slug}.yml").write_text(
            _comune(templates[i % len(templates)], official, fees), encoding="utf-8"
        )

    real_practices = [
        _front(p.read_text(encoding="utf-8")) for p in sorted(pratiche_dir.glob("*.md"))
    ]
    practice_templates = [
        d for d, _ in real_practices if d.get("stato", "pubblicata") == "pubblicata"
    ]
    prose = Prose(
        [b for _, b in real_practices]
        + [
            p.read_text(encoding="utf-8").split("---\n", 2)[-1]
            for p in sorted((dest / "courses").rglob("*.md"))
        ]
    )
    vocab = _vocabularies(dest)
    all_comuni = sorted(names)
    for number in range(1, max(spec.pratiche - len(real_practices), 0) + 1):
        template = practice_templates[number % len(practice_templates)]
        (pratiche_dir / f"pratica-sintetica-{number:05d}.md").write_text(
            _pratica(rng, template, number, all_comuni, names, vocab, prose), encoding="utf-8"
        )

    if spec.moduli:
        real_course = sorted(p for p in (dest / "courses").glob("*/corso.yml"))[0]
        corso = yaml.safe_load(real_course.read_text(encoding="utf-8"))
        module_templates = [
            (
                yaml.safe_load((real_course.parent / f"{m}.yml").read_text(encoding="utf-8")),
                (real_course.parent / f"{m}.md").read_text(encoding="utf-8"),
            )
            for m in corso["moduli"]
        ]
        for number in range(1, (spec.moduli + 9) // 10 + 1):
            count = min(10, spec.moduli - (number - 1) * 10)
            _course(rng, dest, number, count, corso, module_templates, prose)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", choices=sorted(SIZES), help="S, M or L")
    parser.add_argument("dest", type=Path, help="folder to create (must be new or empty)")
    parser.add_argument("--seme", "--seed", dest="seed", type=int, default=0)
    args = parser.parse_args(argv)
    generate(args.size, args.dest, args.seed)
    comuni = len(list((args.dest / "comuni").glob("*.yml")))
    pratiche = len(list((args.dest / "good_practices").glob("*.md")))
    print(f"{args.dest}: {comuni} comuni, {pratiche} buone pratiche (seme {args.seed})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
