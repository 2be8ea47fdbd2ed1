"""`rete build`: validate, generate pages, run MkDocs, then replace site/ in one step.

A bad record stops the build before anything is written; MkDocs builds into a fresh folder
that replaces site/ only once it is complete and checked, so site/ is never half-written.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import os
import re
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from rete.core.diagnostics import Diagnostic, RecordError, has_errors
from rete.core.settings import Settings, check_settings, load_settings
from rete.records.corpus import Corpus
from rete.records.validate import validate
from rete.web import forked, pages
from rete.web.forked import ChildFailed
from rete.web.incremental import Kept
from rete.web.mkdocs_run import Site, build_site
from rete.web.render import environment
from rete.web.search import finish_index, record_postings
from rete.web.search_records import Postings
from rete.web.search_synonyms import Sinonimi, load_synonyms
from rete.web.view import SiteView

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

BUILD_DIR = ".build"


class BuildError(Exception):
    """The site could not be built; the message says why, in Italian."""


@dataclass(frozen=True)
class BuildResult:
    site: Path
    comuni: int
    pratiche: int
    pages: int
    bozze: int = 0  # records in `stato: bozza`, of every type, left out of the site
    avvisi: tuple[Diagnostic, ...] = ()  # settings a published site still lacks, search


def _fresh(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def _copy_assets(docs: Path) -> None:
    source = resources.files("rete.web").joinpath("assets")
    target = docs / "assets" / "rete"
    target.mkdir(parents=True, exist_ok=True)
    for item in source.iterdir():
        if item.is_file() and not item.name.startswith("."):
            (target / item.name).write_bytes(item.read_bytes())


def _epoch(view: SiteView) -> int:
    """A build time derived from the records, so two builds of one commit are identical."""
    days = [e.model.ultima_verifica for e in view.pratiche + view.comuni] or [date(2016, 12, 20)]
    return int(datetime.combine(max(days), datetime.min.time(), tzinfo=UTC).timestamp())


FRONT_END = ("requirejs/require.js", "@jupyter-widgets/html-manager/dist/embed-amd.js")
"""Files from npm that the school's pages serve themselves (widgets), never from a CDN."""


def _run_mkdocs(root: Path, docs: Path, out: Path, site_url: str, epoch: int,
                beside: Callable[[MkDocsConfig], object] | None = None) -> Site:
    """MkDocs on both cores (`web.mkdocs_run`); what it knew is returned for `rete serve`."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("mkdocs: %(levelname)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    logger.addHandler(handler)
    try:
        with contextlib.chdir(root):  # the privacy plugin's cache path is relative to cwd
            config = load_config(str(root / "mkdocs.yml"), docs_dir=str(docs),
                                 site_dir=str(out), site_url=site_url)
            return build_site(config, workers=min(os.cpu_count() or 1, 2), beside=beside)
    except (Abort, MkDocsException) as exc:
        raise BuildError(f"MkDocs ha segnalato problemi (vedi sopra): {exc}") from None
    finally:
        logger.removeHandler(handler)
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def _records_words(view: SiteView, synonyms: Sinonimi,
                   config: MkDocsConfig) -> Postings | None:
    """The records' search words, found while MkDocs finishes (`build_site`'s `beside`)."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    separator = getattr(getattr(plugin, "config", None), "separator", None)
    return record_postings(view, synonyms, separator) if isinstance(separator, str) else None


_HREF = re.compile(r'href="([^"#?]+)')


def _linked(index_html: Path) -> set[str]:
    """The last path segment of every link of a page: the slugs it links to. Read once per
    index (reading it again for each slug was quadratic: 80 s at 5,000 practices)."""
    return {h.rstrip("/").split("/")[-1]
            for h in _HREF.findall(index_html.read_text(encoding="utf-8"))}


def _verify(out: Path, view: SiteView) -> None:
    """The site has exactly one page per published comune and practice, each linked."""
    problems = []
    for folder, slugs in (("comuni", [e.model.slug for e in view.comuni]),
                          ("pratiche", [e.model.slug for e in view.pratiche])):
        index = out / folder / "index.html"
        built = sorted(p.parent.name for p in (out / folder).glob("*/index.html"))
        if built != sorted(slugs):
            problems.append(f"{folder}/: attese {len(slugs)} pagine, costruite {len(built)}")
        linked = _linked(index)
        problems += [f"{folder}/{s}/ non è collegata da {folder}/index.html"
                     for s in slugs if s not in linked]
    if not (out / "index.html").is_file():
        problems.append("manca la home page")
    if problems:
        raise BuildError("sito incompleto: " + "; ".join(problems))


def _replace(new: Path, target: Path, work: Path) -> None:
    old = work / "site-old"
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)


_cpu_lap = [0.0]


def _cpu() -> float:
    """Processor time of this process and of the workers it has waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _lap(phase: str, start: float) -> float:
    """With RETE_TEMPI set, print how long a phase took (benchmarks/bench_build.py reads it),
    and on a line of its own the processor time it used (both cores: it may exceed it)."""
    now = time.perf_counter()
    if os.environ.get("RETE_TEMPI"):
        cpu, _cpu_lap[0] = _cpu() - _cpu_lap[0], _cpu()
        print(f"tempi: {phase} {now - start:.3f} s", file=sys.stderr, flush=True)
        print(f"tempi-cpu: {phase} {cpu:.3f} s", file=sys.stderr, flush=True)
    return now


Extra = Callable[[Corpus, Path, Path], None]
"""Builds more into the new site before it is checked: (corpus, new site folder, work folder).
The command line passes the school's builder, so site and school are replaced together."""

APART = "extra-nuovo"
"""Where `Extra` builds while MkDocs builds the site (in the work folder)."""


