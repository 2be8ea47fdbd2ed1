"""The citizens' calculator: `calcolatore/index.md` and the parameters its script reads.

`write(view, env, docs)` (called from `pages.write_all`) writes the page and
`calcolatore/parametri.json`: the default family scale and every complete tariff scheme the
calculator offers, each with a stable id (`<comune>--<servizio>` for a comune's scheme,
`esempio--<file>` for content/tariffe), its comune, labels and sources, and the Italian
labels of the household's and the schemes' fields and values (`etichette`), which the form
(`assets/calcolatore.js`) shows and the page's template uses too: they are written here only.
Numbers are exact decimal text ("0.60", "6000.00"), never binary floats, so the browser engine
(`assets/tariffa.js`) computes from the very figures the Python engine validated.

Incomplete schemes (`completo: false`) and a comune's contributions (`natura: contributo`)
are listed for their comune but never offered; a comune without a computable scheme is
offered the illustrative examples, labelled as such.

Every offer carries its years and its comune's relation to the Rete (a real scheme of a comune
outside the Rete says so). A nido result shows a note on other help towards the fee (INPS,
Regione): its words and sources are the page record content/pagine/aiuti-nido.md, written into
the page by the template's filters; the script only shows or hides it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import Environment

from rete.core.slugs import slugify
from rete.models.comune import Comune
from rete.records import page_map
from rete.tariffa.contribution import fmt_percent
from rete.tariffa.engine import FREQUENCY_TEXT
from rete.tariffa.equivalence import DISABILITY_TEXT
from rete.tariffa.household import FREQUENZE, LIVELLI_DISABILITA, RUOLI, TIPI_ISEE
from rete.tariffa.money import decimal_places, fmt_euro, fmt_number
from rete.tariffa.scale import PARAMETRI, ScalaFamiglia
from rete.tariffa.schema import UNITA as SCHEME_UNITS
from rete.tariffa.schema import SchemaTariffario
from rete.web.render import data_it, render, write_page
from rete.web.sanitize import safe_href
from rete.web.view import UNITA, SiteView, ruolo_label

PAGE = page_map.CALCULATOR_PAGE
PARAMETERS = page_map.CALCULATOR_PARAMETERS
EXAMPLE_PREFIX = "esempio"
EXAMPLE_LABEL = "Esempio illustrativo"

Json = dict[str, Any]

# --- the Italian labels of the household's and the schemes' fields --------------------------

FIELD_LABELS: dict[str, tuple[str, str]] = {
    # key: (the form's label, the word inside a sentence: "Componente 3, età")
    "isee": ("Valore dell'ISEE, in euro", "ISEE"),
    "tipo_isee": ("Tipo di ISEE", "tipo di ISEE"),
    "ise": ("ISE, in euro", "ISE"),
    "scala_isee": ("Scala di equivalenza ISEE", "scala di equivalenza"),
    "residente": ("Residente nel comune", "residente"),
    "genitore_solo": ("Genitore solo", "genitore solo"),
    "vedovo": ("Genitore solo vedovo o vedova", "vedovo o vedova"),
    "gravidanza": ("Gravidanza certificata nel nucleo", "gravidanza"),
    "ruolo": ("Ruolo", "ruolo"),
    "eta": ("Età (anni compiuti)", "età"),
    "lavora": ("Lavora", "lavora"),
    "iscritto": ("Iscritto al servizio", "iscritto"),
    "frequenza": ("Frequenza", "frequenza"),
    "parto": ("Parto multiplo", "parto"),
    "disabilita": ("Disabilità", "disabilità"),
}
ROLE_TEXT = {"genitore": "genitore", "figlio": "figlio o figlia", "altro": "altro componente"}
ISEE_TYPE_TEXT = {
    "ordinario": "ordinario",
    "minorenni": "per prestazioni ai minorenni",
    "corrente": "corrente",
    "sociosanitario": "sociosanitario",
}
UNIT_NOUNS = {
    "mese": ("mese", "mesi"),
    "pasto": ("pasto", "pasti"),
    "giorno": ("giorno", "giorni"),
    "anno": ("anno", "anni"),
}
NONE_TEXT = {"tipo_isee": "non indicato", "disabilita": "nessuna"}
"""The form's choice for a field left empty."""

