"""Markdown bodies of records, rendered and sanitised here, then handed to MkDocs as HTML.

A body pasted into a generated Markdown page would be rendered by MkDocs with no chance to
check what came out; so each body is rendered here with Python-Markdown and the extensions
mkdocs.yml enables (what editors see in the guide is what they get), sanitised against the
allowlist of `rete.web.sanitize`, and inserted into the page as raw HTML that MkDocs passes
through untouched. Links between pages are rewritten on the way (MkDocs no longer sees them).

Top-level headings are handed back as Markdown headings (their text escaped), so MkDocs still
gives them ids, permalinks and a place in the page's table of contents.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import yaml

from rete.records import page_map
from rete.web import markdown_inline
from rete.web.render import md_text
from rete.web.sanitize import clean

DEFAULT_EXTENSIONS = ("abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html",
                      "tables", "pymdownx.details", "pymdownx.superfences")
"""Used when the project has no mkdocs.yml (a test project that is validated only)."""

LEFT_TO_MKDOCS = frozenset({"toc"})
"""MkDocs gives the headings we hand back their ids and permalinks."""

OVERRIDES: dict[str, dict[str, Any]] = {"tables": {"use_align_attribute": True}}
"""Column alignment as `align`, which the allowlist keeps, instead of a style attribute."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # includes Markdown's own \x02 \x03
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !!python/name: read them as nothing."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # any tag left unknown


def mkdocs_extensions(root: Path) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The `markdown_extensions` of the project's mkdocs.yml, names and configurations."""
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        return list(DEFAULT_EXTENSIONS), dict(OVERRIDES)
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader) or {}
    names: list[str] = []
    configs: dict[str, dict[str, Any]] = {}
    for item in config.get("markdown_extensions") or ():
        name, options = (next(iter(item.items())) if isinstance(item, dict) else (item, None))
        if not isinstance(name, str) or name in LEFT_TO_MKDOCS:
            continue
        names.append(name)
        configs[name] = {**(options if isinstance(options, dict) else {}),
                         **OVERRIDES.get(name, {})}
    return names, configs


class _Splitter(HTMLParser):
    """Cuts sanitised HTML at its top-level headings: [("html", source), ("h2", text), …]."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        # HTMLParser counts lines at "\n" only (splitlines would also cut at U+2028 …)
        self.starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.parts: list[tuple[str, str]] = []
        self.depth = 0
        self.begin = 0  # where the pending HTML part starts
        self.heading: str | None = None
        self.text: list[str] = []

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0 and tag in _HEADINGS:
            self.parts.append(("html", self.source[self.begin:self._offset()]))
            self.heading, self.text = tag, []
        if tag not in _VOID:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        self.depth -= 1
        if self.depth == 0 and tag == self.heading:
            self.parts.append((tag, "".join(self.text)))
            self.begin = self._offset() + len(f"</{tag}>")
            self.heading = None

    def handle_data(self, data: str) -> None:
        if self.heading:
            self.text.append(data)

    def split(self) -> list[tuple[str, str]]:
        self.feed(self.source)
        self.close()
        self.parts.append(("html", self.source[self.begin:]))
        return self.parts


def raw_block(html: str) -> str:
    """Sanitised HTML as one line MkDocs keeps as it is: wrapped in a block element, with
    newlines and tabs as character references, so that no line of it can start a Markdown
    construct (a code fence, a heading) and nothing in it is read as Markdown."""
    one_line = html.strip().replace("\r", "").replace("\n", "&#10;").replace("\t", "&#9;")
    return f'<div class="rete-testo">{one_line}</div>' if one_line else ""


class BodyRenderer:
    """Renders the bodies of one build with the project's Markdown extensions."""

    def __init__(self, root: Path) -> None:
        names, configs = mkdocs_extensions(root)
        self._markdown = markdown.Markdown(extensions=names, extension_configs=configs)
        markdown_inline.register(self._markdown)

    def html(self, body: str, page: str) -> str:
        """The body as sanitised HTML; `page` is the docs path it is shown on, which its
        relative links are resolved from (as MkDocs would) and rewritten to addresses."""
        self._markdown.reset()
        rendered = self._markdown.convert(_CONTROL.sub("", body))
        return clean(rendered, relative=lambda url: _relative_link(page, url))

    def block(self, body: str, page: str) -> str:
        """The body as a fragment of a generated Markdown page: raw HTML blocks between
        Markdown headings. Empty for an empty body."""
        parts = []
        for kind, content in _Splitter(self.html(body, page)).split():
            if kind == "html":
                parts.append(raw_block(content))
            else:
                text = " ".join(content.split())
                parts.append(f"{'#' * int(kind[1])} {md_text(text)}" if text else "")
        return "\n\n".join(p for p in parts if p)


def _relative_link(page: str, url: str) -> str | None:
    """A relative link of a body as the built site needs it: `../comuni/seveso.md` (a docs
    path, as editors write it) becomes `../../comuni/seveso/`; a same-page anchor stays."""
    if not url or url.startswith("#"):
        return url
    if url.startswith("//") or url.startswith("\\"):
        return None  # another site without a scheme: write https://
    target = page_map.resolve(page, url)
    anchor = url.split("#", 1)[1] if "#" in url else ""
    return page_map.relative_url(page, f"{target}#{anchor}" if anchor else target)
