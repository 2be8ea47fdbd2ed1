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
"""

from __future__ import annotations

import logging
import re
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging as sphinx_logging

from rete.school.css_purge import purge_css

if TYPE_CHECKING:
    # docutils ships no types and types-docutils is not in requirements.lock.
    from docutils import nodes  # type: ignore[import-untyped]
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

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

# A Font Awesome glyph rule of the theme's minified CSS: `.fa-x:before,.fa-y:before{content:…}`.
FA_RULE = re.compile(r"((?:\.fa-[a-z0-9-]+:(?:before|after),?)+)\{content:[^}]*\}")
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


def prune_assets(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """html-page-context handler: drop from this page the CSS/JS its body does not use."""
    body = context.get("body", "")
    if not body:
        return
    for key in ("css_files", "script_files"):
        assets = context.get(key)
        if not assets:
            continue
        context[key] = [asset for asset in assets if not _is_unused(asset, body)]


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


def slim_theme(app: Sphinx, exception: Exception | None) -> None:
    """build-finished handler: cut Font Awesome (CSS rules, fonts, JS) down to the used glyphs."""
    if exception or app.builder.format != "html":
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
    if exception or app.builder.format != "html":
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


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the handlers; priority 900/950 runs them after other extensions' ones."""
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # its INFO floods the build log
    app.connect("html-page-context", prune_assets, priority=900)
    app.connect("build-finished", slim_theme, priority=900)
    app.add_config_value("rete_purge_css", list(PURGE_CSS_DEFAULT), "html")
    app.connect("build-finished", purge_static_css, priority=950)  # after slim_theme
    return {"parallel_read_safe": True, "parallel_write_safe": True}
