"""YAML loading that keeps where every value was written, with YAML 1.2-like scalars.

Why not `yaml.safe_load`: it follows YAML 1.1, so the ISTAT code 015077 becomes the octal
number 6719, `no` becomes False and `2016-13-20` crashes the loader. Editors write those
values every day. Here data is built from the libyaml C parser's events and plain scalars are
resolved here: only `true`/`false`, `null`/`~`, decimal numbers without leading zeros are
typed; everything else, dates included, stays text for the models to check and report with a
line. Hostile files are bounded (MAX_SIZE, MAX_DEPTH, no anchors or aliases): a located
message, never a traceback or a hang.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import yaml

from rete.core.diagnostics import KeyPath

try:  # the C parser is ten times faster; the lock installs a wheel that has it
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - only on a broken install
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class _FastLoader(_Loader):
    """Skips PyYAML's YAML 1.1 tag guessing: `_plain` decides types, so tags are unused."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return "tag:yaml.org,2002:str"


_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+)\Z")
MAX_SIZE = 1_000_000
"""Bytes (characters, for text already read) in one file. The largest file in a record folder is
about 21 KB and a record 2-15 KB: a megabyte is fifty times that and still checked in a tenth of
a second, while a pasted dump or a generated 10 MB file is refused before the parser sees it."""
MAX_DEPTH = 50
"""Nested sections and lists. Records and tariff files nest at most 6 deep; 50 is room for any
sane layout and far below the recursion the positions' composer and Pydantic can take."""

_COLON = "due punti ':' fuori posto (un testo che contiene ':' va tra virgolette)"
_TAB = "tabulazione nel rientro: usa solo spazi"
# libyaml's own words, said again for editors; unknown ones are shown as they are.
_SYNTAX = {
    "mapping values are not allowed here": _COLON,
    "did not find expected key": "rientro non coerente: allinea la riga alle chiavi vicine",
    "could not find expected ':'": "manca ':' dopo la chiave",
    "mapping values are not allowed in this context": _COLON,
    "found character that cannot start any token":
        "carattere non ammesso a inizio valore (una tabulazione? usa solo spazi)",
    "but found another document":
        "il file contiene più documenti separati da '---': ne serve uno solo",
    "did not find expected ',' or ']'": "elenco tra [ ] non chiuso o senza virgole",
    "did not find expected ',' or '}'": "sezione tra { } non chiusa o senza virgole",
    "found unexpected end of stream": "il file finisce prima del previsto (virgolette aperte?)",
    "did not find expected '-' indicator": "rientro non coerente in un elenco",
    "found undefined alias": "riferimento '*' a un'ancora che non esiste",
    "found a tab character that violates indentation": _TAB,
    "found a tab character where an indentation space is expected": _TAB,
    "found unknown escape character":
        "barra rovesciata '\\' non valida tra virgolette doppie: usa le virgolette semplici",
    "did not find expected comment or line break":
        "testo in più dopo un valore: un testo con ':' o '#' va tra virgolette",
    "did not find expected node content": "manca un valore dopo la chiave o il trattino",
    "block sequence entries are not allowed in this context":
        "un elenco con '- ' non può iniziare sulla stessa riga della chiave: vai a capo",
    "found undefined tag handle": "etichetta '!' sconosciuta: togli il punto esclamativo",
    "found unexpected ':'": _COLON,
    # libyaml's own cap (1,000 open brackets, counted ahead of ours): same words as MAX_DEPTH
    "exceeded maximum nesting depth": f"più di {MAX_DEPTH} livelli di sezioni ed elenchi uno "
                                      "dentro l'altro: una scheda ne usa pochi; controlla "
                                      "rientri e parentesi",
}
_GENERIC = "controlla i rientri (solo spazi), i due punti dopo le chiavi e le virgolette"
_WORDS: dict[str, bool | None] = {**dict.fromkeys(("null", "Null", "NULL", "~", "")),
                                  **dict.fromkeys(("true", "True", "TRUE"), True),
                                  **dict.fromkeys(("false", "False", "FALSE"), False)}

