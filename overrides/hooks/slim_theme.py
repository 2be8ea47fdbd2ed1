"""MkDocs hook (mkdocs.yml `hooks:`): Material's CSS without what the built pages never use.

Material ships one stylesheet for every feature it has (blog, tabs, tags, versions, social
cards, source facts, every admonition type) and one palette with every colour: ~25 KB gzip
that block the first paint on every page. After the build, each is cut to the rules whose
classes occur in the built pages or in the site's JavaScript (so classes that scripts add
are kept) and, for the palette, to the colours and schemes the pages name; the lunr
files of the languages the search does not use are removed. The purge is
`rete.school.css_purge`, the one the Scuola's book uses (a pure string function).

A purged file gets a new content-hashed name and every page is pointed at it: Material's
names are content hashes that hosts may cache for a year, and a new record using a class
for the first time must not be served an old purged copy.

Long pages: Material's bundle does on every page load work that grows with the page, on a
phone's main thread (Lighthouse: 110-200 ms of blocking time on /contribuire/, 11 tables):

- it moves every content table (`table:not([class])`) into a scrolling wrapper, which
  rebuilds each table's layout and then lays the whole page out again. `wrap_tables` writes
  that wrapper at build time (`on_page_content`) and marks the table with TABLE_CLASS, so
  the bundle leaves it alone; Material's table rules are rewritten for the marked tables
  (`restyle_tables`). An outer box (SKIP_CLASS) lets the browser skip each table off
  screen (rete.css).
- its palette sets `data-md-color-switching` on <body> at load and removes it a moment
  later; the palette's `[data-md-color-switching] *` rule (no colour transitions while the
  theme changes) makes each of the two a restyle of every element of the page (with the
  rule kept for elements with a class only, still 524 of 1,200 on /contribuire/: the
  navigation). The rule is dropped (`drop_switching`): when a visitor switches theme, the
  few elements with a colour transition (links, code, buttons: 125-250 ms) fade to the new
  colours instead of changing at once. Page loads never play those transitions: the
  palette is set by Material's inline script before the content is parsed.

Code blocks: at load Material's bundle mounted every code block (`mountCodeBlock`): it gave
its <pre> an id, inserted a <nav> with the copy button before the <code> and watched the
block's size to make it a tab stop when it scrolls; on /contribuire/ (6 blocks) a quarter of
its DOMContentLoaded task. `code_blocks` writes the same markup at build time
(`on_post_page`: the button's title is in the page's `__config`; a <span> for the
<nav>, which tema.js had to strip of its landmark role at load), every block a tab stop,
and marks the <pre> with CODE_CLASS; `patch_bundle` makes the bundle skip the marked
blocks. Clipboard.js, which Material sets up on the whole document, copies from the
build-time buttons as from its own. A page with a block of another shape (annotations,
line numbers) is left to Material whole, so the blocks' numbers stay its own.

Search: the bundle mounted its search component while it was evaluated, on every page: the
search worker, the box, the results, the keyboard handlers, a quarter of the evaluation
(the home page's longest task after the first paint). `patch_bundle` mounts it when the
search is first used (`_LAZY_SEARCH_MOUNT`). The minified names it uses are Material
9.8.2's (`H` defer, `b` switchMap, `_i` mountSearch); a new Material stops the build here.

Sitemap: the bundle's language selector fetched and parsed sitemap.xml on every page load,
once for each `<link rel=alternate>`, and the feed's autodiscovery link is one; the sitemap
lists every record. `patch_bundle` makes it read only language alternates (`hreflang`,
which Material's own always carry).

One request before the first paint: Material's palette, the overrides' stylesheets and
mkdocs.yml's `extra_css` (FOLDED, `folded`) are appended to Material's main stylesheet, in the
order the pages linked them, so the cascade is unchanged; their links are removed from every
page (`on_post_page`, `on_post_template`, and again in `slim`) and their files from the site.
Five render-blocking stylesheets cost a phone five requests before it paints anything
(Lighthouse: 300-450 ms each in its model); the files together are ~20 KB gzip.

It lives beside the theme overrides because MkDocs loads hooks by path relative to
mkdocs.yml, and overrides/ is what every project building with this mkdocs.yml has.
MkDocs never copies .py files of a theme folder into the site.
"""