ABBREVIATIONS: dict[str, tuple[str, str]] = {
    # sigla: (what it stands for, what it means, said once where the steps begin)
    "ISEE": (
        "Indicatore della situazione economica equivalente",
        "il valore scritto nell'attestazione ISEE, cioè l'ISE diviso per la scala di equivalenza",
    ),
    "ISE": (
        "Indicatore della situazione economica",
        "la somma dei redditi della famiglia e del 20% dei suoi patrimoni",
    ),
}
"""Abbreviations the result explains: `<abbr title>` on each use, a sentence on the first."""

PLAIN_TERMS: tuple[tuple[str, str], ...] = (
    # The engine's rule texts (shared with Python and held equal by the parity test) use the
    # data contract's names; the page shows them in plain Italian. Longest names first.
    ("tra isee_min e isee_max", "tra la soglia della tariffa minima e quella della massima"),
    ("fino a isee_min", "fino alla soglia della tariffa minima"),
    ("da isee_max", "dalla soglia della tariffa massima"),
    ("ISEE_FF", "ISEE con il Fattore Famiglia"),
    ("SE_ISEE", "scala di equivalenza ISEE"),
    ("SE_FF", "scala del Fattore Famiglia"),
    ("(prolungato)", "(orario prolungato)"),
    ("(fratelli)", "(riduzione dal secondo figlio iscritto)"),
    ("altro di ", "altro componente di "),
    ("vedovo/a", "genitore solo vedovo o vedova"),
    ("(lettera c)", "(DPCM 159/2013, Allegato 1, lettera c)"),
    ("(mese)", "(mesi di servizio in un anno)"),
    ("(pasto)", "(pasti in un anno)"),
    ("(giorno)", "(giorni di servizio in un anno)"),
)
"""Internal names in the engine's texts and the words the page shows instead."""

ISEE_PLAUSIBLE = (Decimal(100), Decimal(150_000))
"""An ISEE outside these bounds is asked about before computing (it may be a typo).

Below 100 €: an ISEE of a few euro is almost always "18" typed for 18.000 (an ISEE of exactly
0 is a real value, for a family with no income or assets, and is not questioned). Above
150.000 €: every scheme's last threshold is far lower (the records' highest is 40.000 €), so
such a family pays the maximum whatever the exact figure, and an extra zero typed by mistake
(180000 for 18000) lands above it. Asking costs one click; a silent typo costs a wrong fee.
"""

SERVICE_AGES: tuple[tuple[str, str, int, int, str], ...] = (
    # (word in the scheme's servizio or nome, the service in a sentence, ages from-to in
    #  completed years, the rule in words with its source)
    ("nido", "L'asilo nido", 0, 3, "accoglie bambini dai 3 ai 36 mesi (D.Lgs. 65/2017, art. 2)"),
    (
        "infanzia",
        "La scuola dell'infanzia",
        2,
        6,
        "accoglie bambini dai 3 ai 6 anni, dai 2 anni e mezzo in anticipo (DPR 89/2009, art. 2)",
    ),
)
"""A service's age range, to flag an enrolled child outside it (a 5-year-old at the nido)."""

HELP_NOTES: dict[str, str] = {"nido": "aiuti-nido"}
"""Service word (as in SERVICE_AGES) → the page record (content/pagine/<slug>.md) whose title,
summary and sources the calculator shows beside a result for that service."""

NO_RELATION = "Nessun rapporto con la Rete documentato"


def capitalized(text: str) -> str:
    """The first letter upper case, the rest as written: "per prestazioni…" → "Per prestazioni…"."""
    return text[:1].upper() + text[1:]


def _choices(field: str, values: tuple[str, ...], text: dict[str, str]) -> list[list[str]]:
    """[value, words] in the contract's order; first the empty choice, when the field has one."""
    empty = [["", NONE_TEXT[field]]] if field in NONE_TEXT else []
    return empty + [[value, text[value]] for value in values]


