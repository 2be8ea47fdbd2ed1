"""The budget simulator: a whole population through one scheme, with ISEE and with the FF.

It must give, household by household, exactly the cents of `compute_fee`, a million
times faster. So every step of the contract is done in integers: money in cents, weights in
ten-thousandths, fees as exact fractions, and each rounding is half-up integer division at
the very point where the Decimal engine rounds. Where a scheme's numbers could overflow
int64, the same code runs on Python integers instead (slower, still exact).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from rete.tariffa.engine import check_retta
from rete.tariffa.errors import IncompleteScheme
from rete.tariffa.household import LIVELLI_DISABILITA
from rete.tariffa.scale import ScalaFamiglia, apply_overrides
from rete.tariffa.schema import SchemaTariffario
from rete.tariffa.sim.population import (
    ABSENT,
    FIGLIO,
    GENITORE,
    NO_DISABILITY,
    WEIGHT_UNIT,
    Ints,
    Population,
)
from rete.tariffa.sim.summary import Group, SavingsBand, summarize

Arr = npt.NDArray[Any]
_SAFE = 2**62
"""Largest intermediate allowed in int64 arithmetic (with headroom for one addition)."""

# SE_ISEE in hundredths (DPCM 159/2013 Allegato 1), as in equivalence.py.
_BASE_ISEE = np.array([0, 100, 157, 204, 246, 285], dtype=np.int64)
_FURTHER_MEMBER, _UNDER_THREE, _MINORS, _DISABILITY_ISEE = 35, 30, 20, 50
_CHILDREN_ISEE = np.array([0, 0, 0, 20, 35, 50], dtype=np.int64)


def _cents(value: Decimal) -> int:
    return int(value * 100)


def _weight(value: Decimal) -> int:
    return int(value * WEIGHT_UNIT)


def _half_up(numerator: Arr, denominator: Arr | int) -> Arr:
    """round(n / d) half-up for n >= 0, d > 0, in exact integer arithmetic."""
    result: Arr = (2 * numerator + denominator) // (2 * denominator)
    return result


def _half_up_signed(numerator: Arr, denominator: int) -> Arr:
    """Half-up away from zero, like Decimal's ROUND_HALF_UP, for either sign."""
    magnitude = _half_up(np.abs(numerator), denominator)
    result: Arr = np.where(numerator < 0, -magnitude, magnitude)
    return result


def _exact(values: Arr, python_ints: bool) -> Arr:
    return values.astype(object) if python_ints else values


# --- scales --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Counts:
    """Per-household counts the two scales are made of."""

    members: Ints
    children: Ints
    parents: Ints
    idle_parents: Ints
    minors: Ints
    under_three: Ints
    adult_children: Ints
    disabled: Ints


def household_counts(pop: Population) -> _Counts:
    child = pop.ruolo == FIGLIO
    parent = pop.ruolo == GENITORE
    return _Counts(
        members=pop.count(np.ones_like(child)),
        children=pop.count(child),
        parents=pop.count(parent),
        idle_parents=pop.count(parent & ~pop.lavora),
        minors=pop.count(child & (pop.eta < 18)),
        under_three=pop.count(child & (pop.eta < 3)),
        adult_children=pop.count(child & (pop.eta >= 18)),
        disabled=pop.count(pop.disabilita != NO_DISABILITY),
    )


def isee_scale_hundredths(pop: Population, c: _Counts) -> Ints:
    """SE_ISEE of every household, in hundredths (letters a-c and disability)."""
    n = c.members
    base = np.where(n <= 5, _BASE_ISEE[np.minimum(n, 5)], 285 + _FURTHER_MEMBER * (n - 5))
    children = _CHILDREN_ISEE[np.minimum(c.children, 5)]
    working = (c.minors > 0) & (c.parents >= 1) & (c.idle_parents == 0)
    letter_c = (
        pop.genitore_solo
        & (c.parents == 1)
        & (c.idle_parents == 1)
        & (n == 1 + c.children)
        & (c.minors > 0)
        & (c.adult_children == 0)
    )
    young = np.where(working | letter_c, np.where(c.under_three > 0, _UNDER_THREE, _MINORS), 0)
    total: Ints = (base + children + young + _DISABILITY_ISEE * c.disabled).astype(np.int64)
    return total


