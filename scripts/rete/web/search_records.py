"""The records' search index: comuni, practices and modules found by a prefix of the words
of their titles, places and tags, in shards that a query downloads only when it needs them.

Why: Material's full-text index holds the text of every page and is downloaded whole on first
use, so it grows with every record's body (33 MB, 2.4 MB gzip at 1,500 comuni and 5,000
practices). Records leave it (`web.search` keeps the prose pages there) and are found here.
A query downloads, under `search/schede/`:

- `indice.json`, the manifest: the shard keys, the stop words, the block size;
- for each word typed, the one shard `f-<key>.json` whose key is the longest prefix of the
  word: the words starting with the key (its first two folded letters; a shard larger than
  `SHARD_BYTES` is split by one more letter, its words as long as the key staying in it),
  each with the ids of the records that have it in their title, a place, a tag or only in
  their text (summary and body: found, but ranked below the other three);
- the blocks `s-<n>.json` holding the best `SHOWN` results, `BLOCK` records each: page,
  title and a snippet of at most `SNIPPET` characters.

`assets/cerca.js` runs the query and merges these results with Material's; `query_files`
mirrors its choice of files for the benchmark and the tests. Words fold accents and take the
synonyms of `content/ricerca/sinonimi.yml` as the full-text index does (`search_text`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rete.records.page_map import FOLDER_INDEX, RECORD_FOLDERS
from rete.web.search_text import extra_words, fold, words

FOLDER = "search/schede"
MANIFEST = "indice.json"
SHARD_BYTES = 16_000
BLOCK = 32
SHOWN = 20
SNIPPET = 200
KEY_LENGTH = 2
# Points of a word typed, by where the record has it (title, place, tag, text), whole or as a
# prefix. cerca.js holds the same numbers; integers so both sides order results alike.
WEIGHTS = ((100, 50), (10, 5), (4, 2), (1, 1))
TITLE_POINTS = WEIGHTS[0][1]

_STOP_WORDS = """
a ad agli ai al alla alle allo anche c che chi col come con cui d da dagli dai dal dall dalla
dalle dallo degli dei del dell della delle dello di e ed fra gli i il in l la le lo ma ne negli
nei nel nell nella nelle nello non o per piu quale quanto quella quelle quelli quello questa
queste questi questo se si sono su sua sue sugli sui sul sull sulla sulle sullo suo suoi tra un
una uno
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())
"""Italian words too common to find anything; folded, as queries are."""

_STEM = re.compile("[a-z0-9]+")
_RECORD_PAGE = re.compile(rf"(?:{'|'.join(map(re.escape, RECORD_FOLDERS.values()))})/"
                          rf"(?!{FOLDER_INDEX}\.md$)[^/]+\.md")


def is_record_page(src_uri: str) -> bool:
    """Whether a docs page is a record's (comuni/<slug>.md, pratiche/<slug>.md): found here,
    so Material's search plugin need not parse it (`mkdocs_hooks`)."""
    return _RECORD_PAGE.fullmatch(src_uri) is not None


@dataclass(frozen=True)
class Scheda:
    """One record as search sees it; `pointers` are words of rimandi to its page; `text` its
    summary and body (plain or HTML), words found at the lowest weight."""

    location: str
    title: str
    snippet: str
    places: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    pointers: tuple[str, ...] = ()
    text: str = ""


@dataclass
class _Postings:
    ids: tuple[list[int], list[int], list[int], list[int]] = field(
        default_factory=lambda: ([], [], [], []))


def snippet(text: str) -> str:
    """At most SNIPPET characters of plain text, cut at a space."""
    if len(text) <= SNIPPET:
        return text
    cut = text[:SNIPPET - 1]
    return (cut[:cut.rfind(" ")] if " " in cut else cut).rstrip(" ,;:.") + "…"


