"""Build the school: every published course as a jupyter-book 1.x book in site/scuola/.

The book's sources are assembled from the records into a work folder (notebooks copied only
when they changed, so Sphinx and jupyter-cache see an unchanged notebook as unchanged), then
Sphinx runs in this process. Notebooks execute with jupyter-cache: a rebuild without changes
executes no cell. A failing cell stops the build with a located message on the notebook.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
import shutil
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from rete.core.diagnostics import Diagnostic, RecordError
from rete.models.corso import Corso
from rete.models.modulo import Modulo
from rete.records.corpus import Corpus
from rete.records.rules import notebook_problem
from rete.school import reuse
from rete.school.downloads import COURSE_LOCK

CELL_TIMEOUT = 60  # seconds per cell; nbclient also bounds the kernel start with it
ROOT_DOC = "corsi"  # the book's home; site/scuola/index.html is the site's catalogue
STATUS_DOC = "stato"
FRONT_END = {  # npm files the widget pages load from the book itself, never from a CDN
    "vendor/requirejs/require.js": "requirejs/require.js",
    "vendor/html-manager/embed-amd.js": "@jupyter-widgets/html-manager/dist/embed-amd.js",
}


class SchoolError(RuntimeError):
    """The school could not be built; the message is for the editor."""


@dataclass
class Course:
    """A published course and the published modules it lists, in order."""

    course: Corso
    folder: Path
    modules: list[tuple[Modulo, Path]] = field(default_factory=list)


@dataclass
class SchoolResult:
    pages: list[str]  # relative to the output folder: <corso>/<modulo>.html
    executed: int  # notebooks run by this build (0 when every one came from the cache)
    cached: int


def published_courses(corpus: Corpus) -> list[Course]:
    modules = {loaded.model.slug: loaded for loaded in corpus.published("modulo")}
    out = []
    for loaded in sorted(corpus.published("corso"), key=lambda r: r.model.slug):
        course = loaded.model
        assert isinstance(course, Corso)
        entry = Course(course, loaded.raw.path.parent)
        for slug in course.moduli:
            if slug not in modules:
                continue
            module = modules[slug].model
            assert isinstance(module, Modulo)
            folder = modules[slug].raw.path.parent
            if notebook_problem(module.notebook_file) is not None:  # the validator said why
                raise SchoolError(f"il quaderno del modulo '{slug}' non è utilizzabile")
            notebook = (folder / module.notebook_file).resolve()
            if not notebook.is_relative_to(corpus.root.resolve() / "courses"):
                raise SchoolError(f"il quaderno del modulo '{slug}' è fuori da courses/")
            entry.modules.append((module, notebook))
        out.append(entry)
    return out


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _sync_tree(source: Path, target: Path) -> None:
    for path in sorted(source.rglob("*")):
        if path.is_file():
            _write_if_changed(target / path.relative_to(source), path.read_bytes())


PAGE_DESCRIPTIONS = {  # pages of the book that no record describes
    ROOT_DOC: "I corsi della Scuola di formazione della Rete dei Comuni amici della Famiglia: "
              "un quaderno Jupyter per modulo, con esercizi e soluzioni.",
    STATUS_DOC: "Quando è stato eseguito l'ultima volta ogni quaderno della Scuola di "
                "formazione, in quanto tempo e con quale esito.",
}
DEFAULT_DESCRIPTION = ("Scuola di formazione della Rete dei Comuni amici della Famiglia: "
                       "corsi sulle politiche con le famiglie, con quaderni Jupyter.")


def descriptions(courses: list[Course]) -> dict[str, str]:
    """Each page's <meta name="description"> by Sphinx page name: a module's is its record's
    `sintesi` (plain text: layout.html escapes it), the others' fixed texts."""
    found = dict(PAGE_DESCRIPTIONS)
    for c in courses:
        for module, _ in c.modules:
            found[f"{c.course.slug}/{module.slug}"] = " ".join(module.sintesi.split())
    return found