def ff_scale_weights(pop: Population, c: _Counts, scale: ScalaFamiglia) -> Ints:
    """SE_FF of every household, in ten-thousandths."""
    ages = np.zeros(max(26, int(pop.eta.max(initial=0)) + 1), dtype=np.int64)
    for band in scale.figli_eta:
        ages[band.da : band.a + 1] = _weight(band.peso)
    levels = np.array(
        [0] + [_weight(getattr(scale.disabilita, level)) for level in LIVELLI_DISABILITA],
        dtype=np.int64,
    )
    child = pop.ruolo == FIGLIO
    adult = ~child
    member_weight = (
        np.where(child, ages[pop.eta], _weight(scale.altro_adulto))
        + levels[pop.disabilita]
        + np.where(adult & (pop.eta >= 65), _weight(scale.anziano_65), 0)
    )
    summed = np.bincount(pop.household_of_member, member_weight, pop.n_households)
    total = np.rint(summed).astype(np.int64)
    total += _weight(scale.primo_adulto) - _weight(scale.altro_adulto)  # one adult at least
    total += np.where(c.members == 1, _weight(scale.adulto_solo), 0)
    total += np.where(c.children >= 3, _weight(scale.terzo_figlio), 0)
    total += np.maximum(c.children - 3, 0) * _weight(scale.dal_quarto_figlio)
    total += _twins(pop) * _weight(scale.parto_multiplo)
    total += np.where(pop.gravidanza, _weight(scale.gravidanza), 0)
    total += np.where(pop.genitore_solo, _weight(scale.genitore_solo), 0)
    total += np.where(pop.genitore_solo & pop.vedovo, _weight(scale.vedovo), 0)
    return total


def _twins(pop: Population) -> Ints:
    """Per household, the children beyond the first of each multiple birth."""
    born = pop.parto != ABSENT
    if not born.any():
        return np.zeros(pop.n_households, dtype=np.int64)
    _, first = np.unique(pop.parto[born], return_index=True)
    groups = np.bincount(pop.household_of_member[born][first], minlength=pop.n_households)
    twins: Ints = (pop.count(born) - groups).astype(np.int64)
    return twins


# --- indicators ----------------------------------------------------------------------------


def ff_indicators(pop: Population, scale: ScalaFamiglia, applies: npt.NDArray[np.bool_]) -> Ints:
    """ISEE_FF in cents where the FF applies (resident, with ISEE); ISEE elsewhere."""
    counts = household_counts(pop)
    isee = np.where(applies, pop.isee, 0)
    given = pop.ise != ABSENT
    se_ff = ff_scale_weights(pop, counts, scale)
    se_isee = isee_scale_hundredths(pop, counts)
    isee_top = int(isee.max(initial=0))
    ise_top = max(
        int(np.where(given, pop.ise, 0).max(initial=0)), isee_top * int(se_isee.max(initial=0))
    )
    top = max(2 * ise_top * WEIGHT_UNIT + int(se_ff.max(initial=0)), 2 * isee_top * WEIGHT_UNIT)
    python_ints = top >= _SAFE
    isee_x = _exact(isee, python_ints)
    ise = np.where(
        given, _exact(pop.ise, python_ints), _half_up(isee_x * _exact(se_isee, python_ints), 100)
    )
    ff = _half_up(ise * WEIGHT_UNIT, _exact(se_ff, python_ints))
    if scale.mai_peggio:
        ff = np.minimum(ff, isee_x)
    floor = _half_up(isee_x * (WEIGHT_UNIT - _weight(scale.riduzione_massima)), WEIGHT_UNIT)
    ff = np.maximum(ff, floor)
    result: Ints = np.where(applies, ff, pop.isee).astype(np.int64)
    return result


