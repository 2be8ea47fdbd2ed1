"""The school's downloads, which run elsewhere: per module a notebook and one HTML page, per
course a zip that runs on a trainee's computer without this repository.

- `<corso>/<modulo>.ipynb`: the MyST notebook as .ipynb, without outputs (the trainee runs it).
- `<corso>/<modulo>-pagina.html`: one self-contained page with the outputs the build executed
  (read from jupyter-cache: in cache mode myst-nb's jupyter_execute copies have none). It loads
  nothing: CSS inline and purged, no MathJax or mermaid, and scripts only on widget pages.
- `<corso>/<corso>.zip`: notebooks (.ipynb and .md), `dati/`, the `rete` wheel, a
  requirements.txt pinned from requirements-corso.lock, and LEGGIMI.txt. Reproducible: fixed
  timestamps (the records' newest `ultima_verifica`), sorted entries.

Everything is made in `work/school-downloads` and copied into the site; a page is exported
again only when its executed notebook changed, the wheel only when its sources changed.
"""

from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from packaging.utils import canonicalize_name

import rete
from rete.school.css_purge import purge_css

if TYPE_CHECKING:
    from rete.models.corso import Corso
    from rete.models.modulo import Modulo

WHEEL_EPOCH = 315532800  # 1980-01-01, the zip format's first day: a cached wheel is dateless
WIDGET_JS = ("requirejs/require.js", "@jupyter-widgets/html-manager/dist/embed-amd.js")
PIP_TIMEOUT = 300  # seconds for building the wheel

# lab's template, minus everything it would fetch: no require.js or widget renderer unless the
# notebook has widget state, then both gzipped inline (4.4 MB of renderer become 1.5 MB) and
# run by a few lines; solutions (hide-input) folded in <details>, which needs no script; the
# module's `sintesi` as meta description; the widget state inside <body> (valid HTML).
TEMPLATE = r"""{%- extends 'lab/index.html.j2' -%}
{%- block html_head -%}{{ super() }}
<meta name="description" content="{{ resources.rete_description | e }}">
{%- endblock html_head -%}
{% block body_footer %}
</main>
{% endblock body_footer %}
{#- lab puts </body> before the widget state that lab/base's footer writes: a stray <script>
    after the body. Here the state comes first, then </body>. -#}
{% block footer %}{{ super.super() }}
</body>
</html>
{% endblock footer %}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block jupyter_widgets %}{%- if "widgets" in nb.metadata -%}
{%- for js in resources.rete_widget_js -%}
<script type="application/gzip" class="rete-js">{{ js }}</script>
{%- endfor -%}
<script>(async () => {
  for (const el of document.querySelectorAll("script.rete-js")) {
    const zipped = Uint8Array.from(atob(el.textContent), (c) => c.charCodeAt(0));
    const stream = new Blob([zipped]).stream().pipeThrough(new DecompressionStream("gzip"));
    const run = document.createElement("script");
    run.textContent = await new Response(stream).text();
    document.head.appendChild(run);
  }
})();</script>
{%- endif -%}{% endblock jupyter_widgets %}
{% block input_group -%}{%- if "hide-input" in cell.metadata.get("tags", []) -%}
<details><summary style="cursor: pointer; margin-left: calc(var(--jp-cell-prompt-width) + 5px)">
Mostra la soluzione</summary>{{ super() }}</details>
{%- else -%}{{ super() }}{%- endif -%}{% endblock input_group %}
"""


class DownloadError(RuntimeError):
    """A download could not be made; the message is for the editor."""


class CourseLike(Protocol):
    """What the downloads read of book.Course (not imported: book calls this module)."""

    course: Corso
    folder: Path
    modules: list[tuple[Modulo, Path]]


def _write_if_changed(path: Path, data: bytes) -> None:
    if not path.is_file() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _digest(parts: Iterable[bytes]) -> str:
    sha = hashlib.sha256()
    for part in parts:
        sha.update(hashlib.sha256(part).digest())
    return sha.hexdigest()


def notebook_ipynb(myst: str) -> bytes:
    """The .ipynb a trainee opens: stable cell ids (a rebuild gives the same bytes), hidden
    inputs folded in JupyterLab, no jupytext metadata (a plain notebook)."""
    import jupytext  # type: ignore[import-untyped]

    nb = jupytext.reads(myst, fmt="md:myst")
    nb.metadata.pop("jupytext", None)
    for i, cell in enumerate(nb.cells, start=1):
        cell.id = f"cella-{i}"
        if {"hide-input", "remove-cell", "remove-input"} & set(cell.metadata.get("tags", [])):
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
    return str(jupytext.writes(nb, fmt="ipynb")).encode()