def labels_json() -> Json:
    """The labels the form shows, by field; values as they read inside a sentence (the form
    capitalizes them), in the contract's order."""
    return {
        "campi": {
            key: {"etichetta": label, "breve": short}
            for key, (label, short) in FIELD_LABELS.items()
        },
        "valori": {
            "ruolo": _choices("ruolo", RUOLI, ROLE_TEXT),
            "tipo_isee": _choices("tipo_isee", TIPI_ISEE, ISEE_TYPE_TEXT),
            "frequenza": _choices("frequenza", FREQUENZE, FREQUENCY_TEXT),
            "disabilita": _choices("disabilita", LIVELLI_DISABILITA, DISABILITY_TEXT),
        },
        "unita": {unit: list(UNIT_NOUNS[unit]) for unit in SCHEME_UNITS},
        "sigle": {
            key: {"titolo": title, "spiegazione": text}
            for key, (title, text) in ABBREVIATIONS.items()
        },
        "termini": [list(pair) for pair in PLAIN_TERMS]
        + [
            [f"«{value}»", f"«{words}»"]
            for value, words in ISEE_TYPE_TEXT.items()
            if value != words
        ],
        "isee_plausibile": {"da": _text(ISEE_PLAUSIBLE[0]), "a": _text(ISEE_PLAUSIBLE[1])},
    }


def _service_word(schema: SchemaTariffario) -> str | None:
    """Which known service a scheme is for (nido, infanzia), when its id or name says so."""
    words = f"{schema.servizio} {schema.nome}".lower()
    return next((key for key, *_ in SERVICE_AGES if key in words), None)


def service_ages(schema: SchemaTariffario) -> Json | None:
    """The age range of a scheme's service, when its name says which (nido, infanzia)."""
    word = _service_word(schema)
    for key, service, first, last, rule in SERVICE_AGES:
        if key == word:
            return {"da": first, "a": last, "servizio": service, "regola": rule}
    return None


def help_note(schema: SchemaTariffario) -> str | None:
    """The page record whose note a result of this scheme shows (a nido: aiuti-nido)."""
    word = _service_word(schema)
    return HELP_NOTES.get(word) if word is not None else None


def relation_text(comune: Comune) -> str:
    """The comune's relation to the Rete in words, each role once, in the record's order."""
    roles = list(dict.fromkeys(ruolo_label(r) for r in comune.relazioni))
    return "; ".join(roles) if roles else NO_RELATION


def _euro(value: Decimal) -> str:
    return fmt_euro(value)


def documented(schema: SchemaTariffario) -> Json:
    """What a source gives of a scheme the calculator cannot compute: the lowest and highest
    documented fee, each fact in words, the years and the sources (titles, dates)."""
    facts: list[str] = []
    fees: list[Decimal] = []
    if schema.esenzione_fino_a is not None:
        facts.append(f"esenzione con ISEE fino a {_euro(schema.esenzione_fino_a)}")
        fees.append(Decimal(0))
    if schema.esenzione_sotto is not None:
        facts.append(f"esenzione con ISEE sotto {_euro(schema.esenzione_sotto)}")
        fees.append(Decimal(0))
    if schema.tariffa_min is not None:
        where = f" (ISEE fino a {_euro(schema.isee_min)})" if schema.isee_min is not None else ""
        facts.append(f"minima {_euro(schema.tariffa_min)}{where}")
        fees.append(schema.tariffa_min)
    for x, fee in schema.punti or ():
        facts.append(f"{_euro(fee)} con ISEE {_euro(x)}")
        fees.append(fee)
    previous: Decimal | None = None
    for band in schema.fasce or ():
        if band.non_riportate:  # the band after a gap does not start where the last ended
            facts.append("eventuali altre fasce non riportate dalle fonti")
            previous = None
            continue
        if band.oltre is not None:
            previous = band.oltre
        where = (
            f"ISEE oltre {_euro(band.oltre)} e fino a {_euro(band.fino_a)}"
            if band.oltre is not None and band.fino_a is not None
            else f"ISEE fino a {_euro(band.fino_a)}"
            if band.fino_a is not None
            else f"ISEE oltre {_euro(previous)}"
            if previous is not None
            else "ogni ISEE"
            if band is (schema.fasce or (band,))[0]
            else "la fascia più alta"
        )
        if band.percentuale is not None:  # a contribution: a share of the retta, maybe capped
            cap = f", al massimo {_euro(band.tetto)}" if band.tetto is not None else ""
            facts.append(f"{fmt_percent(band.percentuale)} della retta{cap}, con {where}")
        else:
            facts.append(f"{_euro(band.importo)} con {where}")
            fees.append(band.importo)
        previous = band.fino_a
    if schema.tariffa_max is not None:
        where = f" (ISEE da {_euro(schema.isee_max)})" if schema.isee_max is not None else ""
        facts.append(f"massima {_euro(schema.tariffa_max)}{where}")
        fees.append(schema.tariffa_max)
    return {
        "nome": schema.nome,
        "anni": [schema.periodo],  # "2024/25, 2025/26" or "dati del 2023"
        "servizio": schema.servizio,
        "chiave": schema.anno_chiave,  # newer than the offer computed for the same service?
        "natura": schema.natura,
        "unita_testo": UNITA[schema.unita],
        "da": _euro(min(fees)) if fees else None,
        "a": _euro(max(fees)) if fees else None,
        # Only the lowest and highest fee, with no threshold: the range says it all.
        "voci": facts if len(facts) > 2 or any("ISEE" in fact for fact in facts) else [],
        "fonti": [
            {"titolo": f.titolo, "url": safe_href(f.url), "consultato": data_it(f.consultato)}
            for f in schema.fonti
        ],
    }


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
    data["fonti"] = [{"titolo": f.titolo, "url": safe_href(f.url)} for f in scala.fonti]
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


