"""Turn Pydantic's English error records into short Italian sentences for editors."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from rete.core import wording


def _show(value: Any) -> str:
    text = str(value)
    return f'"{text[:57]}..."' if len(text) > 60 else f'"{text}"'


def _choices(expected: str) -> str:
    return expected.replace("'", "").replace(" or ", ", ")


def unwrap(annotation: Any) -> list[Any]:
    """The concrete types inside Annotated, Optional, unions and lists."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in unwrap(arg)]
    return [annotation]


def model_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model class that owns the mapping at `loc`, to suggest the keys it allows."""
    current: list[Any] = [model]
    for part in loc:
        found: list[Any] = []
        for candidate in current:
            if isinstance(part, int):
                if typing.get_origin(candidate) is list:
                    found.extend(unwrap(typing.get_args(candidate)[0]))
            elif isinstance(candidate, type) and issubclass(candidate, BaseModel):
                info = candidate.model_fields.get(part)
                if info is not None:
                    found.extend(unwrap(info.annotation))
        current = [t for c in found for t in unwrap(c)]
    for candidate in current:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def unknown_key(model: type[BaseModel], loc: tuple[int | str, ...]) -> str:
    """The project's one wording (core.wording), with the keys of the mapping at `loc`."""
    owner = model_at(model, loc[:-1])
    return wording.unknown_key(loc[-1], owner.model_fields if owner else ())


def message(error: ErrorDetails) -> str:
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    value = error.get("input")
    if kind == "value_error":
        return str(ctx.get("error", error["msg"])).removeprefix("Value error, ")
    simple = {
        "missing": "campo obbligatorio mancante",
        "string_type": f"deve essere un testo, non {_show(value)}",
        "int_type": f"deve essere un numero intero, non {_show(value)}",
        "int_parsing": f"deve essere un numero intero, non {_show(value)}",
        "int_from_float": f"deve essere un numero intero, non {_show(value)}",
        "float_type": f"deve essere un numero (con il punto per i decimali), non {_show(value)}",
        "float_parsing": f"deve essere un numero (con il punto per i decimali), non {_show(value)}",
        "bool_type": f"deve essere true o false, non {_show(value)}",
        "bool_parsing": f"deve essere true o false, non {_show(value)}",
        "list_type": "deve essere un elenco (una voce per riga, che inizia con '- ')",
        "dict_type": "deve essere una sezione con chiavi e valori",
        "model_type": "deve essere una sezione con chiavi e valori",
        "model_attributes_type": "deve essere una sezione con chiavi e valori",
        "date_type": f"{_show(value)} non è una data valida (AAAA-MM-GG)",
        "date_parsing": f"{_show(value)} non è una data valida (AAAA-MM-GG)",
        "date_from_datetime_parsing": f"{_show(value)} non è una data valida (AAAA-MM-GG)",
        "literal_error": f"{_show(value)} non è ammesso: usa uno tra "
                         f"{_choices(str(ctx.get('expected', '')))}",
        "enum": f"{_show(value)} non è ammesso: usa uno tra "
                f"{_choices(str(ctx.get('expected', '')))}",
        "too_short": f"servono almeno {ctx.get('min_length')} voci",
        "too_long": f"al massimo {ctx.get('max_length')} voci",
        "string_too_short": "non può essere vuoto",
        "greater_than": f"deve essere maggiore di {ctx.get('gt')}",
        "greater_than_equal": f"deve essere almeno {ctx.get('ge')}",
        "less_than": f"deve essere minore di {ctx.get('lt')}",
        "less_than_equal": f"deve essere al massimo {ctx.get('le')}",
        "finite_number": "deve essere un numero finito",
    }
    if kind in simple:
        return simple[kind]
    return f"valore non valido ({error['msg']})"
