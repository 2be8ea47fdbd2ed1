"""What a phone waits for before the first paint of a school page (Lighthouse 12 mobile,
`make audit`): one stylesheet, no parser-blocking script, no chained stylesheet, the theme's
colours resolved before paint. A module page with ~8 stylesheets (one @importing a ninth)
and ~8 synchronous scripts painted at 1.7 s in Lighthouse's model, scoring 98."""

from __future__ import annotations

import gzip
import re
import shutil
import struct
import zlib
from importlib.resources import files
from pathlib import Path

import pytest

from rete.cli.main import school_builder
from rete.school.script_load import (
    PATCHES,
    PatchError,
    copy_buttons,
    no_print_classes,
    patch_text,
)
from rete.school.sphinx_slim import PLAIN_TOKENS, css_bundle, lazy_images, plain_code_tokens
from rete.web.build import build
from support import TODAY, VALID, make_buildable

#: gzip bytes of the one stylesheet a book page links (the site's real module pages: ~24 KB).
STYLESHEET_BUDGET = 30_000
_STYLESHEET = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*>')
_SCRIPT = re.compile(r"<script\b([^>]*)>")


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """site/scuola of the fixture project, built with its school."""
    root = tmp_path_factory.mktemp("budget") / "progetto"
    shutil.copytree(VALID, root)
    make_buildable(root)
    site = build(root, today=TODAY, work=root.parent / "work", extra=school_builder(root)).site
    return site / "scuola"


def _book_pages(book: Path) -> list[Path]:
    """The Sphinx pages (not the site's catalogue, not the offline single-file pages)."""
    return [
        p
        for p in book.rglob("*.html")
        if p != book / "index.html"
        and not p.name.endswith("-pagina.html")
        and "_static" not in p.parts
    ]


def _head(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    return text[: text.index("</head>")]


@pytest.mark.slow
def test_a_book_page_links_one_small_stylesheet_without_imports(book: Path) -> None:
    pages = _book_pages(book)
    assert any(p.name == "introduzione.html" for p in pages)
    for page in pages:
        links = _STYLESHEET.findall(_head(page))
        assert len(links) == 1, f"{page.name}: {len(links)} stylesheets"
        href = re.search(r'href="([^"]+)"', links[0])
        assert href is not None
        sheet = (page.parent / href.group(1).split("?")[0]).resolve()
        css = sheet.read_text(encoding="utf-8")
        assert "@import" not in css, f"{sheet.name}: a chained request"
        assert len(gzip.compress(css.encode(), 6)) < STYLESHEET_BUDGET, sheet.name
        for url in re.findall(r'url\(["\']?([^)"\']+)', css):
            if not url.startswith("data:"):
                assert (sheet.parent / url).resolve().is_file(), f"{sheet.name}: {url}"


def test_plain_code_tokens_lose_their_spans_not_their_text() -> None:
    body = (
        '<p><span class="n">fuori</span></p><div class="highlight"><pre><span></span>'
        '<span class="n">quota</span><span class="w"> </span><span class="o">=</span>'
        '<span class="p">(</span><span class="s2">&quot;x&quot;</span><span class="p">)</span>'
        "</pre></div>"
    )
    assert plain_code_tokens(body) == (
        '<p><span class="n">fuori</span></p><div class="highlight"><pre><span></span>'
        'quota <span class="o">=</span>(<span class="s2">&quot;x&quot;</span>)</pre></div>'
    )


@pytest.mark.slow
def test_unwrapped_code_tokens_keep_their_colour(book: Path) -> None:
    """The spans go only where the theme draws them in the code block's own colour, in both
    themes; the block's text takes that colour (rete-book.css)."""
    pages = _book_pages(book)
    with_code = [p for p in pages if '<div class="highlight">' in p.read_text(encoding="utf-8")]
    assert with_code, "no book page shows code"
    for page in with_code:
        text = page.read_text(encoding="utf-8")
        for token in PLAIN_TOKENS:
            assert f'<span class="{token}">' not in text, (page.name, token)
        href = re.search(r'href="([^"]+)"', _STYLESHEET.findall(_head(page))[0])
        assert href is not None
        css = (page.parent / href.group(1).split("?")[0]).read_text(encoding="utf-8")
        assert re.search(r"div\.highlight pre\s*\{\s*color:\s*inherit", css), page.name
        for theme in ("light", "dark"):
            prefix = rf'html\[data-theme="?{theme}"?\] \.highlight'
            block = re.search(prefix + r"\s*\{[^}]*?\bcolor:\s*(#[0-9A-Fa-f]+)", css)
            assert block is not None, (page.name, theme)
            for token in PLAIN_TOKENS:
                rule = re.search(prefix + rf" \.{token}\s*\{{([^}}]*)\}}", css)
                assert rule is not None, (page.name, theme, token)
                assert rule.group(1).split(":")[0].strip() == "color", rule.group(1)
                colour = rule.group(1).split(":")[1].strip().rstrip(";").strip()
                assert colour.lower() == block.group(1).lower(), (theme, token, colour)


@pytest.mark.slow
def test_no_book_page_script_blocks_the_parser(book: Path) -> None:
    for page in _book_pages(book):
        text = page.read_text(encoding="utf-8")
        for attributes in _SCRIPT.findall(text):
            if "src=" in attributes:
                assert re.search(r"\b(defer|async)\b", attributes), f"{page.name}: {attributes}"
        # read by inline snippets in <head> while the page is parsed: inlined, not deferred
        assert "documentation_options.js" not in text
        assert "const DOCUMENTATION_OPTIONS" in _head(page)


@pytest.mark.slow
def test_the_theme_is_resolved_before_the_first_paint(book: Path) -> None:
    """pydata's snippet left data-theme "auto", which no rule styles: its script then set
    light or dark after the first paint and every element was styled again."""
    head = _head(book / "scuola-prova" / "introduzione.html")
    snippet = head[head.index("<script") : head.index("</script>")]
    assert 'dataset.theme = localStorage.getItem("theme") ||' not in snippet
    assert '"(prefers-color-scheme: dark)"' in snippet and '"dark" : "light"' in snippet


def test_bundled_stylesheets_inline_imports_and_keep_their_urls(tmp_path: Path) -> None:
    static = tmp_path / "_static"
    (static / "styles").mkdir(parents=True)
    (static / "basic.css").write_text("div.a{background:url(file.png)}")
    (static / "styles" / "theme.css").write_text('@import "../basic.css";\n.b{top:0}')
    (static / "styles" / "pst.css").write_text(
        "@font-face{src:url(../vendor/fa.woff)}.c{background:url('data:image/x,1')}"
    )
    css = css_bundle(
        [static / "styles" / "theme.css", static / "styles" / "pst.css"], static / "styles"
    )
    assert "@import" not in css
    assert css.index("div.a") < css.index(".b{") < css.index("@font-face")
    assert "url(../file.png)" in css and "url(../vendor/fa.woff)" in css
    assert "url('data:image/x,1')" in css


def _png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(header))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
    )


