"""A comune's contribution towards a fee (`natura: contributo`): what the family is left to pay.

The comune pays part of a fee it does not set (a private nido's monthly retta): a sum, or a
share of the retta up to a cap (Cesano Maderno, 2024/25: 25 % up to 150 €…). The family gives
its retta; the contribution is rounded half-up to the cent, never above the retta, and the
base fee is what remains: retta minus contribution. No ISEE, or not resident: no contribution.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from rete.tariffa.base_fee import method_base
from rete.tariffa.money import MINUS, TIMES, decimal_places, fmt_euro, fmt_number, round_fraction
from rete.tariffa.result import Base
from rete.tariffa.schema import Fascia, SchemaTariffario


def fmt_percent(value: Decimal) -> str:
    """25 → "25 %", 12.5 → "12,5 %" (the Italian way, with a space)."""
    return f"{fmt_number(value, decimal_places(value))} %"


def _band(schema: SchemaTariffario, x: Decimal) -> tuple[Fascia, str]:
    previous: Decimal | None = None
    for band in schema.fasce or ():
        if band.fino_a is None or x <= band.fino_a:
            if band.fino_a is not None:
                return band, f"fino a {fmt_euro(band.fino_a)}"
            return band, "unica" if previous is None else f"oltre {fmt_euro(previous)}"
        previous = band.fino_a
    raise AssertionError("a complete scheme ends with an open band")


def _amount(
    schema: SchemaTariffario, x: Decimal, label: str, retta: Decimal
) -> tuple[Fraction, str]:
    """The contribution, exact and not yet capped at the retta, with its rule."""
    if schema.metodo != "fasce":
        base = method_base(schema, x, label)
        return base.valore, f"contributo: {base.regola}"
    band, where = _band(schema, x)
    if band.percentuale is None:
        sum_text = fmt_euro(band.importo)
        return Fraction(band.importo), f"{label} nella fascia {where}: contributo {sum_text}"
    share = Fraction(retta) * Fraction(band.percentuale) / 100
    text = (
        f"{label} nella fascia {where}: contributo {fmt_percent(band.percentuale)} della retta, "
        f"{fmt_euro(retta)} {TIMES} {fmt_percent(band.percentuale)} = "
        f"{fmt_euro(round_fraction(share))}"
    )
    if band.tetto is not None and share > band.tetto:
        share = Fraction(band.tetto)
        text += f", ridotto al tetto di {fmt_euro(band.tetto)}"
    return share, text


def net_fee(
    schema: SchemaTariffario, indicatore: Decimal | None, label: str, retta: Decimal
) -> Base:
    """The retta less the comune's contribution for an indicator (None: no ISEE, none)."""
    if indicatore is None:
        return Base(
            Fraction(retta),
            f"senza ISEE il comune non dà il contributo: retta intera {fmt_euro(retta)}",
        )
    share, text = _amount(schema, indicatore, label, retta)
    if share > retta:
        share = Fraction(retta)
        text += f", ridotto alla retta {fmt_euro(retta)}"
    amount = round_fraction(share)
    net = retta - amount
    text += f"; da pagare: {fmt_euro(retta)} {MINUS} {fmt_euro(amount)} = {fmt_euro(net)}"
    return Base(Fraction(net), text)


def not_resident(retta: Decimal) -> Base:
    """A family living elsewhere gets no contribution: it pays the whole retta."""
    return Base(
        Fraction(retta),
        f"famiglia non residente: nessun contributo del comune, retta intera {fmt_euro(retta)}",
    )


__all__ = ["fmt_percent", "net_fee", "not_resident"]
