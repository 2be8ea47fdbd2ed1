"""Decimal arithmetic shared by the engine: one rounding rule, one context, Italian formatting.

The contract fixes half-up rounding to the cent so that Python, numpy and JavaScript agree;
keeping it in one place is what makes "rounding only where the contract says" checkable.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from fractions import Fraction

TIMES = "\N{MULTIPLICATION SIGN}"
MINUS = "\N{MINUS SIGN}"
"""Typographic signs for the Italian rule texts (kept as escapes so no source line is ambiguous)."""

CENT = Decimal("0.01")
ZERO = Decimal(0)
ONE = Decimal(1)

# Intermediate quotients keep 40 significant digits: far more than any half-cent tie needs,
# and independent of whatever global context the caller has set.
_CONTEXT = Context(
    prec=40, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow]
)


@contextmanager
def exact_context() -> Iterator[None]:
    """Run a computation in the engine's fixed Decimal context."""
    with localcontext(_CONTEXT):
        yield


def round_cent(value: Decimal) -> Decimal:
    """Round to the cent, half-up (never banker's rounding), as the contract requires."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def round_fraction(value: Fraction) -> Decimal:
    """Round an exact rational to the cent, half-up away from zero, with no intermediate error.

    A base fee such as 100 + 576.5/60 repeats forever, yet times 0.60 it is exactly 65.765:
    only exact arithmetic rounds that tie up to 65.77 as the contract (and numpy) do.
    """
    magnitude = (2 * abs(value.numerator) * 100 + value.denominator) // (2 * value.denominator)
    return Decimal(-magnitude if value < 0 else magnitude).scaleb(-2)


def decimal_places(value: Decimal) -> int:
    """Number of significant decimal places (0.60 has 1, 15000 has 0)."""
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # finite values only reach here
    return max(0, -exponent)


def fmt_number(value: Decimal, places: int) -> str:
    """Italian number: comma decimals, dot thousands (2,46; 12.176,47), rounded half-up.

    Rounded here, not by format(), which rounds half-even (65,765 € would read 65,76 €): every
    figure shown follows the contract's rule, as tariffa.js's formatNumber does.
    """
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP,
                             context=_CONTEXT)
    text = f"{rounded:,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def fmt_euro(value: Decimal) -> str:
    """Money in Italian style with the euro sign: 41.400,00 €."""
    return f"{fmt_number(value, 2)} €"


def fmt_weight(value: Decimal) -> str:
    """Scale weights and modifiers: at least two decimals (1,00; 0,85; 0,125)."""
    return fmt_number(value, max(2, decimal_places(value)))