def _ipynb(myst: str, target: Path) -> bytes:
    """notebook_ipynb, reused while the MyST text is the same (jupytext costs 0.3 s each)."""
    stamp = target.with_suffix(".ipynb.sha256")
    key = _digest([myst.encode(), metadata.version("jupytext").encode()])
    if target.is_file() and stamp.is_file() and stamp.read_text(encoding="utf-8") == key:
        return target.read_bytes()
    data = notebook_ipynb(myst)
    _write_if_changed(target, data)
    _write_if_changed(stamp, key.encode())
    return data


def executed_notebook(myst: str, cache: Path) -> Any:
    """The notebook with the outputs (and widget state) the build's jupyter-cache holds.

    Read with myst-nb's reader, the one the book used, so the cache recognises it."""
    from jupyter_cache import get_cache
    from myst_nb.core.read import read_myst_markdown_notebook  # type: ignore[import-untyped]

    nb = read_myst_markdown_notebook(myst)
    if any(cell.cell_type == "code" for cell in nb.cells):
        try:
            _, nb = get_cache(str(cache)).merge_match_into_notebook(nb)
        except KeyError:
            raise DownloadError("un quaderno eseguito non è nella cache di esecuzione: "
                                "ricostruisci la Scuola") from None
    for i, cell in enumerate(nb.cells, start=1):
        cell.id = f"cella-{i}"
    return nb


_PROPERTY = re.compile(r"(--[\w-]+)\s*:(?:url\([^)]*\)|[^;{}])*;?")
_READ = re.compile(r"var\(\s*(--[\w-]+)")


def _if_read(read: set[str], found: re.Match[str]) -> str:  # a partial: no late binding
    return found.group(0) if found.group(1) in read else ""


def _drop_unused_properties(css: str, used_in: str) -> str:
    """Remove custom properties never read: lab's CSS defines ~370, most icons as data URLs."""
    while True:  # a property read only by a dropped one goes in the next round
        read = set(_READ.findall(css)) | set(_READ.findall(used_in))
        kept = _PROPERTY.sub(functools.partial(_if_read, read), css)
        if kept == css:
            return css
        css = kept


def _slim_styles(page: str, scripts: str) -> str:
    """Purge the inline CSS to what the page (and its widget renderer) can use."""
    style = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)
    text = style.sub("", page) + scripts
    vocab = set(re.findall(r"[A-Za-z0-9_-]+", text))
    page = style.sub(lambda m: m.group(1) + purge_css(m.group(2), vocab) + m.group(3), page)
    css = "".join(m.group(2) for m in style.finditer(page))
    return style.sub(lambda m: m.group(1) + _drop_unused_properties(m.group(2), text + css)
                     + m.group(3), page)


# `overflow: overlay` (lab's CSS) is no CSS value any more; browsers read it as `auto`.
_OVERLAY = re.compile(r"(overflow(?:-[xy])?\s*:\s*)overlay\b")


def page_html(nb: Any, title: str, node_modules: Path, folder: Path,
              description: str = "") -> bytes:
    """One self-contained HTML page of an executed notebook (nbconvert, lab template)."""
    import jinja2
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config({"TagRemovePreprocessor": {  # the tags the book honours too
        "enabled": True, "remove_cell_tags": {"remove-cell"},
        "remove_input_tags": {"remove-input"}, "remove_all_outputs_tags": {"remove-output"}}})
    exporter = HTMLExporter(  # type: ignore[no-untyped-call]
        config=config, template_name="lab", template_file="rete.html.j2",
        extra_loaders=[jinja2.DictLoader({"rete.html.j2": TEMPLATE})], embed_images=True,
        language_code="it", mathjax_url="", mermaid_js_url="", mermaid_layout_elk_js_url="",
        require_js_url="", widget_renderer_url="", jupyter_widgets_base_url="")
    exporter.theme = "light"
    scripts = [(node_modules / js).read_bytes() for js in WIDGET_JS if "widgets" in nb.metadata]
    resources = {"metadata": {"name": title, "path": str(folder)},
                 "rete_description": " ".join(description.split()),
                 "rete_widget_js": [base64.b64encode(gzip.compress(js, 9, mtime=0)).decode()
                                    for js in scripts]}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    body = _OVERLAY.sub(r"\1auto", body)
    return _slim_styles(body, b"".join(scripts).decode()).encode()


def _project_source(root: Path) -> Path:
    """The `rete` source tree: the project being built, or (a fixture) this package's own."""
    for candidate in (root, Path(rete.__file__).resolve().parents[2]):
        if all((candidate / f).is_file() for f in ("pyproject.toml", "scripts/rete/__init__.py")):
            return candidate
    raise DownloadError("non trovo i sorgenti del pacchetto rete per i corsi da scaricare")


