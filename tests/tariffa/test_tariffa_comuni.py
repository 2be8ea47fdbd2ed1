"""The comuni's fee data as their sources give it, and no more (issue 12, points 2-4).

Each check is a fact-check finding that must not come back: Milano's 2023 figures passing for
current ones with "fino a" for the source's "sotto"; Giussano's partial bands written as if
they were contiguous; Cesano Maderno's capped percentages shown as fixed sums.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from tariffa_dati import ROOT

from rete.models.comune import Comune
from rete.records.validate import validate
from rete.tariffa import SchemaTariffario


@pytest.fixture(scope="module")
def comuni() -> dict[str, Comune]:
    corpus = validate(ROOT)
    found = {slug: loaded.model for slug, loaded in corpus.of("comune").items()}
    assert all(isinstance(c, Comune) for c in found.values())
    return found  # type: ignore[return-value]


def _scheme(comuni: dict[str, Comune], slug: str, servizio: str, nome: str) -> SchemaTariffario:
    return next(s for s in comuni[slug].servizi if s.servizio == servizio and nome in s.nome)


def test_every_scheme_of_the_comuni_is_dated(comuni: dict[str, Comune]) -> None:
    schemes = [s for c in comuni.values() for s in c.servizi]
    assert schemes and all(s.periodo for s in schemes)


def test_milano_2023_is_dated_by_its_source_and_exempt_below_6500(
    comuni: dict[str, Comune],
) -> None:
    milano = next(s for s in comuni["milano"].servizi if s.tariffa_max == Decimal("502.20"))
    assert (milano.anni, milano.anno_fonte) == ((), 2023)
    assert (milano.esenzione_sotto, milano.esenzione_fino_a) == (Decimal(6500), None)


def test_giussano_bands_keep_the_gaps_the_source_leaves(comuni: dict[str, Comune]) -> None:
    nido = _scheme(comuni, "giussano", "asilo-nido", "Albero Grande")
    assert not nido.completo and nido.anni == ("2024/25",)
    assert nido.nota is not None and "23 giorni di frequenza" in nido.nota
    assert nido.fasce is not None
    shown = ["…" if b.non_riportate else (b.oltre, b.fino_a, b.tariffa) for b in nido.fasce]
    assert shown == [
        (None, Decimal(8000), Decimal("189.30")),
        "…",
        (None, Decimal(15000), Decimal(418)),
        "…",
        (None, Decimal(28000), Decimal(494)),
        "…",
        (None, Decimal(33000), Decimal(532)),
        "…",
        (Decimal(53000), None, Decimal("888.84")),
    ]


def test_cesano_contribution_is_a_capped_share_for_2024_25(comuni: dict[str, Comune]) -> None:
    contributo = _scheme(comuni, "cesano-maderno", "contributo-nidi-privati-convenzionati", "")
    assert contributo.natura == "contributo" and contributo.anni == ("2024/25",)
    assert not contributo.completo  # no band above 40.000 €, no «tariffa standard» stated
    assert contributo.fasce is not None
    assert [(b.fino_a, b.percentuale, b.tetto, b.tariffa) for b in contributo.fasce] == [
        (Decimal(20000), Decimal(25), Decimal(150), None),
        (Decimal(30000), Decimal(20), Decimal(120), None),
        (Decimal(35000), Decimal(15), Decimal(90), None),
        (Decimal(40000), Decimal(10), Decimal(60), None),
    ]
    assert any("ilsaronno.it/2024/08/29/" in f.url for f in contributo.fonti)
