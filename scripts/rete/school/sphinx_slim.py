"""Local Sphinx extension that keeps each page of the school's book under 500 KB.

jupyter-book 1.x and its extensions put every asset on every page and ship the whole of
Font Awesome and of several CSS frameworks, most of which a page never uses:

- html-page-context: per page, drop the assets of sphinx-design, copybutton, togglebutton,
  myst-nb and MathJax when the page body does not use them.
- build-finished: slim pydata-sphinx-theme's CSS (drop the Font Awesome glyph rules no page
  uses), replace its Font Awesome web fonts by subsets holding only the used glyphs
  (fontTools, WOFF/zlib: no brotli needed) and delete the unused big font/JS files.
- build-finished, later: purge the selectors no page can match from the CSS files listed in
  the `rete_purge_css` config value (see rete.school.css_purge).
- maths: the `mathml` renderer (html_math_renderer = "mathml") writes formulae as MathML at
  build time with docutils' LaTeX converter; browsers lay MathML out natively, so a page
  with maths loads no MathJax (1.16 MB for es5/tex-chtml.js alone) and no maths font.
- widgets: a page with ipywidgets does not load their 4.4 MB bundle (the `nb_ipywidgets_js`
  scripts) nor their saved state (moved to <page>.widget-state.json); a note with a button
  is put before the first widget, and layout.html loads state and scripts only when the
  reader asks (context `rete_widgets`).
- Italian labels: a few English labels that Sphinx and myst-nb write into the body
  (`BODY_LABELS`), and the download button's link to sources that are not copied.
- hidden code cells: myst-nb writes its "Mostra il codice" labels as <p> inside <summary>,
  which HTML forbids (summary takes phrasing content only); `visit_hide_cell` writes them as
  <span> (rete-book.css lays them out as mystnb.css did the <p>).
- build-finished, last: nothing in a page's <head> blocks its first paint but one
  stylesheet. Sphinx and the themes link 7 to 9 stylesheets (one of them @imports a
  tenth) and 6 to 10 synchronous scripts: each a request the phone waits for before it
  paints (Lighthouse: FCP 1.7 s on a module page). Each page's stylesheets become one
  content-hashed file (`bundle_head_assets`), its scripts are deferred (they still run in
  document order before DOMContentLoaded, which they wait for) and the 300-byte
  documentation_options.js, which inline snippets read while the page is parsed, is inlined.
- build-finished, after that: what the theme's scripts did to a page after its first paint
  is written at build time or done later (rete.school.script_load: copy buttons, tab stops
  of code blocks, tooltips, `noprint` classes).
"""

from __future__ import annotations

import hashlib
import html
import logging
import os
import re
from collections.abc import Set as AbstractSet
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

# docutils ships no types and types-docutils is not in requirements.lock.
from docutils import nodes  # type: ignore[import-untyped]
from docutils.utils.math import (  # type: ignore[import-untyped]
    MathError,
    latex2mathml,
    unichar2tex,
)
from sphinx.locale import _
from sphinx.util import logging as sphinx_logging
from sphinx.util.math import get_node_equation_number

from rete.school.css_purge import purge_css
from rete.school.script_load import copy_buttons, no_print_classes, patch_scripts

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata
    from sphinx.writers.html5 import HTML5Translator

logger = sphinx_logging.getLogger(__name__)

# (asset filename fragment, markers of which one must appear in the page body to keep it)
PRUNE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sphinx-design.min.css", ("sd-",)),
    ("design-tabs.js", ("sd-tab",)),
    ("clipboard.min.js", ('class="highlight',)),
    ("copybutton.js", ('class="highlight',)),
    ("copybutton.css", ('class="highlight',)),
    ("togglebutton.js", ("toggle", "dropdown")),
    ("togglebutton.css", ("toggle", "dropdown")),
    ("mystnb.", ("cell", "output")),
    # Sphinx's MathDomain.has_equations() is true for a page whose toctree *children*
    # have math (e.g. the root page): load MathJax only where the body has math.
    ("mathjax", ('class="math',)),
)