def _field_words(texts: Iterable[str], separator: re.Pattern[str],
                 groups: list[list[list[str]]], cache: dict[str, frozenset[str]]) -> set[str]:
    out: set[str] = set()
    for text in texts:
        if text not in cache:  # places and tags repeat across records: words cut once
            found = words(text, separator)
            every = {fold(w) for w in found} | extra_words(found, groups)
            cache[text] = frozenset(w for w in every if len(w) > 1 and w not in STOP_WORDS)
        out |= cache[text]
    return out


def record_words(scheda: Scheda, separator: re.Pattern[str], groups: list[list[list[str]]],
                 cache: dict[str, frozenset[str]] | None = None,
                 ) -> tuple[set[str], set[str], set[str], set[str]]:
    """The folded words of a record's title (with its rimandi), places, tags and text; each
    word only in the weightiest of the four."""
    cache = {} if cache is None else cache
    title = _field_words([scheda.title, *scheda.pointers], separator, groups, cache)
    places = _field_words(scheda.places, separator, groups, cache) - title
    tags = _field_words(scheda.tags, separator, groups, cache) - title - places
    text = _field_words([scheda.text], separator, groups, {}) - title - places - tags
    return title, places, tags, text


def _delta(ids: list[int]) -> list[int]:
    return [b - a for a, b in zip([0, *ids], ids, strict=False)]


def _encoded(postings: dict[str, _Postings]) -> dict[str, list[list[int]]]:
    """Each word's id lists as gaps, trailing empty lists left out (most words: no text)."""
    out: dict[str, list[list[int]]] = {}
    for w in sorted(postings):
        lists = [_delta(ids) for ids in postings[w].ids]
        while lists and not lists[-1]:
            lists.pop()
        out[w] = lists
    return out


def _size(postings: dict[str, _Postings]) -> int:
    return len(json.dumps(_encoded(postings), separators=(",", ":"), ensure_ascii=False))


def shard_keys(postings: dict[str, _Postings]) -> dict[str, dict[str, _Postings]]:
    """Words by shard key: their first two letters, split further while a shard is large."""
    out: dict[str, dict[str, _Postings]] = {}

    def place(key: str, group: dict[str, _Postings]) -> None:
        if _size(group) <= SHARD_BYTES or all(len(w) <= len(key) for w in group):
            out[key] = group
            return
        here = {w: p for w, p in group.items() if len(w) == len(key)}
        if here:
            out[key] = here
        children: dict[str, dict[str, _Postings]] = {}
        for w, p in group.items():
            if len(w) > len(key):
                children.setdefault(w[:len(key) + 1], {})[w] = p
        for child, words_ in sorted(children.items()):
            place(child, words_)

    first: dict[str, dict[str, _Postings]] = {}
    for w, p in postings.items():
        first.setdefault(w[:KEY_LENGTH], {})[w] = p
    for key, group in sorted(first.items()):
        place(key, group)
    return out


def stem(key: str) -> str:
    """The file name part of a shard key: itself if plain ASCII, else its code points."""
    return key if _STEM.fullmatch(key) else "u" + "-".join(f"{ord(c):x}" for c in key)


