"""A synthetic population of households for the budget simulator, reproducible from a seed.

The shares below are illustrative defaults for a nursery-school population (every household
has a child in the service's age range), not statistics of any comune: a comune simulating
its budget should load its own anonymised households from CSV instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rete.tariffa.sim.population import (
    ABSENT,
    ALTRO,
    FIGLIO,
    GENITORE,
    NO_DISABILITY,
    PART_TIME,
    PROLUNGATO,
    TEMPO_PIENO,
    WEIGHT_UNIT,
    Ints,
    Population,
)


@dataclass(frozen=True)
class SyntheticParameters:
    """Shares and ranges of the synthetic households (illustrative, not statistics)."""

    children: tuple[float, ...] = (0.0, 0.45, 0.38, 0.12, 0.04, 0.01)
    """Probability of 0, 1, 2… children; the first child is the one enrolled."""
    enrolled_age: tuple[int, int] = (0, 2)
    """Age range of the enrolled child (a nursery: 0-2)."""
    share_single_parent: float = 0.12
    share_widowed: float = 0.05
    """Among single parents."""
    share_working: float = 0.75
    """Each parent, independently."""
    share_twins: float = 0.02
    """The enrolled child has a twin, enrolled too."""
    share_adult_children: float = 0.10
    """Share of the other children aged 18-25 rather than 0-17."""
    share_grandparents: float = 0.05
    """One cohabiting member (ruolo altro) aged 55-90."""
    share_disability: float = 0.02
    """Each member, independently; levels media, grave, non autosufficiente 50/35/15."""
    share_pregnancy: float = 0.04
    share_part_time: float = 0.25
    share_prolungato: float = 0.10
    share_without_isee: float = 0.08
    share_non_resident: float = 0.03
    share_attestation: float = 0.0
    """Households giving ise and scala_isee from the attestation instead of the engine's."""
    isee_median: float = 16_000.0
    isee_spread: float = 0.7
    """Standard deviation of log(ISEE)."""


def synthetic_population(
    n: int, seed: int = 0, parameters: SyntheticParameters | None = None
) -> Population:
    """`n` households drawn from `parameters` with numpy's generator seeded by `seed`.

    Valid by construction: every household has a parent, only figli are enrolled or twins
    (twins share their age), figli are at most 25, vedovo only with genitore_solo, ise only
    with scala_isee >= 1 and an ISEE. The tests validate samples through `Famiglia`.
    """
    p = parameters or SyntheticParameters()
    rng = np.random.default_rng(seed)
    single = rng.random(n) < p.share_single_parent
    parents = np.where(single, 1, 2).astype(np.int64)
    probabilities = np.asarray(p.children, dtype=np.float64)
    children = rng.choice(len(p.children), size=n, p=probabilities / probabilities.sum()).astype(
        np.int64
    )
    twins = (children >= 2) & (rng.random(n) < p.share_twins)
    others = (rng.random(n) < p.share_grandparents).astype(np.int64)
    sizes = parents + children + others

    household = np.repeat(np.arange(n, dtype=np.int64), sizes)
    m = household.shape[0]
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
    position = np.arange(m, dtype=np.int64) - starts[household]
    child_index = position - parents[household]
    role = np.where(
        child_index < 0, GENITORE, np.where(child_index < children[household], FIGLIO, ALTRO)
    )
    is_child = role == FIGLIO
    enrolled = is_child & ((child_index == 0) | ((child_index == 1) & twins[household]))

    low, high = p.enrolled_age
    enrolled_age = rng.integers(low, high + 1, size=n)
    sibling_age = np.where(
        rng.random(m) < p.share_adult_children,
        rng.integers(18, 26, size=m),
        rng.integers(0, 18, size=m),
    )
    age = np.select(
        [role == GENITORE, role == ALTRO, enrolled],
        [rng.integers(20, 51, size=m), rng.integers(55, 91, size=m), enrolled_age[household]],
        sibling_age,
    ).astype(np.int64)

    frequency_draw = rng.random(m)
    frequency = np.where(
        frequency_draw < p.share_part_time,
        PART_TIME,
        np.where(frequency_draw < p.share_part_time + p.share_prolungato, PROLUNGATO, TEMPO_PIENO),
    )
    disabled = rng.random(m) < p.share_disability
    level = rng.choice(3, size=m, p=[0.5, 0.35, 0.15]) + 1
    isee, ise, scale = _isee(rng, n, p)

    return Population(
        famiglia_id=np.char.add("S", np.arange(1, n + 1).astype(np.str_)),
        isee=isee,
        ise=ise,
        scala_isee=scale,
        tipo_isee=np.full(n, ABSENT, dtype=np.int64),
        residente=rng.random(n) >= p.share_non_resident,
        genitore_solo=single,
        vedovo=single & (rng.random(n) < p.share_widowed),
        gravidanza=rng.random(n) < p.share_pregnancy,
        household_of_member=household,
        ruolo=role.astype(np.int64),
        eta=age,
        lavora=(role == GENITORE) & (rng.random(m) < p.share_working),
        iscritto=enrolled,
        frequenza=np.where(enrolled, frequency, TEMPO_PIENO).astype(np.int64),
        parto=np.where(enrolled & twins[household], household, ABSENT).astype(np.int64),
        disabilita=np.where(disabled, level, NO_DISABILITY).astype(np.int64),
    )


def _isee(rng: np.random.Generator, n: int, p: SyntheticParameters) -> tuple[Ints, Ints, Ints]:
    """ISEE in cents (lognormal), some missing; ISE and scale from the attestation for a share."""
    euros = rng.lognormal(np.log(p.isee_median), p.isee_spread, size=n)
    isee = np.round(euros * 100).astype(np.int64)
    isee[rng.random(n) < p.share_without_isee] = ABSENT
    attested = (rng.random(n) < p.share_attestation) & (isee != ABSENT)
    scale_hundredths = rng.integers(100, 500, size=n)
    ise = np.where(attested, (isee * scale_hundredths + 50) // 100, ABSENT).astype(np.int64)
    scale = np.where(attested, scale_hundredths * (WEIGHT_UNIT // 100), ABSENT).astype(np.int64)
    return isee, ise, scale