from __future__ import annotations

import functools
import hashlib
import html as markup
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rete.school.css_purge import purge_css, split_blocks, split_selectors
from rete.school.script_load import patch_text

#: Material's stylesheets, by the stem their hashed names start with.
STYLESHEETS = ("main", "palette")
#: The overrides' own stylesheets (overrides/main.html), folded into main after the palette.
FOLDED = ("assets/stylesheets/rete.css", "assets/stylesheets/cerca.css")
_PALETTE = r"assets/stylesheets/palette\.[0-9a-f]+\.min\.css"
_TOKEN = re.compile(r"[_a-zA-Z0-9-]+")
# As MkDocs, Material and the sanitiser write them (lower case, no spaces around `=`): a
# case-insensitive pattern with `\s*` took ten times as long over thousands of pages.
_CLASS_ATTR = re.compile(r"""class=(?:"([^"]*)"|'([^']*)')""")
_INLINE_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.DOTALL)
_COLOR_ATTR = re.compile(r'data-md-color-(primary|accent|scheme)="([^"]*)"')
_COLOR_SELECTOR = re.compile(r"\[data-md-color-(primary|accent|scheme)=([^\]]+)\]")


#: Marks a content table wrapped at build time; Material's JS wraps only classless tables.
TABLE_CLASS = "rete-tabella-testo"
_TABLE_TAG = re.compile(r"<table\b([^>]*)>|</table\s*>", re.IGNORECASE)
#: Material's wrapper, inside one that the browser may skip off screen (rete.css).
SKIP_CLASS = "rete-tabella-blocco"
_WRAP_OPEN = (
    f'<div class="{SKIP_CLASS}"><div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
)
_WRAP_CLOSE = "</div></div></div>"
_SWITCHING = "[data-md-color-switching]"


def wrap_tables(html: str) -> str:
    """Every classless table of `html` in Material's scrolling wrapper, marked TABLE_CLASS
    (what Material's bundle would do at load, tables nested in tables included)."""
    out: list[str] = []
    stack: list[bool] = []
    last = 0
    for m in _TABLE_TAG.finditer(html):
        out.append(html[last : m.start()])
        last = m.end()
        if m.group(0).startswith("</"):
            out.append(m.group(0) + (_WRAP_CLOSE if stack and stack.pop() else ""))
        elif re.search(r"\bclass\s*=", m.group(1), re.IGNORECASE):
            stack.append(False)
            out.append(m.group(0))
        else:
            stack.append(True)
            out.append(f'{_WRAP_OPEN}<table class="{TABLE_CLASS}"{m.group(1)}>')
    out.append(html[last:])
    return "".join(out)