def _dump(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")


@dataclass
class Postings:
    """The id lists of every word of the first `count` records (ids are their order), as cut
    with `separator`: computed beside the build (`build_site`'s `beside`) and continued
    here with the records that come after."""

    count: int
    separator: str
    words: dict[str, _Postings]


def postings(schede: Sequence[Scheda], separator: re.Pattern[str],
             groups: list[list[list[str]]], start: Postings | None = None) -> Postings:
    """The words' id lists of `schede`; with `start`, those of its first `start.count`
    records are taken from it (`start` is extended in place)."""
    done = start or Postings(0, separator.pattern, {})
    cache: dict[str, frozenset[str]] = {}
    for i in range(done.count, len(schede)):
        for rank, found in enumerate(record_words(schede[i], separator, groups, cache)):
            for w in found:
                done.words.setdefault(w, _Postings()).ids[rank].append(i)
    done.count = len(schede)
    return done


def write_records(site: Path, schede: Sequence[Scheda], separator: re.Pattern[str],
                  groups: list[list[list[str]]], start: Postings | None = None) -> None:
    """Write the records' index into the built site; the record ids are their order.
    `start` holds the words of the first records already (see `Postings`)."""
    folder = site / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    usable = (start is not None and start.separator == separator.pattern
              and start.count <= len(schede))
    shards = shard_keys(postings(schede, separator, groups, start if usable else None).words)
    for key, group in shards.items():
        _dump(folder / f"f-{stem(key)}.json", _encoded(group))
    for n in range(0, len(schede), BLOCK):
        _dump(folder / f"s-{n // BLOCK}.json",
              [[s.location, s.title, snippet(s.snippet)] for s in schede[n:n + BLOCK]])
    _dump(folder / MANIFEST, {
        "separatore": separator.pattern, "vuote": sorted(STOP_WORDS), "blocco": BLOCK,
        "schede": len(schede), "frammenti": {k: stem(k) for k in sorted(shards)}})


# The query side, as assets/cerca.js runs it: for the benchmark and the tests.

def query_tokens(query: str, separator: re.Pattern[str]) -> list[str]:
    """The folded words of a query that the records' index can match, without repeats."""
    out: list[str] = []
    for w in words(query, separator):
        token = fold(w)
        if len(token) > 1 and token not in STOP_WORDS and token not in out:
            out.append(token)
    return out


def shard_of(token: str, keys: Iterable[str]) -> str | None:
    """The key of the shard holding the words that start with `token`: its longest prefix."""
    best = None
    for key in keys:
        if token.startswith(key) and (best is None or len(key) > len(best)):
            best = key
    return best


def _undelta(gaps: list[int]) -> list[int]:
    out, total = [], 0
    for g in gaps:
        total += g
        out.append(total)
    return out


def rank(tokens: list[str], shards: dict[str, dict[str, list[list[int]]]],
         keys: Iterable[str]) -> list[tuple[int, int, bool]]:
    """Matching record ids, best first, with their points and whether every word typed is in
    their title: (id, points, strong)."""
    keys = list(keys)
    best: list[dict[int, int]] = []
    for token in tokens:
        found: dict[int, int] = {}
        key = shard_of(token, keys)
        for w, lists in (shards.get(key, {}) if key else {}).items():
            if not w.startswith(token):
                continue
            for where, gaps in enumerate(lists):
                points = WEIGHTS[where][0 if w == token else 1]
                for i in _undelta(gaps):
                    found[i] = max(found.get(i, 0), points)
        best.append(found)
    total: dict[int, list[int]] = {}
    for found in best:
        for i, points in found.items():
            total.setdefault(i, []).append(points)
    ordered = sorted(total.items(), key=lambda kv: (-len(kv[1]), -sum(kv[1]), kv[0]))
    return [(i, sum(p), len(p) == len(tokens) and min(p) >= TITLE_POINTS)
            for i, p in ordered]


def query_files(site: Path, query: str) -> list[str]:
    """The files of search/schede/ that cerca.js downloads for `query` (manifest first)."""
    folder = site / FOLDER
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    separator = re.compile(manifest["separatore"])
    keys = manifest["frammenti"]
    tokens = query_tokens(query, separator)
    files = [MANIFEST]
    shards: dict[str, dict[str, list[list[int]]]] = {}
    for token in tokens:
        key = shard_of(token, keys)
        if key is not None and key not in shards:
            name = f"f-{keys[key]}.json"
            files.append(name)
            shards[key] = json.loads((folder / name).read_text(encoding="utf-8"))
    blocks = []
    for i, _, _ in rank(tokens, shards, keys)[:SHOWN]:
        if i // manifest["blocco"] not in blocks:
            blocks.append(i // manifest["blocco"])
    return files + [f"s-{b}.json" for b in sorted(blocks)]