def _config(site_name: str, courses: list[Course]) -> dict[str, Any]:
    return {
        "title": "Scuola di formazione",
        "author": site_name,
        "copyright": "Rete dei Comuni amici della Famiglia, testi CC BY 4.0",
        "only_build_toc_files": True,
        "exclude_patterns": ["_build", "_extra", "_templates", "**.ipynb_checkpoints"],
        "execute": {"execute_notebooks": "cache", "timeout": CELL_TIMEOUT,
                    "allow_errors": False, "stderr_output": "show"},
        "parse": {"myst_enable_extensions": ["colon_fence", "dollarmath"]},
        "html": {"use_multitoc_numbering": False, "home_page_in_navbar": True},
        "launch_buttons": {"thebe": False},
        "sphinx": {"config": {
            "language": "it",
            # jupyter-book's own list without sphinx_thebe (unpkg) and intersphinx (online)
            "extensions": ["sphinx_togglebutton", "sphinx_copybutton", "myst_nb",
                           "jupyter_book", "sphinx_comments", "sphinx_external_toc",
                           "sphinx_design", "sphinx_book_theme", "rete.school.sphinx_slim"],
            "templates_path": ["_templates"],
            "html_extra_path": ["_extra"],  # widget scripts: on widget pages only
            "html_show_sphinx": False,
            "html_copy_source": False,
            "html_sourcelink_suffix": "",
            "html_last_updated_fmt": "%d/%m/%Y",
            "nb_execution_raise_on_error": False,  # failures are read back from the cache
            "nb_execution_show_tb": True,
            "nb_merge_streams": True,
            "nb_code_prompt_show": "Mostra il codice",
            "nb_code_prompt_hide": "Nascondi il codice",
            "togglebutton_hint": "Mostra la soluzione",
            "togglebutton_hint_hide": "Nascondi la soluzione",
            "copybutton_selector": "div.highlight pre",
            "nb_ipywidgets_js": {"../vendor/requirejs/require.js": {},
                                 "../vendor/html-manager/embed-amd.js":
                                     {"data-jupyter-widgets-cdn": "vendor/npm/"}},
            # Formulae become MathML at build time (rete.school.sphinx_slim): no MathJax.
            "html_math_renderer": "mathml",
            "html_theme_options": {
                "search_bar_text": "Cerca nella Scuola…",
                "use_download_button": True,
                "use_fullscreen_button": False,
                "use_repository_button": False,
                "home_page_in_toc": True,
                "back_to_top_button": False,
                "pygments_light_style": "a11y-high-contrast-light",
                "pygments_dark_style": "a11y-high-contrast-dark",
                "article_header_start": ["toggle-primary-sidebar.html", "rete-torna.html"],
                "footer_content_items": ["author.html", "last-updated.html",
                                         "rete-piede.html"],
                "launch_buttons": {},
            },
            "html_context": {"rete_site_name": site_name, "rete_site_url": "../",
                             "rete_descriptions": descriptions(courses),
                             "rete_description": DEFAULT_DESCRIPTION},
        }},
    }


_MYST_PUNCTUATION = "\\`*_{}[]()#+-.!|~$:"  # < > & become entities


def inert(text: str) -> str:
    """A record's plain text inside MyST: no HTML, no role, directive, link or emphasis.

    Editors' text never reaches the book's Markdown as markup (MyST passes raw HTML through);
    what is left is a sentence, shown as written."""
    out = "".join("\\" + c if c in _MYST_PUNCTUATION else c for c in " ".join(text.split()))
    return html.escape(out, quote=False)


def _home(courses: list[Course]) -> str:
    lines = ["# Scuola di formazione per le politiche con le famiglie", "",
             "I corsi della Scuola, un quaderno per modulo. Il catalogo con destinatari, durata, "
             "edizioni e file da scaricare è nella [pagina della Scuola](../index.html) del "
             "sito.", ""]
    for c in courses:
        lines += [f"## {inert(c.course.titolo)}", "", inert(c.course.sintesi), ""]
        for module, _ in c.modules:
            lines.append(f"- [{inert(module.titolo)}]({c.course.slug}/{module.slug}.md)")
        lines.append("")
    lines += [f"[Stato di esecuzione dei quaderni]({STATUS_DOC}.md)", ""]
    return "\n".join(lines)