#: Marks a code block whose copy button and tab stop were written at build time.
CODE_CLASS = "rete-codice"
#: A code block as pymdownx.highlight writes it (Material's selector: `pre > code`).
_CODE_BLOCK = re.compile(r'(<div class="[^"<>]*\bhighlight\b[^"<>]*">)<pre>(<span></span>)?<code>')
_PRE = re.compile(r"<pre\b")
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.DOTALL)
#: Material 9.8's copy button (templates/clipboard) as its bundle writes it, in a <span>
#: where the bundle writes a <nav> (Material's rules name its class only): a <pre> holds
#: phrasing content only (Nu HTML checker), and a <nav> was a landmark besides.
_COPY = (
    '<span class="md-code__nav"><button class="md-code__button" title="{title}"'
    ' data-clipboard-target="#{id} &gt; code" data-md-type="copy"></button></span>'
)
#: Material 9.8's search component, mounted when first used instead of at load (see the
#: module's docstring): on focus inside it, a click on the header's search button (which
#: focuses the box at once, as Material does, for phones' keyboards), Material's f/s/"/"
#: shortcuts (as its keyboard filter reads them) or the toggle opening; at once for a
#: `?q=` address. The mount waits for the event to end (setTimeout): the button's own
#: toggle comes first, then Material finds the box focused and opens the search as it would.
_SEARCH_MOUNT = '...me("search").map(e=>_i(e,{index$:zi,keyboard$:mo}))'
_LAZY_SEARCH_MOUNT = (
    '...me("search").map(e=>H(()=>new Promise(function(r){'
    "/* rete: Material's search is mounted when first used (overrides/hooks/slim_theme.py) */"
    'var q=e.querySelector("[data-md-component=search-query]"),'
    't=document.getElementById("__search"),l=document.querySelector("header [for=__search]"),'
    "o={capture:!0},f=function(){q&&q.focus()},"
    'd=function(){e.removeEventListener("focusin",d,o),t&&t.removeEventListener("change",d),'
    'l&&l.removeEventListener("click",f),window.removeEventListener("keydown",k,o),'
    "setTimeout(r)},"
    "k=function(v){var a=document.activeElement;"
    'v.metaKey||v.ctrlKey||v.key.length!==1||"fs/".indexOf(v.key)<0||'
    'a&&(a instanceof HTMLInputElement?a.type!=="radio":a instanceof HTMLSelectElement||'
    "a instanceof HTMLTextAreaElement||a.isContentEditable)||!q||"
    "(v.preventDefault(),q.focus(),q.select())};"
    'if(new URLSearchParams(location.search).has("q"))return r();'
    'e.addEventListener("focusin",d,o),t&&t.addEventListener("change",d),'
    'l&&l.addEventListener("click",f),window.addEventListener("keydown",k,o)}))'
    ".pipe(b(()=>_i(e,{index$:zi,keyboard$:mo}))))"
)
#: Only language alternates reach Material's sitemap fetch (module docstring, "Sitemap").
_ALTERNATE_LINKS = 'M("link[rel=alternate]")'
_LANGUAGE_LINKS = 'M("link[rel=alternate][hreflang]")'
#: (text replaced, replacement) in Material's bundle (assets/javascripts/bundle.*.min.js).
BUNDLE_PATCHES = (
    ('"pre:not(.mermaid) > code"', f'"pre:not(.mermaid):not(.{CODE_CLASS}) > code"'),
    (_SEARCH_MOUNT, _LAZY_SEARCH_MOUNT),
    (_ALTERNATE_LINKS, _LANGUAGE_LINKS),
)


def code_blocks(page: str) -> str:
    """`page` with its code blocks as Material's bundle mounts them (see the module's
    docstring): numbered `__code_<N>` in document order, tab stops, each with Material's
    copy button when the page's features have `content.code.copy` (not in a `no-copy`
    block); unchanged when a <pre> of the page has another shape."""
    if "<pre" not in page:
        return page
    blocks = list(_CODE_BLOCK.finditer(page))
    config = _CONFIG.search(page)
    if not blocks or len(blocks) != len(_PRE.findall(page)) or config is None:
        return page
    settings = json.loads(config.group(1))
    copy = "content.code.copy" in settings.get("features", [])
    title = markup.escape(settings.get("translations", {}).get("clipboard.copy", ""))
    out: list[str] = []
    last = 0
    for number, m in enumerate(blocks):
        ident = f"__code_{number}"
        classes = m.group(1).split('"')[1].split()
        button = _COPY.format(title=title, id=ident) if copy and "no-copy" not in classes else ""
        out.append(page[last : m.start()])
        out.append(
            f'{m.group(1)}<pre id="{ident}" class="{CODE_CLASS}">{m.group(2) or ""}{button}'
            '<code tabindex="0">'
        )
        last = m.end()
    out.append(page[last:])
    return "".join(out)