# --- base fee and modifiers -----------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    """Piecewise-linear base: segment i runs from (x[i], t[i]) with slope a[i]/b[i], in cents."""

    x: Ints
    t: Ints
    a: Ints
    b: Ints


def _line(schema: SchemaTariffario) -> _Line | None:
    if schema.metodo == "lineare":
        assert schema.isee_min is not None and schema.isee_max is not None
        assert schema.tariffa_min is not None and schema.tariffa_max is not None
        points = [(schema.isee_min, schema.tariffa_min), (schema.isee_max, schema.tariffa_max)]
    elif schema.metodo == "segmenti":
        assert schema.punti
        points = list(schema.punti)
    else:
        return None
    xs = [_cents(x) for x, _ in points]
    ts = [_cents(t) for _, t in points]
    slopes = [Fraction(ts[i + 1] - ts[i], xs[i + 1] - xs[i]) for i in range(len(xs) - 1)]
    return _Line(
        x=np.array(xs, dtype=np.int64),
        t=np.array(ts, dtype=np.int64),
        a=np.array([s.numerator for s in slopes], dtype=np.int64),
        b=np.array([s.denominator for s in slopes], dtype=np.int64),
    )


def _band_index(schema: SchemaTariffario, x: Ints) -> Ints:
    assert schema.fasce
    limits = np.array(
        [_cents(b.fino_a) for b in schema.fasce if b.fino_a is not None], dtype=np.int64
    )
    found: Ints = np.searchsorted(limits, x, side="left")
    return found


def _base(
    schema: SchemaTariffario, line: _Line | None, x: Ints, python_ints: bool
) -> tuple[Arr, Arr]:
    """Base fee as an exact fraction (numerator, denominator) in cents, before exemption."""
    if line is None:
        assert schema.fasce
        fees = np.array([_cents(b.importo) for b in schema.fasce], dtype=np.int64)
        return _exact(fees[_band_index(schema, x)], python_ints), np.ones_like(x)
    segment = np.clip(np.searchsorted(line.x, x, side="left") - 1, 0, line.a.shape[0] - 1)
    start = line.x[segment]
    offset = np.clip(x, start, line.x[segment + 1]) - start
    b = _exact(line.b[segment], python_ints)
    numerator = _exact(line.t[segment], python_ints) * b + _exact(offset, python_ints) * _exact(
        line.a[segment], python_ints
    )
    return numerator, b


_WHOLE = 10_000
"""A band's share of the retta in hundredths of a percent: 100 % is 10,000."""


def _contribution(
    schema: SchemaTariffario, line: _Line | None, x: Ints, retta: int, python_ints: bool
) -> Ints:
    """The comune's contribution in cents, as `contribution.net_fee` rounds it.

    A band gives a share of the retta (rounded half-up, then capped) or a sum; the other
    methods give a sum. Never more than the retta: round(min(a, R)) = min(round(a), R), R
    being whole cents.
    """
    if line is None:
        assert schema.fasce
        band = _band_index(schema, x)
        share = np.array(
            [
                int(b.percentuale * 100) if b.percentuale is not None else _WHOLE
                for b in schema.fasce
            ],
            dtype=np.int64,
        )
        cap = np.array(
            [
                _cents(b.tetto)
                if b.tetto is not None
                else (_cents(b.tariffa) if b.tariffa is not None else retta)
                for b in schema.fasce
            ],
            dtype=np.int64,
        )
        amount = np.minimum(_half_up(retta * share[band], _WHOLE), cap[band])
    else:
        numerator, denominator = _base(schema, line, x, python_ints)
        amount = _half_up(numerator, denominator)
    result: Ints = np.minimum(amount, retta).astype(np.int64)
    return result


