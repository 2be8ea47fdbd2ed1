"""The citizens' calculator: `calcolatore/index.md` and the parameters its script reads.

`write(view, env, docs)` (called from `pages.write_all`) writes the page and
`calcolatore/parametri.json`: the default family scale and every complete tariff scheme the
calculator offers, each with a stable id (`<comune>--<servizio>` for a comune's scheme,
`esempio--<file>` for content/tariffe), its comune, labels and sources. Numbers are exact
decimal text ("0.60", "6000.00"), never binary floats, so the browser engine
(`assets/tariffa.js`) computes from the very figures the Python engine validated.

Incomplete schemes (`completo: false`) and a comune's contributions (`natura: contributo`)
are listed for their comune but never offered; a comune without a computable scheme is
offered the illustrative examples, labelled as such.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import Environment

from rete.models.comune import Comune
from rete.tariffa.money import decimal_places, fmt_number
from rete.tariffa.scale import PARAMETRI, ScalaFamiglia
from rete.tariffa.schema import SchemaTariffario
from rete.web.render import render, write_page
from rete.web.view import UNITA, SiteView

PAGE = "calcolatore/index.md"
PARAMETERS = "calcolatore/parametri.json"
EXAMPLE_PREFIX = "esempio"
EXAMPLE_LABEL = "Esempio illustrativo"

Json = dict[str, Any]


def _text(value: Decimal) -> str:
    """Exact decimal text without exponent: 6000, 0.60, 100.00."""
    return format(value, "f")


def _plain(value: Any) -> Any:
    """A dumped model with every Decimal as exact text and tuples as lists."""
    if isinstance(value, Decimal):
        return _text(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def scale_json(scala: ScalaFamiglia) -> Json:
    """The default family scale: every parameter, whether it is illustrative, its sources."""
    data: Json = _plain(scala.model_dump(include={*PARAMETRI, "illustrativo", "nota"}))
    data["fonti"] = [{"titolo": f.titolo, "url": str(f.url)} for f in scala.fonti]
    return data


def scheme_json(schema: SchemaTariffario) -> Json:
    """The fields the browser engine reads, as the data contract names them."""
    data: Json = _plain(
        schema.model_dump(
            exclude={"fonti", "fattore_famiglia", "anni", "delibera", "unita_per_anno"},
            exclude_none=True,
        )
    )
    data["unita_per_anno"] = _text(schema.unita_annue)
    data["fattore_famiglia"] = _plain(schema.fattore_famiglia.model_dump(exclude_none=True))
    return data


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass
class Offerta:
    """One scheme the calculator offers, with what the page shows about it."""

    id: str
    schema: SchemaTariffario
    illustrativo: bool
    comune: str | None = None
    comune_nome: str | None = None
    etichetta: str = ""

    def to_json(self) -> Json:
        s = self.schema
        return {
            "id": self.id,
            "comune": self.comune,
            "comune_nome": self.comune_nome,
            "esempio": self.comune is None,
            "etichetta": self.etichetta,
            "nome": s.nome,
            "anni": list(s.anni),
            "unita": s.unita,
            "unita_testo": UNITA[s.unita],
            "tipo_isee": s.tipo_isee,
            "delibera": s.delibera,
            "illustrativo": self.illustrativo,
            "fonti": [{"titolo": f.titolo, "url": str(f.url)} for f in s.fonti],
            # A scheme of an illustrative comune record is illustrative too: the engine warns.
            "schema": scheme_json(s) | {"illustrativo": self.illustrativo},
        }


@dataclass
class Parametri:
    """What the calculator offers, built once from the site view."""

    scala: ScalaFamiglia | None
    esempi: list[Offerta] = field(default_factory=list)
    per_comune: dict[str, list[Offerta]] = field(default_factory=dict)
    incompleti: dict[str, list[SchemaTariffario]] = field(default_factory=dict)
    """Per comune, the schemes shown on its page but not computed (incomplete, contributions)."""
    comuni: list[Comune] = field(default_factory=list)

    @property
    def offerte(self) -> list[Offerta]:
        return [o for offers in self.per_comune.values() for o in offers] + self.esempi

    @property
    def disponibile(self) -> bool:
        return self.scala is not None and bool(self.offerte)

    def to_json(self) -> Json:
        assert self.scala is not None
        return {
            "versione": 1,
            "scala": scale_json(self.scala),
            "schemi": [o.to_json() for o in self.offerte],
            "esempi": [o.id for o in self.esempi],
            "comuni": [
                {
                    "slug": c.slug,
                    "nome": c.nome,
                    "schemi": [o.id for o in self.per_comune.get(c.slug, [])],
                    "incompleti": [
                        {"nome": s.nome, "anni": list(s.anni), "natura": s.natura}
                        for s in self.incompleti.get(c.slug, [])
                    ],
                }
                for c in self.comuni
            ],
        }


def computable(schema: SchemaTariffario) -> bool:
    """A fee the calculator can compute: complete, and a fee rather than a contribution."""
    return schema.completo and schema.natura == "tariffa"


def _newest_first(schema: SchemaTariffario) -> str:
    return max(schema.anni, default="")


def _comune_offers(comune: Comune) -> list[Offerta]:
    """A comune's computable schemes. One service over several school years: the newest
    keeps the plain id `<comune>--<servizio>` (what comune pages link to), older ones add
    their years (`--2025-26`)."""
    complete = [s for s in comune.servizi if computable(s)]
    offers = []
    for schema in complete:
        same = sorted(
            (s for s in complete if s.servizio == schema.servizio), key=_newest_first, reverse=True
        )
        suffix = ""
        if same.index(schema) > 0:
            years = "-".join(_slug(y) for y in schema.anni)
            suffix = "--" + (years or str(same.index(schema) + 1))
        when = f" ({', '.join(schema.anni)})" if schema.anni else ""
        offers.append(
            Offerta(
                id=f"{comune.slug}--{schema.servizio}{suffix}",
                schema=schema,
                illustrativo=schema.illustrativo or comune.illustrativo,
                comune=comune.slug,
                comune_nome=comune.nome,
                etichetta=f"{schema.nome}{when}",
            )
        )
    return offers


def scheme_id(comune: Comune, schema: SchemaTariffario) -> str | None:
    """The calculator's id of one of a comune's schemes (for a link from the comune page:
    `../../calcolatore/#schema=<id>`), or None when the calculator does not offer it."""
    for offer in _comune_offers(comune):
        if offer.schema is schema:
            return offer.id
    return None


def _example_offers(schemi: dict[str, SchemaTariffario]) -> list[Offerta]:
    """content/tariffe: examples every comune without a complete scheme is offered."""
    offers = [
        Offerta(
            id=f"{EXAMPLE_PREFIX}--{stem}",
            schema=schema,
            illustrativo=schema.illustrativo,
            etichetta=(f"{EXAMPLE_LABEL}: {schema.nome}" if schema.illustrativo else schema.nome),
        )
        for stem, schema in sorted(schemi.items())
        if computable(schema)
    ]
    seen: dict[str, int] = {}
    for offer in offers:
        seen[offer.etichetta] = seen.get(offer.etichetta, 0) + 1
    for offer in offers:  # two files with one name: tell them apart by file
        if seen[offer.etichetta] > 1:
            offer.etichetta += f" ({offer.id.removeprefix(EXAMPLE_PREFIX + '--')})"
    return offers


def parametri(view: SiteView) -> Parametri:
    """Every scheme the calculator offers: published comuni's complete ones and the examples."""
    out = Parametri(scala=view.corpus.scale, esempi=_example_offers(view.corpus.schemes))
    for entry in view.comuni:
        comune = entry.model
        out.comuni.append(comune)
        offers = _comune_offers(comune)
        if offers:
            out.per_comune[comune.slug] = offers
        incomplete = [s for s in comune.servizi if not computable(s)]
        if incomplete:
            out.incompleti[comune.slug] = incomplete
    return out