def patch_bundle(site: Path) -> None:
    """Material's bundle in `site` with BUNDLE_PATCHES, each applied once (a text not found
    exactly once stops the build: a new Material must be looked at again); its source map,
    which no longer matches it, goes."""
    for path in sorted((site / "assets" / "javascripts").glob("bundle.*.min.js")):
        text = path.read_text(encoding="utf-8")
        patched = text
        for old, new in BUNDLE_PATCHES:
            patched = patch_text(patched, old, new, f"Material: {path.name}")
        if patched != text:
            patched = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", patched)
            path.write_text(patched, encoding="utf-8")
            path.with_name(path.name + ".map").unlink(missing_ok=True)


def restyle_tables(css: str) -> str:
    """Material's rules for classless content tables, for the marked ones instead (same
    specificity). Every content table is marked at build time; and `:not([class])` made
    any change of any element's class (Material turns <html>'s `no-js` into `js` at load)
    a restyle of that element's whole subtree, for rules like `table:not([class]) td>
    :first-child`."""
    return css.replace("table:not([class])", f"table.{TABLE_CLASS}")


def keep_selectors(css: str, keep: Callable[[str], bool]) -> str:
    """`css` with only the selectors `keep` accepts (inside @media and @supports too);
    rules and blocks left empty go."""
    out: list[str] = []
    for prelude, body in split_blocks(css):
        if body is None:
            out.append(prelude)
        elif prelude.startswith("@media") or prelude.startswith("@supports"):
            inner = keep_selectors(body, keep)
            if inner.strip():
                out.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):
            out.append(f"{prelude}{{{body}}}")
        else:
            selectors = [s for s in split_selectors(prelude) if keep(s)]
            if selectors:
                out.append(f"{','.join(selectors)}{{{body}}}")
    return "".join(out)


def drop_switching(css: str) -> str:
    """`css` without the `[data-md-color-switching] …` rule (see the module's docstring)."""
    return keep_selectors(css, lambda selector: _SWITCHING not in selector)


def page_classes(html: str) -> set[str]:
    """The class names a page can carry: its class attributes' and every word of its inline
    scripts (which may add classes). Tokenising whole pages instead took 0.57 s of CPU per
    30 MB of pages, mostly on the records' prose; class attributes take a seventh of it."""
    words: set[str] = set()
    for double, single in _CLASS_ATTR.findall(html):
        words.update((double or single).split())
    for script in _INLINE_SCRIPT.findall(html):
        words.update(_TOKEN.findall(script))
    return words


def used_colors(html: str) -> set[tuple[str, str]]:
    """(attribute, value) pairs of the palette attributes written in a page."""
    return {(kind, value.replace(" ", "-")) for kind, value in _COLOR_ATTR.findall(html)}


def purge_colors(css: str, colors: set[tuple[str, str]]) -> str:
    """Drop the selectors that need a palette colour or scheme no page names."""

    def keep(selector: str) -> bool:
        return all(
            (kind, value.strip("\"'")) in colors
            for kind, value in _COLOR_SELECTOR.findall(selector)
        )

    return keep_selectors(css, keep)


def folded(config: Any) -> list[str]:
    """Site paths of the stylesheets folded into main, in the order pages link them."""
    return [*FOLDED, *(str(path) for path in config["extra_css"])]


@functools.lru_cache(maxsize=8)
def _folded_links(paths: tuple[str, ...]) -> re.Pattern[str]:
    # Starts with a literal, which the regex engine looks for quickly: a leading `[ \t]*`
    # made it try every offset of every page (3.9 s against 0.3 s over 6,500 pages).
    names = "|".join([_PALETTE, *(re.escape(path) for path in paths)])
    return re.compile(rf'<link rel="stylesheet" href="(?:[^"]*/)?(?:{names})">\n?')


