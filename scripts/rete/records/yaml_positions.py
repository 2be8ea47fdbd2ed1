"""YAML loading that keeps where every value was written, with YAML 1.2-like scalars.

Why not `yaml.safe_load`: it follows YAML 1.1, so the ISTAT code 015077 becomes the octal
number 6719, `no` becomes False and `2016-13-20` crashes the loader. Editors write those
values every day. Here the libyaml C parser builds the node tree and we resolve plain scalars
ourselves: only `true`/`false`, `null`/`~`, decimal numbers without leading zeros are typed;
everything else, dates included, stays text for the models to check and report with a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from rete.core.diagnostics import KeyPath

try:  # the C parser is ten times faster; the lock installs a wheel that has it
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - only on a broken install
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class _FastLoader(_Loader):
    """Skips PyYAML's YAML 1.1 tag guessing: `_scalar` decides types, so tags are unused."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return "tag:yaml.org,2002:str"


_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+)\Z")
# libyaml's own words, said again for editors; unknown ones are shown as they are.
_SYNTAX = {
    "mapping values are not allowed here":
        "due punti ':' fuori posto (un testo che contiene ':' va tra virgolette)",
    "did not find expected key": "rientro non coerente: allinea la riga alle chiavi vicine",
    "could not find expected ':'": "manca ':' dopo la chiave",
    "mapping values are not allowed in this context":
        "due punti ':' fuori posto (un testo che contiene ':' va tra virgolette)",
    "found character that cannot start any token":
        "carattere non ammesso a inizio valore (una tabulazione? usa solo spazi)",
    "but found another document":
        "il file contiene più documenti separati da '---': ne serve uno solo",
    "did not find expected ',' or ']'": "elenco tra [ ] non chiuso o senza virgole",
    "did not find expected ',' or '}'": "sezione tra { } non chiusa o senza virgole",
    "found unexpected end of stream": "il file finisce prima del previsto (virgolette aperte?)",
    "expected a single document in the stream":
        "il file contiene più documenti separati da '---': ne serve uno solo",
    "did not find expected '-' indicator": "rientro non coerente in un elenco",
    "found undefined alias": "riferimento '*' a un'ancora che non esiste",
    "found a tab character that violates indentation":
        "tabulazione nel rientro: usa solo spazi",
    "found a tab character where an indentation space is expected":
        "tabulazione nel rientro: usa solo spazi",
    "found unknown escape character":
        "barra rovesciata '\\' non valida tra virgolette doppie: usa le virgolette semplici",
    "did not find expected comment or line break":
        "testo in più dopo un valore: un testo con ':' o '#' va tra virgolette",
    "did not find expected node content": "manca un valore dopo la chiave o il trattino",
    "block sequence entries are not allowed in this context":
        "un elenco con '- ' non può iniziare sulla stessa riga della chiave: vai a capo",
    "found undefined tag handle": "etichetta '!' sconosciuta: togli il punto esclamativo",
    "found unexpected ':'":
        "due punti ':' fuori posto (un testo che contiene ':' va tra virgolette)",
}
_GENERIC = "controlla i rientri (solo spazi), i due punti dopo le chiavi e le virgolette"
_NULLS = {"null", "Null", "NULL", "~", ""}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


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


def _scalar(node: yaml.ScalarNode) -> Any:
    text: str = node.value
    if node.style:  # quoted or block scalar: always text (plain is None or "")
        return text
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


def _build(node: yaml.Node, path: KeyPath, problems: list[YamlProblem]) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [_build(child, (*path, i), problems) for i, child in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            km = key_node.start_mark
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(YamlProblem(km.line + 1, km.column + 1,
                                            "una chiave deve essere un testo semplice"))
                continue
            key = str(key_node.value)
            if key == "<<":
                problems.append(YamlProblem(km.line + 1, km.column + 1,
                                            "i riferimenti YAML '<<' non sono ammessi"))
                continue
            if key in result:
                problems.append(YamlProblem(
                    km.line + 1, km.column + 1,
                    f"chiave ripetuta: '{key}' va scritta una volta sola", (*path, key)))
                continue
            result[key] = _build(value_node, (*path, key), problems)
        return result
    return None  # pragma: no cover - libyaml produces only the three node kinds


def load(text: str, line_offset: int = 0,
         file: Path | None = None) -> tuple[Any, Positions, list[YamlProblem]]:
    """Parse one YAML document; syntax errors come back as problems, never as exceptions."""
    pos = Positions(None, line_offset, file)  # text attached once the document parses
    problems: list[YamlProblem] = []
    try:
        node = yaml.compose(text, Loader=_FastLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or ""
        problems.append(YamlProblem(line + line_offset, col,
                                    f"YAML non valido: {_SYNTAX.get(what, _GENERIC)}"))
        return None, pos, problems
    except yaml.YAMLError:
        problems.append(YamlProblem(1 + line_offset, 1, f"YAML non valido: {_GENERIC}"))
        return None, pos, problems
    if node is None:
        return None, pos, problems
    pos.text = text
    data = _build(node, (), problems)
    for p in problems:
        p.line += line_offset
    return data, pos, problems