def _extra_apart(extra: Extra, corpus: Corpus, work: Path) -> BaseException | None:
    """`extra` in a forked process, beside MkDocs, into a folder of its own: the school's
    build is Sphinx on one core (2 to 4 s with every notebook cached at size M), which
    otherwise ran after MkDocs with the other core idle. Its error (a located notebook
    error, a school error) is returned to be raised in the build."""
    folder = _fresh(work / APART)
    try:
        extra(corpus, folder, work)
    except Exception as exc:
        return exc
    return None


def _finish_apart(child: forked.Child[BaseException | None], work: Path, out: Path) -> None:
    """Raise what `extra` raised, or move what it built into the new site, as if it had
    written there after MkDocs."""
    failure = forked.join(child)
    if failure is not None:
        raise failure
    folder = work / APART
    for source in sorted(folder.rglob("*")):
        target = out / source.relative_to(folder)
        if source.is_dir():
            target.mkdir(exist_ok=True)
        else:
            source.replace(target)
    shutil.rmtree(folder)


def build(root: Path, *, today: date | None = None, site: Path | None = None,
          work: Path | None = None, extra: Extra | None = None,
          production: bool = False, drafts: bool = False, keep: Kept | None = None) -> BuildResult:
    """Validate, generate and build into `site` (default root/site), all or nothing.

    `drafts` is the local preview's (`rete serve`): records in `stato: bozza` get pages
    marked as drafts; `rete build` never passes it, so a draft is never published.

    `production` turns the settings a published site needs (contacts, data controller, a
    public site_url) from warnings into errors, reported with the records' before writing.

    `work` holds the generated Markdown and the new site until it is checked (default
    root/.build); tests pass a temporary folder so that they never write into the checkout.

    `keep` is `rete serve`'s: validation goes through its `Revalidator` and, once the new site
    is in place, what the build knew is left there for `incremental.update`.
    """
    work = work or root / BUILD_DIR
    lap, _cpu_lap[0] = time.perf_counter(), _cpu()
    settings = load_settings(root)
    setting_problems = check_settings(root, production=production)
    if keep is not None:
        keep.site = None  # from here on, the docs folder no longer matches a kept build
    corpus = keep.revalidator.full() if keep is not None else validate(root, today)
    synonyms, synonym_problems = load_synonyms(root)
    # settings' warnings wait for a finished build: beside record errors they are noise
    setting_errors = [d for d in setting_problems if d.severity == "errore"]
    if has_errors([*setting_errors, *corpus.diagnostics, *synonym_problems]):
        raise RecordError([*setting_errors, *corpus.diagnostics, *synonym_problems])
    lap = _lap("validazione", lap)
    gc.freeze()  # see _build
    try:
        return _build(root, corpus, settings, synonyms, setting_problems, work=work, site=site,
                      extra=extra, drafts=drafts, keep=keep, lap=lap)
    finally:
        gc.unfreeze()


def _build(root: Path, corpus: Corpus, settings: Settings, synonyms: Sinonimi,
           setting_problems: list[Diagnostic], *, work: Path, site: Path | None,
           extra: Extra | None, drafts: bool, keep: Kept | None, lap: float) -> BuildResult:
    """The build once the records are valid. The objects validation made (hundreds of
    thousands at size M) live until the end: frozen, Python's cycle collector stops walking
    them again and again (half its time in the build), and forked processes stop touching,
    hence copying, their memory."""
    view = SiteView(corpus, settings, drafts=drafts)
    docs = _fresh(work / "docs")
    _copy_assets(docs)
    env = environment()
    try:
        written = pages.write_all(view, env, docs, settings.site_url,
                                  processes=min(os.cpu_count() or 1, 2))
    except (pages.PageCollision, ChildFailed) as exc:
        raise BuildError(str(exc)) from None
    out = work / "site-new"
    if out.exists():
        shutil.rmtree(out)
    missing = [name for name in FRONT_END if not (root / "node_modules" / name).is_file()]
    if missing:
        raise BuildError("mancano i file front-end da cui il sito si costruisce senza rete: "
                         "esegui `make node_modules` (npm ci) nella cartella del progetto "
                         f"({', '.join(missing)})")
    lap = _lap("generazione", lap)
    apart = (forked.start(functools.partial(_extra_apart, extra, corpus, work))
             if extra is not None and (os.cpu_count() or 1) > 1 else None)
    try:
        mkdocs_site = _run_mkdocs(root, docs, out, settings.site_url, _epoch(view),
                                  functools.partial(_records_words, view, synonyms))
    except BaseException:
        if apart is not None:  # never leave a child behind
            with contextlib.suppress(ChildFailed):
                forked.join(apart)
        raise
    lap = _lap("mkdocs", lap)
    if apart is not None:
        _finish_apart(apart, work, out)
        lap = _lap("scuola", lap)
    elif extra is not None:
        extra(corpus, out, work)
        lap = _lap("scuola", lap)
    # after the Scuola: the records' search index lists the module pages it wrote
    words = mkdocs_site.beside if isinstance(mkdocs_site.beside, Postings) else None
    search_problems = finish_index(root, out, synonyms, view, words)
    lap = _lap("ricerca", lap)
    _verify(out, view)
    target = site or root / "site"
    _replace(out, target, work)
    if keep is not None:
        keep.settings, keep.view, keep.env, keep.docs = settings, view, env, docs
        keep.target, keep.site, keep.pending = target, mkdocs_site, set()
    _lap("verifica", lap)
    left_out = sum(1 for by_slug in corpus.summaries.values()
                   for summary in by_slug.values() if summary.stato == "bozza")
    return BuildResult(target, len(view.comuni), len(view.pratiche),
                       len(written.comuni) + len(written.pratiche) + len(written.other),
                       left_out, (*setting_problems, *search_problems))