# English labels written into the page body by Sphinx and myst-nb (the Italian catalogues
# lack them).
BODY_LABELS = (
    ('title="Link to this heading"', 'title="Collegamento a questa sezione"'),
    ('title="Link to this equation"', 'title="Collegamento a questa formula"'),
    ('title="Link to this image"', 'title="Collegamento a questa immagine"'),
    ('title="Link to this table"', 'title="Collegamento a questa tabella"'),
    ('title="Link to this code"', 'title="Collegamento a questo codice"'),
    # myst-nb's execution table ({nb-exec-table} on the school's status page)
    ('<th class="head"><p>Document</p></th>', '<th class="head"><p>Quaderno</p></th>'),
    ('<th class="head"><p>Modified</p></th>', '<th class="head"><p>Eseguito il</p></th>'),
    ('<th class="head"><p>Method</p></th>', '<th class="head"><p>Modo</p></th>'),
    ('<th class="head"><p>Run Time (s)</p></th>', '<th class="head"><p>Durata (s)</p></th>'),
    ('<th class="head"><p>Status</p></th>', '<th class="head"><p>Esito</p></th>'),
    ("<td><p>✅</p></td>", '<td><p><span aria-hidden="true">✅</span> riuscita</p></td>'),
    ("<td><p>❌</p></td>", '<td><p><span aria-hidden="true">❌</span> fallita</p></td>'),
    ("<td><p>cache</p></td>", "<td><p>con cache</p></td>"),
)
WIDGET_VIEW = '<script type="application/vnd.jupyter.widget-view+json">'
WIDGET_STATE_TYPE = "application/vnd.jupyter.widget-state+json"
WIDGET_NOTE = """<div class="rete-widget-avviso admonition note">
<p class="admonition-title">Comandi interattivi</p>
<p>In questo punto il quaderno mostra cursori e caselle. Nella pagina web non c'è Python:
i comandi ricalcolano i risultati solo quando esegui il quaderno in Jupyter (lo scarichi
dal <a href="{catalogue}">catalogo della Scuola</a>). Qui puoi vederli nello stato in cui
il quaderno è stato eseguito.</p>
<p class="pst-js-only"><button type="button" class="btn rete-widget-attiva">Mostra i comandi
({size} da scaricare)</button></p>
</div>
"""

# A Font Awesome glyph rule of the theme's minified CSS: `.fa-x:before,.fa-y:before{content:…}`.
FA_RULE = re.compile(r"((?:\.fa-[a-z0-9-]+:(?:before|after),?)+)\{content:[^}]*\}")
PST_ICON = re.compile(r'--pst-icon-[a-z0-9-]+:\s*"([^"]*)"')
FA_FONTS = ("fa-solid-900", "fa-regular-400", "fa-brands-400")
FA_JUNK = (
    "_static/scripts/fontawesome.js",
    "_static/scripts/fontawesome.js.map",
    "_static/scripts/fontawesome.js.LICENSE.txt",
)
# Default of `rete_purge_css`: glob patterns relative to <outdir>/_static.
PURGE_CSS_DEFAULT = (
    "styles/pydata-sphinx-theme.css",
    "sphinx-design.min.css",
    "mystnb.*.css",
    "styles/sphinx-book-theme.css",
)


def _filename(asset: Any) -> str:
    """The asset's file name: Sphinx's asset objects have `.filename`, older ones are str."""
    name: str = getattr(asset, "filename", asset) or ""
    return name


def _is_unused(asset: Any, body: str) -> bool:
    """Whether `asset` serves only markup that `body` (the page's HTML) does not contain."""
    name = _filename(asset)
    if name:
        return any(
            fragment in name and not any(marker in body for marker in markers)
            for fragment, markers in PRUNE
        )
    # Inline scripts (no file name): the configuration snippets of pruned scripts.
    inline_code: str = getattr(asset, "attributes", {}).get("body", "")
    if "togglebutton" in inline_code and "toggle" not in body and "dropdown" not in body:
        return True
    return "window.MathJax" in inline_code and 'class="math' not in body


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


def _built_path(name: str) -> str:
    """A page asset's path in the output folder: Sphinx stores `_static/`-relative names
    (as given to `nb_ipywidgets_js`) with the `_static/` prefix."""
    return os.path.normpath(name if name.startswith("_static/") else "_static/" + name)


