"""The two equivalence scales: SE_ISEE (DPCM 159/2013, exact) and SE_FF (the family scale).

Both are sums of weights; each weight is kept with its reason so the result can print
"SE_ISEE = 2,46 (4 componenti) + 0,30 (figlio sotto i 3 anni, genitori che lavorano)".
Nothing here is rounded: the contract rounds only money.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rete.tariffa.household import Famiglia
from rete.tariffa.money import fmt_weight
from rete.tariffa.result import Figure
from rete.tariffa.scale import ScalaFamiglia

# DPCM 159/2013, Allegato 1: base scale by number of members, +0.35 for each beyond five.
_BASE_ISEE = {1: Decimal("1.00"), 2: Decimal("1.57"), 3: Decimal("2.04"), 4: Decimal("2.46")}
_FIVE_MEMBERS = Decimal("2.85")
_FURTHER_MEMBER = Decimal("0.35")
_CHILDREN_ISEE = {3: Decimal("0.20"), 4: Decimal("0.35")}
_FIVE_CHILDREN = Decimal("0.50")
_UNDER_THREE = Decimal("0.30")
_MINORS = Decimal("0.20")
_DISABILITY_ISEE = Decimal("0.50")

# Also the calculator's words (rete.web.calculator).
DISABILITY_TEXT = {"media": "media", "grave": "grave", "non_autosufficiente": "non autosufficienza"}
_ORDINALS = ("primo", "secondo", "terzo", "quarto", "quinto", "sesto")


@dataclass(frozen=True)
class ScaleTerm:
    """One weight of a scale and why it applies."""

    peso: Decimal
    motivo: str


def sum_terms(nome: str, voci: list[ScaleTerm]) -> Figure:
    """The scale as a figure: its total and the sum written out."""
    total = sum((voce.peso for voce in voci), Decimal(0))
    terms = " + ".join(f"{fmt_weight(voce.peso)} ({voce.motivo})" for voce in voci)
    return Figure(total, f"{nome} = {terms} = {fmt_weight(total)}")


def _years(eta: int) -> str:
    return f"{eta} anno" if eta == 1 else f"{eta} anni"


def _members(n: int) -> str:
    return "1 componente" if n == 1 else f"{n} componenti"


def _base_isee(n: int) -> Decimal:
    if n <= 4:
        return _BASE_ISEE[n]
    return _FIVE_MEMBERS + _FURTHER_MEMBER * (n - 5)


def _children_increment(n_children: int) -> Decimal | None:
    if n_children >= 5:
        return _FIVE_CHILDREN
    return _CHILDREN_ISEE.get(n_children)


def _young_children_voce(famiglia: Famiglia) -> ScaleTerm | None:
    """Letters b) and c) of the Allegato: the increment for minor children."""
    figli = famiglia.figli
    genitori = famiglia.genitori
    if not any(f.eta < 18 for f in figli):
        return None
    under_three = any(f.eta < 3 for f in figli)
    weight = _UNDER_THREE if under_three else _MINORS
    children = "figlio sotto i 3 anni" if under_three else "figli minorenni"
    if genitori and all(g.lavora for g in genitori):
        workers = "genitore che lavora" if len(genitori) == 1 else "genitori che lavorano"
        return ScaleTerm(weight, f"{children}, {workers}")
    only_parent_and_minors = (
        famiglia.genitore_solo
        and len(genitori) == 1
        and not genitori[0].lavora
        and len(famiglia.componenti) == 1 + len(figli)
        and all(f.eta < 18 for f in figli)
    )
    if only_parent_and_minors:
        return ScaleTerm(weight, f"{children}, genitore solo che non lavora (lettera c)")
    return None


def scala_isee(famiglia: Famiglia) -> Figure:
    """SE_ISEE exactly as DPCM 159/2013 Allegato 1 (with L. 89/2016) and the contract say."""
    n = len(famiglia.componenti)
    voci = [ScaleTerm(_base_isee(n), _members(n))]
    n_children = len(famiglia.figli)
    children_weight = _children_increment(n_children)
    if children_weight is not None:
        voci.append(ScaleTerm(children_weight, f"{n_children} figli"))
    young = _young_children_voce(famiglia)
    if young is not None:
        voci.append(young)
    disabled = sum(1 for c in famiglia.componenti if c.disabilita is not None)
    if disabled:
        who = "componente" if disabled == 1 else "componenti"
        voci.append(ScaleTerm(_DISABILITY_ISEE * disabled, f"{disabled} {who} con disabilità"))
    return sum_terms("SE_ISEE", voci)


def _adult_voci(famiglia: Famiglia, scala: ScalaFamiglia) -> list[ScaleTerm]:
    voci: list[ScaleTerm] = []
    for position, adult in enumerate(famiglia.adulti):
        ordinal = _ORDINALS[position] if position < len(_ORDINALS) else f"{position + 1}°"
        weight = scala.primo_adulto if position == 0 else scala.altro_adulto
        voci.append(ScaleTerm(weight, f"{ordinal} adulto: {adult.ruolo} di {_years(adult.eta)}"))
    if len(famiglia.componenti) == 1:
        voci.append(ScaleTerm(scala.adulto_solo, "persona sola"))
    return voci


def _child_voci(famiglia: Famiglia, scala: ScalaFamiglia) -> list[ScaleTerm]:
    figli = famiglia.figli
    voci = [ScaleTerm(scala.peso_figlio(f.eta), f"figlio di {_years(f.eta)}") for f in figli]
    if len(figli) >= 3:
        voci.append(ScaleTerm(scala.terzo_figlio, "terzo figlio"))
    if len(figli) > 3:
        beyond = len(figli) - 3
        who = "figlio" if beyond == 1 else "figli"
        voci.append(ScaleTerm(scala.dal_quarto_figlio * beyond, f"{beyond} {who} oltre il terzo"))
    twins = sum(len(group) - 1 for group in famiglia.parti().values())
    if twins:
        who = "figlio" if twins == 1 else "figli"
        reason = f"parto multiplo: {twins} {who} oltre il primo"
        voci.append(ScaleTerm(scala.parto_multiplo * twins, reason))
    return voci


def scala_ff(famiglia: Famiglia, scala: ScalaFamiglia) -> Figure:
    """SE_FF: the family scale of section 2 with the (possibly overridden) weights given."""
    voci = _adult_voci(famiglia, scala) + _child_voci(famiglia, scala)
    if famiglia.gravidanza:
        voci.append(ScaleTerm(scala.gravidanza, "gravidanza"))
    if famiglia.genitore_solo:
        voci.append(ScaleTerm(scala.genitore_solo, "genitore solo"))
        if famiglia.vedovo:
            voci.append(ScaleTerm(scala.vedovo, "vedovo/a"))
    for member in famiglia.componenti:
        if member.disabilita is not None:
            weight = getattr(scala.disabilita, member.disabilita)
            voci.append(ScaleTerm(weight, f"disabilità {DISABILITY_TEXT[member.disabilita]}"))
    for member in famiglia.componenti:
        if member.ruolo != "figlio" and member.eta >= 65:
            voci.append(ScaleTerm(scala.anziano_65, f"{member.ruolo} di {_years(member.eta)}"))
    return sum_terms("SE_FF", voci)