@dataclass
class Offer:
    """One scheme the calculator offers, with what the page shows about it."""

    id: str
    schema: SchemaTariffario
    illustrative: bool
    comune: str | None = None
    comune_name: str | None = None
    label: str = ""
    relation: str | None = None
    """The comune's relation to the Rete in words (None for the examples)."""

    def to_json(self) -> Json:
        s = self.schema
        return {
            "id": self.id,
            "comune": self.comune,
            "comune_nome": self.comune_name,
            "rete": self.relation,
            "esempio": self.comune is None,
            "etichetta": self.label,
            "nome": s.nome,
            "anni": [s.periodo],  # the years, or "dati del 2023": shown beside the name
            "chiave": s.anno_chiave,  # to tell a comune's newer (incomplete) data apart
            "unita": s.unita,
            "unita_testo": UNITA[s.unita],
            "tipo_isee": s.tipo_isee,
            "delibera": s.delibera,
            "nota": s.nota,  # what the figures leave out or assume, as the record says it
            "illustrativo": self.illustrative,
            "fonti": [{"titolo": f.titolo, "url": safe_href(f.url)} for f in s.fonti],
            "eta": service_ages(s),
            "aiuti": help_note(s),
            # A scheme of an illustrative comune record is illustrative too: the engine warns.
            "schema": scheme_json(s) | {"illustrativo": self.illustrative},
        }


@dataclass
class CalculatorData:
    """What the calculator offers, built once from the site view."""

    scale: ScalaFamiglia | None
    examples: list[Offer] = field(default_factory=list)
    by_comune: dict[str, list[Offer]] = field(default_factory=dict)
    incomplete: dict[str, list[SchemaTariffario]] = field(default_factory=dict)
    """Per comune, the schemes shown on its page but not computed (incomplete, contributions)."""
    comuni: list[Comune] = field(default_factory=list)

    @property
    def offers(self) -> list[Offer]:
        return [o for offers in self.by_comune.values() for o in offers] + self.examples

    @property
    def available(self) -> bool:
        return self.scale is not None and bool(self.offers)

    def to_json(self) -> Json:
        """parametri.json: its keys are the contract with assets/calcolatore.js."""
        assert self.scale is not None
        return {
            "versione": 1,
            "scala": scale_json(self.scale),
            "schemi": [o.to_json() for o in self.offers],
            "esempi": [o.id for o in self.examples],
            "comuni": [
                {
                    "slug": c.slug,
                    "nome": c.nome,
                    "schemi": [o.id for o in self.by_comune.get(c.slug, [])],
                    "incompleti": [documented(s) for s in self.incomplete.get(c.slug, [])],
                }
                for c in self.comuni
            ],
            "etichette": labels_json(),
        }


def computable(schema: SchemaTariffario) -> bool:
    """A fee the calculator can compute: complete, and a fee rather than a contribution."""
    return schema.completo and schema.natura == "tariffa"


def _newest_first(schema: SchemaTariffario) -> str:
    return max(schema.anni, default="")


