"""From a comune's fee section to the calculator, on the fixture site (tests/fixtures/valid):
Muggiò has a computable scheme, so its page says "Calcola per Muggiò" and the link presets
the calculator; the fixture has no example scheme, so a comune without one gets no estimate
link rather than a dead end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def site_dir(fixture_site: Path) -> Path:
    return fixture_site


def test_calcola_per_the_comune_presets_the_calculator(page: Any, site_url: str) -> None:
    page.goto(site_url + "comuni/muggio/", wait_until="networkidle")
    link = page.get_by_role("link", name="Calcola per Muggiò")
    assert link.count() == 1
    link.click()
    page.locator("#calcolatore:not([aria-busy])").wait_for(state="visible")
    assert page.get_by_label("Comune", exact=True).input_value() == "muggio"
    assert page.get_by_label("Servizio e schema tariffario").input_value() == "muggio--mensa"
    assert page.locator("#calc-risultato").is_hidden()  # preset, nothing computed yet
    page.get_by_label("Valore dell'ISEE, in euro").fill("10.000")
    page.get_by_role("button", name="Calcola la tariffa").click()
    page.locator("#calc-risultato").wait_for(state="visible")
    assert page.locator(".rete-calc__documentate").count() == 0  # its own scheme: computed


def test_no_estimate_link_without_an_example_scheme(page: Any, site_url: str) -> None:
    page.goto(site_url + "comuni/seveso/", wait_until="networkidle")
    assert page.get_by_role("link", name="Stima per Seveso con uno schema di esempio").count() == 0
    assert page.get_by_role("link", name="Calcola per Seveso").count() == 0
