"""From an indicator (ISEE or ISEE_FF) to the base fee of a scheme, exact and unrounded.

The three methods of the contract (lineare, segmenti, fasce), the exemption (up to a
threshold included, or strictly below it, as the source words it) and the
no-ISEE maximum. The interpolations are exact fractions: rounding happens later, once per
child, after the modifiers.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

from rete.tariffa.money import MINUS, TIMES, fmt_euro, round_fraction
from rete.tariffa.result import Base
from rete.tariffa.schema import SchemaTariffario


def _flat(value: Decimal, rule: str) -> Base:
    return Base(Fraction(value), rule)


def _interpolation(x: Decimal, xa: Decimal, ta: Decimal, xb: Decimal, tb: Decimal) -> Base:
    """ta + (x - xa)(tb - ta)/(xb - xa), exact, with the formula written out."""
    value = Fraction(ta) + Fraction(x - xa) * Fraction(tb - ta) / Fraction(xb - xa)
    e = fmt_euro
    text = (
        f"{e(ta)} + ({e(x)} {MINUS} {e(xa)}) {TIMES} ({e(tb)} {MINUS} {e(ta)}) / "
        f"({e(xb)} {MINUS} {e(xa)}) = {e(round_fraction(value))}"
    )
    return Base(value, text)


def _linear(schema: SchemaTariffario, x: Decimal, label: str) -> Base:
    low, high = schema.isee_min, schema.isee_max
    t_min, t_max = schema.tariffa_min, schema.tariffa_max
    assert low is not None and high is not None and t_min is not None and t_max is not None
    if x <= low:
        return _flat(
            t_min, f"{label} fino a isee_min ({fmt_euro(low)}): tariffa minima {fmt_euro(t_min)}"
        )
    if x >= high:
        return _flat(
            t_max,
            f"{label} da isee_max ({fmt_euro(high)}) in su: tariffa massima {fmt_euro(t_max)}",
        )
    line = _interpolation(x, low, t_min, high, t_max)
    return Base(line.valore, f"{label} tra isee_min e isee_max: {line.regola}")


def _segments(schema: SchemaTariffario, x: Decimal, label: str) -> Base:
    points = schema.punti
    assert points
    x0, t0 = points[0]
    if x <= x0:
        return _flat(t0, f"{label} fino al primo punto ({fmt_euro(x0)}): {fmt_euro(t0)}")
    for (xa, ta), (xb, tb) in pairwise(points):
        if x <= xb:
            line = _interpolation(x, xa, ta, xb, tb)
            where = f"tra i punti {fmt_euro(xa)} e {fmt_euro(xb)}"
            return Base(line.valore, f"{label} {where}: {line.regola}")
    x_last, t_last = points[-1]
    return _flat(t_last, f"{label} oltre l'ultimo punto ({fmt_euro(x_last)}): {fmt_euro(t_last)}")


def _bands(schema: SchemaTariffario, x: Decimal, label: str) -> Base:
    bands = schema.fasce
    assert bands
    previous: Decimal | None = None
    for band in bands:
        if band.fino_a is None or x <= band.fino_a:
            if band.fino_a is not None:
                where = f"fino a {fmt_euro(band.fino_a)}"
            else:
                where = "unica" if previous is None else f"oltre {fmt_euro(previous)}"
            fee = band.importo
            return _flat(fee, f"{label} nella fascia {where}: {fmt_euro(fee)}")
        previous = band.fino_a
    raise AssertionError("a complete scheme ends with an open band")


def tariffa_base(schema: SchemaTariffario, indicatore: Decimal | None, label: str) -> Base:
    """The base fee for an indicator (None: no ISEE submitted) under a complete scheme."""
    if indicatore is None:
        top = schema.tariffa_massima
        return _flat(top, f"senza ISEE si applica la tariffa massima: {fmt_euro(top)}")
    exemption = schema.esenzione_fino_a
    if exemption is not None and indicatore <= exemption:
        return _flat(Decimal(0), f"{label} fino a {fmt_euro(exemption)}: esenzione, tariffa 0,00 €")
    below = schema.esenzione_sotto
    if below is not None and indicatore < below:
        return _flat(Decimal(0), f"{label} sotto {fmt_euro(below)}: esenzione, tariffa 0,00 €")
    return method_base(schema, indicatore, label)


def method_base(schema: SchemaTariffario, indicatore: Decimal, label: str) -> Base:
    """The amount the scheme's method gives for an indicator (no exemption applied)."""
    if schema.metodo == "lineare":
        return _linear(schema, indicatore, label)
    if schema.metodo == "segmenti":
        return _segments(schema, indicatore, label)
    return _bands(schema, indicatore, label)
