"""The one place where record HTML is made safe: an allowlist applied after rendering.

Editors are not programmers and the issue forms let anyone propose a record, so what reaches a
page must be safe by construction, not by a list of known-bad strings. Every Markdown body is
rendered to HTML first (`rete.web.bodies`) and then passes through `clean`, which keeps only
the tags, attributes and URL schemes below (nh3: the ammonia sanitiser, an HTML5 parser, so
entities, tabs and odd casing are decoded exactly as a browser would before anything is
judged). URL fields never pass through Markdown: `safe_href` parses them and the `url`
template filter writes them. The validator (records.markdown_safety, core.fields) still
explains to the editor what is refused; this module does not depend on it being right.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

import nh3

from rete.core.fields import URL_FORBIDDEN, URL_SAFE, URL_SCHEMES, encode_url

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "dfn",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
    "tr", "u", "ul", "var",
})
"""Text structure only: no script, style, form, frame, object, embed, media, SVG or MathML,
no meta, base or link (they would change the page around the text)."""

DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "template", "svg", "math", "iframe", "frame", "frameset", "object",
    "embed", "applet", "noscript", "noembed", "noframes", "xmp", "textarea", "select", "title",
})
"""Removed together with what they contain (their text is code or markup, not prose)."""

ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang"},
    "a": {"href", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "details": {"open"},
    "time": {"datetime"},
}
"""No style, no on* handler, no xlink:href, no target, no data-*: whatever an attribute list
(`{: … }`) or raw HTML adds beyond this is dropped."""

LINK_REL = "noopener"  # no linked page can reach back into this one

_CLASS = re.compile(r"[a-z][a-z0-9_-]{0,40}\Z")
_MATERIAL_CLASSES = frozenset({"md-button", "md-button--primary"})
_FOOTNOTE_ID = re.compile(r"fn(?:ref)?:[A-Za-z0-9_-]{1,40}\Z")
_NUMBER = re.compile(r"[0-9]{1,4}\Z")
_ALIGN = frozenset({"left", "right", "center"})
_SCOPE = frozenset({"row", "col", "rowgroup", "colgroup"})


def _classes(value: str) -> str | None:
    """Plain class names (admonitions, footnotes, code highlighting, buttons); none of the
    theme's own `md-` layout classes, which could cover the page."""
    kept = [c for c in value.split() if _CLASS.match(c)
            and (not c.startswith("md-") or c in _MATERIAL_CLASSES)]
    return " ".join(kept) or None


def _filter(tag: str, attribute: str, value: str) -> str | None:
    """Values of the allowed attributes: only what each one is for. Never returns a value
    that was not given (nh3 does not check a rewritten URL again)."""
    if attribute == "class":
        return _classes(value)
    if attribute == "id":
        return value if _FOOTNOTE_ID.match(value) else None  # footnotes link to their ids
    if attribute in ("width", "height", "colspan", "rowspan", "start"):
        return value if _NUMBER.match(value) else None
    if attribute == "align":
        return value if value in _ALIGN else None
    if attribute == "scope":
        return value if value in _SCOPE else None
    if tag == "img" and attribute == "src":
        # Pages load nothing from other sites: an image is a file of the project.
        return None if value.startswith("//") or urlsplit(value).scheme else value
    return value


def clean(html: str, relative: Callable[[str], str | None] | None = None) -> str:
    """The sanitised fragment; `relative` rewrites each relative link (None drops it)."""
    return nh3.clean(
        html, tags=set(TAGS), clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=_filter, strip_comments=True, link_rel=LINK_REL,
        url_schemes=set(URL_SCHEMES), url_relative=relative)


NOWHERE = "#"
"""What a URL that cannot be published becomes: a link to the top of the same page."""
_URL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                       + URL_SAFE)


def safe_href(value: object) -> str:
    """A URL as it may be written into any template: parsed with urllib.parse, an absolute
    URL only with http(s) or mailto, and percent-encoded so that only `URL_SAFE` characters
    remain (no quote, parenthesis, bracket or space can end a Markdown link or an HTML
    attribute). A value the validator should have refused becomes `NOWHERE`: the page is
    safe even where the validator misses a case."""
    text = str(value)
    if any(c in URL_FORBIDDEN or c.isspace() or not c.isprintable() for c in text):
        return NOWHERE
    try:
        scheme = urlsplit(text).scheme
    except ValueError:
        return NOWHERE
    if scheme and scheme.lower() not in URL_SCHEMES:
        return NOWHERE
    encoded = encode_url(text)
    if not set(encoded) <= _URL_CHARS:
        return NOWHERE
    again = urlsplit(encoded).scheme  # what a browser will take for the scheme
    if (again or scheme) and (again.lower() != scheme.lower()):
        return NOWHERE
    return encoded

