"""The tariff scheme of the data contract (in a comune's record, or a file of its own).

Every check here rejects a scheme that cannot be computed or makes no sense (bounds reversed,
fees falling as the ISEE rises, a band with no end…), located at the key that must change.
A scheme marked `completo: false` records what a source gives and may lack the rest.
A scheme with `natura: contributo` is what the comune pays towards a fee (e.g. a monthly
contribution off a private nido's fee): it falls as the ISEE rises, so the checks that a fee
never falls do not apply to it, and it is never computed (it must say `completo: false`).

Every scheme says when it applies, because a fee without its year reads as current: `anni`
(school years "2024/25" or calendar years "2026", as the source states them) or, when the
source states no year, `anno_fonte` (the year the source published the figures), never both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Literal, Self, get_args

from pydantic import BeforeValidator, model_validator

from rete.core.diagnostics import KeyPath
from rete.core.fields import Fonte
from rete.core.slugs import Slug
from rete.core.wording import quoted
from rete.tariffa.base import Problem, RecordModel, raise_located
from rete.tariffa.fields import (
    Euro,
    Flag,
    OptionalEuro,
    OptionalPercent,
    OptionalPositiveNumber,
    OptionalText,
    OptionalYear,
    Text,
    Weight,
    as_list,
    check_euro,
    choice,
    optional,
)
from rete.tariffa.household import TIPI_ISEE, TipoIsee
from rete.tariffa.money import ONE, fmt_euro
from rete.tariffa.scale import ModificheScala

Unita = Literal["mese", "pasto", "giorno", "anno"]
Natura = Literal["tariffa", "contributo"]
Metodo = Literal["lineare", "segmenti", "fasce"]
SenzaIsee = Literal["massima"]

UNITA: tuple[str, ...] = get_args(Unita)
NATURE: tuple[str, ...] = get_args(Natura)
METODI: tuple[str, ...] = get_args(Metodo)
UNITA_PER_ANNO_PREDEFINITE: dict[str, Decimal] = {"mese": Decimal(11), "anno": Decimal(1)}
"""Units per year when a scheme does not say: 11 months of service, or one year."""

_LINEAR_KEYS = ("isee_min", "isee_max", "tariffa_min", "tariffa_max")
_SCHOOL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
_CALENDAR_YEAR = re.compile(r"^(\d{4})$")


def _school_year(value: object) -> str:
    if isinstance(value, str):
        text = value.strip()
        match = _SCHOOL_YEAR.match(text)
        if match and (int(match[1]) + 1) % 100 == int(match[2]):
            return text
        if _CALENDAR_YEAR.match(text):
            return text
    raise ValueError(
        "deve essere un anno scolastico come «2026/27» o un anno solare come «2026» "
        f"(tra virgolette), non {quoted(value)}"
    )


def year_key(year: str | int) -> int:
    """Order of periods: 2025 < 2025/26 < 2026 (a school year sorts after its first year)."""
    if isinstance(year, int):
        return 2 * year
    match = _SCHOOL_YEAR.match(year)
    return 2 * int(match[1]) + 1 if match else 2 * int(year)


def _point(value: object) -> tuple[Decimal, Decimal]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ValueError(
            f"ogni punto è una coppia [ISEE, tariffa], es. [6000, 100.00]: non {quoted(value)}"
        )
    try:
        isee, fee = (check_euro(item) for item in value)
    except ValueError as exc:
        raise ValueError(f"nel punto {quoted(list(value))}, ISEE e tariffa: {exc}") from None
    return isee, fee


def _empty_as_default(value: object) -> object:
    return {} if value is None else value


SchoolYear = Annotated[str, BeforeValidator(_school_year)]
Punto = Annotated[tuple[Decimal, Decimal], BeforeValidator(_point)]


class NonResidenti(RecordModel):
    """Flat fee for households not resident in the comune (no Fattore Famiglia)."""

    tariffa: Euro


class Modificatori(RecordModel):
    """Multipliers of the base fee; an absent one leaves the fee unchanged."""

    part_time: Weight = ONE
    prolungato: Weight = ONE
    fratelli: Weight = ONE


class Fascia(RecordModel):
    """A band for an indicator up to `fino_a` included (the last has no end).

    A fee band gives its `tariffa`. A contribution's band gives either a sum (`tariffa`) or
    a share of the family's fee (`percentuale`, 25 = 25 %), optionally capped at `tetto`.
    In an incomplete scheme `{non_riportate: true}` stands for bands a source leaves out, so
    the band after it does not start where the one before ended: it may say where it starts
    (`oltre`, excluded) when the source does.
    """

    fino_a: OptionalEuro = None
    tariffa: OptionalEuro = None
    percentuale: OptionalPercent = None
    tetto: OptionalEuro = None
    oltre: OptionalEuro = None
    non_riportate: Flag = False

    @model_validator(mode="after")
    def _check_band(self) -> Self:
        problems: list[Problem] = []
        if self.non_riportate:
            problems += [
                (
                    (key,),
                    f"una voce non_riportate: true segna solo fasce che le fonti non danno: "
                    f"togli {key}",
                )
                for key in ("fino_a", "tariffa", "percentuale", "tetto", "oltre")
                if getattr(self, key) is not None
            ]
        elif self.tariffa is None and self.percentuale is None:
            problems.append(
                (
                    ("tariffa",),
                    "manca la tariffa della fascia (per un contributo: la somma in tariffa, "
                    "oppure la percentuale della retta in percentuale)",
                )
            )
        if self.tariffa is not None and self.percentuale is not None:
            problems.append(
                (
                    ("percentuale",),
                    "indica tariffa (una somma) oppure percentuale (una quota della retta), "
                    "non entrambe",
                )
            )
        if self.oltre is not None and self.fino_a is not None and self.fino_a <= self.oltre:
            problems.append(
                (
                    ("fino_a",),
                    f"fino_a ({fmt_euro(self.fino_a)}) deve essere maggiore di oltre "
                    f"({fmt_euro(self.oltre)})",
                )
            )
        if self.tetto is not None and self.percentuale is None:
            problems.append(
                (("tetto",), "il tetto limita una percentuale: vale solo con percentuale")
            )
        raise_located("Fascia", problems, self.fino_a)
        return self

    @property
    def importo(self) -> Decimal:
        """The band's sum (a fee, or a contribution given as a sum)."""
        assert self.tariffa is not None, "a band with a percentage has no fixed sum"
        return self.tariffa