def test_notebook_images_load_lazily_with_their_size(tmp_path: Path) -> None:
    (tmp_path / "_images").mkdir()
    (tmp_path / "_images" / "grafico.png").write_bytes(_png(619, 354))
    page = tmp_path / "corso" / "modulo.html"
    page.parent.mkdir()
    body = (
        '<img alt="grafico" src="../_images/grafico.png" />'
        '<img alt="inline" src="data:image/png;base64,AAAA" />'
    )
    out = lazy_images(body, page, tmp_path)
    assert (
        '<img alt="grafico" src="../_images/grafico.png" loading="lazy" '
        'decoding="async" width="619" height="354" />'
    ) in out
    assert '<img alt="inline" src="data:image/png;base64,AAAA" />' in out


# --- what the scripts did after the first paint, done at build time or later -------------

_BLOCK = re.compile(r'<div class="highlight"><pre\b([^>]*)>.*?</pre>(<button\b[^>]*>)?', re.DOTALL)


def test_copy_buttons_number_the_code_blocks_as_copybutton_does() -> None:
    """copybutton.js numbers `div.highlight pre` in document order and puts its button
    right after each; it now finds them written and adds nothing (tested in the browser)."""
    body = (
        '<div class="highlight"><pre><span></span>a = 1</pre></div><pre>fuori</pre>'
        '<div class="highlight"><pre><span></span>b = 2</pre></div>'
    )
    out = copy_buttons(body)
    blocks = _BLOCK.findall(out)
    assert [attributes for attributes, _ in blocks] == [
        ' id="codecell0" tabindex="0"',
        ' id="codecell1" tabindex="0"',
    ]
    targets = [re.findall(r'data-clipboard-target="([^"]+)"', b) for _, b in blocks]
    assert targets == [["#codecell0"], ["#codecell1"]]
    assert "<pre>fuori</pre>" in out and "a = 1" in out and "b = 2" in out
    assert copy_buttons(out) == out  # a page bundled again is left as it is


def test_noprint_is_written_where_sphinx_book_theme_adds_it() -> None:
    page = (
        '<header class="bd-header navbar"><div class="bd-footer-content__inner container">'
        '<div class="bd-footer noprint"><p class="bd-sidebar-primaryx">'
    )
    assert no_print_classes(page) == (
        '<header class="bd-header navbar noprint"><div class="bd-footer-content__inner '
        'container"><div class="bd-footer noprint"><p class="bd-sidebar-primaryx">'
    )


def _pristine(name: str) -> str:
    """The installed theme's own copy of a script that PATCHES names."""
    if name == "copybutton.js":
        path = Path(str(files("sphinx_copybutton"))) / "_static" / "copybutton.js_t"
    else:
        static = Path(str(files("pydata_sphinx_theme"))) / "theme/pydata_sphinx_theme/static"
        path = static / name
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name,old,new", PATCHES, ids=[f"{p[0]}:{i}" for i, p in enumerate(PATCHES)]
)
def test_each_script_patch_applies_once_to_the_installed_theme(
    name: str, old: str, new: str
) -> None:
    text = _pristine(name)
    patched = patch_text(text, old, new, name)
    assert patched != text and new in patched
    assert patch_text(patched, old, new, name) == patched  # the next build leaves it
    with pytest.raises(PatchError, match=name):
        patch_text(text.replace(old, ""), old, new, name)


@pytest.mark.slow
def test_code_blocks_carry_their_copy_button_and_a_tab_stop(book: Path) -> None:
    """No script inserts buttons after the first paint, and a code block is reachable with
    the keyboard before any script runs (axe: scrollable-region-focusable)."""
    pages = [p for p in _book_pages(book) if '<div class="highlight">' in p.read_text("utf-8")]
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        blocks = _BLOCK.findall(text)
        assert len(blocks) == text.count('<div class="highlight">'), page.name
        for index, (attributes, button) in enumerate(blocks):
            assert attributes == f' id="codecell{index}" tabindex="0"', (page.name, index)
            assert 'class="copybtn' in button, (page.name, index)
            assert f'data-clipboard-target="#codecell{index}"' in button, (page.name, index)
        assert re.search(r'<header\b[^>]*class="[^"]*\bbd-header\b[^"]*\bnoprint"', text)
    static = book / "_static"
    for name, _, new in PATCHES:
        assert new in (static / name).read_text(encoding="utf-8"), name
