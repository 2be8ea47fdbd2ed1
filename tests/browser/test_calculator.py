"""The citizens' calculator in headless Chromium, driven through its form like a family would.

The site is this repository's content built by `rete build` from a temporary copy of the
project, with every worked example's scheme added to content/tariffe as `prova-<id>.yml`, so
each example can be chosen in the form (`esempio--prova-<id>`). Every example is typed in
and must give the expected figures to the cent; the URL fragment must restore the form; the
page must work with the keyboard alone, make no third-party request, pass axe-core with a
result shown (light and dark) and print.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from rete.tariffa.money import fmt_euro, fmt_weight
from support import ROOT, TODAY

pytestmark = pytest.mark.browser

EXAMPLES: dict[str, Any] = yaml.safe_load(
    (ROOT / "tests/fixtures/tariffa/worked-examples.yaml").read_text(encoding="utf-8")
)
BY_ID = {e["id"]: e for e in EXAMPLES["esempi"]}
PAGE = "calcolatore/"
MONEY = ("ise", "isee_ff", "tariffa_isee", "tariffa_ff", "differenza", "differenza_anno")
WEIGHTS = ("se_isee", "se_ff")
MAX_TABS = 150
"""Bound on Tab presses when looking for a control with the keyboard."""


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site, built from a copy with the worked examples' schemes added."""
    from rete.web.build import build

    root = tmp_path_factory.mktemp("calcolatore") / "progetto"
    root.mkdir()
    for folder in ("comuni", "good_practices", "content", "courses", "overrides"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, root / folder)
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(ROOT / name, root / name)
    (root / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    schemes = root / "content" / "tariffe"
    schemes.mkdir(parents=True, exist_ok=True)
    for example in EXAMPLES["esempi"]:
        scheme = example.get("schema", EXAMPLES["schema_predefinito"])
        (schemes / f"prova-{example['id'].lower()}.yml").write_text(
            yaml.safe_dump(scheme, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    site = build(root, today=TODAY, site=root / "site").site
    assert (site / PAGE / "index.html").is_file(), "the calculator page was not built"
    return site


# --- helpers: a family types its household in --------------------------------------------


def italian(amount: float | int) -> str:
    """How a family writes an ISEE: 15.000 or 6.576,50 (the Italian way, as the hint says)."""
    value = Decimal(str(amount))
    return fmt_euro(value).removesuffix(" €").removesuffix(",00")


def expected_text(key: str, value: float) -> str:
    number = Decimal(str(value))
    return fmt_weight(number) if key in WEIGHTS else fmt_euro(number)


def open_calculator(page: Any, site_url: str, fragment: str = "") -> None:
    page.goto(site_url + PAGE + fragment, wait_until="networkidle")
    page.locator("#calc-form").wait_for(state="visible")


def members(page: Any) -> Any:
    return page.locator("#calc-componenti > fieldset")


def type_member(row: Any, member: dict[str, Any]) -> None:
    row.get_by_label("Ruolo").select_option(member["ruolo"])
    row.get_by_label("Età (anni compiuti)").fill(str(member["eta"]))
    if member["ruolo"] == "genitore":
        row.get_by_label("Lavora", exact=True).set_checked(bool(member.get("lavora")))
    if member["ruolo"] == "figlio":
        row.get_by_label("Iscritto al servizio").set_checked(bool(member.get("iscritto")))
        row.get_by_label("Frequenza").select_option(member.get("frequenza", "tempo_pieno"))
        parto = member.get("parto")
        row.get_by_label("Parto multiplo").fill("" if parto is None else str(parto))
    row.get_by_label("Disabilità").select_option(member.get("disabilita") or "")


def type_household(page: Any, famiglia: dict[str, Any], scheme_id: str) -> None:
    page.get_by_label("Comune", exact=True).select_option("")
    page.get_by_label("Servizio e schema tariffario").select_option(scheme_id)
    if famiglia.get("isee") is None:
        page.get_by_label("Non presento l'ISEE").check()
    else:
        page.get_by_label("Sì, ho l'ISEE").check()
        page.get_by_label("Valore dell'ISEE, in euro").fill(italian(famiglia["isee"]))
    page.get_by_label("Residente nel comune").set_checked(famiglia.get("residente", True))
    page.get_by_label("Genitore solo", exact=True).set_checked(famiglia.get("genitore_solo", False))
    page.get_by_label("Genitore solo vedovo o vedova").set_checked(famiglia.get("vedovo", False))
    page.get_by_label("Gravidanza certificata nel nucleo").set_checked(
        famiglia.get("gravidanza", False)
    )
    for _ in range(members(page).count()):
        members(page).first.get_by_role("button", name="Rimuovi").click()
    assert members(page).count() == 0
    for member in famiglia["componenti"]:
        page.get_by_role("button", name="Aggiungi un componente").click()
        type_member(members(page).last, member)


def calculate(page: Any) -> None:
    page.get_by_role("button", name="Calcola la tariffa").click()
    page.locator("#calc-risultato").wait_for(state="visible")


def shown(page: Any) -> dict[str, str]:
    """The figures on the result, by contract key."""
    cells = page.locator("#calc-risultato [data-campo]")
    return {
        cells.nth(i).get_attribute("data-campo"): cells.nth(i).inner_text().strip()
        for i in range(cells.count())
    }


def assert_example(page: Any, example: dict[str, Any]) -> None:
    expected = {key: expected_text(key, value) for key, value in example["atteso"].items()}
    assert shown(page) == expected, example["id"]


# --- the tests ------------------------------------------------------------------------------


@pytest.mark.parametrize("example_id", sorted(BY_ID))
def test_worked_example_typed_into_the_form(example_id: str, page: Any, site_url: str) -> None:
    example = BY_ID[example_id]
    open_calculator(page, site_url)
    type_household(page, example["famiglia"], f"esempio--prova-{example_id.lower()}")
    calculate(page)
    assert_example(page, example)
    assert page.locator("#calc-risultato .rete-badge.rete-badge--illustrativo").is_visible()
    assert "?" not in page.url  # inputs live in the fragment, never in the query string
    fragment = page.url.split("#", 1)[1]
    assert f"schema=esempio--prova-{example_id.lower()}" in fragment


def test_the_fragment_restores_form_and_result(page: Any, site_url: str, browser: Any) -> None:
    example = BY_ID["E5"]
    open_calculator(page, site_url)
    type_household(page, example["famiglia"], "esempio--prova-e5")
    calculate(page)
    link = page.url
    assert "#" in link and "?" not in link
    page.goto(site_url + "index.html")  # leave, then come back by the saved link
    page.goto(link, wait_until="networkidle")
    page.locator("#calc-risultato").wait_for(state="visible")
    assert_example(page, example)
    assert page.get_by_label("Valore dell'ISEE, in euro").input_value() == "15000"
    assert page.get_by_label("Servizio e schema tariffario").input_value() == "esempio--prova-e5"
    assert members(page).count() == 4
    twin = members(page).nth(3)
    assert twin.get_by_label("Parto multiplo").input_value() == "1"
    assert twin.get_by_label("Frequenza").input_value() == "part_time"


def test_a_link_by_hand_and_a_scheme_only_link(page: Any, site_url: str) -> None:
    fragment = ("#schema=esempio--prova-e8&isee=16000&m=genitore.40.lavora&m=genitore.40.lavora"
                "&m=figlio.7.iscritto&m=figlio.9.iscritto")
    open_calculator(page, site_url, fragment)
    page.locator("#calc-risultato").wait_for(state="visible")
    assert_example(page, BY_ID["E8"])
    # What a comune page links to: the scheme chosen, nothing computed yet.
    open_calculator(page, site_url, "#schema=esempio--prova-e7a")
    assert page.get_by_label("Servizio e schema tariffario").input_value() == "esempio--prova-e7a"
    assert page.locator("#calc-risultato").is_hidden()


def _tab_to(page: Any, selector: str) -> None:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement === document.querySelector(s)", selector):
            return
    pytest.fail(f"{selector} is not reachable with Tab")


def _focused_id(page: Any) -> str:
    focused: str = page.evaluate("document.activeElement && document.activeElement.id")
    return focused


def test_keyboard_only(page: Any, site_url: str) -> None:
    """E1 with the keyboard alone: default household plus a child added and typed in."""
    open_calculator(page, site_url, "#schema=esempio--prova-e1")
    _tab_to(page, "#calc-isee")
    page.keyboard.type("15.000")
    _tab_to(page, "#calc-aggiungi")
    page.keyboard.press("Enter")
    assert members(page).count() == 4
    assert _focused_id(page).endswith("-ruolo")  # focus moves into the new member
    page.keyboard.press("Tab")
    assert _focused_id(page).endswith("-eta")
    page.keyboard.type("5")
    _tab_to(page, "#calc-calcola")
    page.keyboard.press("Enter")
    page.locator("#calc-risultato").wait_for(state="visible")
    assert _focused_id(page) == "calc-risultato-titolo"
    assert_example(page, BY_ID["E1"])
    # Remove the added child with the keyboard: the fee stays, the SE_FF loses its weight.
    _tab_to(page, "#calc-componenti > fieldset:nth-of-type(4) .rete-calc__rimuovi")
    page.keyboard.press("Enter")
    assert members(page).count() == 3
    _tab_to(page, "#calc-calcola")
    page.keyboard.press("Enter")
    page.locator("#calc-risultato").wait_for(state="visible")
    assert shown(page)["se_ff"] == "2,60"


def test_errors_are_tied_to_their_fields(
    page: Any, site_url: str, axe_violations: Callable[..., Any]
) -> None:
    open_calculator(page, site_url, "#schema=esempio--prova-e1")
    page.get_by_label("Valore dell'ISEE, in euro").fill("-12")
    members(page).nth(2).get_by_label("Età (anni compiuti)").fill("30")
    page.get_by_label("Genitore solo", exact=True).check()
    calculate_button = page.get_by_role("button", name="Calcola la tariffa")
    calculate_button.click()
    summary = page.locator("#calc-errori")
    summary.wait_for(state="visible")
    assert _focused_id(page) == "calc-errori"
    assert page.locator("#calc-risultato").is_hidden()
    isee = page.get_by_label("Valore dell'ISEE, in euro")
    assert isee.get_attribute("aria-invalid") == "true"
    assert "calc-isee-errore" in (isee.get_attribute("aria-describedby") or "").split()
    assert "negativo" in page.locator("#calc-isee-errore").inner_text()
    age = members(page).nth(2).get_by_label("Età (anni compiuti)")
    assert age.get_attribute("aria-invalid") == "true"
    error_id = (age.get_attribute("aria-describedby") or "").split()[0]
    assert "altro componente" in page.locator(f"#{error_id}").inner_text()
    single = page.get_by_label("Genitore solo", exact=True)
    assert single.get_attribute("aria-invalid") == "true"
    assert summary.locator("li").count() == 3
    summary.get_by_role("link").first.click()
    assert _focused_id(page) == "calc-isee"
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        violations = axe_violations(page, impacts=("serious", "critical"))
        assert not violations, f"errors ({scheme}): {violations!r}"
    # Corrected, the errors go away and the result appears.
    isee.fill("15000")
    members(page).nth(2).get_by_label("Età (anni compiuti)").fill("1")
    single.uncheck()
    calculate_button.click()
    page.locator("#calc-risultato").wait_for(state="visible")
    assert summary.is_hidden()
    assert isee.get_attribute("aria-invalid") is None


def test_accessible_with_a_result_in_light_and_dark(
    page: Any, site_url: str, axe_violations: Callable[..., Any]
) -> None:
    fragment = ("#schema=esempio--prova-e4&isee=12000&m=genitore.40.lavora&m=genitore.40.lavora"
                "&m=figlio.2.iscritto&m=figlio.7.grave")
    open_calculator(page, site_url, fragment)
    page.locator("#calc-risultato").wait_for(state="visible")
    assert_example(page, BY_ID["E4"])
    page.locator("#calc-risultato details summary").click()  # the chart's data table too
    assert page.locator("svg.rete-calc__grafico title").count() == 1
    assert page.locator("svg.rete-calc__grafico").get_attribute("role") == "img"
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        violations = axe_violations(page, impacts=("serious", "critical"))
        assert not violations, f"result ({scheme}): {violations!r}"


def test_print_view(page: Any, site_url: str) -> None:
    fragment = ("#schema=esempio--prova-e6d&isee=no&genitore_solo=si&m=genitore.40.lavora"
                "&m=figlio.1.iscritto")
    open_calculator(page, site_url, fragment)
    page.locator("#calc-risultato").wait_for(state="visible")
    assert_example(page, BY_ID["E6d"])
    page.evaluate("() => { window.stampe = 0; window.print = () => { window.stampe += 1; }; }")
    page.get_by_role("button", name="Stampa").click()
    assert page.evaluate("window.stampe") == 1
    page.emulate_media(media="print")
    assert page.locator("#calc-form").is_hidden()
    assert page.get_by_role("button", name="Stampa").is_hidden()
    assert page.locator(".md-header").is_hidden()
    assert page.locator("#calc-risultato").is_visible()
    assert page.locator("#calc-risultato svg.rete-calc__grafico").is_visible()
    assert page.get_by_text("I dati inseriti").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_nothing_leaves_the_browser(page: Any, site_url: str, request_guard: Any) -> None:
    open_calculator(page, site_url)
    type_household(page, BY_ID["E2"]["famiglia"], "esempio--prova-e2")
    calculate(page)
    assert_example(page, BY_ID["E2"])
    request_guard.assert_clean()
    assert not [url for url in request_guard.requests if "9000" in url or "isee" in url]
    assert page.locator(".rete-calc__avvertenze").get_by_text("restano nel tuo browser").count()


def test_a_comune_without_a_complete_scheme_gets_the_example(page: Any, site_url: str,
                                                             site_dir: Path) -> None:
    data = json.loads((site_dir / PAGE / "parametri.json").read_text(encoding="utf-8"))
    without = [c for c in data["comuni"] if not c["schemi"]]
    if not without:
        pytest.skip("every comune has a complete scheme")
    comune = without[0]
    open_calculator(page, site_url, f"#comune={comune['slug']}&schema={data['esempi'][0]}")
    assert page.get_by_label("Comune", exact=True).input_value() == comune["slug"]
    options = page.locator("#calc-schema option")
    labels = [options.nth(i).inner_text() for i in range(options.count())]
    assert labels and all(label.startswith("Esempio illustrativo") for label in labels)
    info = page.locator("#calc-schema-info")
    assert info.locator(".rete-badge.rete-badge--illustrativo").is_visible()
    assert f"Per {comune['nome']} non è documentato" in info.inner_text()


def _texts(locator: Any) -> list[str]:
    return [locator.nth(i).inner_text().strip() for i in range(locator.count())]


def test_the_labels_come_from_the_parameters(page: Any, site_url: str, site_dir: Path) -> None:
    """The Italian labels are written once, in rete.web.calculator: parametri.json carries
    them, and the form, the scheme's facts and the summary of the inputs show them."""
    from rete.web.calculator import labels_json

    data = json.loads((site_dir / PAGE / "parametri.json").read_text(encoding="utf-8"))
    assert data["etichette"] == labels_json()
    fragment = ("#schema=esempio--prova-e8&isee=12000&tipo_isee=minorenni&genitore_solo=si"
                "&vedovo=si&m=genitore.40.lavora&m=figlio.2.iscritto.part_time&m=figlio.7.grave"
                "&m=altro.70")
    open_calculator(page, site_url, fragment)
    page.locator("#calc-risultato").wait_for(state="visible")
    first = members(page).first
    assert _texts(first.get_by_label("Ruolo").locator("option")) == [
        "Genitore", "Figlio o figlia", "Altro componente"]
    assert _texts(first.get_by_label("Frequenza").locator("option")) == [
        "Tempo pieno", "Part time", "Orario prolungato"]
    assert _texts(first.get_by_label("Disabilità").locator("option")) == [
        "Nessuna", "Media", "Grave", "Non autosufficienza"]
    assert _texts(page.get_by_label("Tipo di ISEE").locator("option")) == [
        "Non indicato", "Ordinario", "Per prestazioni ai minorenni", "Corrente", "Sociosanitario"]
    facts = page.locator("#calc-schema-info dl")
    assert "a pasto, 170 pasti all'anno" in _texts(facts.locator("dd"))
    summary = page.locator("#calc-risultato h3:text-is('I dati inseriti') + div")
    assert _texts(summary.locator("dt")) == [
        "Schema", "ISEE", "Residente", "Genitore solo", "Gravidanza"]
    assert _texts(summary.locator("dd"))[1:] == [
        "12.000,00 € (per prestazioni ai minorenni)", "sì", "sì (vedovo o vedova)", "no"]
    assert _texts(summary.locator("li")) == [
        "Genitore, 40 anni, lavora",
        "Figlio o figlia, 2 anni, iscritto (part time)",
        "Figlio o figlia, 7 anni, disabilità grave",
        "Altro componente, 70 anni",
    ]
    members(page).nth(3).get_by_label("Età (anni compiuti)").fill("")
    page.get_by_role("button", name="Calcola la tariffa").click()
    page.locator("#calc-errori").wait_for(state="visible")
    assert _texts(page.locator("#calc-errori li")) == [
        "Componente 4, età: Indica l'età in anni compiuti."]


@pytest.mark.parametrize("example_id", ["E1", "E5", "E6d", "E8"])
def test_a_link_written_by_python_opens_the_same_household(example_id: str, page: Any,
                                                          site_url: str) -> None:
    """The school's notebooks link here with rete.tariffa.fragment: the JavaScript must read
    back the household Python wrote, and compute the worked example's figures."""
    from rete.tariffa import Famiglia
    from rete.tariffa.fragment import calculator_fragment

    example = BY_ID[example_id]
    household = Famiglia.model_validate(example["famiglia"])
    open_calculator(page, site_url,
                    calculator_fragment(household, f"esempio--prova-{example_id.lower()}"))
    page.locator("#calc-risultato").wait_for(state="visible")
    assert_example(page, example)