def _defer_widgets(app: Sphinx, pagename: str, context: dict[str, Any]) -> None:
    """Take the widget scripts and the widgets' saved state (written beside the page as
    <page>.widget-state.json) off the page; a note and a button before the first widget."""
    widget_js = {_built_path(name) for name in app.config.nb_ipywidgets_js or {}}
    scripts = context.get("script_files") or []
    deferred = [a for a in scripts if _filename(a) and _built_path(_filename(a)) in widget_js]
    states = [a for a in scripts if getattr(a, "attributes", {}).get("type") == WIDGET_STATE_TYPE]
    body: str = context.get("body", "")
    if not deferred or len(states) != 1 or WIDGET_VIEW not in body:
        return
    context["script_files"] = [a for a in scripts if a not in deferred and a not in states]
    state_file = f"{pagename}.widget-state.json"
    state = states[0].attributes["body"].encode()
    target = Path(app.outdir, state_file)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(state)
    pathto = context["pathto"]
    size, loads = len(state), []
    for asset in deferred:
        built = _built_path(_filename(asset))
        for extra in app.config.html_extra_path:
            source = Path(app.srcdir, extra, built)
            size += source.stat().st_size if source.is_file() else 0
        attributes = {
            k: v
            for k, v in getattr(asset, "attributes", {}).items()
            if k not in ("src", "priority", "body")
        }
        loads.append({"src": pathto(built, 1), "attributes": attributes})
    context["rete_widgets"] = {
        "scripts": loads,
        "state": pathto(state_file, 1),
        "assets": pathto("vendor/html-manager/", 1),
    }
    note = WIDGET_NOTE.format(
        catalogue=html.escape(pathto("", 1) + "index.html"), size=_megabytes(size)
    )
    context["body"] = body.replace(WIDGET_VIEW, note + WIDGET_VIEW, 1)


def _drop_missing_sources(app: Sphinx, context: dict[str, Any]) -> None:
    """The download menu links _sources/, which is not written when sources are not copied."""
    if app.config.html_copy_source:
        return
    sources = context["pathto"]("_sources", 1)
    for group in context.get("header_buttons") or []:
        if isinstance(group, dict) and isinstance(group.get("buttons"), list):
            group["buttons"] = [
                b for b in group["buttons"] if not str(b.get("url", "")).startswith(sources)
            ]


