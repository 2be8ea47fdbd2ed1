"""Local Sphinx extension for the rete training school (jupyter-book 1.x).

- html-page-context: per-page pruning of assets that jupyter-book/extensions add to
  every page (sphinx-design, copybutton, togglebutton, myst-nb CSS) when the page
  does not use them.
- build-finished: slim pydata-sphinx-theme's CSS (drop Font Awesome glyph rules not used
  by any page) and replace its Font Awesome web fonts by subsets with only the used glyphs
  (fontTools, WOFF/zlib: no brotli needed); delete the unused big font/JS files.
"""
from __future__ import annotations

import re
from pathlib import Path

from sphinx.util import logging as sphinx_logging

logger = sphinx_logging.getLogger(__name__)

# (asset filename fragment, marker that must appear in the page body to keep it)
PRUNE = [
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
]


def _name(asset) -> str:
    return getattr(asset, "filename", asset) or ""


def prune_assets(app, pagename, templatename, context, doctree):
    body = context.get("body", "")
    if not body:
        return
    for key in ("css_files", "script_files"):
        files = context.get(key)
        if not files:
            continue
        keep = []
        for asset in files:
            name = _name(asset)
            body_text = getattr(asset, "attributes", {}).get("body", "") if not name else ""
            drop = False
            for frag, markers in PRUNE:
                if frag in name and not any(m in body for m in markers):
                    drop = True
            # inline configuration snippets of pruned scripts
            if not name and "togglebutton" in body_text and "toggle" not in body and "dropdown" not in body:
                drop = True
            if not name and "window.MathJax" in body_text and 'class="math' not in body:
                drop = True
            if not drop:
                keep.append(asset)
        context[key] = keep


FA_RULE = re.compile(r"((?:\.fa-[a-z0-9-]+:(?:before|after),?)+)\{content:[^}]*\}")
FA_FONTS = {"fa-solid-900": None, "fa-regular-400": None, "fa-brands-400": None}


def slim_theme(app, exception):
    if exception or app.builder.format != "html":
        return
    out = Path(app.outdir)
    css_path = out / "_static/styles/pydata-sphinx-theme.css"
    if not css_path.exists():
        return
    used = set()
    for f in list(out.rglob("*.html")) + list((out / "_static").rglob("*.js")):
        if "vendor" in f.parts:
            continue
        used.update(re.findall(r"fa-[a-z0-9-]+", f.read_text(errors="ignore")))
    # Always start from the theme's pristine files: Sphinx does not re-copy unchanged
    # static files on incremental builds, so the outdir copy may already be slimmed.
    import pydata_sphinx_theme
    pst_static = Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/static"
    css = (pst_static / "styles/pydata-sphinx-theme.css").read_text()
    codepoints = set()

    def keep_rule(m):
        sels = [s for s in m.group(1).split(",") if s]
        live = [s for s in sels if s.split(":")[0][1:] in used]
        if not live:
            return ""
        content = m.group(0)[m.group(0).index("{content:"):]
        for cp in re.findall(r'\\([0-9a-f]{2,5})', content):
            codepoints.add(int(cp, 16))
        return ",".join(live) + content

    css = FA_RULE.sub(keep_rule, css)
    fonts_dir = out / "_static/vendor/fontawesome/webfonts"
    try:
        from fontTools import subset
    except ImportError:
        subset = None
    if subset and fonts_dir.is_dir():
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
            sub = subset.Subsetter(opts)
            sub.populate(unicodes=sorted(codepoints) or [0x20])
            sub.subset(font)
            subset.save_font(font, str(dst), opts)
            css = re.sub(
                rf'src:url\(\.\./vendor/fontawesome/webfonts/{stem}\.woff2\) format\("woff2"\),'
                rf'url\(\.\./vendor/fontawesome/webfonts/{stem}\.ttf\) format\("truetype"\)',
                f'src:url(../vendor/fontawesome/webfonts/{stem}.subset.woff) format("woff")',
                css,
            )
            for ext in (".woff2", ".ttf"):
                (fonts_dir / f"{stem}{ext}").unlink(missing_ok=True)
    css_path.write_text(css)
    for junk in ("_static/scripts/fontawesome.js", "_static/scripts/fontawesome.js.map",
                 "_static/scripts/fontawesome.js.LICENSE.txt"):
        (out / junk).unlink(missing_ok=True)
    for m in list((out / "_static").rglob("*.map")):
        m.unlink()


def setup(app):
    import logging
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    app.connect("html-page-context", prune_assets, priority=900)
    app.connect("build-finished", slim_theme, priority=900)
    # after slim_theme; glob patterns relative to <out>/_static
    app.add_config_value("rete_purge_css", ["styles/pydata-sphinx-theme.css", "sphinx-design.min.css", "mystnb.*.css", "styles/sphinx-book-theme.css"], "html")
    app.connect("build-finished", purge_static_css, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# ---------------------------------------------------------------------------------
# Unused-selector purge (PurgeCSS-like, content based): a selector is dropped when one
# of the classes it *requires* never appears as a token in any built HTML page or in
# the theme's JS (classes toggled by scripts are therefore kept).
def _blocks(css: str):
    """Split CSS into top-level (prelude, body) pairs, respecting strings."""
    out, i, n, depth, start, quote = [], 0, len(css), 0, 0, None
    brace = None
    while i < n:
        c = css[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c == "{":
            if depth == 0:
                brace = i
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                out.append((css[start:brace].strip(), css[brace + 1:i]))
                start = i + 1
        elif c == ";" and depth == 0:          # @charset / @import
            out.append((css[start:i + 1].strip(), None))
            start = i + 1
        i += 1
    return out


_FUNC = re.compile(r":(?:not|is|where|has|host|host-context)\((?:[^()]|\([^()]*\))*\)")
_CLASS = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")


def _split_selectors(prelude: str):
    parts, depth, cur = [], 0, ""
    for ch in prelude:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def purge_css(css: str, vocab: set[str], top: bool = True) -> str:
    res = []
    if top:
        # comments would end up inside selector preludes: drop them, keeping /*! licences */ on top
        licences = re.findall(r"/\*!.*?\*/", css, flags=re.S)
        css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
        res.extend(licences)
    for prelude, body in _blocks(css):
        if body is None:
            res.append(prelude)
        elif prelude.startswith("@media") or prelude.startswith("@supports") or prelude.startswith("@layer"):
            inner = purge_css(body, vocab, top=False)
            if inner.strip():
                res.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):
            res.append(f"{prelude}{{{body}}}")
        else:
            keep = [s for s in _split_selectors(prelude)
                    if all(c in vocab for c in _CLASS.findall(_FUNC.sub("", s)))]
            if keep:
                res.append(f"{','.join(keep)}{{{body}}}")
    return "".join(res)


def purge_static_css(app, exception):
    if exception or app.builder.format != "html":
        return
    out = Path(app.outdir)
    vocab: set[str] = set()
    files = list(out.rglob("*.html")) + [p for p in (out / "_static").rglob("*.js")]
    for f in files:
        vocab.update(re.findall(r"[_a-zA-Z0-9-]+", f.read_text(errors="ignore")))
    for rel in app.config.rete_purge_css:
        for path in (out / "_static").glob(rel):
            before = path.stat().st_size
            path.write_text(purge_css(path.read_text(), vocab))
            logger.info(f"[rete_book] purged {path.name}: {before} -> {path.stat().st_size} B")
