"""ISE and ISEE_FF: the two money figures between the scales and the fee.

ISEE_FF = ISE / SE_FF, rounded once, then held between ISEE * (1 - riduzione_massima) and
ISEE (if mai_peggio): the guards keep a weight table from producing absurd discounts.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from rete.tariffa.household import Famiglia
from rete.tariffa.money import ONE, TIMES, fmt_euro, fmt_weight, round_cent, round_fraction
from rete.tariffa.result import Figure
from rete.tariffa.scale import ScalaFamiglia


def indicatore_ise(famiglia: Famiglia, isee: Decimal, se_isee: Figure) -> Figure:
    """ISE from the attestation when given, else round(ISEE * SE_ISEE)."""
    if famiglia.ise is not None:
        return Figure(famiglia.ise, f"ISE = {fmt_euro(famiglia.ise)} (dall'attestazione ISEE)")
    value = round_cent(isee * se_isee.valore)
    rule = (
        f"ISE = ISEE {TIMES} SE_ISEE = {fmt_euro(isee)} {TIMES} {fmt_weight(se_isee.valore)} "
        f"= {fmt_euro(value)}"
    )
    return Figure(value, rule)


def isee_fattore_famiglia(
    isee: Decimal, ise: Decimal, se_ff: Decimal, scala: ScalaFamiglia
) -> Figure:
    """ISEE_FF with both guards, in the contract's order: ratio, ceiling, then floor."""
    value = round_fraction(Fraction(ise) / Fraction(se_ff))
    rule = f"ISEE_FF = ISE / SE_FF = {fmt_euro(ise)} / {fmt_weight(se_ff)} = {fmt_euro(value)}"
    if scala.mai_peggio and value > isee:
        value = isee
        rule += f"; non può superare l'ISEE: {fmt_euro(value)}"
    floor = round_cent(isee * (ONE - scala.riduzione_massima))
    if value < floor:
        value = floor
        percent = fmt_weight(scala.riduzione_massima * 100).removesuffix(",00")
        rule += f"; riduzione massima {percent}% dell'ISEE: {fmt_euro(value)}"
    return Figure(value, rule)
