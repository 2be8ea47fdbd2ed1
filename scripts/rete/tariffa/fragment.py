"""A household as the site calculator's URL fragment, for links from notebooks and pages.

The calculator (web/assets/calcolatore.js) keeps its inputs in the fragment (#schema=…&isee=
…&m=ruolo.eta.flag…), so a link opens it with a household filled in and nothing is sent to a
server. Writing that format lives here, beside the household contract, so the school's
notebooks never carry a copy; the browser suite opens these links and checks the result.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote

from rete.tariffa.household import Famiglia


def _token(text: object) -> str:
    """encodeURIComponent, with the dot escaped too: it separates a member's parts."""
    return quote(str(text), safe="-_!~*'()").replace(".", "%2E")


def _amount(value: Decimal) -> str:
    return f"{value:.2f}".removesuffix(".00")


def calculator_fragment(household: Famiglia, scheme_id: str) -> str:
    """"#schema=…&isee=…&m=…": the fragment the calculator reads back into its form."""
    parts = [("schema", scheme_id),
             ("isee", "no" if household.isee is None else _amount(household.isee))]
    if household.tipo_isee:
        parts.append(("tipo_isee", household.tipo_isee))
    if household.ise is not None and household.scala_isee is not None:
        parts += [("ise", _amount(household.ise)), ("scala_isee", str(household.scala_isee))]
    if not household.residente:
        parts.append(("residente", "no"))
    parts += [(flag, "si") for flag in ("genitore_solo", "vedovo", "gravidanza")
              if getattr(household, flag)]
    fields = [f"{key}={_token(value)}" for key, value in parts]
    for member in household.componenti:
        pieces = [member.ruolo, str(member.eta)]
        pieces += [flag for flag in ("lavora", "iscritto") if getattr(member, flag)]
        if member.frequenza != "tempo_pieno":
            pieces.append(member.frequenza)
        if member.parto is not None:
            pieces.append(f"parto-{member.parto}")
        if member.disabilita:
            pieces.append(member.disabilita)
        fields.append("m=" + ".".join(_token(p) for p in pieces))
    return "#" + "&".join(fields)
