"""The site search: what MkDocs' search index lacks for Italian visitors, added after the build.

Material indexes each page section's title and text with lunr. Three things are added here:

- Whitespace between block elements (`space_blocks`, an MkDocs hook, see `mkdocs_hooks`):
  the indexer joins `<dt>Anni</dt><dd>2024/25</dd>` into "Anni2024/25"; a newline between
  them changes nothing on the page and separates the words in the index and its snippets.
- Accents folded both ways: every accented word of a section is also indexed without its
  accents (`chiavi` for titles, `varianti` for text, two fields declared in mkdocs.yml),
  and `assets/cerca.js` adds the folded form of each word the visitor types. So "Muggio"
  finds Muggiò, and "città" finds a page that wrote "citta".
- Synonyms kept as data (`search_synonyms`): a section that uses one word of a group of
  `equivalenti` is also found by the others; a `rimando` leads its words to one page.
  Words from titles and rimandi go into `chiavi`, boosted as titles are, so a record whose
  title matches ranks above pages that mention the word in passing.

Only index documents change; the page text shown in results stays as written. The index
stays one file fetched on first use; a sharded index (issue 13) can reuse `enrich_document`.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rete.core.diagnostics import Diagnostic
from rete.web.search_synonyms import SYNONYMS_FILE, Sinonimi, page_position

INDEX_FILE = "search/search_index.json"
TITLE_FIELD = "chiavi"
TEXT_FIELD = "varianti"

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


def fold(text: str) -> str:
    """Lower case without accents: "Muggiò" → "muggio" (as cerca.js folds a query)."""
    return unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFD", text))).lower()


def words(text: str, separator: re.Pattern[str]) -> list[str]:
    """The words lunr indexes in an index field (HTML), lower case, edges trimmed."""
    plain = html.unescape(_TAG.sub(" ", text)).lower()
    return [w for w in (_WORD_EDGES.sub("", t) for t in separator.split(plain)) if w]


def _contains(haystack: list[str], phrase: list[str]) -> bool:
    n = len(phrase)
    return n > 0 and any(haystack[i:i + n] == phrase for i in range(len(haystack) - n + 1))


def _extra(found: list[str], groups: list[list[list[str]]]) -> set[str]:
    """Folded words to add for one field: its accented words, and synonyms of its words."""
    folded = [fold(w) for w in found]
    out = {f for w, f in zip(found, folded, strict=True) if f != w}
    for group in groups:
        if any(_contains(folded, term) for term in group):
            out.update(word for term in group for word in term)
    return out - set(found)


def enrich_document(doc: dict[str, Any], separator: re.Pattern[str],
                    groups: list[list[list[str]]], pointers: Iterable[str]) -> None:
    """Add the `chiavi` and `varianti` fields to one index document (in place)."""
    title = words(str(doc.get("title", "")), separator)
    text = words(str(doc.get("text", "")), separator)
    keys = _extra(title, groups) | {fold(w) for p in pointers for w in words(p, separator)}
    variants = _extra(text, groups) - keys
    if keys:
        doc[TITLE_FIELD] = " ".join(sorted(keys))
    if variants:
        doc[TEXT_FIELD] = " ".join(sorted(variants))


def enrich(index: dict[str, Any], synonyms: Sinonimi) -> list[int]:
    """Enrich every document of a Material search index; the rimandi whose page is missing."""
    separator = re.compile(index["config"]["separator"])
    groups = [[[fold(w) for w in words(term, separator)] for term in group]
              for group in synonyms.equivalenti]
    by_page: dict[str, list[str]] = {}
    for r in synonyms.rimandi:
        by_page.setdefault(r.pagina, []).extend(r.parole)
    pages = set()
    for doc in index["docs"]:
        location = str(doc["location"])
        pages.add(location.split("#")[0])
        pointers = by_page.get(location, []) if "#" not in location else []
        enrich_document(doc, separator, groups, pointers)
    return [i for i, r in enumerate(synonyms.rimandi) if r.pagina not in pages]


def finish_index(root: Path, site: Path, synonyms: Sinonimi) -> list[Diagnostic]:
    """Rewrite the built site's search index, enriched; warn of rimandi to missing pages."""
    path = site / INDEX_FILE
    if not path.is_file():
        return []
    index = json.loads(path.read_text(encoding="utf-8"))
    missing = enrich(index, synonyms)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")
    out = []
    for i in missing:
        line, col = page_position(root, i)
        out.append(Diagnostic(SYNONYMS_FILE, line, col, f"rimandi[{i + 1}].pagina", "avviso",
                              f"il sito non ha la pagina «{synonyms.rimandi[i].pagina}»: "
                              "le sue parole non portano a nessuna pagina"))
    return out
