"""Unused-selector purge for the school book's CSS (PurgeCSS-like, content based).

A selector is dropped when one of the classes it *requires* never appears as a token in the
vocabulary (every built HTML page plus the theme's JS, so classes toggled by scripts are kept).
Pure functions on strings: no Sphinx, no file I/O, so they can be tested on their own.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

# Functional pseudo-classes whose arguments do not have to match for the selector to apply
# (e.g. `.a:not(.b)` applies without `.b`): their classes are not required.
_FUNCTIONAL_PSEUDO = re.compile(r":(?:not|is|where|has|host|host-context)\((?:[^()]|\([^()]*\))*\)")
_CLASS = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
# At-rules whose body is a list of rules, purged recursively.
_NESTING_AT_RULES = ("@media", "@supports", "@layer")


def split_blocks(css: str) -> list[tuple[str, str | None]]:
    """Split CSS into top-level `(prelude, body)` pairs; body is None for `@charset`/`@import`.

    A tiny scanner rather than a regex, because braces and semicolons inside strings
    (e.g. `content:"}"`) must not end a block.
    """
    blocks: list[tuple[str, str | None]] = []
    i, n, depth, start = 0, len(css), 0, 0
    quote: str | None = None
    brace = 0  # index of the `{` opening the current top-level block
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
                blocks.append((css[start:brace].strip(), css[brace + 1 : i]))
                start = i + 1
        elif c == ";" and depth == 0:  # @charset / @import
            blocks.append((css[start : i + 1].strip(), None))
            start = i + 1
        i += 1
    return blocks


def split_selectors(prelude: str) -> list[str]:
    """Split a selector list on top-level commas (not those inside `:is(a, b)`)."""
    parts: list[str] = []
    depth, current = 0, ""
    for ch in prelude:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def required_classes(selector: str) -> list[str]:
    """Classes an element must carry for `selector` to match (ignoring `:not()` & co.)."""
    return _CLASS.findall(_FUNCTIONAL_PSEUDO.sub("", selector))


def purge_css(css: str, vocab: AbstractSet[str], top: bool = True) -> str:
    """Return `css` without the selectors whose required classes are not all in `vocab`.

    Rules left with no selector, and @media/@supports/@layer blocks left empty, are removed;
    other at-rules (@font-face, @keyframes...) are kept as they are. At the top level,
    comments are stripped (they would end up inside selector preludes) except `/*! ... */`
    licence comments, which are moved to the top of the output.
    """
    result: list[str] = []
    if top:
        licences = re.findall(r"/\*!.*?\*/", css, flags=re.S)
        css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
        result.extend(licences)
    for prelude, body in split_blocks(css):
        if body is None:
            result.append(prelude)
        elif prelude.startswith(_NESTING_AT_RULES):
            inner = purge_css(body, vocab, top=False)
            if inner.strip():
                result.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):
            result.append(f"{prelude}{{{body}}}")
        else:
            keep = [
                s for s in split_selectors(prelude) if all(c in vocab for c in required_classes(s))
            ]
            if keep:
                result.append(f"{','.join(keep)}{{{body}}}")
    return "".join(result)
