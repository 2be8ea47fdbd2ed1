"""MkDocs hooks, named in mkdocs.yml (`hooks:`): MkDocs loads this file by its path.

Kept to one line each: the work is in modules that tests import like any other.
"""

from __future__ import annotations

from typing import Any

from rete.web.search_text import space_blocks


def on_page_content(html: str, **_: Any) -> str:
    """Separate block elements before Material's search plugin indexes the page."""
    return space_blocks(html)
