"""MkDocs hooks, named in mkdocs.yml (`hooks:`): MkDocs loads this file by its path.

Kept to one line each: the work is in modules that tests import like any other.
"""

from __future__ import annotations

from typing import Any

from rete.web.search_records import is_record_page
from rete.web.search_text import space_blocks


def on_page_markdown(markdown: str, *, page: Any, **_: Any) -> str:
    """Record pages stay out of Material's full-text index: `web.search_records` finds them
    (and Material's plugin no longer parses thousands of pages for an index it would drop)."""
    if is_record_page(page.file.src_uri):
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return markdown


def on_page_content(html: str, *, page: Any, **_: Any) -> str:
    """Separate block elements before Material's search plugin indexes the page."""
    return html if (page.meta.get("search") or {}).get("exclude") else space_blocks(html)