def unlink_folded(html: str, paths: list[str]) -> str:
    """`html` without its links to the palette and to `paths` (their rules are in main);
    links are in the <head>, the only part searched."""
    end = html.find("</head>")
    head, rest = (html, "") if end < 0 else (html[:end], html[end:])
    return _folded_links(tuple(paths)).sub("", head) + rest


class Seen:
    """What the pages showed while they were built (`on_post_page`): their site paths, the
    classes they can carry and the palette colours they name. `slim` does not read those
    pages again for it (1.5 s of one core at size M, after every page was written).
    (A plain class: MkDocs loads hooks under a path for a name, which dataclasses and
    pickle do not resolve everywhere.)"""

    def __init__(
        self,
        pages: set[str] | None = None,
        classes: set[str] | None = None,
        colors: set[tuple[str, str]] | None = None,
    ) -> None:
        self.pages = pages or set()
        self.classes = classes or set()
        self.colors = colors or set()

    def add(self, page: str, html: str) -> None:
        self.pages.add(page)
        self.classes |= page_classes(html)
        self.colors |= used_colors(html)

    def merge(self, other: Seen) -> None:
        self.pages |= other.pages
        self.classes |= other.classes
        self.colors |= other.colors


def slim(
    site: Path,
    paths: list[str] | tuple[str, ...] = (),
    seen: Seen | None = None,
) -> dict[str, str]:
    """Purge Material's stylesheets in `site`, append the palette and the stylesheets at
    `paths` (site-relative) to main and delete them; return {old name: new name}.

    Every page names main's file, which gets a new name of the same length: the pages are
    patched where the name stands (its byte offsets, found while reading them for their
    classes), not read and written again whole (224 MB at size M: 2 s of file system).
    The pages in `seen` are read for those offsets only."""
    styles = site / "assets" / "stylesheets"
    pages = sorted(site.rglob("*.html"))
    olds = sorted(styles.glob("main.*.min.css"))
    names = [f"assets/stylesheets/{old.name}".encode() for old in olds]
    links = _folded_links(tuple(paths))
    seen = seen or Seen()
    vocabulary: set[str] = set(seen.classes)
    colors: set[tuple[str, str]] = set(seen.colors)
    found: list[tuple[Path, bool, list[tuple[int, bytes]]]] = []
    for path in pages:  # one page in memory at a time: a national site has ~30,000
        data = path.read_bytes()
        linked = False
        if path.relative_to(site).as_posix() not in seen.pages:
            html = data.decode("utf-8")
            vocabulary |= page_classes(html)
            colors |= used_colors(html)
            end = html.find("</head>")
            linked = links.search(html if end < 0 else html[:end]) is not None
        at = [(m.start(), name) for name in names for m in re.finditer(re.escape(name), data)]
        found.append((path, linked, at))
    for script in (site / "assets").rglob("*.js"):
        vocabulary.update(_TOKEN.findall(script.read_text(encoding="utf-8", errors="ignore")))
    renamed: dict[str, str] = {}
    purged: dict[str, list[tuple[Path, str]]] = {}
    for stem in STYLESHEETS:
        for old in sorted(styles.glob(f"{stem}.*.min.css")):
            css = purge_colors(purge_css(old.read_text(encoding="utf-8"), vocabulary), colors)
            purged.setdefault(stem, []).append((old, drop_switching(restyle_tables(css))))
    extra = [site / path for path in paths]
    missing = [str(path) for path in extra if not path.is_file()]
    if missing:
        raise FileNotFoundError(f"stylesheets to fold into Material's are missing: {missing}")
    tail = [css for _, css in purged.get("palette", [])]
    tail += [path.read_text(encoding="utf-8") for path in extra]
    for old, css in purged.get("main", []):
        css = "\n".join([css, *tail])
        new = old.with_name(f"main.{hashlib.sha256(css.encode()).hexdigest()[:8]}.min.css")
        old.unlink()
        old.with_name(old.name + ".map").unlink(missing_ok=True)  # maps the full file
        new.write_text(css, encoding="utf-8")
        renamed[f"assets/stylesheets/{old.name}"] = f"assets/stylesheets/{new.name}"
    for old, _ in purged.get("palette", []):
        old.unlink()
        old.with_name(old.name + ".map").unlink(missing_ok=True)
    for path in extra:
        path.unlink()
    swap = {before.encode(): after.encode() for before, after in renamed.items()}
    for path, linked, at in found:
        if linked or any(len(swap.get(name, name)) != len(name) for _, name in at):
            html = path.read_text(encoding="utf-8")
            text = unlink_folded(html, list(paths))
            for before, after in renamed.items():
                text = text.replace(before, after)
            if text != html:
                path.write_text(text, encoding="utf-8")
        elif any(name in swap for _, name in at):
            _patch(path, [(offset, name, swap[name]) for offset, name in at if name in swap])
    return renamed


