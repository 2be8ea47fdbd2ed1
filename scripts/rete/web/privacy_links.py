"""Material's privacy plugin rewrites each distinct external link once per build process.

After MkDocs writes a page, the privacy plugin finds every tag that points to another site
and, for a link (`<a href="https://…">`), parses it with an XML parser, sets its attributes
(`rel="noopener"` where it opens a new window) and prints it again: 37,000 links at size M,
a twentieth of MkDocs' time, for the few hundred sources that 6,500 pages cite over and over.
What it makes of a link depends on the tag's text alone (the page it is on matters only for
assets it downloads: style sheets, scripts, images), so a link is rewritten by the plugin
the first time and reused after. Any other tag goes to the plugin every time.

The plugin's expression is repeated here; if the installed plugin's differs, nothing is
changed (`memoize_links` says so).
"""

from __future__ import annotations

import inspect
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

ASSET = (r"<(?:(?:a|link|image)[^>]+href|(?:script|img)[^>]+src)=['\"]?(?:https?:)?//"
         r"[^>]+>")
"""`PrivacyPlugin._parse_html`'s expression (mkdocs-material 9.8)."""

_FOUND = re.compile(ASSET, flags=re.I | re.M)
_LINK = re.compile(r"<a\s", flags=re.I)


def memoize_links(config: MkDocsConfig) -> bool:
    """Wrap the privacy plugin of `config`, if it has one whose expression is `ASSET`;
    whether it did."""
    plugin: Any = config.plugins.get("material/privacy") or config.plugins.get("privacy")
    parse = getattr(plugin, "_parse_html", None)
    if parse is None or getattr(parse, "memoized", False):
        return False
    try:
        source = inspect.getsource(type(plugin)._parse_html)
    except (OSError, TypeError):
        return False
    if ASSET not in source:
        return False
    done: dict[str, str] = {}

    def parse_html(output: str, initiator: Any, config: Any) -> str:
        def one(match: re.Match[str]) -> str:
            tag = match.group()
            if _LINK.match(tag) is None:
                return str(parse(tag, initiator, config))
            if (again := done.get(tag)) is None:
                again = done[tag] = str(parse(tag, initiator, config))
            return again

        return _FOUND.sub(one, output)

    parse_html.memoized = True  # type: ignore[attr-defined]
    plugin._parse_html = parse_html
    return True