def _modifier_table(schema: SchemaTariffario) -> tuple[Ints, Ints]:
    """Multiplier of each (frequenza, sibling) combination as a reduced fraction."""
    mods = schema.modificatori
    by_frequency = [Fraction(1), Fraction(mods.part_time), Fraction(mods.prolungato)]
    table = [
        f * (Fraction(mods.fratelli) if sibling else 1) for f in by_frequency for sibling in (0, 1)
    ]
    return (
        np.array([f.numerator for f in table], dtype=np.int64),
        np.array([f.denominator for f in table], dtype=np.int64),
    )


def _needs_python_ints(
    schema: SchemaTariffario, line: _Line | None, mod_num: Ints, mod_den: Ints
) -> bool:
    """Whether fee numerators could leave int64 for this scheme (never for usual schemes)."""
    top = _cents(schema.tariffa_massima)
    if schema.non_residenti is not None:
        top = max(top, _cents(schema.non_residenti.tariffa))
    den = int(line.b.max()) if line is not None else 1
    bound = 2 * top * den * int(mod_num.max()) + den * int(mod_den.max())
    if schema.costo_unitario is not None:
        bound = max(bound, _cents(schema.costo_unitario) * den * int(mod_den.max()))
    return bound >= _SAFE


# --- the simulation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Simulation:
    """Per household: fee per unit and per year with ISEE and with FF (cents); and summaries."""

    servizio: str
    unita: str
    unita_per_anno: Decimal
    tariffa_isee: Ints
    tariffa_ff: Ints
    anno_isee: Ints
    anno_ff: Ints
    differenza_anno: Ints
    """round((tariffa_isee - tariffa_ff) x unita_per_anno): positive when the family saves."""
    gruppi: tuple[Group, ...]
    risparmi: tuple[SavingsBand, ...]
    soglie_quintili: tuple[Decimal, ...]

    @property
    def entrate_isee_anno(self) -> Decimal:
        return Decimal(int(self.anno_isee.sum())) / 100

    @property
    def entrate_ff_anno(self) -> Decimal:
        return Decimal(int(self.anno_ff.sum())) / 100

    def to_json_dict(self) -> dict[str, Any]:
        """Totals and groups (Italian keys, euro as numbers) for the CLI and the site."""
        return {
            "servizio": self.servizio,
            "famiglie": int(self.tariffa_isee.shape[0]),
            "unita": self.unita,
            "unita_per_anno": float(self.unita_per_anno),
            "entrate_isee_anno": float(self.entrate_isee_anno),
            "entrate_ff_anno": float(self.entrate_ff_anno),
            "variazione_entrate_anno": float(self.entrate_ff_anno - self.entrate_isee_anno),
            "soglie_quintili_isee": [float(t) for t in self.soglie_quintili],
            "gruppi": [g.to_json_dict() for g in self.gruppi],
            "risparmi": [r.to_json_dict() for r in self.risparmi],
        }


def _children(pop: Population) -> tuple[Ints, Ints]:
    """Household and modifier combination of every enrolled child (or the assumed one)."""
    enrolled = np.flatnonzero(pop.iscritto)
    household = pop.household_of_member[enrolled]
    k = household.shape[0]
    first = np.ones(k, dtype=np.bool_)
    first[1:] = household[1:] != household[:-1]
    group_start = np.maximum.accumulate(np.where(first, np.arange(k), 0))
    sibling = (np.arange(k) - group_start) >= 1
    combination = pop.frequenza[enrolled] * 2 + sibling
    none = np.flatnonzero(pop.count(pop.iscritto) == 0)
    return (
        np.concatenate((household, none)).astype(np.int64),
        np.concatenate((combination, np.zeros(none.shape[0], dtype=np.int64))),
    )


def _fees(
    schema: SchemaTariffario,
    base: tuple[Arr, Arr],
    child_household: Ints,
    combination: Ints,
    mods: tuple[Arr, Arr],
) -> Ints:
    """Each child's fee: base x modifiers, capped at the unit cost, rounded once."""
    numerator = base[0][child_household] * mods[0][combination]
    denominator = base[1][child_household] * mods[1][combination]
    fee = _half_up(numerator, denominator)
    if schema.costo_unitario is not None:
        cap = _cents(schema.costo_unitario)
        fee = np.where(numerator > cap * denominator, cap, fee)
    result: Ints = fee.astype(np.int64)
    return result