def _floor_text(scala: ScalaFamiglia | None) -> str:
    """The ISEE_FF floor in words: "la metà dell'ISEE", "il 70% dell'ISEE"."""
    if scala is None:
        return ""
    kept = (1 - scala.riduzione_massima) * 100
    if kept == 50:
        return "la metà dell'ISEE"
    return f"il {fmt_number(kept, decimal_places(kept))}% dell'ISEE"


def write(view: SiteView, env: Environment, docs: Path) -> list[str]:
    """Write the calculator page and, when there is something to compute, its parameters."""
    params = parametri(view)
    with_schemes = sorted(params.per_comune, key=lambda slug: slug)
    text = render(
        env,
        "calcolatore.md.j2",
        disponibile=params.disponibile,
        scala=params.scala,
        n_schemi=len(params.offerte),
        comuni_con_schemi=[c.nome for c in params.comuni if c.slug in with_schemes],
        esempi=params.esempi,
        parametri=PARAMETERS.rsplit("/", 1)[-1],
        privacy="privacy" in view.pagine,
        riduzione=_floor_text(params.scala),
    )
    written = [write_page(docs, PAGE, text)]
    if params.disponibile:
        data = json.dumps(params.to_json(), ensure_ascii=False, sort_keys=True, indent=1)
        written.append(write_page(docs, PARAMETERS, data + "\n"))
    return written


__all__ = [
    "Offerta",
    "Parametri",
    "computable",
    "parametri",
    "scale_json",
    "scheme_id",
    "scheme_json",
    "write",
]
