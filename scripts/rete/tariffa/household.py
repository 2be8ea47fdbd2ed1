"""The household of the data contract (`famiglia.yml`, also what the browser form produces)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Annotated, Any, Literal, Self, get_args

from pydantic import BeforeValidator, ModelWrapValidatorHandler, ValidationError, model_validator

from rete.tariffa.base import Problem, RecordModel, detail, raise_located, rebuilt
from rete.tariffa.fields import (
    Age,
    BirthId,
    Flag,
    OptionalEuro,
    OptionalIseeScale,
    as_list,
    choice,
    optional,
)

Ruolo = Literal["genitore", "figlio", "altro"]
TipoIsee = Literal["ordinario", "minorenni", "corrente", "sociosanitario"]
Frequenza = Literal["tempo_pieno", "part_time", "prolungato"]
LivelloDisabilita = Literal["media", "grave", "non_autosufficiente"]

RUOLI: tuple[str, ...] = get_args(Ruolo)
TIPI_ISEE: tuple[str, ...] = get_args(TipoIsee)
FREQUENZE: tuple[str, ...] = get_args(Frequenza)
LIVELLI_DISABILITA: tuple[str, ...] = get_args(LivelloDisabilita)

ETA_MASSIMA_FIGLIO = 25
"""Oldest age the family scale has a weight for; an older child is entered as `altro`."""


class Componente(RecordModel):
    """One member of the household, in the order the household lists them."""

    ruolo: Annotated[Ruolo, BeforeValidator(choice(*RUOLI))]
    eta: Age
    lavora: Flag = False
    iscritto: Flag = False
    frequenza: Annotated[Frequenza, BeforeValidator(choice(*FREQUENZE))] = "tempo_pieno"
    parto: BirthId = None
    disabilita: Annotated[
        LivelloDisabilita | None, BeforeValidator(optional(choice(*LIVELLI_DISABILITA)))
    ] = None

    @model_validator(mode="after")
    def _check_role(self) -> Self:
        problems: list[Problem] = []
        if self.ruolo == "figlio" and self.eta > ETA_MASSIMA_FIGLIO:
            problems.append(
                (
                    ("eta",),
                    f"un figlio di {self.eta} anni va indicato con ruolo: altro "
                    f"(la scala conta i figli fino a {ETA_MASSIMA_FIGLIO} anni)",
                )
            )
        if self.ruolo != "figlio" and self.parto is not None:
            problems.append(
                (("parto",), "il parto (gemelli, trigemini…) si indica solo per i figli")
            )
        if self.ruolo != "figlio" and self.iscritto:
            problems.append((("iscritto",), "solo un figlio può essere iscritto al servizio"))
        raise_located("Componente", problems, self.eta)
        return self


Member = tuple[str | None, int | None, int | str | None]
"""(ruolo, eta, parto) of a member; None where the value is missing or invalid."""


def _raw_member(value: Any) -> Member:
    if not isinstance(value, dict):
        return (None, None, None)
    ruolo = value.get("ruolo") if value.get("ruolo") in RUOLI else None
    eta = value.get("eta")
    parto = value.get("parto")
    return (
        ruolo,
        eta if isinstance(eta, int) and not isinstance(eta, bool) else None,
        parto if isinstance(parto, int | str) and not isinstance(parto, bool) else None,
    )


def _household_rules(members: Sequence[Member], genitore_solo: bool, vedovo: bool) -> list[Problem]:
    """The rules about the whole household (section 4 of the contract)."""
    problems: list[Problem] = []
    roles = [role for role, _, _ in members]
    parents = roles.count("genitore")
    if not members:
        problems.append((("componenti",), "la famiglia deve avere almeno un componente"))
    elif None not in roles and parents + roles.count("altro") == 0:
        problems.append(
            (
                ("componenti",),
                "manca un adulto: indica almeno un componente con ruolo genitore o altro",
            )
        )
    if genitore_solo and None not in roles and parents != 1:
        problems.append(
            (
                ("genitore_solo",),
                "genitore_solo richiede esattamente un componente con ruolo genitore "
                f"(ce ne sono {parents})",
            )
        )
    if vedovo and not genitore_solo:
        problems.append((("vedovo",), "vedovo vale solo insieme a genitore_solo: true"))
    first_age: dict[int | str, tuple[int, int]] = {}
    for index, (_, age, birth) in enumerate(members):
        if birth is None or age is None:
            continue
        if birth not in first_age:
            first_age[birth] = (index, age)
            continue
        first_index, first = first_age[birth]
        if age != first:
            problems.append(
                (
                    ("componenti", index, "eta"),
                    f"i figli dello stesso parto (parto: {birth}) hanno la stessa età: "
                    f"qui {age} anni, ma il componente {first_index + 1} ne ha {first}",
                )
            )
    return problems


class Famiglia(RecordModel):
    """A household as the contract describes it; every rule of section 4 is checked here."""

    isee: OptionalEuro = None
    tipo_isee: Annotated[TipoIsee | None, BeforeValidator(optional(choice(*TIPI_ISEE)))] = None
    ise: OptionalEuro = None
    scala_isee: OptionalIseeScale = None
    residente: Flag = True
    genitore_solo: Flag = False
    vedovo: Flag = False
    gravidanza: Flag = False
    componenti: Annotated[tuple[Componente, ...], BeforeValidator(as_list)]

    @property
    def genitori(self) -> tuple[Componente, ...]:
        return tuple(c for c in self.componenti if c.ruolo == "genitore")

    @property
    def figli(self) -> tuple[Componente, ...]:
        return tuple(c for c in self.componenti if c.ruolo == "figlio")

    @property
    def adulti(self) -> tuple[Componente, ...]:
        """Genitori in order, then the altri: the order the family scale weighs them in."""
        return self.genitori + tuple(c for c in self.componenti if c.ruolo == "altro")

    @model_validator(mode="after")
    def _check_household(self) -> Self:
        members = [(m.ruolo, m.eta, m.parto) for m in self.componenti]
        problems = _household_rules(members, self.genitore_solo, self.vedovo)
        problems.extend(self._attestation_problems())
        raise_located("Famiglia", problems, self.isee)
        return self

    @model_validator(mode="wrap")
    @classmethod
    def _household_rules_despite_field_errors(
        cls, data: Any, handler: ModelWrapValidatorHandler[Self]
    ) -> Self:
        """Field errors would hide the household rules; check those on the raw data too, so
        one run lists every problem (a rule needing a broken value is skipped)."""
        try:
            return handler(data)
        except ValidationError as exc:
            raw = data.get("componenti") if isinstance(data, dict) else None
            if not isinstance(raw, list):
                raise
            members = [_raw_member(m) for m in raw]
            extra = _household_rules(
                members, data.get("genitore_solo") is True, data.get("vedovo") is True
            )
            known = {tuple(e["loc"]) for e in exc.errors()}
            new = [(loc, message) for loc, message in extra if loc not in known]
            if not new:
                raise
            details = rebuilt(exc.errors()) + [detail(loc, msg, data) for loc, msg in new]
            raise ValidationError.from_exception_data(cls.__name__, details) from None

    def _attestation_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        if self.ise is not None and self.scala_isee is None:
            problems.append(
                (("ise",), "ise va indicato insieme a scala_isee, entrambi dall'attestazione ISEE")
            )
        if self.scala_isee is not None and self.ise is None:
            problems.append(
                (
                    ("scala_isee",),
                    "scala_isee va indicata insieme a ise, entrambi dall'attestazione ISEE",
                )
            )
        if self.isee is None:
            for key in ("ise", "scala_isee"):
                if getattr(self, key) is not None:
                    problems.append(
                        ((key,), f"{key} si indica solo con l'ISEE: manca il valore di isee")
                    )
        return problems

    def parti(self) -> dict[int | str, list[int]]:
        """Indices of the figli of each multiple birth, by `parto` id."""
        groups: dict[int | str, list[int]] = defaultdict(list)
        for index, member in enumerate(self.componenti):
            if member.parto is not None:
                groups[member.parto].append(index)
        return dict(groups)


__all__ = [
    "ETA_MASSIMA_FIGLIO",
    "FREQUENZE",
    "LIVELLI_DISABILITA",
    "RUOLI",
    "TIPI_ISEE",
    "Componente",
    "Famiglia",
    "Frequenza",
    "LivelloDisabilita",
    "Ruolo",
    "TipoIsee",
]