def simulate(
    population: Population,
    schema: SchemaTariffario,
    scale: ScalaFamiglia,
    retta: Decimal | None = None,
) -> Simulation:
    """Every household's fee with ISEE and with the FF, to the cent of `compute_fee`.

    The population must obey the household contract: `read_population_csv` and
    `from_households` take validated `Famiglia` models, `synthetic_population` draws valid
    households by construction; build any other population through `from_households`.
    A contribution (`natura: contributo`) needs `retta`, the fee every enrolled child pays:
    the fees are then what families pay after the comune's contribution.
    """
    if not schema.completo:
        raise IncompleteScheme(schema.servizio)
    check_retta(schema, retta)
    pop = population
    scale = apply_overrides(scale, schema.fattore_famiglia)  # the scheme's own weights
    has_isee = pop.isee != ABSENT
    if retta is not None:  # a contribution is for residents only
        flat = ~pop.residente
    else:
        flat = ~pop.residente & (schema.non_residenti is not None)
    applies = has_isee & ~flat
    isee_ff = ff_indicators(pop, scale, applies)

    line = _line(schema)
    mod_num, mod_den = _modifier_table(schema)
    python_ints = retta is None and _needs_python_ints(schema, line, mod_num, mod_den)
    mods = (_exact(mod_num, python_ints), _exact(mod_den, python_ints))
    child_household, combination = _children(pop)
    per_household = []
    for indicator in (pop.isee, isee_ff):
        if retta is not None:
            whole = _cents(retta)
            net = whole - _contribution(schema, line, indicator, whole, python_ints)
            net = np.where(applies, net, whole)  # no ISEE, or not resident: no contribution
            fees = _fees(schema, (net, np.ones_like(net)), child_household, combination, mods)
            summed = np.bincount(child_household, weights=fees, minlength=pop.n_households)
            per_household.append(np.rint(summed).astype(np.int64))
            continue
        numerator, denominator = _base(schema, line, indicator, python_ints)
        fixed = np.full(pop.n_households, -1, dtype=np.int64)
        if schema.esenzione_fino_a is not None:
            fixed = np.where(applies & (indicator <= _cents(schema.esenzione_fino_a)), 0, fixed)
        if schema.esenzione_sotto is not None:
            fixed = np.where(applies & (indicator < _cents(schema.esenzione_sotto)), 0, fixed)
        fixed = np.where(~has_isee, _cents(schema.tariffa_massima), fixed)
        if schema.non_residenti is not None:
            fixed = np.where(flat, _cents(schema.non_residenti.tariffa), fixed)
        use_fixed = fixed >= 0
        numerator = np.where(use_fixed, _exact(fixed, python_ints), numerator)
        denominator = np.where(use_fixed, 1, denominator)
        fees = _fees(schema, (numerator, denominator), child_household, combination, mods)
        summed = np.bincount(child_household, weights=fees, minlength=pop.n_households)
        per_household.append(np.rint(summed).astype(np.int64))
    fee_isee, fee_ff = per_household

    units = _weight(schema.unita_annue)
    year_isee = _half_up(fee_isee * units, WEIGHT_UNIT).astype(np.int64)
    year_ff = _half_up(fee_ff * units, WEIGHT_UNIT).astype(np.int64)
    yearly_difference = _half_up_signed((fee_isee - fee_ff) * units, WEIGHT_UNIT).astype(np.int64)
    groups, savings, thresholds = summarize(pop, year_isee, year_ff, yearly_difference)
    return Simulation(
        servizio=schema.servizio,
        unita=schema.unita,
        unita_per_anno=schema.unita_annue,
        tariffa_isee=fee_isee,
        tariffa_ff=fee_ff,
        anno_isee=year_isee,
        anno_ff=year_ff,
        differenza_anno=yearly_difference,
        gruppi=groups,
        risparmi=savings,
        soglie_quintili=thresholds,
    )
