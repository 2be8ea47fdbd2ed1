"""Text that no inline pattern can match skips Python-Markdown's inline patterns.

Python-Markdown tries each of its inline patterns (code, links, emphasis, raw HTML, entities,
line breaks: fifteen with this project's extensions) on every piece of text, one after the
other, in Python: a fifth of converting a page. Every one of those patterns needs a
character such as `[`, `*` or `<` (or two spaces before a line break), and four pieces of
text in five on a generated page, or in a practice's body, have none: the patterns would
leave them as they are, so they are left as they are without trying them.

Only patterns this module knows (by name and class) are accounted for; a Markdown instance
with any other inline pattern keeps Python-Markdown's own processor.
`tests/test_markdown_inline.py` compares the HTML with and without it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString

if TYPE_CHECKING:
    import markdown

NEEDS: dict[str, tuple[str, str]] = {
    "backtick": ("BacktickInlineProcessor", "`"),
    "escape": ("EscapeInlineProcessor", "\\"),
    "footnote": ("FootnoteInlineProcessor", "["),
    "reference": ("ReferenceInlineProcessor", "["),
    "link": ("LinkInlineProcessor", "["),
    "image_link": ("ImageInlineProcessor", "["),
    "image_reference": ("ImageReferenceInlineProcessor", "["),
    "short_reference": ("ShortReferenceInlineProcessor", "["),
    "short_image_ref": ("ShortImageReferenceInlineProcessor", "["),
    "autolink": ("AutolinkInlineProcessor", "<"),
    "automail": ("AutomailInlineProcessor", "<"),
    "linebreak": ("SubstituteTagInlineProcessor", "  \n"),
    "html": ("HtmlInlineProcessor", "<"),
    "entity": ("HtmlInlineProcessor", "&"),
    "em_strong": ("DelimiterProcessor", "*_"),
    "not_strong": ("SimpleTextInlineProcessor", "*_"),
}
"""Inline pattern → (its class, what a text must contain for it to match): each pattern's
expression starts with, or requires, one of these characters (`linebreak`: the string)."""


class _SkippingInline(InlineProcessor):  # type: ignore[misc]  # markdown has no type hints
    """Python-Markdown's inline processor, for a Markdown instance whose patterns all
    appear in NEEDS; `_needed` finds what at least one of them needs."""

    _needed: re.Pattern[str]

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if not isinstance(data, AtomicString) and self._needed.search(data) is None:
            return data  # no pattern could match: the loop would hand it back unchanged
        return super()._InlineProcessor__handleInline(data, patternIndex)  # type: ignore[no-any-return]


def needed(md: markdown.Markdown) -> re.Pattern[str] | None:
    """What a text must contain for one of `md`'s inline patterns to match, or None when
    one of them is unknown here."""
    wanted: set[str] = set()
    for item in md.inlinePatterns._priority:
        known = NEEDS.get(item.name)
        if known is None or type(md.inlinePatterns[item.name]).__name__ != known[0]:
            return None
        wanted |= {known[1]} if item.name == "linebreak" else set(known[1])
    return re.compile("|".join(re.escape(w) for w in sorted(wanted))) if wanted else None


def register(md: markdown.Markdown) -> bool:
    """Gives `md`'s inline processor the shortcut, if every pattern is known; whether it did."""
    if "inline" not in md.treeprocessors:
        return False
    inline = md.treeprocessors["inline"]
    pattern = needed(md)
    if pattern is None or type(inline) is not InlineProcessor:
        return False
    inline.__class__ = _SkippingInline
    inline._needed = pattern
    return True