def rete_wheel(source: Path, work: Path) -> Path:
    """The `rete` wheel, built once per content of its sources (a copy: no build/ or
    egg-info left in the project) and kept in `work/school-wheel/<hash>/`."""
    names = ["pyproject.toml", "README.md", *(p.name for p in source.glob("LICEN[CS]E*"))]
    files = sorted([source / n for n in names if (source / n).is_file()]
                   + [p for p in (source / "scripts").rglob("*") if p.is_file()
                      and "__pycache__" not in p.parts and ".egg-info" not in str(p.parent)])
    key = _digest(p.relative_to(source).as_posix().encode() + b"\0" + p.read_bytes()
                  for p in files)[:16]
    folder = work / "school-wheel"
    if found := sorted((folder / key).glob("rete-*.whl")):
        return found[0]
    shutil.rmtree(folder, ignore_errors=True)
    copy = folder / "sorgenti"
    for path in files:
        (copy / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy / path.relative_to(source))
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(WHEEL_EPOCH), PIP_DISABLE_PIP_VERSION_CHECK="1")
    try:
        subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                        "--no-build-isolation", "-w", str(folder / key), str(copy)],
                       env=env, check=True, capture_output=True, text=True,
                       timeout=PIP_TIMEOUT)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        why = str(exc.stderr or "")[-2000:]
        raise DownloadError(f"il pacchetto rete non si costruisce: {exc}\n{why}") from None
    shutil.rmtree(copy)
    return sorted((folder / key).glob("rete-*.whl"))[0]


COURSE_LOCK = "requirements-corso.lock"
"""What a trainee installs: the wheel's dependencies, the kernel, the notebooks' libraries and
JupyterLab, pinned for every platform (uv --universal), constrained to the project's lock."""

_PIN = re.compile(r"([A-Za-z0-9][\w.-]*)==([^\s;\\]+)(?:\s*;\s*([^\\]+?))?\s*\\?$")


def requirements(lock: Path, hashes: bool = False) -> list[str]:
    """The course lock's pins as requirement lines (`name==version ; marker`).

    Without hashes by default: the zip's file also names the `rete` wheel built at build
    time, and a trainee's pip then fetches each platform's wheels of these exact versions."""
    lines: list[str] = []
    for raw in lock.read_text(encoding="utf-8").splitlines():
        if found := _PIN.match(raw.strip()):
            line = f"{canonicalize_name(found[1])}=={found[2]}"
            lines.append(line + (f" ; {found[3].strip()}" if found[3] else ""))
        elif hashes and lines and (sha := re.search(r"--hash=(\S+)", raw)):
            lines[-1] += f" \\\n    --hash={sha[1]}"
    if not lines:
        raise DownloadError(f"{lock.name} non elenca pacchetti")
    return lines


LEGGIMI = """{titolo}
{riga}

Questo archivio contiene i quaderni Jupyter del corso, i dati che leggono e ciò che serve per
eseguirli sul tuo computer, anche senza il sito della Rete.

Contenuto
  I quaderni, nell'ordine del corso:
{indice}
  <modulo>.md       gli stessi quaderni come testo MyST (per chi usa jupytext)
{dati}  requirements.txt  le versioni dei pacchetti Python con cui i quaderni sono provati
  pacchetti/        il pacchetto rete: motore delle tariffe, simulatore ed esercizi

Installazione (una volta sola; serve Python 3.11 o più recente e internet)
  Apri un terminale in questa cartella, poi:
    Linux e macOS:  python3 -m venv .venv
                    .venv/bin/python -m pip install -r requirements.txt
    Windows:        py -m venv .venv
                    .venv\\Scripts\\python -m pip install -r requirements.txt

Avvio
    Linux e macOS:  .venv/bin/jupyter lab
    Windows:        .venv\\Scripts\\jupyter lab
  Si apre il browser: apri {primo} ed esegui le celle in ordine (Maiusc+Invio).
  Negli esercizi scrivi la risposta al posto di None ed esegui la cella: la verifica dice se è
  giusta. Le celle con la soluzione sono chiuse: un clic sulla barra le apre.

Che cosa è illustrativo
  I dati che i quaderni indicano come illustrativi (pesi della scala, schemi tariffari
  d'esempio, popolazioni sintetiche, importi d'esempio) servono a esercitarsi: non sono
  tariffe in vigore, statistiche o previsioni di alcun comune. I fatti sulla Rete e sui comuni
  vengono dalle fonti citate nei quaderni e nei file di dati.{esempi}
"""


