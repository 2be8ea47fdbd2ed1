"""YAML loading that keeps where every value was written, with YAML 1.2-like scalars.

Why not `yaml.safe_load`: it follows YAML 1.1, so the ISTAT code 015077 becomes the octal
number 6719, `no` becomes False and `2016-13-20` crashes the loader. Editors write those
values every day. Here the libyaml C parser builds the node tree and we resolve plain scalars
ourselves: only `true`/`false`, `null`/`~`, decimal numbers without leading zeros are typed;
everything else, dates included, stays text for the models to check and report with a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # the C parser is ten times faster; the lock installs a wheel that has it
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - only on a broken install
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]

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
}
_NULLS = {"null", "Null", "NULL", "~", ""}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


@dataclass
class Positions:
    """1-based (line, col) of each value and of each mapping key, by path from the root."""

    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    line_offset: int = 0

    def locate(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Position of `path`, or of its nearest ancestor that was written (missing fields)."""
        table = self.keys if key else self.values
        p = tuple(path)
        while p:
            if p in table:
                return self._shift(table[p])
            if p in self.values:
                return self._shift(self.values[p])
            p = p[:-1]
        return self._shift(self.values.get((), (1, 1)))

    def _shift(self, pos: tuple[int, int]) -> tuple[int, int]:
        return pos[0] + self.line_offset, pos[1]


@dataclass
class YamlProblem:
    """A document that cannot be read at all; line and col are 1-based."""

    line: int
    col: int
    message: str
    path: Path_ = ()  # the key concerned, when there is one


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


def _build(node: yaml.Node, path: Path_, pos: Positions, problems: list[YamlProblem]) -> Any:
    mark = node.start_mark
    pos.values[path] = (mark.line + 1, mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [_build(child, (*path, i), pos, problems) for i, child in enumerate(node.value)]
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
            pos.keys[(*path, key)] = (km.line + 1, km.column + 1)
            result[key] = _build(value_node, (*path, key), pos, problems)
        return result
    return None  # pragma: no cover - libyaml produces only the three node kinds


def load(text: str, line_offset: int = 0) -> tuple[Any, Positions, list[YamlProblem]]:
    """Parse one YAML document; syntax errors come back as problems, never as exceptions."""
    pos = Positions(line_offset=line_offset)
    problems: list[YamlProblem] = []
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or ""
        problems.append(YamlProblem(line + line_offset, col,
                                    f"YAML non valido: {_SYNTAX.get(what, what)}"))
        return None, pos, problems
    except yaml.YAMLError as exc:
        problems.append(YamlProblem(1 + line_offset, 1, f"YAML non valido: {exc}"))
        return None, pos, problems
    if node is None:
        return None, pos, problems
    data = _build(node, (), pos, problems)
    for p in problems:
        p.line += line_offset
    return data, pos, problems
