"""Words as the site search sees them: shared by the full-text index and the records' index.

Both indexes and `assets/cerca.js` must cut and fold words alike, or a query would miss
what the index holds: one place for the rules.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata

_BLOCK_END = re.compile(
    r"(</(?:p|div|li|dt|dd|td|th|tr|thead|tbody|tfoot|caption|figcaption|summary|details"
    r"|h[1-6]|blockquote|section|article|header|footer|nav|aside|ul|ol|dl|table|title|text)>"
    r"(?=<)|<br\s*/?>(?!\s))")
_TAG = re.compile(r"<[^>]+>")
_MARKS = re.compile("[\u0300-\u036f]")  # the range cerca.js removes: both sides fold alike
_WORD_EDGES = re.compile(r"^[^\w]+|[^\w]+$")


def space_blocks(page_html: str) -> str:
    """Put a newline after each closing block tag that another tag follows directly."""
    return _BLOCK_END.sub(lambda m: m.group(1) + "\n", page_html)


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case without accents: "Muggiò" → "muggio" (as cerca.js folds a query).
    Cached: the records' index folds every word of every body, most of them repeats."""
    return unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFD", text))).lower()


def words(text: str, separator: re.Pattern[str]) -> list[str]:
    """The words lunr indexes in an index field (HTML), lower case, edges trimmed."""
    plain = html.unescape(_TAG.sub(" ", text)).lower()
    return [w for w in (_WORD_EDGES.sub("", t) for t in separator.split(plain)) if w]


def _contains(haystack: list[str], phrase: list[str], present: set[str]) -> bool:
    """`phrase` occurs in `haystack` as consecutive words. `present` (the haystack's words)
    rules out most phrases at once: a body of 300 words checked against every synonym term
    by slicing alone took 10 s of a build at 5,000 practices."""
    n = len(phrase)
    if n == 0 or not all(w in present for w in phrase):
        return False
    first = phrase[0]
    return n == 1 or any(haystack[i:i + n] == phrase
                         for i in range(len(haystack) - n + 1) if haystack[i] == first)


def extra_words(found: list[str], groups: list[list[list[str]]]) -> set[str]:
    """Folded words to add for one field: its accented words, and synonyms of its words.

    `groups` are the synonyms' `equivalenti`, each term already cut into folded words.
    """
    folded = [fold(w) for w in found]
    present = set(folded)
    out = {f for w, f in zip(found, folded, strict=True) if f != w}
    for group in groups:
        if any(_contains(folded, term, present) for term in group):
            out.update(word for term in group for word in term)
    return out - set(found)