def prune_assets(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """html-page-context handler: drop from this page the CSS/JS its body does not use;
    defer the widget scripts; Italian labels in the body."""
    body = context.get("body", "")
    if not body:
        return
    for key in ("css_files", "script_files"):
        assets = context.get(key)
        if not assets:
            continue
        context[key] = [asset for asset in assets if not _is_unused(asset, body)]
    for english, italian in BODY_LABELS:
        body = body.replace(english, italian)
    context["body"] = body
    _defer_widgets(app, pagename, context)
    _drop_missing_sources(app, context)


# --- hidden code cells ----------------------------------------------------------------------


def visit_hide_cell(self: HTML5Translator, node: nodes.Element) -> None:
    """myst-nb's visit_HideCellInput with <span> labels: valid HTML, same classes and text.

    No English aria-label: a <summary> takes its name from its visible text."""
    classes = html.escape(" ".join(node["classes"]))
    self.body.append(
        f'<details class="admonition hide {classes}">\n<summary>\n'
        f'<span class="collapsed admonition-title">'
        f"{html.escape(node['prompt_show'])}</span>\n"
        f'<span class="expanded admonition-title">'
        f"{html.escape(node['prompt_hide'])}</span>\n</summary>\n"
    )


def depart_hide_cell(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append("</details>\n")


# --- maths as MathML ----------------------------------------------------------------------


def _mathml(translator: HTML5Translator, node: nodes.Element, tex: str, block: bool) -> str:
    """MathML for `tex`; on a formula the converter does not know, a warning and the TeX."""
    try:
        converted: str = latex2mathml.tex2mathml(
            tex.translate(unichar2tex.uni2tex_table), as_block=block
        )
    except MathError as err:
        logger.warning(f"formula non convertita in MathML: {err}", location=node)
        return f'<code class="math-tex">{translator.encode(tex)}</code>'
    return converted


def visit_math_mathml(self: HTML5Translator, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(_mathml(self, node, node.astext(), block=False) + "</span>")
    raise nodes.SkipNode


def visit_displaymath_mathml(self: HTML5Translator, node: nodes.math_block) -> None:
    """Like sphinx.ext.mathjax: paragraphs are equations set one under the other."""
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node.get("number"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    parts = [part.strip() for part in node.astext().split("\n\n") if part.strip()]
    tex = " \\\\ ".join(parts)
    self.body.append(_mathml(self, node, tex, block=True) + "</div>\n")
    raise nodes.SkipNode


def _used_fa_names(out: Path) -> set[str]:
    """Every `fa-…` token in the built pages and our JS (the vendored FA JS lists them all)."""
    used: set[str] = set()
    for f in list(out.rglob("*.html")) + list((out / "_static").rglob("*.js")):
        if "vendor" in f.parts:
            continue
        used.update(re.findall(r"fa-[a-z0-9-]+", f.read_text(errors="ignore")))
    return used


def _slim_fa_rules(css: str, used: set[str]) -> tuple[str, set[int]]:
    """Drop the glyph selectors not in `used`; return the CSS and the code points still used."""
    codepoints: set[int] = set()

    def keep_rule(m: re.Match[str]) -> str:
        selectors = [s for s in m.group(1).split(",") if s]
        live = [s for s in selectors if s.split(":")[0][1:] in used]
        if not live:
            return ""
        content = m.group(0)[m.group(0).index("{content:") :]
        for cp in re.findall(r"\\([0-9a-f]{2,5})", content):
            codepoints.add(int(cp, 16))
        return ",".join(live) + content

    return FA_RULE.sub(keep_rule, css), codepoints


def _subset_fa_fonts(css: str, pst_static: Path, fonts_dir: Path, codepoints: set[int]) -> str:
    """Replace the FA web fonts by WOFF subsets of `codepoints`; return the CSS pointing at them.

    fontTools is optional: without it (or without the fonts folder) everything is left as is.
    """
    try:
        from fontTools import subset
    except ImportError:
        return css
    if not fonts_dir.is_dir():
        return css
    for stem in FA_FONTS:
        src = pst_static / f"vendor/fontawesome/webfonts/{stem}.ttf"
        if not src.exists():
            continue
        dst = fonts_dir / f"{stem}.subset.woff"
        opts = subset.Options()
        opts.flavor = "woff"
        opts.layout_features = []
        opts.notdef_outline = True
        font = subset.load_font(str(src), opts)
        subsetter = subset.Subsetter(opts)
        subsetter.populate(unicodes=sorted(codepoints) or [0x20])
        subsetter.subset(font)
        subset.save_font(font, str(dst), opts)
        css = re.sub(
            rf'src:url\(\.\./vendor/fontawesome/webfonts/{stem}\.woff2\) format\("woff2"\),'
            rf'url\(\.\./vendor/fontawesome/webfonts/{stem}\.ttf\) format\("truetype"\)',
            f'src:url(../vendor/fontawesome/webfonts/{stem}.subset.woff) format("woff")',
            css,
        )
        for ext in (".woff2", ".ttf"):
            (fonts_dir / f"{stem}{ext}").unlink(missing_ok=True)
    return css


PAGES_WRITTEN = "rete_pages_written"


def count_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context: count the pages this build writes (none on an unchanged rebuild)."""
    setattr(app, PAGES_WRITTEN, getattr(app, PAGES_WRITTEN, 0) + 1)


def _unchanged(app: Sphinx) -> bool:
    """No page written and the theme's CSS still slimmed from the last build: the slimming
    would find the same words and write the same files, so a cached rebuild skips it."""
    css = Path(app.outdir) / "_static/styles/pydata-sphinx-theme.css"
    pristine = (
        Path(str(files("pydata_sphinx_theme")))
        / "theme/pydata_sphinx_theme/static/styles/pydata-sphinx-theme.css"
    )
    return (
        not getattr(app, PAGES_WRITTEN, 0)
        and css.is_file()
        and css.stat().st_size != pristine.stat().st_size
    )


def slim_theme(app: Sphinx, exception: Exception | None) -> None:
    """build-finished handler: cut Font Awesome (CSS rules, fonts, JS) down to the used glyphs."""
    if exception or app.builder.format != "html" or _unchanged(app):
        return
    out = Path(app.outdir)
    css_path = out / "_static/styles/pydata-sphinx-theme.css"
    if not css_path.exists():
        return
    used = _used_fa_names(out)
    # Always start from the theme's pristine files: Sphinx does not re-copy unchanged
    # static files on incremental builds, so the outdir copy may already be slimmed.
    pst_static = Path(str(files("pydata_sphinx_theme"))) / "theme/pydata_sphinx_theme/static"
    css, codepoints = _slim_fa_rules(
        (pst_static / "styles/pydata-sphinx-theme.css").read_text(), used
    )
    # The theme's own icons (admonitions, external links...) are CSS variables holding the
    # glyph itself, not `fa-` classes: keep them in the subsets too.
    codepoints |= {ord(c) for value in PST_ICON.findall(css) for c in value if ord(c) >= 0xE000}
    css = _subset_fa_fonts(css, pst_static, out / "_static/vendor/fontawesome/webfonts", codepoints)
    css_path.write_text(css)
    for junk in FA_JUNK:
        (out / junk).unlink(missing_ok=True)
    for source_map in list((out / "_static").rglob("*.map")):
        source_map.unlink()


def purge_static_css(app: Sphinx, exception: Exception | None) -> None:
    """build-finished handler: purge unused selectors from the `rete_purge_css` files.

    The vocabulary is every word-like token of the built pages and of all JS, so classes
    that scripts add at run time are kept.
    """
    if exception or app.builder.format != "html" or _unchanged(app):
        return
    out = Path(app.outdir)
    vocab: set[str] = set()
    for f in list(out.rglob("*.html")) + list((out / "_static").rglob("*.js")):
        vocab.update(re.findall(r"[_a-zA-Z0-9-]+", f.read_text(errors="ignore")))
    for rel in app.config.rete_purge_css:
        for path in (out / "_static").glob(rel):
            before = path.stat().st_size
            path.write_text(purge_css(path.read_text(), vocab))
            logger.info(f"[rete_book] purged {path.name}: {before} -> {path.stat().st_size} B")


# --- one stylesheet and deferred scripts per page -------------------------------------------

_HEAD_END = "</head>"
_STYLESHEET = re.compile(r'[ \t]*<link\b[^>]*\brel="stylesheet"[^>]*>\n?')
_SCRIPT = re.compile(r'<script\b([^>]*?)\bsrc="([^"]+)"([^>]*)></script>')
_HREF = re.compile(r'\bhref="([^"]+)"')
_CSS_IMPORT = re.compile(r'@import\s+(?:url\(\s*)?["\']?([^"\')\s;]+)["\']?\s*\)?\s*;')
_CSS_URL = re.compile(r'url\(\s*(["\']?)([^"\')]+)\1\s*\)')
#: Inlined instead of deferred: inline snippets in <head> read what it defines.
INLINE_SCRIPTS = ("documentation_options.js",)
#: Where the bundles go (beside pydata's CSS, so most url()s keep their meaning).
BUNDLE_DIR = "_static/styles"
BUNDLE_PREFIX = "rete-"


def _local(page: Path, ref: str, out: Path) -> Path | None:
    """The file of the output folder that `ref` (relative to `page`) names, if any."""
    if re.match(r"[a-z][a-z0-9+.-]*:|/|#", ref):
        return None
    target = (page.parent / ref.split("?", 1)[0].split("#", 1)[0]).resolve()
    return target if target.is_file() and target.is_relative_to(out.resolve()) else None


def _rebased(css: str, source: Path, target_dir: Path) -> str:
    """`css` of file `source` with its relative url()s valid from `target_dir`."""

    def rebase(m: re.Match[str]) -> str:
        quote, ref = m.groups()
        if re.match(r"[a-z][a-z0-9+.-]*:|/|#", ref):
            return m.group(0)
        moved = os.path.relpath(source.parent / ref, target_dir)
        return f"url({quote}{Path(moved).as_posix()}{quote})"

    return _CSS_URL.sub(rebase, css)


def css_bundle(sheets: list[Path], target_dir: Path, seen: frozenset[Path] = frozenset()) -> str:
    """The stylesheets one after the other, as one file in `target_dir` would need them:
    local @imports inlined where they stand, relative url()s rebased."""
    parts = []
    for sheet in sheets:
        if sheet in seen:
            continue
        css = sheet.read_text(encoding="utf-8")

        def inline(m: re.Match[str], sheet: Path = sheet) -> str:
            imported = (sheet.parent / m.group(1)).resolve()
            if re.match(r"[a-z][a-z0-9+.-]*:|/", m.group(1)) or not imported.is_file():
                return m.group(0)
            return css_bundle([imported], target_dir, seen | {sheet})

        parts.append(_rebased(_CSS_IMPORT.sub(inline, css), sheet, target_dir))
    return "\n".join(parts)


def _defer_scripts(head: str, page: Path, out: Path) -> str:
    """Every external script of `head` deferred, INLINE_SCRIPTS inlined."""

    def rewrite(m: re.Match[str]) -> str:
        before, src, after = m.groups()
        attributes = before + after
        if re.search(r"\b(defer|async)\b|type=\"module\"", attributes):
            return m.group(0)
        target = _local(page, src, out)
        if target is not None and target.name in INLINE_SCRIPTS:
            return f"<script>{target.read_text(encoding='utf-8').strip()}</script>"
        return f'<script{before}defer src="{src}"{after}></script>'

    return _SCRIPT.sub(rewrite, head)


_IMG = re.compile(r"<img\b([^>]*?)\s*/?>")
_SRC = re.compile(r'\bsrc="([^"]+)"')


def _png_size(path: Path) -> tuple[int, int] | None:
    """Width and height of a PNG file (its IHDR chunk), or None for another format."""
    with path.open("rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def lazy_images(body: str, page: Path, out: Path) -> str:
    """Notebook outputs' images load when the reader scrolls near them (they are below the
    first screen and would otherwise compete with the page's first paint); a PNG gets its
    width and height, so its place is kept before it arrives (rete-book.css: height auto)."""

    def rewrite(m: re.Match[str]) -> str:
        attributes = m.group(1)
        src = _SRC.search(attributes)
        target = _local(page, src.group(1), out) if src else None
        if target is None or "loading=" in attributes:
            return m.group(0)
        extra = ' loading="lazy" decoding="async"'
        size = _png_size(target)
        if size and "width=" not in attributes and "height=" not in attributes:
            extra += f' width="{size[0]}" height="{size[1]}"'
        return f"<img{attributes}{extra} />"

    return _IMG.sub(rewrite, body)


#: Pygments token classes that pydata-sphinx-theme's code styles (a11y-high-contrast light
#: and dark) draw in the code block's own colour: names, punctuation, whitespace. Half of a
#: module's elements were these spans (1,100 of 2,455 on the Fattore Famiglia module), each
#: one more box for the phone to style and lay out at load. Their text stays, unwrapped;
#: rete-book.css gives the block's text the code style's colour, so nothing changes on
#: screen (tests/school/test_sphinx_slim.py holds the theme's colours to it).
PLAIN_TOKENS = ("n", "p", "w")
_PRE = re.compile(r"(<pre\b[^>]*>)(.*?)(</pre>)", re.DOTALL)
_PLAIN_SPAN = re.compile(rf'<span class="(?:{"|".join(PLAIN_TOKENS)})">([^<]*)</span>')


def plain_code_tokens(body: str) -> str:
    """`body` with the PLAIN_TOKENS spans of its code blocks replaced by their text."""
    return _PRE.sub(lambda m: m.group(1) + _PLAIN_SPAN.sub(r"\1", m.group(2)) + m.group(3), body)


def bundle_page(
    page: Path, out: Path, vocab: AbstractSet[str], bundles: dict[tuple[Path, ...], str]
) -> bool:
    """Rewrite `page`: one stylesheet in <head> (made once per set of sheets, into
    `bundles`), scripts deferred, images lazy, the copy buttons and `noprint` classes the
    scripts would add (rete.school.script_load). Return whether the page changed."""
    text = page.read_text(encoding="utf-8")
    end = text.find(_HEAD_END)
    if end < 0:
        return False
    head = text[:end]
    links: list[tuple[re.Match[str], Path]] = []
    for link in _STYLESHEET.finditer(head):
        href = _HREF.search(link.group(0))
        sheet = _local(page, href.group(1), out) if href else None
        if sheet is not None:
            links.append((link, sheet))
    sheets = tuple(sheet for _, sheet in links)
    if len(sheets) > 1 or (sheets and not sheets[0].name.startswith(BUNDLE_PREFIX)):
        target_dir = out / BUNDLE_DIR
        if sheets not in bundles:
            css = purge_css(css_bundle(list(sheets), target_dir), vocab)
            name = f"{BUNDLE_PREFIX}{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
            (target_dir / name).write_text(css, encoding="utf-8")
            bundles[sheets] = name
        bundle = Path(os.path.relpath(target_dir / bundles[sheets], page.parent)).as_posix()
        pieces, last = [], 0
        for index, (link, _) in enumerate(links):
            pieces.append(head[last : link.start()])
            if index == 0:
                tag = link.group(0)
                indent = tag[: len(tag) - len(tag.lstrip())]
                pieces.append(f'{indent}<link rel="stylesheet" href="{bundle}" />\n')
            last = link.end()
        head = "".join(pieces) + head[last:]
    body = copy_buttons(plain_code_tokens(lazy_images(text[end:], page, out)))
    new = _defer_scripts(head, page, out) + no_print_classes(body)
    if new == text:
        return False
    page.write_text(new, encoding="utf-8")
    return True


def bundle_head_assets(app: Sphinx, exception: Exception | None) -> None:
    """build-finished handler (after the purge): one stylesheet and deferred scripts on every
    page; bundles no page links any more are deleted."""
    if exception or app.builder.format != "html" or _unchanged(app):
        return
    out = Path(app.outdir)
    pages = [p for p in out.rglob("*.html") if "_static" not in p.parts]
    vocab: set[str] = set()
    for f in pages + list((out / "_static").rglob("*.js")):
        vocab.update(re.findall(r"[_a-zA-Z0-9-]+", f.read_text(errors="ignore")))
    bundles: dict[tuple[Path, ...], str] = {}
    for page in pages:
        bundle_page(page, out, vocab, bundles)
    linked = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    for old in (out / BUNDLE_DIR).glob(f"{BUNDLE_PREFIX}*.css"):
        if old.name not in linked:
            old.unlink()


def patch_static_scripts(app: Sphinx, exception: Exception | None) -> None:
    """build-finished handler: the theme's scripts do less at load (rete.school.script_load).
    Not skipped on an unchanged rebuild: Sphinx may have copied the pristine files again."""
    if exception or app.builder.format != "html":
        return
    patch_scripts(Path(app.outdir) / "_static")


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the handlers; priority 900/950 runs them after other extensions' ones."""
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # its INFO floods the build log
    app.add_html_math_renderer(
        "mathml", (visit_math_mathml, None), (visit_displaymath_mathml, None)
    )
    from myst_nb.sphinx_ import HideCodeCellNode  # type: ignore[import-untyped]

    app.add_node(HideCodeCellNode, override=True, html=(visit_hide_cell, depart_hide_cell))
    app.connect("html-page-context", prune_assets, priority=900)
    app.connect("html-page-context", count_page)
    app.connect("build-finished", slim_theme, priority=900)
    app.add_config_value("rete_purge_css", list(PURGE_CSS_DEFAULT), "html")
    app.connect("build-finished", purge_static_css, priority=950)  # after slim_theme
    app.connect("build-finished", bundle_head_assets, priority=960)  # after the purge
    app.connect("build-finished", patch_static_scripts, priority=970)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