FRONT_MATTER = "---"


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (yaml, body, first body line); yaml is None when the file has no front matter."""
    if not text.startswith(FRONT_MATTER):
        return None, text, 1
    lines = text.split("\n")
    if lines[0].strip() != FRONT_MATTER:
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].strip() == FRONT_MATTER:
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    return None, text, 1


class Positions:
    """Finds the 1-based (line, col) of a value or key by walking the node tree on demand.

    Only records with problems are ever located, so nothing is kept up front: the text is
    parsed again on the first question. Keeping 10,000 node trees alive instead made the
    garbage collector dominate `rete check`.
    """

    def __init__(self, text: str | None = None, line_offset: int = 0,
                 file: Path | None = None) -> None:
        self.text = text
        self.line_offset = line_offset
        self.file = file  # read again when `text` was dropped (to ship records between processes)
        self._root: yaml.Node | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"text": None if self.file else self.text, "line_offset": self.line_offset,
                "file": self.file, "_root": None}

    def locate(self, path: KeyPath, *, key: bool = False) -> tuple[int, int]:
        """Position of `path`, or of its nearest ancestor that was written (missing fields)."""
        if self.text is None and self.file is not None:
            text = self.file.read_text(encoding="utf-8").removeprefix("\ufeff")
            self.text = split_front_matter(text)[0] if self.file.suffix == ".md" else text
        if self._root is None and self.text is not None:
            self._root = yaml.compose(self.text, Loader=_FastLoader)
        if self._root is None:
            return 1 + self.line_offset, 1
        node: yaml.Node = self._root
        key_node: yaml.Node | None = None
        for part in path:
            child = None
            if isinstance(part, str) and isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if k.value == part:
                        child, key_node = v, k
                        break
            elif (isinstance(part, int) and isinstance(node, yaml.SequenceNode)
                  and 0 <= part < len(node.value)):
                child, key_node = node.value[part], None
            if child is None:
                return self._shift(node)
            node = child
        return self._shift(key_node if key and key_node is not None else node)

    def _shift(self, node: yaml.Node) -> tuple[int, int]:
        mark = node.start_mark
        return mark.line + 1 + self.line_offset, mark.column + 1


@dataclass
class YamlProblem:
    """A document that cannot be read at all; line and col are 1-based."""

    line: int
    col: int
    message: str
    path: KeyPath = ()  # the key concerned, when there is one


def size_problem(size: int) -> YamlProblem | None:
    """Whether a file of `size` is too large to parse, decided before reading or parsing it."""
    if size <= MAX_SIZE:
        return None
    shown = f"{-(-size // 100_000) / 10:.1f}".replace(".", ",")  # rounded up: 1,1 not 1,0
    return YamlProblem(1, 1, f"il file è troppo grande ({shown} MB, al massimo 1 MB): una scheda "
                             "occupa pochi KB; togli il testo in eccesso o dividilo")


_NUMBER_START = frozenset("+-.0123456789")


def _plain(text: str) -> Any:
    """A plain (unquoted) scalar, typed by the YAML 1.2-like rule above."""
    if (word := _WORDS.get(text, text)) is not text:
        return word
    if text[:1] not in _NUMBER_START:  # most values are words: skip the number patterns
        return text
    return int(text) if _INT.match(text) else float(text) if _FLOAT.match(text) else text


class _Mark(Protocol):
    line: int
    column: int


class _Open:
    """A mapping or list being filled. Its path is worked out only for a message (rare)."""

    __slots__ = ("at", "items", "key", "parent", "skip", "value")

    def __init__(self, value: dict[str, Any] | list[Any], parent: _Open | None) -> None:
        self.value: Any = value
        self.items = value if isinstance(value, list) else None
        self.parent = parent
        self.at = parent.next() if parent is not None else None  # key or index in the parent
        self.key: str | None = None  # a mapping's key waiting for its value
        self.skip = False  # a mapping waiting for the value of a refused key, to drop it

    def next(self) -> str | int | None:  # where the next value goes: its key or index
        return len(self.items) if self.items is not None else self.key

    def path(self) -> KeyPath:
        up = self.parent.path() if self.parent is not None else ()
        return up if self.at is None else (*up, self.at)


class _Unsafe(Exception):
    """The document cannot be read safely; its problem is already recorded."""


class _Reader:
    """Data of one document built from libyaml's event stream, refusing what could explode.

    Built from events, not from a node tree, so the work is bounded by the file's size: an
    alias is refused where it appears instead of being expanded (billion laughs, a list that
    contains itself), and nesting is counted as it opens, so a file 1,000 levels deep stops at
    level 51. As fast as composing nodes and walking them, which it replaces: the loop is hot.
    """

    def __init__(self, problems: list[YamlProblem]) -> None:
        self.problems = problems
        self.stack: list[_Open] = []
        self.anchors: set[str] = set()
        self.refused: list[YamlProblem] = []  # anchors and aliases: the first one is reported
        self.merged = False  # a merge key '<<' was refused

    def read(self, text: str) -> Any:
        if (too_big := size_problem(len(text))) is not None:
            self.problems.append(too_big)
            raise _Unsafe
        loader = _FastLoader(text)
        next_event: Callable[[], Any] = loader.get_event  # dispatched on the class, for speed
        stack, top, root, documents = self.stack, None, None, 0
        try:
            while (event := next_event()) is not None:
                kind = event.__class__
                if kind is yaml.ScalarEvent:
                    if event.anchor is not None:
                        self._anchor(event)
                    if top is not None and top.items is None and top.key is None and not top.skip:
                        if event.value == "<<" or event.value in top.value:
                            self._bad_key(top, event)
                        else:
                            top.key = event.value
                        continue
                    value = event.value if event.style else _plain(event.value)
                elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                    top = self._open(event, top)
                    continue
                elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                    value = stack.pop().value
                    top = stack[-1] if stack else None
                elif kind is yaml.AliasEvent:
                    self._alias(event)
                    value = None
                elif kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        self._stop(event.start_mark,
                                   "YAML non valido: " + _SYNTAX["but found another document"])
                    continue
                else:  # stream start and end, document end
                    continue
                if top is None:
                    root = value
                elif top.items is not None:
                    top.items.append(value)
                elif top.key is not None:
                    top.value[top.key], top.key = value, None
                else:  # a key refused for not being text (skip its value), or that value
                    top.skip = not top.skip
        finally:
            loader.dispose()
        if self.refused:
            first = self.refused[0]
            if len(self.refused) > 1:
                first.message += f" ({len(self.refused)} tra ancore e riferimenti nel file)"
            if not self.merged:  # else the merge key's message says it: one mistake, one message
                self.problems.append(first)
            raise _Unsafe
        return root

    def _bad_key(self, top: _Open, event: yaml.ScalarEvent) -> None:
        """A merge key or a repeated key: refused, and its value dropped."""
        top.skip = True
        if event.value == "<<":
            self.merged = True
            self._problem(event.start_mark, "i riferimenti YAML '<<' non sono ammessi: scrivi "
                                            "qui per intero le chiavi che richiama, senza ancore "
                                            "'&' né riferimenti '*'")
        else:
            self._problem(event.start_mark, f"chiave ripetuta: '{event.value}' va scritta una "
                                            "volta sola", (*top.path(), event.value))

    def _open(self, event: yaml.CollectionStartEvent, top: _Open | None) -> _Open:
        if len(self.stack) >= MAX_DEPTH:
            self._stop(event.start_mark,
                       "YAML non valido: " + _SYNTAX["exceeded maximum nesting depth"])
        if event.anchor is not None:
            self._anchor(event)
        if top is not None and top.items is None and top.key is None and not top.skip:
            self._problem(event.start_mark, "una chiave deve essere un testo semplice")
        opened = _Open({} if isinstance(event, yaml.MappingStartEvent) else [], top)
        self.stack.append(opened)
        return opened

    def _anchor(self, event: yaml.ScalarEvent | yaml.CollectionStartEvent) -> None:
        self.anchors.add(str(event.anchor))
        self._refuse(event.start_mark, f"togli '&{event.anchor}' e scrivi per intero ogni "
                                       "valore che lo richiama")

    def _alias(self, event: yaml.AliasEvent) -> None:
        """Refused, never followed: its value stays None."""
        if event.anchor not in self.anchors:
            self._stop(event.start_mark, "YAML non valido: " + _SYNTAX["found undefined alias"])
        self._refuse(event.start_mark, f"al posto di '*{event.anchor}' scrivi per intero il "
                                       "valore")

    def _refuse(self, mark: _Mark | None, fix: str) -> None:
        top = self.stack[-1] if self.stack else None
        self.refused.append(YamlProblem(
            *_at(mark), f"le ancore '&' e i riferimenti '*' di YAML non sono ammessi: {fix}",
            () if top is None else (*top.path(), *(() if (at := top.next()) is None else (at,)))))

    def _problem(self, mark: _Mark | None, message: str, path: KeyPath = ()) -> None:
        self.problems.append(YamlProblem(*_at(mark), message, path))

    def _stop(self, mark: _Mark | None, message: str) -> None:
        self._problem(mark, message)
        raise _Unsafe


def _at(mark: _Mark | None) -> tuple[int, int]:
    """1-based (line, col) of a libyaml mark."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _quote_left_open(text: str, exc: yaml.MarkedYAMLError) -> YamlProblem | None:
    """Where a quoted value that swallowed the lines below it was opened, if that caused `exc`.

    libyaml reports such a quote where the text finally breaks, often lines later (as a bad
    indent, when a quote on a later line closes it): the editor needs the line it opened on.
    """
    start, at = exc.context_mark, exc.problem_mark
    if exc.context == "while scanning a quoted scalar" and start is not None and exc.problem in (
            "found unexpected end of stream", "found unexpected document indicator"):
        return YamlProblem(*_at(start), f"YAML non valido: le virgolette «{text[start.index]}» "
                                        "aperte qui non sono mai chiuse: chiudile alla fine "
                                        "del valore")
    found: yaml.ScalarToken | None = None
    loader = _FastLoader(text)
    try:  # the tokens before the error; a quote spanning lines that ends where it broke
        while (at is not None and (token := loader.get_token()) is not None
               and token.start_mark.line <= at.line):
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.end_mark.line > token.start_mark.line):
                found = token
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    if at is None or found is None or not at.line - 1 <= found.end_mark.line <= at.line:
        return None
    return YamlProblem(*_at(found.start_mark),
                       f"YAML non valido: le virgolette «{found.style}» aperte qui non si "
                       f"chiudono su questa riga ma alla riga {found.end_mark.line + 1}: "
                       "chiudile alla fine del valore")