def _patch(path: Path, patches: list[tuple[int, bytes, bytes]]) -> None:
    """Write each replacement over the bytes it replaces (same length), where they are."""
    with path.open("r+b") as file:
        for offset, before, after in patches:
            file.seek(offset)
            if file.read(len(before)) != before:
                raise RuntimeError(f"{path} changed while the stylesheets were purged")
            file.seek(offset)
            file.write(after)


def unused_lunr_files(site: Path, languages: list[str]) -> list[Path]:
    """Material's lunr files that its search worker never loads for `languages`.

    The worker (Material 9.8.2, src/templates/assets/javascripts/integrations/search/worker)
    imports lunr.stemmer.support, lunr.<lang> for every language but English, lunr.multi
    when there are several, tinyseg for ja and wordcut for hi and th: ~1 MB of the other
    31 languages is never requested.
    """
    folder = site / "assets" / "javascripts" / "lunr"
    needed = {"lunr.stemmer.support.min.js"}
    needed |= {f"lunr.{lang}.min.js" for lang in languages if lang != "en"}
    if len(languages) > 1:
        needed.add("lunr.multi.min.js")
    if "ja" in languages:
        needed.add("tinyseg.js")
    if {"hi", "th"} & set(languages):
        needed.add("wordcut.js")
    return sorted(p for p in folder.rglob("*.js") if p.name not in needed)


def on_page_content(html: str, **_: Any) -> str:
    """Content tables wrapped at build time (see the module's docstring)."""
    return wrap_tables(html)


_seen = Seen()


def on_pre_build(**_: Any) -> None:
    global _seen
    _seen = Seen()  # a module loaded once serves every build of a process (`rete serve`)


def on_post_page(output: str, *, config: Any, page: Any = None, **_: Any) -> str:
    """One stylesheet link per page and its code blocks written (also for pages `rete serve`
    renders again alone); what the page shows is noted for `on_post_build`."""
    html = code_blocks(unlink_folded(output, folded(config)))
    if page is not None:
        _seen.add(page.file.dest_uri, html)
    return html


def page_state() -> tuple[set[str], set[str], set[tuple[str, str]]]:
    """What this process's pages showed: `rete build` builds pages on several processes
    (`rete.web.mkdocs_run`) and merges it into the process that runs `on_post_build`."""
    return _seen.pages, _seen.classes, _seen.colors


def merge_page_state(state: tuple[set[str], set[str], set[tuple[str, str]]]) -> None:
    _seen.merge(Seen(*state))


def on_post_template(output_content: str, *, config: Any, **_: Any) -> str:
    """The same for the theme's own pages (404.html)."""
    return code_blocks(unlink_folded(output_content, folded(config)))


def on_post_build(config: Any, **_: Any) -> None:
    site = Path(config["site_dir"])
    patch_bundle(site)
    slim(site, folded(config), _seen)
    search = config["plugins"].get("material/search")
    if search is not None:
        for path in unused_lunr_files(site, list(search.config["lang"] or ["en"])):
            path.unlink()
