"""Figures on the pages round half-up, like the tariff contract: 65,765 € reads 65,77 €."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rete.tariffa.money import fmt_number
from rete.web.render import environment


@pytest.mark.parametrize("value,shown", [(65.765, "65,77 €"), (Decimal("65.765"), "65,77 €"),
                                         (0.125, "0,13 €"), (2.675, "2,68 €"),
                                         (-65.765, "-65,77 €"), (12176.47, "12.176,47 €"),
                                         (None, "non disponibile")])
def test_euro_filter_rounds_half_up(value: float | Decimal | None, shown: str) -> None:
    assert environment().from_string("{{ x | euro }}").render(x=value) == shown


@pytest.mark.parametrize("value,places,shown", [(2.5, 0, "3"), (3.5, 0, "4"), (0.125, 2, "0,13"),
                                                (1242122.5, 0, "1.242.123"), (0.85, 2, "0,85"),
                                                (Decimal("1E+3"), 0, "1.000")])
def test_numero_filter_rounds_half_up(value: float | Decimal, places: int, shown: str) -> None:
    rendered = environment().from_string("{{ x | numero(n) }}").render(x=value, n=places)
    assert rendered == shown


def test_fmt_number_is_the_one_place_that_rounds() -> None:
    assert fmt_number(Decimal("65.765"), 2) == "65,77"
    assert fmt_number(Decimal("65.764999"), 2) == "65,76"
    assert fmt_number(Decimal("0.6"), 4) == "0,6000"
