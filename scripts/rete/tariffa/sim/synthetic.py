"""A synthetic population of households for the budget simulator, reproducible from a seed.

The shares below are illustrative defaults for a nursery-school population (every household
has a child in the service's age range), not statistics of any comune: a comune simulating
its budget should load its own anonymised households from CSV instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rete.tariffa.sim.population import (
    ALTRO,
    ASSENTE,
    FIGLIO,
    GENITORE,
    NESSUNA,
    PART_TIME,
    PESO,
    PROLUNGATO,
    TEMPO_PIENO,
    Ints,
    Population,
)


@dataclass(frozen=True)
class SyntheticParameters:
    """Shares and ranges of the synthetic households (illustrative, not statistics)."""

    figli: tuple[float, ...] = (0.0, 0.45, 0.38, 0.12, 0.04, 0.01)
    """Probability of 0, 1, 2… children; the first child is the one enrolled."""
    eta_iscritto: tuple[int, int] = (0, 2)
    """Age range of the enrolled child (a nursery: 0-2)."""
    quota_genitore_solo: float = 0.12
    quota_vedovo: float = 0.05
    """Among single parents."""
    quota_lavora: float = 0.75
    """Each parent, independently."""
    quota_gemelli: float = 0.02
    """The enrolled child has a twin, enrolled too."""
    quota_figli_maggiorenni: float = 0.10
    """Share of the other children aged 18-25 rather than 0-17."""
    quota_nonni: float = 0.05
    """One cohabiting member (ruolo altro) aged 55-90."""
    quota_disabilita: float = 0.02
    """Each member, independently; levels media, grave, non autosufficiente 50/35/15."""
    quota_gravidanza: float = 0.04
    quota_part_time: float = 0.25
    quota_prolungato: float = 0.10
    quota_senza_isee: float = 0.08
    quota_non_residenti: float = 0.03
    quota_attestazione: float = 0.0
    """Households giving ise and scala_isee from the attestation instead of the engine's."""
    isee_mediano: float = 16_000.0
    isee_dispersione: float = 0.7
    """Standard deviation of log(ISEE)."""


def synthetic_population(
    n: int, seme: int = 0, parametri: SyntheticParameters | None = None
) -> Population:
    """`n` households drawn from `parametri` with numpy's generator seeded by `seme`."""
    p = parametri or SyntheticParameters()
    rng = np.random.default_rng(seme)
    single = rng.random(n) < p.quota_genitore_solo
    parents = np.where(single, 1, 2).astype(np.int64)
    probabilities = np.asarray(p.figli, dtype=np.float64)
    children = rng.choice(len(p.figli), size=n, p=probabilities / probabilities.sum()).astype(
        np.int64
    )
    twins = (children >= 2) & (rng.random(n) < p.quota_gemelli)
    others = (rng.random(n) < p.quota_nonni).astype(np.int64)
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

    low, high = p.eta_iscritto
    enrolled_age = rng.integers(low, high + 1, size=n)
    sibling_age = np.where(
        rng.random(m) < p.quota_figli_maggiorenni,
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
        frequency_draw < p.quota_part_time,
        PART_TIME,
        np.where(frequency_draw < p.quota_part_time + p.quota_prolungato, PROLUNGATO, TEMPO_PIENO),
    )
    disabled = rng.random(m) < p.quota_disabilita
    level = rng.choice(3, size=m, p=[0.5, 0.35, 0.15]) + 1
    isee, ise, scale = _isee(rng, n, p)

    return Population(
        famiglia_id=np.char.add("S", np.arange(1, n + 1).astype(np.str_)),
        isee=isee,
        ise=ise,
        scala_isee=scale,
        tipo_isee=np.full(n, ASSENTE, dtype=np.int64),
        residente=rng.random(n) >= p.quota_non_residenti,
        genitore_solo=single,
        vedovo=single & (rng.random(n) < p.quota_vedovo),
        gravidanza=rng.random(n) < p.quota_gravidanza,
        membro_famiglia=household,
        ruolo=role.astype(np.int64),
        eta=age,
        lavora=(role == GENITORE) & (rng.random(m) < p.quota_lavora),
        iscritto=enrolled,
        frequenza=np.where(enrolled, frequency, TEMPO_PIENO).astype(np.int64),
        parto=np.where(enrolled & twins[household], household, ASSENTE).astype(np.int64),
        disabilita=np.where(disabled, level, NESSUNA).astype(np.int64),
        riga=np.zeros(m, dtype=np.int64),
    )


def _isee(rng: np.random.Generator, n: int, p: SyntheticParameters) -> tuple[Ints, Ints, Ints]:
    """ISEE in cents (lognormal), some missing; ISE and scale from the attestation for a share."""
    euros = rng.lognormal(np.log(p.isee_mediano), p.isee_dispersione, size=n)
    isee = np.round(euros * 100).astype(np.int64)
    isee[rng.random(n) < p.quota_senza_isee] = ASSENTE
    attested = (rng.random(n) < p.quota_attestazione) & (isee != ASSENTE)
    scale_hundredths = rng.integers(100, 500, size=n)
    ise = np.where(attested, (isee * scale_hundredths + 50) // 100, ASSENTE).astype(np.int64)
    scale = np.where(attested, scale_hundredths * (PESO // 100), ASSENTE).astype(np.int64)
    return isee, ise, scale