def _toc(courses: list[Course]) -> dict[str, Any]:
    parts = [{"caption": c.course.titolo,
              "chapters": [{"file": f"{c.course.slug}/{m.slug}"} for m, _ in c.modules]}
             for c in courses if c.modules]
    parts.append({"caption": "Informazioni", "chapters": [{"file": STATUS_DOC}]})
    return {"format": "jb-book", "root": ROOT_DOC, "parts": parts}


STATUS_PAGE = """# Stato di esecuzione dei quaderni

Ogni quaderno della Scuola è eseguito a ogni costruzione del sito: se una cella non funziona,
il sito non viene pubblicato. La tabella dice quando ogni quaderno è stato eseguito l'ultima
volta, in quanto tempo e con quale esito.

```{nb-exec-table}
```
"""


def assemble(root: Path, courses: list[Course], src: Path, site_name: str) -> None:
    """Write the book's sources into `src`, touching only what changed."""
    theme = resources.files("rete.school").joinpath("theme")
    for sub in ("_templates", "_static"):
        with resources.as_file(theme.joinpath(sub)) as folder:
            _sync_tree(Path(folder), src / sub)
    for target, npm in FRONT_END.items():
        source = root / "node_modules" / npm
        if not source.is_file():
            raise SchoolError("mancano i file front-end della Scuola: esegui `make "
                              f"node_modules` nella cartella del progetto ({npm})")
        _write_if_changed(src / "_extra" / target, source.read_bytes())
    dump = yaml.safe_dump
    config = _config(site_name, courses)
    _write_if_changed(src / "_config.yml",
                      dump(config, allow_unicode=True, sort_keys=False).encode())
    _write_if_changed(src / "_toc.yml", dump(_toc(courses), sort_keys=False).encode())
    _write_if_changed(src / f"{ROOT_DOC}.md", _home(courses).encode())
    _write_if_changed(src / f"{STATUS_DOC}.md", STATUS_PAGE.encode())
    for c in courses:
        for module, notebook in c.modules:
            _write_if_changed(src / c.course.slug / f"{module.slug}.md", notebook.read_bytes())
        data = c.folder / "dati"
        if data.is_dir():
            _sync_tree(data, src / c.course.slug / "dati")


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CELL_SOURCE = re.compile(r"following cell:\n-+\n(.*?)\n-+\n", re.S)
_ERROR_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Interrupt|Exit)\b.*$", re.M)


def failures(records: list[Any], sources: dict[Path, str]) -> list[Diagnostic]:
    """Notebooks whose execution failed, located on the notebook file the editor wrote."""
    out = []
    for record in records:
        built = Path(record.uri)
        shown = sources.get(built.resolve(), built.name)
        text = _ANSI.sub("", record.traceback)
        line, cell = 1, ""
        found = _CELL_SOURCE.search(text)
        notebook = built.read_text(encoding="utf-8").splitlines() if built.is_file() else []
        if found:
            first = found.group(1).strip().splitlines()[0] if found.group(1).strip() else ""
            count = 0
            for i, row in enumerate(notebook, start=1):
                if row.startswith("```{code-cell}"):
                    count += 1
                if first and row.strip() == first.strip():
                    line, cell = i, f"cella {count}: "
                    break
        errors = _ERROR_LINE.findall(text)
        last = [m.group(0) for m in _ERROR_LINE.finditer(text)]
        what = last[-1] if errors else text.strip().splitlines()[-1]
        out.append(Diagnostic(shown, line, 1, "(quaderno)", "errore",
                              f"{cell}l'esecuzione si è fermata: {what}"))
    return out


