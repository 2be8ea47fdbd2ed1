"""The tariff engine: a household, a scheme and a family scale in, an explained fee out.

Pure functions, no I/O: the CLI, the site and the simulator's cross-check all call
`compute_fee`. Arithmetic follows section 3 of the contract step by step.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from rete.tariffa.base_fee import tariffa_base
from rete.tariffa.contribution import net_fee, not_resident
from rete.tariffa.equivalence import scala_ff, scala_isee
from rete.tariffa.errors import IncompleteScheme, TariffError
from rete.tariffa.household import Componente, Famiglia
from rete.tariffa.indicator import indicatore_ise, isee_fattore_famiglia
from rete.tariffa.money import (
    TIMES,
    exact_context,
    fmt_euro,
    fmt_weight,
    round_cent,
    round_fraction,
)
from rete.tariffa.result import Base, ChildFee, FeeResult, Figure
from rete.tariffa.scale import ScalaFamiglia, apply_overrides
from rete.tariffa.schema import SchemaTariffario

_ISEE_MISMATCH_TOLERANCE = Decimal(1)
FREQUENCY_TEXT = {  # also the calculator's words (rete.web.calculator)
    "tempo_pieno": "tempo pieno",
    "part_time": "part time",
    "prolungato": "orario prolungato",
}


@dataclass(frozen=True)
class _Enrolled:
    index: int | None
    member: Componente | None
    position: int


def _enrolled(famiglia: Famiglia) -> list[_Enrolled]:
    """Enrolled children in the order listed; none marked means one full-time child."""
    marked = [(i, c) for i, c in enumerate(famiglia.componenti) if c.iscritto]
    if not marked:
        return [_Enrolled(None, None, 0)]
    return [_Enrolled(i, c, position) for position, (i, c) in enumerate(marked)]


def _modifiers(schema: SchemaTariffario, child: _Enrolled) -> tuple[tuple[str, Decimal], ...]:
    applied: list[tuple[str, Decimal]] = []
    frequency = child.member.frequenza if child.member is not None else "tempo_pieno"
    if frequency == "part_time":
        applied.append(("part_time", schema.modificatori.part_time))
    if frequency == "prolungato":
        applied.append(("prolungato", schema.modificatori.prolungato))
    if child.position >= 1:
        applied.append(("fratelli", schema.modificatori.fratelli))
    return tuple(applied)


def _child_fee(
    schema: SchemaTariffario, base: Fraction, modifiers: tuple[tuple[str, Decimal], ...]
) -> tuple[Decimal, str]:
    """Base * modifiers, capped at the unit cost, rounded once (step 4), all exact."""
    value = base
    for _, factor in modifiers:
        value *= Fraction(factor)
    text = fmt_euro(round_fraction(base)) + "".join(
        f" {TIMES} {fmt_weight(factor)} ({name.replace('_', ' ')})" for name, factor in modifiers
    )
    if modifiers:
        text += f" = {fmt_euro(round_fraction(value))}"
    cap = schema.costo_unitario
    if cap is not None and value > cap:
        text += f", ridotta al costo unitario {fmt_euro(cap)}"
        value = Fraction(cap)
    return round_fraction(value), text


def _describe(child: _Enrolled) -> str:
    if child.member is None:
        return "figlio a tempo pieno (nessuno indicato come iscritto)"
    years = "1 anno" if child.member.eta == 1 else f"{child.member.eta} anni"
    return f"figlio di {years} ({FREQUENCY_TEXT[child.member.frequenza]})"


def _details(
    schema: SchemaTariffario, famiglia: Famiglia, base_isee: Base, base_ff: Base
) -> tuple[ChildFee, ...]:
    details: list[ChildFee] = []
    for child in _enrolled(famiglia):
        modifiers = _modifiers(schema, child)
        fee_isee, rule_isee = _child_fee(schema, base_isee.valore, modifiers)
        fee_ff, rule_ff = _child_fee(schema, base_ff.valore, modifiers)
        details.append(
            ChildFee(
                componente=child.index,
                descrizione=_describe(child),
                frequenza=child.member.frequenza if child.member is not None else "tempo_pieno",
                base_isee=base_isee.valore,
                base_ff=base_ff.valore,
                modificatori=modifiers,
                tariffa_isee=fee_isee,
                tariffa_ff=fee_ff,
                regola_isee=rule_isee,
                regola_ff=rule_ff,
            )
        )
    return tuple(details)


def _household_warnings(famiglia: Famiglia, schema: SchemaTariffario) -> list[str]:
    warnings: list[str] = []
    if schema.illustrativo:
        warnings.append("Schema tariffario illustrativo: non è la tariffa deliberata da un comune.")
    if famiglia.tipo_isee and schema.tipo_isee and famiglia.tipo_isee != schema.tipo_isee:
        warnings.append(
            f"L'ISEE indicato è di tipo «{famiglia.tipo_isee}», ma per questo servizio il comune "
            f"chiede l'ISEE «{schema.tipo_isee}»: il calcolo usa comunque il valore indicato; "
            "verifica con il comune quale ISEE presentare."
        )
    if not any(c.iscritto for c in famiglia.componenti):
        warnings.append(
            "Nessun figlio indicato come iscritto: calcolo per un figlio a tempo pieno."
        )
    return warnings


def _attestation_warning(famiglia: Famiglia, isee: Decimal) -> list[str]:
    if famiglia.ise is None or famiglia.scala_isee is None:
        return []
    implied = round_cent(famiglia.ise / famiglia.scala_isee)
    if abs(implied - isee) <= _ISEE_MISMATCH_TOLERANCE:
        return []
    return [
        f"L'ISEE ({fmt_euro(isee)}) non corrisponde a ISE / scala ({fmt_euro(implied)}): "
        "controlla i valori copiati dall'attestazione."
    ]


def compute_fee(
    famiglia: Famiglia,
    schema: SchemaTariffario,
    scala: ScalaFamiglia,
    retta: Decimal | None = None,
) -> FeeResult:
    """The fee with ISEE and with the Fattore Famiglia, every figure explained.

    `scala` is the default family scale (see `load_scale`); the scheme's `fattore_famiglia`
    overrides are applied here. For a contribution (`natura: contributo`) `retta` is the fee
    the family pays for each enrolled child, and the result is what is left to pay after the
    comune's contribution. Raises IncompleteScheme for a `completo: false` scheme.
    """
    if not schema.completo:
        raise IncompleteScheme(schema.servizio)
    check_retta(schema, retta)
    with exact_context():
        return _compute(famiglia, schema, apply_overrides(scala, schema.fattore_famiglia), retta)


def check_retta(schema: SchemaTariffario, retta: Decimal | None) -> None:
    """A contribution needs the family's retta; a fee must not be given one."""
    if schema.natura == "contributo" and retta is None:
        raise TariffError(
            f"«{schema.servizio}» è un contributo del comune alla retta: per calcolarlo serve la "
            "retta che la famiglia paga per ogni figlio iscritto (es. --retta 480)"
        )
    if schema.natura == "tariffa" and retta is not None:
        raise TariffError(
            f"«{schema.servizio}» è una tariffa del comune: la retta si indica solo per un "
            "contributo (natura: contributo)"
        )


