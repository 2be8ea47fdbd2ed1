"""Flat tables from the record models: what the open-data CSVs and their Table Schemas hold.

A spreadsheet cannot read JSON in a cell, so the models are flattened once, here, and the
CSVs, datapackage.json, the DCAT catalogue and the field dictionary all read the result:
- a nested section becomes columns (`coordinate` → `coordinate_lat`, `coordinate_lon`);
- a list of identifiers (slugs, vocabulary terms, school years, field keys) stays in its cell,
  items joined by "; " (an identifier never holds ";": `cells` refuses one that does);
- any other list (sources, relations, free-text items) is a table of its own, one row per
  item, keyed by the record's `slug`, the positions of the lists above it and its own
  `posizione` (from 1), so its rows join back to their record.
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel

from rete.core.slugs import Slug, TermId
from rete.models.common import Record
from rete.models.vocabolario import NOMI_VOCABOLARI
from rete.records.record_types import RECORD_TYPES, RecordType
from rete.tariffa.schema import SchoolYear
from rete.web.campi import describe

SEPARATOR = "; "
DATA_O_ANNO = r"\d{4}(-\d{2}-\d{2})?"
_IDENTIFIERS: tuple[object, ...] = (Slug, TermId, SchoolYear)
JOINED_KEYS = frozenset({"Fonte.campi"})
"""Lists of plain text whose items are field keys (`popolazione.valore`): one cell too."""
TUPLE_COLUMNS = {"punti": ("isee", "tariffa")}
"""Column names of the items of a list of fixed pairs (a scheme's [ISEE, fee] points)."""
REFERENCES = {"Relazione.accordo": "accordo", "Contatto.organizzazione": "organizzazione",
              "Contatto.comune": "comune", "Pratica.comuni": "comune",
              "Pratica.organizzazioni": "organizzazione", "Firmatari.comuni": "comune",
              "Firmatari.organizzazioni": "organizzazione", "Corso.moduli": "modulo",
              "Modulo.prerequisiti": "modulo"}
"""`Model.field` → the record type whose slug it holds (a foreign key, or documented when
the column is a joined list)."""
PLURALI = {"comune": "comuni", "pratica": "pratiche", "accordo": "accordi",
           "organizzazione": "organizzazioni", "vocabolario": "vocabolari", "modulo": "moduli",
           "corso": "corsi", "pagina": "pagine"}
BODY_COLUMN = "testo"  # the Markdown body of a .md record


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type: string, integer, number, boolean, date
    required: bool
    key: str  # "Model.field" (or "posizione", "testo"): what the dictionary describes
    path: tuple[str, ...] = ()  # where the value sits in the dumped item
    enum: tuple[str, ...] = ()
    pattern: str = ""
    minimum: float | None = None
    maximum: float | None = None
    reference: str = ""  # record type whose slug this column holds
    vocabulary: str = ""  # vocabulary whose term ids this column holds
    joined: bool = False  # a list of identifiers, items joined by SEPARATOR
    note: str = ""  # the model field's own description, if it has one

    @property
    def description(self) -> str:
        return describe(self.key, self.note)


@dataclass
class Table:
    name: str  # file name without .csv
    record_type: str
    source: tuple[str, ...]  # path of the list in the parent's item (empty for a record table)
    keys: list[Column]
    columns: list[Column] = field(default_factory=list)
    parent: Table | None = None
    item: str = "model"  # model, scalar (column "valore") or pair (TUPLE_COLUMNS)

    @property
    def all_columns(self) -> list[Column]:
        return self.keys + self.columns

    @property
    def primary_key(self) -> list[str]:
        return [c.name for c in self.keys]


def _unwrap(tp: Any) -> tuple[Any, bool, list[Any]]:
    """The bare type, whether None is allowed and the Annotated metadata met on the way."""
    nullable = False
    metadata: list[Any] = []
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            metadata += list(tp.__metadata__)
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            nullable = nullable or len(args) < len(get_args(tp))
            if len(args) != 1:
                return tuple(args), nullable, metadata
            tp = args[0]
        else:
            return tp, nullable, metadata


def _list_item(tp: Any) -> Any | None:
    """The item type of list[X] or tuple[X, ...]; None for anything else."""
    origin = get_origin(tp)
    args = get_args(tp)
    if origin is list and len(args) == 1:
        return args[0]
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    return None


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _scalar(tp: Any, metadata: list[Any]) -> dict[str, Any]:
    """Table Schema type and constraints of a scalar annotation."""
    out: dict[str, Any] = {}
    if isinstance(tp, tuple):  # date | int: a date, or a year when the sources give no day
        out.update(type="string", pattern=DATA_O_ANNO)
    elif get_origin(tp) is Literal:
        out.update(type="string", enum=tuple(str(v) for v in get_args(tp)))
    elif tp is bool:
        out["type"] = "boolean"
    elif tp is int:
        out["type"] = "integer"
    elif tp in (float, Decimal):
        out["type"] = "number"
    elif tp is date:
        out["type"] = "date"
    elif tp is str:
        out["type"] = "string"
    else:
        raise TypeError(f"no table type for {tp!r}")
    for item in metadata:
        if isinstance(item, annotated_types.Ge):
            out["minimum"] = item.ge
        elif isinstance(item, annotated_types.Le):
            out["maximum"] = item.le
    return out


class _Builder:
    def __init__(self, rtype: RecordType) -> None:
        self.rtype = rtype
        self.tables: list[Table] = []

    def fields(self, table: Table, model: type[BaseModel], prefix: tuple[str, ...],
               required: bool) -> None:
        for name, info in model.model_fields.items():
            if table.parent is None and not prefix and name == "slug":
                continue  # the record table's key, already its first column
            key = f"{model.__name__}.{name}"
            raw = info.annotation
            tp, nullable, metadata = _unwrap(raw)
            metadata += list(info.metadata)
            path = (*prefix, name)
            column_name = "_".join(path)
            item = _list_item(tp)
            if _is_model(tp):
                self.fields(table, tp, path, required and not nullable)
            elif item is not None:
                bare_item, _, item_meta = _unwrap(item)
                if item in _IDENTIFIERS or key in JOINED_KEYS:
                    table.columns.append(Column(
                        column_name, "string", False, key, path, joined=True,
                        reference=REFERENCES.get(key, ""),
                        vocabulary=name if item == TermId and name in NOMI_VOCABOLARI else "",
                        note=info.description or ""))
                else:
                    self.child(table, path, key, bare_item, item_meta)
            else:
                spec = _scalar(tp, metadata)
                has_value = info.is_required() or info.default not in (None, "")
                table.columns.append(Column(
                    column_name, spec.pop("type"), required and not nullable and has_value,
                    key, path, reference=REFERENCES.get(key, ""), note=info.description or "",
                    **spec))

    def child(self, parent: Table, path: tuple[str, ...], key: str, item: Any,
              item_meta: list[Any]) -> None:
        suffix = "_".join(path)
        keys = [replace(c, name=f"{parent.source[-1]}_posizione",
                        key=f"posizione:{'.'.join(parent.source)}")
                if c.name == "posizione" else c for c in parent.keys]
        table = Table(f"{parent.name}_{suffix}", self.rtype.name, path,
                      [*keys, Column("posizione", "integer", True, "posizione", minimum=1)],
                      parent=parent)
        self.tables.append(table)  # before its own lists: parents come first
        if _is_model(item):
            self.fields(table, item, (), True)
        elif get_origin(item) is tuple:
            table.item = "pair"
            for index, (name, arg) in enumerate(zip(TUPLE_COLUMNS[path[-1]], get_args(item),
                                                    strict=True)):
                bare, _, meta = _unwrap(arg)
                spec = _scalar(bare, meta)
                table.columns.append(Column(name, spec.pop("type"), True, f"{key}.{name}",
                                            (str(index),), **spec))
        else:
            table.item = "scalar"
            spec = _scalar(item, item_meta)
            table.columns.append(Column("valore", spec.pop("type"), True, key, ("valore",),
                                        **spec))

    def build(self) -> list[Table]:
        root = Table(PLURALI[self.rtype.name], self.rtype.name, (),
                     [Column("slug", "string", True, "Record.slug", ("slug",))])
        self.tables.append(root)
        self.fields(root, self.rtype.model, (), True)
        if self.rtype.suffix == ".md":
            root.columns.append(Column(BODY_COLUMN, "string", False, BODY_COLUMN,
                                       (BODY_COLUMN,)))
        return self.tables


@cache
def _built(rtype: RecordType) -> tuple[Table, ...]:
    return tuple(_Builder(rtype).build())


def record_tables(rtype: RecordType) -> list[Table]:
    """The record type's own table first, then one table per nested list, parents first
    (built once per type: the models do not change while the program runs)."""
    return list(_built(rtype))


def all_tables() -> list[Table]:
    return [t for rtype in RECORD_TYPES for t in record_tables(rtype)]


def _get(item: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if item is None:
            return None
        item = item[int(part)] if isinstance(item, list | tuple) else item.get(part)
    return item


def cell(column: Column, value: Any) -> str:
    """The text of one cell: never JSON; a joined list checked to split back the same."""
    if value is None:
        return ""
    if column.joined:
        items = [str(v) for v in value]
        for text in items:
            if ";" in text:
                raise ValueError(f"{column.key}: «{text}» contiene «;», il separatore")
        return SEPARATOR.join(items)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        raise TypeError(f"{column.key}: a nested value reached a cell")
    return str(value)


def rows(tables: list[Table], records: list[dict[str, Any]]) -> dict[str, list[list[str]]]:
    """Every table's rows from the records of one type, dumped as JSON-ready dicts."""
    items: dict[str, list[tuple[list[str], Any]]] = {}
    out: dict[str, list[list[str]]] = {}
    for table in tables:
        if table.parent is None:
            current = [([str(r["slug"])], r) for r in records]
        else:
            current = []
            for keys, parent_item in items[table.parent.name]:
                for index, child in enumerate(_get(parent_item, table.source) or [], start=1):
                    value = {"valore": child} if table.item == "scalar" else child
                    current.append(([*keys, str(index)], value))
        items[table.name] = current
        out[table.name] = [
            keys + [cell(c, _get(item, c.path)) for c in table.columns]
            for keys, item in current]
    return out


def model_of(rtype_name: str) -> type[Record]:
    return next(t.model for t in RECORD_TYPES if t.name == rtype_name)
