"""The Fattore Famiglia scale (section 2 of the contract) as a validated model, and its loader.

The weights are data, not code: the shipped defaults are illustrative (the official
Castelnuovo table is not public), and a comune overrides any of them by name in its scheme.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, ClassVar, Self

from pydantic import BeforeValidator, model_validator

from rete.core.fields import Fonte
from rete.tariffa.base import Problem, RecordModel, raise_located
from rete.tariffa.fields import (
    Age,
    Flag,
    OptionalText,
    PositiveWeight,
    Share,
    Weight,
    as_list,
)
from rete.tariffa.household import ETA_MASSIMA_FIGLIO


class FasciaEta(RecordModel):
    """Weight of a figlio whose completed years fall in [da, a]."""

    da: Age
    a: Age
    peso: Weight


class PesiDisabilita(RecordModel):
    """Weight added for each member with that level of disability."""

    media: Weight
    grave: Weight
    non_autosufficiente: Weight


class ModificheDisabilita(RecordModel):
    """A scheme's partial override of the disability weights."""

    unknown_key: ClassVar[str] = "livello di disabilità sconosciuto"

    media: Weight | None = None
    grave: Weight | None = None
    non_autosufficiente: Weight | None = None


def _age_band_problems(bands: tuple[FasciaEta, ...]) -> list[Problem]:
    """Bands must cover 0..25 in order, without gaps or overlaps: each age gets one weight."""
    if not bands:
        return [
            (("figli_eta",), f"servono le fasce d'età dei figli da 0 a {ETA_MASSIMA_FIGLIO} anni")
        ]
    problems: list[Problem] = []
    expected = 0
    for index, band in enumerate(bands):
        if band.da != expected:
            problems.append(
                (
                    ("figli_eta", index, "da"),
                    f"la fascia dovrebbe iniziare a {expected} anni (le fasce sono in ordine, "
                    "senza buchi né sovrapposizioni)",
                )
            )
        if band.a < band.da:
            problems.append((("figli_eta", index, "a"), f"a ({band.a}) è minore di da ({band.da})"))
        expected = band.a + 1
    if bands[-1].a != ETA_MASSIMA_FIGLIO:
        problems.append(
            (
                ("figli_eta", len(bands) - 1, "a"),
                f"l'ultima fascia deve finire a {ETA_MASSIMA_FIGLIO} anni, non a {bands[-1].a}",
            )
        )
    return problems


AgeBands = Annotated[tuple[FasciaEta, ...], BeforeValidator(as_list)]


class ScalaFamiglia(RecordModel):
    """Every parameter of section 2, plus whether the figures are illustrative and their sources."""

    primo_adulto: PositiveWeight
    altro_adulto: Weight
    adulto_solo: Weight
    figli_eta: AgeBands
    terzo_figlio: Weight
    dal_quarto_figlio: Weight
    parto_multiplo: Weight
    gravidanza: Weight
    genitore_solo: Weight
    vedovo: Weight
    disabilita: PesiDisabilita
    anziano_65: Weight
    riduzione_massima: Share
    mai_peggio: Flag
    illustrativo: Flag = False
    nota: OptionalText = None
    fonti: Annotated[tuple[Fonte, ...], BeforeValidator(as_list)] = ()

    @model_validator(mode="after")
    def _check_bands(self) -> Self:
        raise_located("ScalaFamiglia", _age_band_problems(self.figli_eta))
        return self

    def peso_figlio(self, eta: int) -> Decimal:
        """Weight of a figlio of that age (bands are validated to cover 0..25)."""
        for band in self.figli_eta:
            if band.da <= eta <= band.a:
                return band.peso
        raise ValueError(f"nessuna fascia d'età per un figlio di {eta} anni")


PARAMETRI: tuple[str, ...] = tuple(
    name for name in ScalaFamiglia.model_fields if name not in {"illustrativo", "nota", "fonti"}
)
"""The names a scheme may override under `fattore_famiglia`."""


class ModificheScala(RecordModel):
    """A scheme's `fattore_famiglia:` block: any parameter of the scale, by name."""

    unknown_key: ClassVar[str] = "peso del Fattore Famiglia sconosciuto"

    primo_adulto: PositiveWeight | None = None
    altro_adulto: Weight | None = None
    adulto_solo: Weight | None = None
    figli_eta: AgeBands | None = None
    terzo_figlio: Weight | None = None
    dal_quarto_figlio: Weight | None = None
    parto_multiplo: Weight | None = None
    gravidanza: Weight | None = None
    genitore_solo: Weight | None = None
    vedovo: Weight | None = None
    disabilita: ModificheDisabilita | None = None
    anziano_65: Weight | None = None
    riduzione_massima: Share | None = None
    mai_peggio: Flag | None = None

    @model_validator(mode="after")
    def _check_bands(self) -> Self:
        if self.figli_eta is not None:
            raise_located("ModificheScala", _age_band_problems(self.figli_eta))
        return self


def _overridden(modifiche: ModificheScala) -> dict[str, object]:
    return {
        name: getattr(modifiche, name) for name in PARAMETRI if getattr(modifiche, name) is not None
    }


def apply_overrides(scala: ScalaFamiglia, modifiche: ModificheScala) -> ScalaFamiglia:
    """The scale a scheme uses: its overrides replace the defaults by name.

    Disability weights merge level by level; the age bands are replaced as a whole, since a
    partial list could not cover every age. The result stays marked illustrative unless the
    comune has replaced every parameter.
    """
    update = _overridden(modifiche)
    if not update:
        return scala
    if modifiche.disabilita is not None:
        levels = {
            level: weight
            for level, weight in modifiche.disabilita.model_dump().items()
            if weight is not None
        }
        update["disabilita"] = scala.disabilita.model_copy(update=levels)
    every_level = (
        modifiche.disabilita is not None and None not in modifiche.disabilita.model_dump().values()
    )
    complete = set(update) == set(PARAMETRI) and every_level
    update["illustrativo"] = scala.illustrativo and not complete
    return scala.model_copy(update=update)



__all__ = [
    "PARAMETRI",
    "FasciaEta",
    "ModificheDisabilita",
    "ModificheScala",
    "PesiDisabilita",
    "ScalaFamiglia",
    "apply_overrides",
]
