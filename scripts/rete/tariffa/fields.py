"""Field types for the data contract, with the Italian messages an editor reads.

Pydantic's lax coercion would accept "15.000" as fifteen euro or "sì" as a boolean error in
English; these validators accept only what the contract means and say why in Italian. Each
raises ValueError, so the project's error translator passes the message through verbatim and
the key comes from the location.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator

from rete.core.wording import quoted as quoted  # population.py imports it from here
from rete.core.wording import suggestion
from rete.tariffa.money import decimal_places, fmt_number

_MAX_EURO_PLACES = 2
_MAX_WEIGHT_PLACES = 4


def to_decimal(value: object) -> Decimal:
    """A YAML/JSON number as an exact Decimal; text, booleans and NaN are refused."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"deve essere un numero, non {quoted(value)}")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"deve essere un numero finito, non {quoted(value)}")
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"deve essere un numero finito, non {quoted(value)}")
        # repr of a float is the shortest text that reads back to it: 0.6 stays 0.6.
        return Decimal(repr(value))
    if isinstance(value, str):
        raise ValueError(
            f"deve essere un numero scritto senza virgolette, non il testo {quoted(value)} "
            "(es. 15000 oppure 15000.50: punto per i decimali, niente separatore delle "
            "migliaia né simbolo €)"
        )
    raise ValueError(f"deve essere un numero, non {quoted(value)}")


def check_euro(value: object) -> Decimal:
    """Money or ISEE: non-negative, at most two decimals."""
    amount = to_decimal(value)
    if amount < 0:
        raise ValueError(f"non può essere negativo ({fmt_number(amount, decimal_places(amount))})")
    if decimal_places(amount) > _MAX_EURO_PLACES:
        raise ValueError(f"un importo in euro ha al massimo due decimali, non {quoted(value)}")
    return amount


def _weight(value: object) -> Decimal:
    weight = to_decimal(value)
    if weight < 0:
        raise ValueError(f"non può essere negativo ({quoted(value)})")
    if decimal_places(weight) > _MAX_WEIGHT_PLACES:
        raise ValueError(f"ha al massimo quattro decimali, non {quoted(value)}")
    return weight


def _share(value: object) -> Decimal:
    share = _weight(value)
    if share > 1:
        raise ValueError(f"è una quota tra 0 e 1 (0.50 = 50%), non {quoted(value)}")
    return share


def _percent(value: object) -> Decimal:
    share = to_decimal(value)
    if not 0 < share <= 100:
        raise ValueError(f"è una percentuale tra 0 e 100 (25 = 25%), non {quoted(value)}")
    if decimal_places(share) > _MAX_EURO_PLACES:
        raise ValueError(f"una percentuale ha al massimo due decimali, non {quoted(value)}")
    return share


def _positive_weight(value: object) -> Decimal:
    weight = _weight(value)
    if weight == 0:
        raise ValueError("deve essere maggiore di zero")
    return weight


def _positive_number(value: object) -> Decimal:
    number = to_decimal(value)
    if number <= 0:
        raise ValueError(f"deve essere maggiore di zero, non {quoted(value)}")
    if decimal_places(number) > _MAX_WEIGHT_PLACES:
        raise ValueError(f"ha al massimo quattro decimali, non {quoted(value)}")
    return number


def _isee_scale(value: object) -> Decimal:
    scale = _weight(value)
    if scale < 1:
        raise ValueError(
            f"la scala di equivalenza ISEE vale almeno 1 (una persona sola), non {quoted(value)}"
        )
    return scale


def _whole(value: object, *, low: int, high: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"deve essere {what}, non {quoted(value)}")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"deve essere {what}, senza decimali: non {quoted(value)}")
    number = int(value)
    if not low <= number <= high:
        raise ValueError(f"deve essere {what} tra {low} e {high}, non {number}")
    return number


def _age(value: object) -> int:
    return _whole(value, low=0, high=120, what="un'età in anni compiuti")


def _year(value: object) -> int:
    return _whole(value, low=1990, high=2100, what="un anno di quattro cifre (es. 2023)")


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"deve essere true (sì) o false (no), non {quoted(value)}")


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"deve essere un testo, non {quoted(value)}")
    if not value.strip():
        raise ValueError("non può essere vuoto")
    return value.strip()


def _id(value: object) -> int | str:
    if isinstance(value, bool) or not isinstance(value, int | str) or value == "":
        raise ValueError(
            f"deve essere un numero o un nome che identifica il parto, non {quoted(value)}"
        )
    return value


def choice(*allowed: str) -> Callable[[object], str]:
    """A validator accepting only the contract's spellings, suggesting the nearest one."""

    def check(value: object) -> str:
        if isinstance(value, str) and value in allowed:
            return value
        hint = suggestion(value, allowed) if isinstance(value, str) else ""
        listed = ", ".join(allowed)
        raise ValueError(f"valore non previsto {quoted(value)}{hint}: ammessi {listed}")

    return check


def optional(check: Callable[[object], Any]) -> Callable[[object], Any]:
    """Let null through (the contract's "absent or null"), check everything else."""

    def check_optional(value: object) -> Any:
        return None if value is None else check(value)

    return check_optional


Euro = Annotated[Decimal, BeforeValidator(check_euro)]
"""Money or ISEE in euro: non-negative, at most two decimals."""
OptionalEuro = Annotated[Decimal | None, BeforeValidator(optional(check_euro))]
Weight = Annotated[Decimal, BeforeValidator(_weight)]
"""A scale weight or fee modifier: non-negative, at most four decimals."""
PositiveWeight = Annotated[Decimal, BeforeValidator(_positive_weight)]
OptionalPositiveNumber = Annotated[Decimal | None, BeforeValidator(optional(_positive_number))]
OptionalPercent = Annotated[Decimal | None, BeforeValidator(optional(_percent))]
"""A percentage above 0 and up to 100 (25 = 25 %), at most two decimals."""
OptionalIseeScale = Annotated[Decimal | None, BeforeValidator(optional(_isee_scale))]
Share = Annotated[Decimal, BeforeValidator(_share)]
Age = Annotated[int, BeforeValidator(_age)]
OptionalYear = Annotated[int | None, BeforeValidator(optional(_year))]
"""A calendar year (2023), e.g. when a source published its figures."""
Flag = Annotated[bool, BeforeValidator(_flag)]
Text = Annotated[str, BeforeValidator(_text)]
OptionalText = Annotated[str | None, BeforeValidator(optional(_text))]
BirthId = Annotated[int | str | None, BeforeValidator(optional(_id))]


def as_list(value: object) -> object:
    """Refuse a scalar or mapping where the contract wants a YAML list."""
    if isinstance(value, list | tuple):
        return value
    raise ValueError(f"deve essere un elenco (una riga «- …» per elemento), non {quoted(value)}")