def _syntax_problem(text: str, exc: yaml.MarkedYAMLError) -> YamlProblem:
    what = exc.problem or exc.context or ""
    return _quote_left_open(text, exc) or YamlProblem(
        *_at(exc.problem_mark or exc.context_mark),
        f"YAML non valido: {_SYNTAX.get(what, _GENERIC)}")


def load(text: str, line_offset: int = 0,
         file: Path | None = None) -> tuple[Any, Positions, list[YamlProblem]]:
    """Parse one YAML document; every problem comes back located, never as an exception.

    Bounded by construction: a file over MAX_SIZE is not parsed, one nested over MAX_DEPTH is
    not read past that level, and anchors and aliases are refused, not expanded.
    """
    pos = Positions(None, line_offset, file)  # text attached once the document is safe to walk
    problems: list[YamlProblem] = []
    data: Any = None
    try:
        data = _Reader(problems).read(text)
        pos.text = text
    except _Unsafe:
        pass
    except yaml.MarkedYAMLError as exc:
        problems[:] = [_syntax_problem(text, exc)]
    except yaml.YAMLError:
        problems[:] = [YamlProblem(1, 1, f"YAML non valido: {_GENERIC}")]
    for p in problems:
        p.line += line_offset
    return (data if pos.text is not None else None), pos, problems