def leggimi(course: Corso, modules: Sequence[Modulo], has_data: bool) -> str:
    """LEGGIMI.txt: what the zip holds, how to install and start it, what is illustrative."""
    index = "\n".join(f"  {i}. {m.slug}.ipynb  {m.titolo}" for i, m in enumerate(modules, 1))
    examples = [f"«{t}»" for t, i in [(course.titolo, course.illustrativo),
                                        *((m.titolo, m.illustrativo) for m in modules)] if i]
    text = LEGGIMI.format(
        titolo=course.titolo, riga="=" * len(course.titolo), indice=index,
        dati="  dati/             i file che i quaderni leggono (lasciali accanto ai quaderni)\n"
        if has_data else "", primo=f"{modules[0].slug}.ipynb" if modules else "un quaderno",
        esempi=f"\n  Esempi illustrativi, non materiali reali: {', '.join(examples)}."
        if examples else "")
    return text.replace("\n", "\r\n")  # readable in Windows Notepad too


def course_zip(entries: dict[str, bytes], day: date) -> bytes:
    """A zip with sorted entries and one timestamp: the same files give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, (day.year, day.month, day.day, 0, 0, 0))
            info.external_attr, info.create_system = 0o644 << 16, 3
            packed = name.endswith(".whl")  # already compressed
            info.compress_type = zipfile.ZIP_STORED if packed else zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name], compresslevel=None if packed else 9)
    return buffer.getvalue()


def _module_page(myst: str, module: Modulo, cache: Path, node_modules: Path, folder: Path,
                 made: Path) -> None:
    """Export the module's page into `made` unless the same notebook text, executions,
    template, title and widget scripts made it there already (nbconvert takes ~0.5 s a page,
    opening the cache 0.2 s): the key is computed without reading the cache."""
    page, stamp = made / f"{module.slug}-pagina.html", made / ".keys.json"
    executed = sorted(p.name for p in (cache / "executed").iterdir()) \
        if (cache / "executed").is_dir() else []
    key = _digest([myst.encode(), "\0".join(executed).encode(), TEMPLATE.encode(),
                   f"{module.titolo}\0{module.sintesi}\0{metadata.version('nbconvert')}"
                   .encode(),
                   *((node_modules / js).read_bytes() for js in WIDGET_JS)])
    keys = json.loads(stamp.read_text(encoding="utf-8")) if stamp.is_file() else {}
    if keys.get(module.slug) != key or not page.is_file():
        nb = executed_notebook(myst, cache)
        _write_if_changed(page, page_html(nb, module.titolo, node_modules, folder,
                                                module.sintesi))
        _write_if_changed(stamp, json.dumps({**keys, module.slug: key}, indent=1).encode())


def write_downloads(root: Path, courses: Sequence[CourseLike], src: Path, cache: Path,
                    out: Path, work: Path) -> list[str]:
    """Make every course's downloads in `work` and copy them into `out` (site/scuola).

    `src` holds the book's copies of the notebooks, `cache` the executions. Returns the
    written paths, relative to `out`."""
    source = _project_source(root)
    wheel = rete_wheel(source, work)
    pins = ("# I pacchetti dei quaderni, nelle versioni provate (vedi LEGGIMI.txt).\n"
            f"--find-links pacchetti\nrete=={wheel.name.split('-')[1]}\n"
            + "".join(f"{line}\n" for line in requirements(source / COURSE_LOCK)))
    made, written = work / "school-downloads", []
    for c in courses:
        slug = c.course.slug
        entries = {f"{slug}/pacchetti/{wheel.name}": wheel.read_bytes(),
                   f"{slug}/requirements.txt": pins.encode()}
        for module, _ in c.modules:
            myst = (src / slug / f"{module.slug}.md").read_text(encoding="utf-8")
            entries[f"{slug}/{module.slug}.md"] = myst.encode()
            entries[f"{slug}/{module.slug}.ipynb"] = _ipynb(
                myst, made / slug / f"{module.slug}.ipynb")
            _module_page(myst, module, cache, root / "node_modules", src / slug, made / slug)
            written += [f"{slug}/{module.slug}.ipynb", f"{slug}/{module.slug}-pagina.html"]
        data = c.folder / "dati"
        for path in sorted(data.rglob("*")) if data.is_dir() else []:
            if path.is_file() and "__pycache__" not in path.parts:
                entries[f"{slug}/dati/{path.relative_to(data).as_posix()}"] = path.read_bytes()
        modules = [m for m, _ in c.modules]
        entries[f"{slug}/LEGGIMI.txt"] = leggimi(c.course, modules, data.is_dir()).encode()
        day = max([c.course.ultima_verifica, *(m.ultima_verifica for m in modules)])
        _write_if_changed(made / slug / f"{slug}.zip", course_zip(entries, day))
        written.append(f"{slug}/{slug}.zip")
    for rel in written:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(made / rel, out / rel)
    return written
