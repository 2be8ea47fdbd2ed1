"""Base model for contract records: unknown and missing keys reported in Italian, all at once.

Pydantic reports an unknown key as "Extra inputs are not permitted"; an editor who wrote
`eta_anni` needs "chiave non prevista «eta_anni» (forse «eta»?)". Cross-field checks use
`raise_located` so each message points at the key (and list index) that must change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    ModelWrapValidatorHandler,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails

from rete.core.diagnostics import KeyPath
from rete.core.wording import quoted, unknown_key

Problem = tuple[KeyPath, str]
"""A located problem: where (keys and list indices, relative to the record) and why."""


def detail(loc: KeyPath, message: str, value: object) -> InitErrorDetails:
    return InitErrorDetails(
        type="value_error", loc=loc, input=value, ctx={"error": ValueError(message)}
    )


def raise_located(title: str, problems: Sequence[Problem], value: object = None) -> None:
    """Raise one ValidationError carrying every problem as an ordinary value_error."""
    if problems:
        details = [detail(loc, message, value) for loc, message in problems]
        raise ValidationError.from_exception_data(title, details)


def rebuilt(errors: Sequence[Any]) -> list[InitErrorDetails]:
    rebuilt: list[InitErrorDetails] = []
    for error in errors:
        detail = InitErrorDetails(type=error["type"], loc=tuple(error["loc"]), input=error["input"])
        if "ctx" in error:
            detail["ctx"] = error["ctx"]
        rebuilt.append(detail)
    return rebuilt


class RecordModel(BaseModel):
    """A mapping of the data contract: closed set of keys, immutable once validated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    unknown_key: ClassVar[str] = "chiave non prevista"
    """How the message names an unknown key ("peso del Fattore Famiglia sconosciuto"…)."""

    @model_validator(mode="wrap")
    @classmethod
    def _check_keys(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        if isinstance(data, cls):
            return handler(data)
        if not isinstance(data, dict):
            raise ValueError(
                f"deve essere un elenco di chiavi e valori (chiave: valore), non {quoted(data)}"
            )
        known = cls.model_fields
        problems: list[Problem] = []
        for key in data:
            if key not in known:
                problems.append(((str(key),), unknown_key(key, known, cls.unknown_key)))
        for name, field in known.items():
            if field.is_required() and name not in data:
                problems.append(((name,), f"manca la chiave obbligatoria {quoted(name)}"))
        if not problems:
            return handler(data)
        others: list[InitErrorDetails] = []
        try:
            handler({key: value for key, value in data.items() if key in known})
        except ValidationError as exc:
            kept = [e for e in exc.errors() if not (e["type"] == "missing" and len(e["loc"]) == 1)]
            try:
                others = rebuilt(kept)
                ValidationError.from_exception_data(cls.__name__, others)
            except (TypeError, KeyError, ValueError):  # an error type that cannot be rebuilt
                others = []
        details = [detail(loc, message, data) for loc, message in problems] + others
        raise ValidationError.from_exception_data(cls.__name__, details)


__all__ = ["KeyPath", "Problem", "RecordModel", "detail", "raise_located", "rebuilt"]