def _comune_offers(comune: Comune) -> list[Offer]:
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
            years = "-".join(slugify(y) for y in schema.anni)
            suffix = "--" + (years or str(same.index(schema) + 1))
        when = f" ({schema.periodo})"
        offers.append(
            Offer(
                id=f"{comune.slug}--{schema.servizio}{suffix}",
                schema=schema,
                illustrative=schema.illustrativo or comune.illustrativo,
                comune=comune.slug,
                comune_name=comune.nome,
                label=f"{schema.nome}{when}",
                relation=relation_text(comune),
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


def _example_offers(schemes: dict[str, SchemaTariffario]) -> list[Offer]:
    """content/tariffe: examples every comune without a complete scheme is offered."""
    offers = [
        Offer(
            id=f"{EXAMPLE_PREFIX}--{stem}",
            schema=schema,
            illustrative=schema.illustrativo,
            label=(f"{EXAMPLE_LABEL}: {schema.nome}" if schema.illustrativo else schema.nome),
        )
        for stem, schema in sorted(schemes.items())
        if computable(schema)
    ]
    seen: dict[str, int] = {}
    for offer in offers:
        seen[offer.label] = seen.get(offer.label, 0) + 1
    for offer in offers:  # two files with one name: tell them apart by file
        if seen[offer.label] > 1:
            offer.label += f" ({offer.id.removeprefix(EXAMPLE_PREFIX + '--')})"
    return offers


def has_examples(schemes: dict[str, SchemaTariffario]) -> bool:
    """Whether the calculator offers an example scheme (for a comune without its own)."""
    return any(computable(schema) for schema in schemes.values())


def calculator_data(view: SiteView) -> CalculatorData:
    """Every scheme the calculator offers: published comuni's complete ones and the examples."""
    out = CalculatorData(scale=view.corpus.scale, examples=_example_offers(view.corpus.schemes))
    for entry in view.comuni:
        comune = entry.model
        out.comuni.append(comune)
        offers = _comune_offers(comune)
        if offers:
            out.by_comune[comune.slug] = offers
        incomplete = [s for s in comune.servizi if not computable(s)]
        if incomplete:
            out.incomplete[comune.slug] = incomplete
    return out


def _floor_text(scala: ScalaFamiglia | None) -> str:
    """The ISEE_FF floor in words: "la metà dell'ISEE", "il 70% dell'ISEE"."""
    if scala is None:
        return ""
    kept = (1 - scala.riduzione_massima) * 100
    if kept == 50:
        return "la metà dell'ISEE"
    return f"il {fmt_number(kept, decimal_places(kept))}% dell'ISEE"


def real_schemes(data: CalculatorData) -> list[Json]:
    """The comuni with schemes the calculator computes, for the page: each comune's name, its
    relation to the Rete and its schemes' labels with their years, in the comuni's order."""
    return [
        {
            "nome": c.nome,
            "rete": relation_text(c),
            "schemi": [o.label for o in data.by_comune[c.slug]],
        }
        for c in data.comuni
        if c.slug in data.by_comune
    ]


def help_pages(view: SiteView) -> list[Json]:
    """The published page records of HELP_NOTES, for the notes the page holds hidden: the id
    the offers name (`aiuti`), the record, and its own page's address."""
    return [
        {"id": slug, "pagina": view.pagine[slug].model}
        for slug in sorted(set(HELP_NOTES.values()))
        if slug in view.pagine
    ]


def write(view: SiteView, env: Environment, docs: Path) -> list[str]:
    """Write the calculator page and, when there is something to compute, its parameters."""
    data = calculator_data(view)
    text = render(
        env,
        "calcolatore.md.j2",
        here=PAGE,
        disponibile=data.available,
        scala=data.scale,
        n_schemi=len(data.offers),
        schemi_reali=real_schemes(data),
        aiuti=help_pages(view),
        esempi=data.examples,
        parametri=PARAMETERS.rsplit("/", 1)[-1],
        privacy="privacy" in view.pagine,
        riduzione=_floor_text(data.scale),
        sigle=labels_json()["sigle"],
        campi={key: label for key, (label, _) in FIELD_LABELS.items()},
        tipi_isee=[
            (value, capitalized(words))
            for value, words in _choices("tipo_isee", TIPI_ISEE, ISEE_TYPE_TEXT)
        ],
    )
    written = [write_page(docs, PAGE, text)]
    if data.available:
        dumped = json.dumps(data.to_json(), ensure_ascii=False, sort_keys=True, indent=1)
        written.append(write_page(docs, PARAMETERS, dumped + "\n"))
    return written


__all__ = [
    "CalculatorData",
    "Offer",
    "calculator_data",
    "computable",
    "documented",
    "has_examples",
    "help_note",
    "help_pages",
    "labels_json",
    "real_schemes",
    "relation_text",
    "scale_json",
    "scheme_id",
    "scheme_json",
    "service_ages",
    "write",
]