class SchemaTariffario(RecordModel):
    """A comune's tariff for one service and its school years."""

    servizio: Slug
    nome: Text
    natura: Annotated[Natura, BeforeValidator(choice(*NATURE))] = "tariffa"
    """`tariffa`: what the family pays; `contributo`: what the comune pays towards a fee."""
    anni: Annotated[tuple[SchoolYear, ...], BeforeValidator(as_list)] = ()
    """The school years ("2024/25") or calendar years ("2026") the source says it applies to."""
    anno_fonte: OptionalYear = None
    """When the source gives no year: the year it published the figures ("dati del 2023")."""
    unita: Annotated[Unita, BeforeValidator(choice(*UNITA))] = "mese"
    unita_per_anno: OptionalPositiveNumber = None
    tipo_isee: Annotated[TipoIsee | None, BeforeValidator(optional(choice(*TIPI_ISEE)))] = None
    metodo: Annotated[Metodo | None, BeforeValidator(optional(choice(*METODI)))] = None
    isee_min: OptionalEuro = None
    isee_max: OptionalEuro = None
    tariffa_min: OptionalEuro = None
    tariffa_max: OptionalEuro = None
    punti: Annotated[tuple[Punto, ...] | None, BeforeValidator(optional(as_list))] = None
    fasce: Annotated[tuple[Fascia, ...] | None, BeforeValidator(optional(as_list))] = None
    esenzione_fino_a: OptionalEuro = None
    """Exempt (fee 0) with an indicator up to this value, included."""
    esenzione_sotto: OptionalEuro = None
    """Exempt with an indicator strictly below this value, when the source says "sotto"."""
    senza_isee: Annotated[SenzaIsee, BeforeValidator(choice("massima"))] = "massima"
    non_residenti: NonResidenti | None = None
    modificatori: Annotated[Modificatori, BeforeValidator(_empty_as_default)] = Modificatori()
    costo_unitario: OptionalEuro = None
    fattore_famiglia: Annotated[ModificheScala, BeforeValidator(_empty_as_default)] = (
        ModificheScala()
    )
    delibera: OptionalText = None
    nota: OptionalText = None
    """What the figures assume or leave out, as the source says (e.g. days of attendance)."""
    completo: Flag = True
    illustrativo: Flag = False
    fonti: Annotated[tuple[Fonte, ...], BeforeValidator(as_list)] = ()

    @property
    def unita_annue(self) -> Decimal:
        """Units billed in a year: as given, or the default for months and years."""
        if self.unita_per_anno is not None:
            return self.unita_per_anno
        return UNITA_PER_ANNO_PREDEFINITE.get(self.unita, ONE)

    @property
    def periodo(self) -> str:
        """When the figures apply, for pages: "2024/25", "2026" or "dati del 2023"."""
        if self.anni:
            return ", ".join(self.anni)
        return f"dati del {self.anno_fonte}" if self.anno_fonte is not None else ""

    @property
    def anno_chiave(self) -> int:
        """The scheme's latest year as a sortable key (see `year_key`); 0 when undated."""
        if self.anni:
            return max(year_key(year) for year in self.anni)
        return year_key(self.anno_fonte) if self.anno_fonte is not None else 0

    @property
    def tariffa_massima(self) -> Decimal:
        """The fee with no ISEE: tariffa_max, the last point or the last band."""
        if self.metodo == "lineare" and self.tariffa_max is not None:
            return self.tariffa_max
        if self.metodo == "segmenti" and self.punti:
            return self.punti[-1][1]
        if self.metodo == "fasce" and self.fasce and self.fasce[-1].tariffa is not None:
            return self.fasce[-1].tariffa
        raise ValueError(f"lo schema «{self.servizio}» non ha una tariffa massima")

    @model_validator(mode="after")
    def _check_scheme(self) -> Self:
        problems = self._general_problems() + self._foreign_keys()
        problems += self._linear_problems()
        problems += self._point_problems() + self._band_problems()
        raise_located("SchemaTariffario", problems, self.servizio)
        return self

    @property
    def _fees_rise(self) -> bool:
        """A fee never falls as the ISEE rises; a contribution usually does."""
        return self.natura == "tariffa"

    def _general_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        problems += self._contribution_problems()
        if not self.anni and self.anno_fonte is None:
            problems.append(
                (
                    ("anni",),
                    "manca l'anno a cui si applica lo schema: indica anni, es. "
                    'anni: ["2026/27"] (anno scolastico) o anni: ["2026"] (anno solare); se '
                    "la fonte non lo dice, indica invece anno_fonte con l'anno in cui la fonte "
                    "ha pubblicato i dati (es. anno_fonte: 2023)",
                )
            )
        if self.anni and self.anno_fonte is not None:
            problems.append(
                (
                    ("anno_fonte",),
                    "indica anni oppure anno_fonte, non entrambi: anno_fonte serve solo "
                    "quando la fonte non dice a quale anno si applica lo schema",
                )
            )
        seen: set[str] = set()
        for index, year in enumerate(self.anni):
            if year in seen:
                problems.append((("anni", index), f"l'anno {year} è ripetuto"))
            seen.add(year)
        if self.completo and self.metodo is None:
            problems.append(
                (
                    ("metodo",),
                    "manca il metodo di calcolo (lineare, segmenti o fasce); se la fonte non "
                    "lo dice, indica completo: false",
                )
            )
        if (
            self.completo
            and self.unita not in UNITA_PER_ANNO_PREDEFINITE
            and self.unita_per_anno is None
        ):
            problems.append(
                (
                    ("unita_per_anno",),
                    f"con unita: {self.unita} va indicato quante unità si pagano in un anno "
                    "(es. unita_per_anno: 170)",
                )
            )
        if self.esenzione_fino_a is not None and self.esenzione_sotto is not None:
            problems.append(
                (
                    ("esenzione_sotto",),
                    "indica esenzione_fino_a (ISEE fino alla soglia compresa) oppure "
                    "esenzione_sotto (ISEE sotto la soglia), come dice la fonte: non entrambe",
                )
            )
        if self.costo_unitario is not None and self.costo_unitario == 0:
            problems.append((("costo_unitario",), "il costo unitario deve essere maggiore di zero"))
        return problems

    def _contribution_problems(self) -> list[Problem]:
        """A percentage belongs to a contribution; a contribution has no fee-only keys."""
        if self.natura == "tariffa":
            return [
                (
                    ("fasce", index, "percentuale"),
                    "la percentuale della retta vale solo per un contributo del comune "
                    "(natura: contributo): la fascia di una tariffa indica l'importo in tariffa",
                )
                for index, band in enumerate(self.fasce or ())
                if band.percentuale is not None
            ]
        fee_only = ["esenzione_fino_a", "esenzione_sotto", "non_residenti", "costo_unitario"]
        problems: list[Problem] = [
            (
                (key,),
                f"{key} non vale per un contributo del comune: il contributo si calcola sulla "
                "retta che paga la famiglia residente",
            )
            for key in fee_only
            if getattr(self, key) is not None
        ]
        if self.modificatori != Modificatori():
            problems.append(
                (
                    ("modificatori",),
                    "i coefficienti non valgono per un contributo del comune: il contributo si "
                    "calcola sulla retta che la famiglia paga per ogni figlio",
                )
            )
        return problems

    def _foreign_keys(self) -> list[Problem]:
        """Keys of another method are almost always a mistaken `metodo`: say so."""
        if self.metodo is None:
            return []
        owners = dict.fromkeys(_LINEAR_KEYS, "lineare") | {"punti": "segmenti", "fasce": "fasce"}
        return [
            ((key,), f"{key} vale solo con metodo: {owner} (qui metodo: {self.metodo})")
            for key, owner in owners.items()
            if owner != self.metodo and getattr(self, key) is not None
        ]

    def _linear_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        if self.completo and self.metodo == "lineare":
            problems += [
                ((key,), f"con metodo: lineare serve {key}")
                for key in _LINEAR_KEYS
                if getattr(self, key) is None
            ]
        if (
            self.isee_min is not None
            and self.isee_max is not None
            and self.isee_max <= self.isee_min
        ):
            problems.append(
                (
                    ("isee_max",),
                    f"isee_max ({fmt_euro(self.isee_max)}) deve essere maggiore di isee_min "
                    f"({fmt_euro(self.isee_min)})",
                )
            )
        if (
            self.tariffa_min is not None
            and self.tariffa_max is not None
            and self.tariffa_max < self.tariffa_min
            and (self._fees_rise or self.metodo != "lineare")
        ):
            problems.append(
                (
                    ("tariffa_max",),
                    f"tariffa_max ({fmt_euro(self.tariffa_max)}) non può essere minore di "
                    f"tariffa_min ({fmt_euro(self.tariffa_min)})",
                )
            )
        return problems

    def _point_problems(self) -> list[Problem]:
        points = self.punti or ()
        problems: list[Problem] = []
        if self.metodo == "segmenti" and self.completo and len(points) < 2:
            problems.append(
                (("punti",), "con metodo: segmenti servono almeno due punti [ISEE, tariffa]")
            )
        for index in range(1, len(points)):
            (x0, t0), (x1, t1) = points[index - 1], points[index]
            if x1 <= x0:
                problems.append(
                    (
                        ("punti", index),
                        f"gli ISEE dei punti vanno in ordine crescente: {fmt_euro(x1)} non è "
                        f"maggiore di {fmt_euro(x0)} del punto precedente",
                    )
                )
            elif t1 < t0 and self._fees_rise:
                problems.append(
                    (
                        ("punti", index),
                        f"la tariffa non può scendere quando l'ISEE sale: {fmt_euro(t1)} dopo "
                        f"{fmt_euro(t0)} del punto precedente",
                    )
                )
        return problems

    def _band_problems(self) -> list[Problem]:
        bands = self.fasce or ()
        problems: list[Problem] = []
        if self.metodo == "fasce" and self.completo and not bands:
            problems.append((("fasce",), "con metodo: fasce serve almeno una fascia"))
        last = len(bands) - 1
        limit: Decimal | None = None  # the last known upper bound
        fee: Decimal | None = None  # the last known fee
        for index, band in enumerate(bands):
            after_gap = index > 0 and bands[index - 1].non_riportate
            if band.non_riportate:
                if self.completo:
                    problems.append(
                        (
                            ("fasce", index, "non_riportate"),
                            "uno schema completo non ha fasce non riportate: se le fonti non "
                            "danno tutte le fasce, indica completo: false",
                        )
                    )
                continue
            if band.oltre is not None and not after_gap:
                problems.append(
                    (
                        ("fasce", index, "oltre"),
                        "oltre serve solo dopo una voce non_riportate: true; altrimenti la "
                        "fascia comincia dove finisce la precedente",
                    )
                )
            if band.fino_a is None and index < last:
                problems.append(
                    (
                        ("fasce", index),
                        "manca fino_a: solo l'ultima fascia copre tutti gli ISEE restanti",
                    )
                )
            if band.fino_a is not None and index == last and self.completo:
                problems.append(
                    (
                        ("fasce", index, "fino_a"),
                        "l'ultima fascia non ha fino_a: copre tutti gli ISEE oltre la "
                        "penultima (se la fonte non dà la fascia più alta, indica completo: false)",
                    )
                )
            start = band.oltre if band.oltre is not None else band.fino_a
            if (
                start is not None
                and limit is not None
                and (start < limit if band.oltre is not None else start <= limit)
            ):
                key = "oltre" if band.oltre is not None else "fino_a"
                problems.append(
                    (
                        ("fasce", index, key),
                        f"le fasce vanno in ordine crescente: {fmt_euro(start)} non è "
                        f"maggiore di {fmt_euro(limit)} della fascia precedente",
                    )
                )
            if (
                self._fees_rise
                and band.tariffa is not None
                and fee is not None
                and (band.tariffa < fee)
            ):
                problems.append(
                    (
                        ("fasce", index, "tariffa"),
                        f"la tariffa non può scendere quando l'ISEE sale: {fmt_euro(band.tariffa)} "
                        f"dopo {fmt_euro(fee)} della fascia precedente",
                    )
                )
            limit = band.fino_a if band.fino_a is not None else limit
            fee = band.tariffa if band.tariffa is not None else fee
        return problems