_KERNEL_START = re.compile(r"Kernel didn't respond|Kernel died before replying|DeadKernelError"
                           r"|kernel_info reply|Timeout waiting for kernel")


def _failed_records(cache: Path) -> list[Any]:
    """jupyter-cache's records of notebooks whose last execution failed (traceback kept)."""
    if not cache.is_dir():
        return []
    from jupyter_cache import get_cache

    return [r for r in get_cache(str(cache)).list_project_records() if r.traceback]


def _stalled_kernels(records: list[Any]) -> list[Path]:
    """Notebooks whose kernel did not start (toolchain.md: 2 in ~70 runs): transient, unlike
    a cell's error, so worth one more try. Cell errors are never retried."""
    return [Path(r.uri) for r in records
            if _KERNEL_START.search(r.traceback) and "following cell" not in r.traceback]


def _executions(cache: Path) -> set[tuple[str, int]]:
    """Every execution jupyter-cache holds, by its folder: a new one means a notebook ran.

    Listing the folders costs nothing; opening the cache's database costs half a second."""
    folder = cache / "executed"
    if not folder.is_dir():
        return set()
    return {(p.name, p.stat().st_mtime_ns) for p in folder.iterdir()}


def build_school(root: Path, corpus: Corpus, out: Path, work: Path,
                 site_name: str = "Rete dei Comuni amici della Famiglia") -> SchoolResult:
    """Build every published course into `out` (site/scuola), or raise with located errors."""
    from jupyter_book.sphinx import build_sphinx

    courses = published_courses(corpus)
    pages = [f"{c.course.slug}/{m.slug}.html" for c in courses for m, _ in c.modules]
    key = reuse.fingerprint(root, [root / "node_modules" / npm for npm in FRONT_END.values()]
                            + [root / COURSE_LOCK], site_name)
    if reuse.restore(work, key, out) is not None:
        return SchoolResult(pages, 0, len(pages))
    src, html, cache = work / "school-src", work / "school-html", work / "school-cache"
    assemble(root, courses, src, site_name)
    sources = {(src / c.course.slug / f"{m.slug}.md").resolve():
               nb.relative_to(root.resolve()).as_posix()
               for c in courses for m, nb in c.modules}
    before = _executions(cache)
    log = io.StringIO()
    for attempt in (1, 2):
        with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
            status = build_sphinx(str(src), str(html), path_config=str(src / "_config.yml"),
                                  noconfig=True, quiet=False, warningiserror=False,
                                  confoverrides={"nb_execution_cache_path": str(cache),
                                                 "latex_individualpages": False})
        failed = _failed_records(cache)
        stalled = _stalled_kernels(failed)
        if attempt == 1 and stalled:  # a kernel that did not start is retried, once
            for notebook in stalled:
                notebook.touch()  # read (and so executed) again by the second build
            continue
        break
    found = failures(failed, sources)
    if found:
        raise RecordError(found)
    if status:
        tail = "\n".join(log.getvalue().strip().splitlines()[-15:])
        raise SchoolError(f"la costruzione della Scuola non è riuscita:\n{tail}")
    executed = len(_executions(cache) - before)
    # Merged beside the site's catalogue (scuola/index.html), which the book never replaces.
    # The themes copy their Jinja macro files (_static/*-macros.html) as static files: no page
    # links them, and as HTML they are invalid, so they stay out of the site.
    shutil.copytree(html, out, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(*reuse.BOOK_LEFT_OUT))
    missing = [p for p in pages if not (out / p).is_file()]
    if missing:
        raise SchoolError("pagine della Scuola mancanti: " + ", ".join(missing))
    from rete.school.downloads import DownloadError, write_downloads

    try:  # .ipynb, single-page HTML and course zip, which the catalogue links
        downloads = write_downloads(root, courses, src, cache, out, work)
    except DownloadError as exc:
        raise SchoolError(str(exc)) from None
    reuse.keep(work, key, out, [*reuse.book_files(html), *downloads])
    return SchoolResult(pages, executed, len(pages) - executed)
