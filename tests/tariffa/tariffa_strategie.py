"""Hypothesis strategies for valid households, schemes and scales (raw contract dicts).

They produce YAML-like dicts, not models, so a test can change one key and validate again,
exactly as an editor would change a file.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

PROPERTY_SETTINGS = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
"""Bounded, reproducible runs: the suite stays fast and never flaky."""

Raw = dict[str, Any]


def cents(low: int, high: int) -> st.SearchStrategy[float]:
    """Euro amounts with cents, as floats the way YAML gives them."""
    return st.integers(low * 100, high * 100).map(_euro)


def hundredths(low: int, high: int) -> st.SearchStrategy[float]:
    """Weights with two decimals, between low/100 and high/100."""
    return st.integers(low, high).map(lambda h: float(Decimal(h) / 100))


@st.composite
def membri(draw: st.DrawFn) -> Raw:
    """A valid household without its ISEE keys (ISE and scale are added by the caller)."""
    n_parents = draw(st.integers(0, 2))
    n_children = draw(st.integers(0, 5))
    n_others = draw(st.integers(1 if n_parents == 0 else 0, 2))
    disability = st.sampled_from([None, None, None, "media", "grave", "non_autosufficiente"])
    members: list[Raw] = []
    for _ in range(n_parents):
        members.append(
            {
                "ruolo": "genitore",
                "eta": draw(st.integers(18, 70)),
                "lavora": draw(st.booleans()),
                "disabilita": draw(disability),
            }
        )
    twins_age = draw(st.integers(0, 25))
    n_twins = draw(st.integers(0, min(3, n_children)))
    for index in range(n_children):
        twin = index < n_twins and n_twins >= 2
        member: Raw = {
            "ruolo": "figlio",
            "eta": twins_age if twin else draw(st.integers(0, 25)),
            "iscritto": draw(st.booleans()),
            "frequenza": draw(st.sampled_from(["tempo_pieno", "part_time", "prolungato"])),
            "disabilita": draw(disability),
        }
        if twin:
            member["parto"] = 1
        members.append(member)
    for _ in range(n_others):
        members.append(
            {"ruolo": "altro", "eta": draw(st.integers(0, 95)), "disabilita": draw(disability)}
        )
    order = draw(st.permutations(range(len(members))))
    household: Raw = {"componenti": [members[i] for i in order]}
    single = n_parents == 1 and draw(st.booleans())
    household["genitore_solo"] = single
    household["vedovo"] = single and draw(st.booleans())
    household["gravidanza"] = draw(st.booleans())
    return household


@st.composite
def famiglie(draw: st.DrawFn) -> Raw:
    """A resident household whose ISE and ISEE scale come from the attestation (ISE fixed)."""
    household = draw(membri())
    household["scala_isee"] = draw(hundredths(100, 600))
    household["ise"] = draw(cents(0, 150_000))
    household["isee"] = draw(cents(0, 60_000))
    return household


def _euro(cents_value: int) -> float:
    return float(Decimal(cents_value) / 100)


def _linear() -> st.SearchStrategy[Raw]:
    return st.tuples(
        st.integers(0, 2_000_000),
        st.integers(1, 3_000_000),
        st.integers(0, 40_000),
        st.integers(0, 40_000),
    ).map(
        lambda t: {
            "metodo": "lineare",
            "isee_min": _euro(t[0]),
            "isee_max": _euro(t[0] + t[1]),
            "tariffa_min": _euro(t[2]),
            "tariffa_max": _euro(t[2] + t[3]),
        }
    )


@st.composite
def _segments(draw: st.DrawFn) -> Raw:
    n = draw(st.integers(2, 5))
    xs = sorted(draw(st.sets(st.integers(0, 5_000_000), min_size=n, max_size=n)))
    ts = sorted(draw(st.lists(st.integers(0, 60_000), min_size=n, max_size=n)))
    return {
        "metodo": "segmenti",
        "punti": [[_euro(x), _euro(t)] for x, t in zip(xs, ts, strict=True)],
    }


@st.composite
def _bands(draw: st.DrawFn) -> Raw:
    n = draw(st.integers(1, 6))
    limits = sorted(draw(st.sets(st.integers(0, 5_000_000), min_size=n - 1, max_size=n - 1)))
    fees = sorted(draw(st.lists(st.integers(0, 60_000), min_size=n, max_size=n)))
    bands: list[Raw] = [
        {"fino_a": _euro(x), "tariffa": _euro(t)} for x, t in zip(limits, fees, strict=False)
    ]
    bands.append({"tariffa": _euro(fees[-1])})
    return {"metodo": "fasce", "fasce": bands}


@st.composite
def schemi(draw: st.DrawFn, metodo: str | None = None) -> Raw:
    """A complete scheme of any method, with random modifiers, exemption and unit cost."""
    methods = {"lineare": _linear(), "segmenti": _segments(), "fasce": _bands()}
    chosen = methods[metodo] if metodo else st.one_of(*methods.values())
    scheme: Raw = {
        "servizio": "servizio-prova",
        "nome": "Servizio di prova",
        "anni": ["2026/27"],
        **draw(chosen),
    }
    scheme["modificatori"] = {
        "part_time": draw(hundredths(0, 150)),
        "prolungato": draw(hundredths(0, 150)),
        "fratelli": draw(hundredths(0, 150)),
    }
    scheme["esenzione_fino_a"] = draw(st.none() | cents(0, 10_000))
    scheme["costo_unitario"] = draw(st.none() | cents(1, 700))
    scheme["unita_per_anno"] = draw(st.integers(1, 250))
    return scheme


_BAND_LIMITS = [(0, 2), (3, 5), (6, 13), (14, 17), (18, 25)]


@st.composite
def scale(draw: st.DrawFn) -> Raw:
    """Random family scale weights (two decimals), in the shape of the shipped file."""
    w = hundredths(0, 150)
    return {
        "primo_adulto": draw(hundredths(1, 150)),
        "altro_adulto": draw(w),
        "adulto_solo": draw(w),
        "figli_eta": [{"da": a, "a": b, "peso": draw(w)} for a, b in _BAND_LIMITS],
        "terzo_figlio": draw(w),
        "dal_quarto_figlio": draw(w),
        "parto_multiplo": draw(w),
        "gravidanza": draw(w),
        "genitore_solo": draw(w),
        "vedovo": draw(w),
        "disabilita": {"media": draw(w), "grave": draw(w), "non_autosufficiente": draw(w)},
        "anziano_65": draw(w),
        "riduzione_massima": draw(hundredths(0, 100)),
        "mai_peggio": draw(st.booleans()),
    }


@st.composite
def famiglie_qualsiasi(draw: st.DrawFn) -> Raw:
    """Any valid household: with or without ISEE, attestation figures, residence, ISEE type."""
    household = draw(membri())
    household["isee"] = draw(st.none() | cents(0, 60_000))
    if household["isee"] is not None and draw(st.booleans()):
        household["scala_isee"] = draw(hundredths(100, 600))
        household["ise"] = draw(cents(0, 150_000))
    household["residente"] = draw(st.booleans())
    household["tipo_isee"] = draw(st.none() | st.sampled_from(["ordinario", "minorenni"]))
    return household