@dataclass(frozen=True)
class OverlappingYears:
    """Two schemes of the same service claiming the same school year (or both every year)."""

    indice: int
    """Position of the later scheme in the list given to `overlapping_years`."""
    precedente: int
    """Position of the earlier scheme it collides with."""
    servizio: str
    anno: str | None
    """The shared year; None when both give only the same `anno_fonte`."""
    posizione: int | None
    """Index of that year in the later scheme's `anni`, when it has one."""

    @property
    def loc(self) -> KeyPath:
        """Where to point, relative to the list: (indice, "anni", posizione) or (indice,
        "anno_fonte")."""
        if self.posizione is None:
            return (self.indice, "anno_fonte")
        return (self.indice, "anni", self.posizione)

    @property
    def messaggio(self) -> str:
        other = f"schema {self.precedente + 1}° dell'elenco"
        if self.anno is None:
            return (
                f"due schemi per il servizio «{self.servizio}» con gli stessi dati del "
                f"medesimo anno_fonte (vedi lo {other}): indica gli anni a cui si applicano"
            )
        return (
            f"l'anno {self.anno} del servizio «{self.servizio}» è già coperto dallo {other}: "
            "per ogni anno un solo schema"
        )


def overlapping_years(schemi: Sequence[SchemaTariffario]) -> list[OverlappingYears]:
    """Cross-record check: every pair of schemes of one service sharing a year.

    Schemes dated only by their source (`anno_fonte`) collide when the year is the same.
    Each collision is reported once, on the later scheme.
    """
    found: list[OverlappingYears] = []
    for later, scheme in enumerate(schemi):
        for earlier in range(later):
            other = schemi[earlier]
            if other.servizio != scheme.servizio:
                continue
            if scheme.anno_fonte is not None and scheme.anno_fonte == other.anno_fonte:
                found.append(OverlappingYears(later, earlier, scheme.servizio, None, None))
                continue
            found.extend(
                OverlappingYears(later, earlier, scheme.servizio, year, position)
                for position, year in enumerate(scheme.anni)
                if year in other.anni
            )
    return found


__all__ = [
    "METODI",
    "NATURE",
    "UNITA",
    "UNITA_PER_ANNO_PREDEFINITE",
    "Fascia",
    "Metodo",
    "Modificatori",
    "Natura",
    "NonResidenti",
    "OverlappingYears",
    "Punto",
    "SchemaTariffario",
    "SenzaIsee",
    "Unita",
    "overlapping_years",
    "year_key",
]