def _base(
    schema: SchemaTariffario, indicatore: Decimal | None, label: str, retta: Decimal | None
) -> Base:
    if retta is not None:
        return net_fee(schema, indicatore, label, retta)
    return tariffa_base(schema, indicatore, label)


def _compute(
    famiglia: Famiglia, schema: SchemaTariffario, scala: ScalaFamiglia, retta: Decimal | None
) -> FeeResult:
    warnings = _household_warnings(famiglia, schema)
    se_isee = ise = se_ff = isee_ff = None
    isee = famiglia.isee
    if not famiglia.residente and retta is not None:
        base_isee = base_ff = not_resident(retta)
        warnings.append(
            "Famiglia non residente: il contributo del comune è per le famiglie residenti."
        )
    elif not famiglia.residente and schema.non_residenti is not None:
        flat = schema.non_residenti.tariffa
        base_isee = base_ff = Base(Fraction(flat), f"tariffa per non residenti: {fmt_euro(flat)}")
        warnings.append(
            "Famiglia non residente: si applica la tariffa per non residenti, "
            "senza Fattore Famiglia."
        )
    elif isee is None:
        base_isee = base_ff = _base(schema, None, "ISEE", retta)
        warnings.append(
            "Senza ISEE si paga la tariffa massima e il Fattore Famiglia non si applica."
            if retta is None
            else "Senza ISEE il comune non dà il contributo e il Fattore Famiglia non si applica."
        )
    else:
        if not famiglia.residente:
            warnings.append(
                "Famiglia non residente, ma lo schema non prevede una tariffa per non residenti: "
                "calcolata come per i residenti."
            )
        if famiglia.scala_isee is not None:
            se_isee = Figure(
                famiglia.scala_isee,
                f"SE_ISEE = {fmt_weight(famiglia.scala_isee)} (dall'attestazione ISEE)",
            )
        else:
            se_isee = scala_isee(famiglia)
        ise = indicatore_ise(famiglia, isee, se_isee)
        se_ff = scala_ff(famiglia, scala)
        isee_ff = isee_fattore_famiglia(isee, ise.valore, se_ff.valore, scala)
        base_isee = _base(schema, isee, f"ISEE {fmt_euro(isee)}", retta)
        base_ff = _base(schema, isee_ff.valore, f"ISEE_FF {fmt_euro(isee_ff.valore)}", retta)
        warnings += _attestation_warning(famiglia, isee)
        if scala.illustrativo:
            warnings.append(
                "Pesi del Fattore Famiglia illustrativi: "
                "non sono la tabella approvata da un comune."
            )
    details = _details(schema, famiglia, base_isee, base_ff)
    total_isee = sum((d.tariffa_isee for d in details), Decimal(0))
    total_ff = sum((d.tariffa_ff for d in details), Decimal(0))
    difference = total_isee - total_ff
    per_year = schema.unita_annue
    yearly = round_cent(difference * per_year)
    units = fmt_weight(per_year).removesuffix(",00")
    yearly_rule = (
        f"differenza all'anno = {fmt_euro(difference)} {TIMES} {units} ({schema.unita}) "
        f"= {fmt_euro(yearly)}"
    )
    return FeeResult(
        servizio=schema.servizio,
        unita=schema.unita,
        unita_per_anno=per_year,
        se_isee=se_isee,
        ise=ise,
        se_ff=se_ff,
        isee_ff=isee_ff,
        base_isee=base_isee,
        base_ff=base_ff,
        dettaglio=details,
        tariffa_isee=total_isee,
        tariffa_ff=total_ff,
        differenza=difference,
        differenza_anno=Figure(yearly, yearly_rule),
        avvisi=tuple(warnings),
    )


__all__ = ["check_retta", "compute_fee"]
