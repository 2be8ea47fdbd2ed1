"""Generated raw HTML blocks stashed without Python's HTML parser, with the parser's result.

`md_in_html` finds a page's raw HTML by feeding the whole page to an HTML parser written in
Python, tag by tag: a fifth of converting a record page at size M, whose data lists, sources,
lists of practices and bodies are raw HTML. What the generator writes is simple: a paragraph
(lines between blank lines) that opens with a block element and closes it at its end, with
plain double-quoted attributes and well-formed character references. Such a paragraph is
stashed here as that parser would stash it, and replaced by the same lines, so the parser
then runs over little more than the placeholders.

Only what this module can prove the parser treats that way takes the short path: a paragraph
that is neither such a block nor free of `<` (an HTML comment, a `markdown` block, a stray
`<`) ends it, and the parser reads the rest of the page, from a state this module knows is
clean. `tests/test_markdown_raw.py` compares the HTML with and without it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markdown.preprocessors import Preprocessor

if TYPE_CHECKING:
    import markdown

NAME = "rete_raw_blocks"
PRIORITY = 20.5
"""After MkDocs' `mkdocs_raw_html` (21, which looks for anchors in raw HTML) and right
before `html_block` (20), the parser this stands in for."""

_TAG = re.compile(
    r"<(?:(?P<open>[a-z][a-z0-9]*)(?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:=\"[^\"<>`]*\")?)*\s*"
    r"(?P<self>/?)|/(?P<close>[a-z][a-z0-9]*))>"
)
"""A tag as Python's HTML parser reads it: lower-case name, attributes unquoted-free."""

_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][-.a-zA-Z0-9]*);")
"""A character reference the parser hands back exactly as written (with its `;`)."""

_SPECIAL = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                      "noframes", "plaintext", "noscript"})
"""Elements whose content some versions of the parser read as text, not as tags."""

_EMPTY = "hr"  # the extractor's one element that never opens a level


def raw_block(text: str, block_level: frozenset[str]) -> bool:
    """Whether `text` (a paragraph) is one raw block the extractor would store as written:
    it opens with a block element at its first character and closes it at its last."""
    if "markdown" in text or "\x02" in text or "\x03" in text:
        return False
    tags = list(_TAG.finditer(text))
    if (len(tags) != text.count("<") or not tags or tags[0].start() != 0
            or len(_REFERENCE.findall(text)) != text.count("&")):
        return False
    first = tags[0]["open"]
    if first is None or first not in block_level or first == _EMPTY or tags[0]["self"]:
        return False
    stack: list[str] = []
    for tag in tags:
        name = tag["open"] or tag["close"]
        if name in _SPECIAL:
            return False
        if tag["open"] is not None:
            if not tag["self"] and name != _EMPTY:
                stack.append(name)
        elif name in stack:
            while stack.pop() != name:
                pass
            if not stack:  # the block ends here: it must be the paragraph's end
                return tag.end() == len(text)
    return False


class RawBlocks(Preprocessor):  # type: ignore[misc]  # markdown has no type hints
    """Stashes a page's leading run of generated raw HTML paragraphs (see the module)."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self._block_level = frozenset(md.block_level_elements)

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        count = len(lines)
        start = 0
        while start < count:
            if not lines[start]:
                out.append("")
                start += 1
                continue
            end = start
            while end < count and lines[end]:
                end += 1
            paragraph = lines[start:end]
            if any(not line.strip() for line in paragraph):
                break  # a line of spaces: blank to the parser, not to this loop
            text = "\n".join(paragraph)
            if "<" in text:
                if not raw_block(text, self._block_level):
                    break
                # the extractor keeps a newline when a blank line and more text follow
                placeholder = self.md.htmlStash.store(text + "\n" if end + 1 < count else text)
                out += ["", placeholder, "", ""]
            else:
                out += paragraph
            start = end
        return out + lines[start:]


def register(md: markdown.Markdown) -> None:
    """Adds the preprocessor to a Markdown instance that has `md_in_html`'s extractor."""
    if "html_block" in md.preprocessors:
        md.preprocessors.register(RawBlocks(md), NAME, PRIORITY)
