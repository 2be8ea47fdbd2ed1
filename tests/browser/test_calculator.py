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

import pathspec
import pytest
import yaml

from rete.tariffa.money import fmt_euro, fmt_weight
from support import ROOT, TODAY

pytestmark = pytest.mark.browser

EXAMPLES: dict[str, Any] = yaml.safe_load(
    (ROOT / "tests/fixtures/tariffa/worked-examples.yaml").read_text(encoding="utf-8")
)
BY_ID = {e["id"]: e for e in EXAMPLES["esempi"]}
OFFERED = sorted(
    key
    for key, e in BY_ID.items()
    if e.get("schema", EXAMPLES["schema_predefinito"]).get("natura", "tariffa") == "tariffa"
)
"""The examples the form computes: a comune's contribution (natura: contributo, computed on a
given retta) is shown as data, not offered (rete.web.calculator.computable)."""
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
    (root / "scripts").symlink_to(ROOT / "scripts", target_is_directory=True)  # mkdocs hooks
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
    """Open the page and wait until the script has made the form work (the page draws it)."""
    page.goto(site_url + PAGE + fragment, wait_until="networkidle")
    page.locator("#calcolatore:not([aria-busy])").wait_for(state="visible")


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


@pytest.mark.parametrize("example_id", OFFERED)
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
    # Both themes, both widths: test_no_axe_violation_in_any_theme_width_or_state["errors"].
    violations = axe_violations(page, impacts=ALL_IMPACTS)
    assert not violations, f"errors: {violations!r}"
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
    for scheme in ("light", "dark"):  # Material follows the scheme when the page opens
        open_themed(page, site_url, STATES["result"], scheme)
        page.locator("#calc-risultato").wait_for(state="visible")
        assert_example(page, BY_ID["E4"])
        page.locator("#calc-risultato details summary").click()  # the chart's data table too
        assert page.locator("svg.rete-calc__grafico title").count() == 1
        assert page.locator("svg.rete-calc__grafico").get_attribute("role") == "img"
        violations = axe_violations(page, impacts=ALL_IMPACTS)
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


# --- issue 11: a family on a phone --------------------------------------------------------

HOUSEHOLD = "&m=genitore.40.lavora&m=genitore.38.lavora&m=figlio.1.iscritto"
"""Two working parents and a one-year-old at the nido, for fragments written by hand."""
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def isee_field(page: Any) -> Any:
    return page.get_by_label("Valore dell'ISEE, in euro")


def entered_isee(page: Any) -> str:
    """The ISEE the result was computed with, as "I dati inseriti" lists it."""
    summary = page.locator("#calc-risultato h3:text-is('I dati inseriti') + div")
    return str(summary.locator("dd").nth(1).inner_text()).strip()


def question(page: Any) -> Any:
    return page.locator(".rete-calc__domanda")


@pytest.mark.parametrize(("typed", "meant"), [
    ("18000", "18.000,00 €"),
    ("18.000", "18.000,00 €"),
    ("18.000,50", "18.000,50 €"),
    ("18000,50", "18.000,50 €"),
    ("18 000 €", "18.000,00 €"),
    ("0", "0,00 €"),
])
def test_italian_amounts_are_read_as_written(typed: str, meant: str, page: Any,
                                             site_url: str) -> None:
    open_calculator(page, site_url, "#schema=esempio--prova-e1")
    isee_field(page).fill(typed)
    calculate(page)
    assert question(page).count() == 0
    assert entered_isee(page) == meant


@pytest.mark.parametrize(("choice", "meant", "written"), [
    ("18.000,00 €", "18.000,00 €", "18.000"),
    ("18,00 €", "18,00 €", "18"),
])
def test_an_ambiguous_amount_is_asked_before_computing(choice: str, meant: str, written: str,
                                                       page: Any, site_url: str) -> None:
    """"18,000" is 18 € in Italian and 18.000 € the English way: never read silently."""
    open_calculator(page, site_url, "#schema=esempio--prova-e1")
    isee_field(page).fill("18,000")
    page.get_by_role("button", name="Calcola la tariffa").click()
    asked = question(page)
    asked.wait_for(state="visible")
    assert page.locator("#calc-risultato").is_hidden()  # nothing computed yet
    assert "Intendevi 18.000,00 € o 18,00 €?" in asked.inner_text()
    assert asked.get_attribute("role") == "group"
    assert _focused_id(page) == "calc-isee-domanda-testo"
    assert "calc-isee-domanda-testo" in (isee_field(page).get_attribute("aria-describedby") or "")
    page.wait_for_function("document.getElementById('calc-annuncio').textContent.includes("
                           "'Intendevi')", timeout=2000)
    asked.get_by_role("button", name=choice, exact=True).click()
    page.locator("#calc-risultato").wait_for(state="visible")
    assert question(page).count() == 0  # a chosen reading is not asked about again
    assert entered_isee(page) == meant
    assert isee_field(page).input_value() == written
    assert _focused_id(page) == "calc-risultato-titolo"


def test_an_ambiguous_link_is_asked_too(page: Any, site_url: str) -> None:
    """On a phone, the question opens in view with the field it is about."""
    page.set_viewport_size(PHONE)
    open_calculator(page, site_url, "#schema=esempio--prova-e1&isee=1%2C500" + HOUSEHOLD)
    question(page).wait_for(state="visible")
    assert "Intendevi 1.500,00 € o 1,50 €?" in question(page).inner_text()
    assert page.locator("#calc-risultato").is_hidden()
    assert _focused_id(page) == "calc-isee-domanda-testo"
    field, asked = isee_field(page).bounding_box(), question(page).bounding_box()
    assert field is not None and asked is not None
    assert field["y"] >= _header_bottom(page) - 1
    assert asked["y"] + asked["height"] <= PHONE["height"]


@pytest.mark.parametrize(("typed", "words"), [
    ("50", "molto basso (meno di 100,00 €)"),
    ("1.800.000", "molto alto (più di 150.000,00 €)"),
])
def test_an_implausible_isee_is_confirmed_before_computing(typed: str, words: str, page: Any,
                                                           site_url: str) -> None:
    open_calculator(page, site_url, "#schema=esempio--prova-e1")
    isee_field(page).fill(typed)
    button = page.get_by_role("button", name="Calcola la tariffa")
    button.click()
    question(page).wait_for(state="visible")
    assert words in question(page).inner_text()
    assert page.locator("#calc-risultato").is_hidden()
    question(page).get_by_role("button", name="No, lo correggo").click()
    assert question(page).count() == 0
    assert _focused_id(page) == "calc-isee"
    assert page.locator("#calc-risultato").is_hidden()
    button.click()  # asked again: not confirmed yet
    question(page).get_by_role("button", name="Sì, calcola con").click()
    page.locator("#calc-risultato").wait_for(state="visible")
    assert entered_isee(page).startswith(typed.split(",")[0])


FORBIDDEN = r"[A-Za-z]+_[A-Za-z]+|\((mese|pasto|giorno|fratelli|prolungato)\)|«minorenni»"


@pytest.mark.parametrize("fragment", [
    # linear: below the minimum threshold, between, above; a sibling part time; no ISEE;
    # an ISEE type other than the scheme's; bands; segments; a non-resident; twins
    "#schema=esempio--prova-e1&isee=3000&tipo_isee=ordinario" + HOUSEHOLD,
    "#schema=esempio--prova-e8&isee=12000&genitore_solo=si&vedovo=si&m=genitore.40.lavora"
    "&m=figlio.2.iscritto.part_time&m=figlio.7.iscritto.prolungato.grave&m=altro.70",
    "#schema=esempio--prova-e1&isee=90000" + HOUSEHOLD,
    "#schema=esempio--prova-e1&isee=no" + HOUSEHOLD,
    "#schema=esempio--prova-e5&isee=15000&m=genitore.40.lavora&m=genitore.38"
    "&m=figlio.2.iscritto.parto-1&m=figlio.2.iscritto.part_time.parto-1",
    *[f"#schema=esempio--prova-{e.lower()}&isee=20000&residente=no" + HOUSEHOLD
      for e in OFFERED],
])
def test_the_steps_speak_plain_italian(fragment: str, page: Any, site_url: str) -> None:
    """No name of the data contract on the page; ISEE and ISE explained where they appear."""
    import re

    open_calculator(page, site_url, fragment)
    result = page.locator("#calc-risultato")
    result.wait_for(state="visible")
    text = result.inner_text()
    assert not re.findall(FORBIDDEN, text), re.findall(FORBIDDEN, text)
    assert "isee_min" not in text and "SE_FF" not in text
    abbr = result.locator("abbr[title]")
    titles = {abbr.nth(i).inner_text(): abbr.nth(i).get_attribute("title")
              for i in range(abbr.count())}
    assert titles["ISEE"] == "Indicatore della situazione economica equivalente"
    explained = result.locator(".rete-calc__sigle").inner_text()
    assert "ISEE (indicatore della situazione economica equivalente)" in explained
    assert "ISE (indicatore della situazione economica)" in explained


def test_the_form_labels_and_the_plain_words_come_from_python(site_dir: Path) -> None:
    from rete.web.calculator import PLAIN_TERMS, labels_json

    data = json.loads((site_dir / PAGE / "parametri.json").read_text(encoding="utf-8"))
    assert data["etichette"] == labels_json()
    assert [tuple(pair) for pair in data["etichette"]["termini"][:len(PLAIN_TERMS)]] == list(
        PLAIN_TERMS)


def _header_bottom(page: Any) -> float:
    bottom: float = page.evaluate(
        "document.querySelector('.md-header').getBoundingClientRect().bottom")
    return bottom


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP])
def test_a_shared_link_opens_at_the_result(viewport: dict[str, int], page: Any,
                                           site_url: str) -> None:
    page.set_viewport_size(viewport)
    open_calculator(page, site_url, "#schema=esempio--prova-e1&isee=15000" + HOUSEHOLD)
    title = page.locator("#calc-risultato-titolo")
    title.wait_for(state="visible")
    assert _focused_id(page) == "calc-risultato-titolo"
    box = title.bounding_box()  # viewport coordinates
    assert box is not None
    assert box["y"] >= _header_bottom(page) - 1, "under the sticky header"
    assert box["y"] + box["height"] <= viewport["height"], "below the fold"
    assert page.evaluate("window.scrollY") > 0
    text = page.locator("#calc-annuncio").inner_text()
    assert text.startswith("Risultato calcolato: con l'ISEE"), text


def test_copy_the_link_with_the_clipboard(page: Any, site_url: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_calculator(page, site_url, "#schema=esempio--prova-e1&isee=15000" + HOUSEHOLD)
    actions = page.locator("#calc-risultato .rete-calc__azioni")
    names = [actions.get_by_role("button").nth(i).inner_text() for i in range(2)]
    assert names == ["Stampa", "Copia il collegamento"]  # side by side
    actions.get_by_role("button", name="Copia il collegamento").click()
    page.wait_for_function("document.getElementById('calc-annuncio').textContent === "
                           "'Collegamento copiato'", timeout=2000)
    assert page.evaluate("navigator.clipboard.readText()") == page.url


def test_copy_the_link_without_the_clipboard_api(page: Any, site_url: str) -> None:
    page.add_init_script("""
      Object.defineProperty(navigator, 'clipboard', { value: undefined });
      window.copie = [];
      document.execCommand = (name) => {
        window.copie.push([name, document.activeElement && document.activeElement.value]);
        return true;
      };""")
    open_calculator(page, site_url, "#schema=esempio--prova-e1&isee=15000" + HOUSEHOLD)
    page.get_by_role("button", name="Copia il collegamento").click()
    page.wait_for_function("document.getElementById('calc-annuncio').textContent === "
                           "'Collegamento copiato'", timeout=2000)
    assert page.evaluate("window.copie") == [["copy", page.url]]
    assert _focused_id(page) == "calc-copia"


def test_a_calculation_is_announced(page: Any, site_url: str) -> None:
    open_calculator(page, site_url, "#schema=esempio--prova-e1")
    isee_field(page).fill("15000")
    page.get_by_role("button", name="Aggiungi un componente").click()
    members(page).last.get_by_label("Età (anni compiuti)").fill("6")
    page.wait_for_function("document.getElementById('calc-annuncio').textContent.startsWith("
                           "'Aggiunto')", timeout=2000)
    calculate(page)
    page.wait_for_function("document.getElementById('calc-annuncio').textContent.startsWith("
                           "'Risultato calcolato')", timeout=2000)
    said = page.locator("#calc-annuncio").inner_text()
    assert shown(page)["tariffa_isee"] in said and shown(page)["tariffa_ff"] in said


def test_a_child_older_than_the_service_is_flagged(page: Any, site_url: str) -> None:
    """A 5-year-old enrolled at the nido (3 to 36 months): said in words, not refused."""
    open_calculator(page, site_url, "#schema=esempio--prova-e1&isee=15000&m=genitore.40.lavora"
                    "&m=figlio.5.iscritto&m=figlio.1.iscritto")
    page.locator("#calc-risultato").wait_for(state="visible")
    warnings = _texts(page.locator(".rete-calc__avvisi li"))
    flagged = [w for w in warnings if "asilo nido" in w]
    assert flagged == ["L'asilo nido accoglie bambini dai 3 ai 36 mesi (D.Lgs. 65/2017, "
                       "art. 2): il componente 2, iscritto, ha 5 anni. Controlla la sua età "
                       "o il servizio scelto."]
    age = members(page).nth(1).get_by_label("Età (anni compiuti)")
    note = (age.get_attribute("aria-describedby") or "").split()[0]
    assert "ha 5 anni" in page.locator(f"#{note}").inner_text()
    assert "ha 1 anno" not in " ".join(warnings)  # the one-year-old is in range
    age.fill("2")
    calculate(page)
    assert page.locator(".rete-calc__nota-eta").count() == 0
    assert not [w for w in _texts(page.locator(".rete-calc__avvisi li")) if "asilo nido" in w]


@pytest.mark.parametrize("isee", ["12000", "29000", "6500", "3000", "90000"])
def test_each_chart_label_sits_on_its_own_marker(isee: str, page: Any, site_url: str) -> None:
    open_calculator(page, site_url, f"#schema=esempio--prova-e4&isee={isee}&m=genitore.40.lavora"
                    "&m=genitore.40.lavora&m=figlio.2.iscritto&m=figlio.7.grave")
    page.locator("#calc-risultato").wait_for(state="visible")
    centres = page.evaluate("""() => {
      const centre = (node) => { const b = node.getBBox();
        return [b.x + b.width / 2, b.y + b.height / 2, b.x, b.x + b.width]; };
      const g = (k) => document.querySelector('.rete-calc__punto--' + k);
      return { isee: centre(g('isee').querySelector('circle')),
               ff: centre(g('ff').querySelector('rect')),
               iseeLabel: centre(g('isee').querySelector('text')),
               ffLabel: centre(g('ff').querySelector('text')),
               width: document.querySelector('svg.rete-calc__grafico').viewBox.baseVal.width };
    }""")

    def distance(a: list[float], b: list[float]) -> float:
        return float(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5)

    if distance(centres["isee"], centres["ff"]) < 12:  # one point on the other: ISEE above
        assert centres["iseeLabel"][1] < centres["isee"][1] < centres["ffLabel"][1]
    else:
        assert distance(centres["iseeLabel"], centres["isee"]) < distance(centres["iseeLabel"],
                                                                          centres["ff"])
        assert distance(centres["ffLabel"], centres["ff"]) < distance(centres["ffLabel"],
                                                                      centres["isee"])
    for label in ("iseeLabel", "ffLabel"):  # inside the chart
        assert centres[label][2] >= 0 and centres[label][3] <= centres["width"]


# --- themes, widths, states: axe with no violation of any impact, nothing wider than a phone

ALL_IMPACTS = ("minor", "moderate", "serious", "critical")
STATES = {
    "empty": "",
    "result": "#schema=esempio--prova-e4&isee=12000&m=genitore.40.lavora&m=genitore.40.lavora"
              "&m=figlio.2.iscritto&m=figlio.7.grave",
    "question": "#schema=esempio--prova-e1&isee=18%2C000" + HOUSEHOLD,
    "comune": "#comune=brugherio&isee=15000&m=genitore.40.lavora&m=figlio.5.iscritto",
    "errors": "#schema=esempio--prova-e1&isee=-12&genitore_solo=si&m=genitore.40.lavora"
              "&m=genitore.38.lavora&m=figlio.30.iscritto",
}
"""Every state of the page: empty, a result, the amount question, a comune with documented
fees and an age warning, the errors summary."""


def open_themed(page: Any, site_url: str, fragment: str, scheme: str) -> None:
    """Open the calculator in a colour scheme, and check Material really switched to it.

    Material follows the system's scheme only when the page opens, and only while no choice
    is stored: a palette kept by an earlier visit (localStorage) is cleared first."""
    if page.url.startswith("http"):
        page.evaluate("localStorage.clear()")
        page.goto("about:blank")  # the same URL again would only change the fragment
    page.emulate_media(color_scheme=scheme)
    open_calculator(page, site_url, fragment)
    expected = "slate" if scheme == "dark" else "default"
    shown_scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert shown_scheme == expected, f"Material did not switch to {expected}: {shown_scheme}"


@pytest.mark.parametrize("state", sorted(STATES))
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_no_axe_violation_in_any_theme_width_or_state(
    state: str, scheme: str, viewport: dict[str, int], page: Any, site_url: str,
    axe_violations: Callable[..., Any],
) -> None:
    page.set_viewport_size(viewport)
    open_themed(page, site_url, STATES[state], scheme)
    if state == "question":
        question(page).wait_for(state="visible")
    elif state == "errors":
        page.locator("#calc-errori").wait_for(state="visible")
    elif state != "empty":
        page.locator("#calc-risultato").wait_for(state="visible")
        page.locator("#calc-risultato details summary").click()  # the chart's table too
    violations = axe_violations(page, impacts=ALL_IMPACTS)
    assert not violations, f"{state}, {scheme}, {viewport['width']} px: {violations!r}"
    if viewport is PHONE:
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"{state}, {scheme}: {widths[0]} px wide"


def test_dark_theme_buttons_have_contrast(page: Any, site_url: str) -> None:
    """The theme's indigo on slate is 2.3:1: the calculator's buttons use a lighter one."""
    open_themed(page, site_url, STATES["result"], "dark")
    page.locator("#calc-risultato").wait_for(state="visible")
    colours = page.evaluate("""() => [...document.querySelectorAll('.rete-calc .md-button')]
      .filter(b => !b.disabled && b.offsetParent)
      .map(b => [b.textContent.trim(), getComputedStyle(b).color])""")
    assert colours and all(colour != "rgb(64, 81, 181)" for _, colour in colours), colours


# --- no layout shift when the script makes the form work ---------------------------------

_CLS = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) { if (!entry.hadRecentInput) total += entry.value; }
  }).observe({ type: 'layout-shift', buffered: true });
  setTimeout(() => resolve(total), 1500);
})"""


SLOW_MS = 400
"""A phone's network: the stylesheets and the parameters arrive this late."""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP, {"width": 800, "height": 823}],
                         ids=["390", "1280", "800"])
def test_no_layout_shift_when_the_form_starts(viewport: dict[str, int], page: Any,
                                               site_url: str) -> None:
    """Lighthouse saw the page jump when the form appeared: the form is drawn by the page,
    its boxes keep their room and the stylesheet comes before what it styles."""
    import time

    def slow(route: Any) -> None:
        time.sleep(SLOW_MS / 1000)
        route.fallback()  # on to the request guard

    page.route("**/*.css", slow)
    page.route("**/parametri.json", slow)
    page.set_viewport_size(viewport)
    open_calculator(page, site_url)
    shift: float = page.evaluate(_CLS)
    assert shift < 0.01, f"cumulative layout shift {shift:.4f} at {viewport['width']} px"


def test_a_comune_page_without_a_computable_scheme_leads_to_its_documented_fees(
    page: Any, site_url: str, site_dir: Path
) -> None:
    """Brugherio's sources give the nido's lowest and highest fee but not how it varies: its
    page offers an estimate with an example scheme, and the result shows the real range."""
    data = json.loads((site_dir / PAGE / "parametri.json").read_text(encoding="utf-8"))
    brugherio = next(c for c in data["comuni"] if c["slug"] == "brugherio")
    assert not brugherio["schemi"]
    page.goto(site_url + "comuni/brugherio/", wait_until="networkidle")
    link = page.get_by_role("link", name="Stima per Brugherio con uno schema di esempio")
    assert link.get_attribute("href") == "../../calcolatore/#comune=brugherio"
    assert page.get_by_role("link", name="Calcola per Brugherio").count() == 0
    link.click()
    page.locator("#calcolatore:not([aria-busy])").wait_for(state="visible")
    assert page.get_by_label("Comune", exact=True).input_value() == "brugherio"
    isee_field(page).fill("15000")
    calculate(page)
    box = page.locator(".rete-calc__documentate")
    assert box.get_by_role("heading").inner_text() == "Le tariffe documentate a Brugherio"
    text = box.inner_text()
    assert ("Asilo nido comunale «Munari», retta mensile (2026/27): da 237,00 € a 560,00 € "
            "al mese") in text
    assert "consultata il 27 novembre 2026" in text
    assert box.get_by_role("link", name="Heopost").first.get_attribute("href") == (
        "https://heopost.com/?p=9953")
    assert page.locator("#calc-risultato .rete-calc__totali caption").inner_text().startswith(
        "Stima illustrativa con lo schema di esempio")


# --- real schemes of the comuni and the note on other help ----------------------------------

REAL: list[dict[str, Any]] = yaml.safe_load(
    (ROOT / "tests/fixtures/tariffa/schemi-reali.yaml").read_text(encoding="utf-8")
)["esempi"]
REAL_BY_ID = {e["id"]: e for e in REAL}


def type_real_household(page: Any, example: dict[str, Any], scheme_id: str) -> None:
    """The comune chosen first, then its scheme, as a family from that comune would."""
    page.get_by_label("Comune", exact=True).select_option(example["comune"])
    select = page.get_by_label("Servizio e schema tariffario")
    select.select_option(scheme_id)
    famiglia = example["famiglia"]
    if famiglia.get("isee") is None:
        page.get_by_label("Non presento l'ISEE").check()
    else:
        page.get_by_label("Sì, ho l'ISEE").check()
        isee_field(page).fill(italian(famiglia["isee"]))
    page.get_by_label("Residente nel comune").set_checked(famiglia.get("residente", True))
    page.get_by_label("Genitore solo", exact=True).set_checked(famiglia.get("genitore_solo", False))
    for _ in range(members(page).count()):
        members(page).first.get_by_role("button", name="Rimuovi").click()
    for member in famiglia["componenti"]:
        page.get_by_role("button", name="Aggiungi un componente").click()
        type_member(members(page).last, member)


@pytest.mark.parametrize("example_id", sorted(REAL_BY_ID))
def test_a_real_scheme_gives_the_figure_of_its_source(
    example_id: str, page: Any, site_url: str, site_dir: Path
) -> None:
    """Each real worked example, typed into the form with its comune and scheme chosen, shows
    the fee its source's table gives (read from the source, never from the code)."""
    example = REAL_BY_ID[example_id]
    data = json.loads((site_dir / PAGE / "parametri.json").read_text(encoding="utf-8"))
    offer = next(
        o
        for o in data["schemi"]
        if o["comune"] == example["comune"] and example["anno"] in o["anni"]
        and o["id"].startswith(f"{example['comune']}--{example['servizio']}")
    )
    assert not offer["illustrativo"] and not offer["esempio"]
    open_calculator(page, site_url)
    type_real_household(page, example, offer["id"])
    calculate(page)
    figures = shown(page)
    for key, value in example["atteso"].items():
        assert figures[key] == expected_text(key, value), key
    assert page.locator("#calc-risultato .rete-badge--illustrativo").count() == 0
    if offer["nota"]:  # said with the result too, so a printout keeps it
        assert offer["nota"] in page.locator("#calc-risultato .rete-calc__nota-schema").inner_text()


def test_a_real_scheme_says_its_year_its_relation_and_its_sources(page: Any, site_url: str) -> None:
    open_calculator(page, site_url, "#comune=milano")
    select = page.get_by_label("Servizio e schema tariffario")
    assert select.input_value() == "milano--asilo-nido"
    assert "(2019/20)" in select.locator("option:checked").inner_text()
    info = page.locator("#calc-schema-info")
    facts = dict(zip(_texts(info.locator("dt")), _texts(info.locator("dd")), strict=True))
    assert facts["Comune"] == "Milano"
    assert facts["Servizio"] == "Asili nido comunali, retta mensile (2019/20)"
    assert facts["Rapporto con la Rete"] == "Citato come membro"
    record = yaml.safe_load((ROOT / "comuni/milano.yml").read_text(encoding="utf-8"))
    scheme = next(s for s in record["servizi"] if s.get("anni") == ["2019/20"])
    assert facts["Nota sullo schema"] == scheme["nota"]  # what the figures leave out
    assert info.locator(".rete-badge--illustrativo").count() == 0
    hrefs = [a.get_attribute("href") for a in info.get_by_role("link").all()]
    assert ("https://www.milanotoday.it/guida/scuola/asili-nido/"
            "tariffe-costi-asili-nido-milano-2012.html") in hrefs
    # The page itself lists the real schemes with their years, before any script runs.
    # Newer figures the sources give only in part (Corriere, 2023) are said beside it.
    newer = info.locator(".rete-calc__piu-recenti")
    assert "Dati più recenti, ma incompleti" in newer.inner_text()
    assert "(dati del 2023)" in newer.inner_text() and "502,20 €" in newer.inner_text()
    listed = page.locator("article li").filter(has_text="Rapporto con la Rete")
    listed = listed.filter(has_text="Milano:").first
    assert listed.inner_text() == (
        "Milano: Asili nido comunali, retta mensile (2019/20). "
        "Rapporto con la Rete: Citato come membro."
    )


def test_a_real_scheme_of_a_comune_outside_the_rete_says_so(page: Any, site_url: str) -> None:
    """Cremona's nido table (2024/25) is computable, but no source ties Cremona to the Rete:
    the calculator says so, and says that the estimate is the fixed monthly part only."""
    open_calculator(page, site_url, "#comune=cremona")
    select = page.get_by_label("Servizio e schema tariffario")
    assert select.input_value() == "cremona--asilo-nido"
    assert "(2024/25)" in select.locator("option:checked").inner_text()
    info = page.locator("#calc-schema-info")
    facts = dict(zip(_texts(info.locator("dt")), _texts(info.locator("dd")), strict=True))
    assert facts["Comune"] == "Cremona"
    assert facts["Servizio"] == "Asilo nido comunale, quota fissa mensile (2024/25)"
    assert facts["Rapporto con la Rete"] == "Nessun rapporto con la Rete documentato"
    record = yaml.safe_load((ROOT / "comuni/cremona.yml").read_text(encoding="utf-8"))
    assert record["relazioni"] == []
    assert facts["Nota sullo schema"] == record["servizi"][0]["nota"]
    assert "6,73 euro per ogni giorno di frequenza" in facts["Nota sullo schema"]
    hrefs = [a.get_attribute("href") for a in info.get_by_role("link").all()]
    assert "https://comune.cremona.it/bd_ui-viewContent-id_info_form-51.phtml" in hrefs
    listed = page.locator("article li").filter(has_text="Cremona:").first
    assert listed.inner_text() == (
        "Cremona: Asilo nido comunale, quota fissa mensile (2024/25). "
        "Rapporto con la Rete: Nessun rapporto con la Rete documentato."
    )


def test_a_nido_result_shows_the_note_on_other_help(page: Any, site_url: str) -> None:
    """INPS's Bonus asilo nido and Regione Lombardia's Nidi Gratis: a note beside a nido result,
    its words and sources from the page record content/pagine/aiuti-nido.md, no amount added."""
    record = (ROOT / "content/pagine/aiuti-nido.md").read_text(encoding="utf-8")
    front = yaml.safe_load(record.split("---")[1])
    note = page.locator("#calc-aiuti-nido")
    open_calculator(page, site_url)
    assert note.count() == 1 and note.is_hidden()  # nothing computed yet: no note
    type_real_household(page, REAL_BY_ID["milano-2019-20-fascia-103"], "milano--asilo-nido")
    calculate(page)
    assert note.is_visible()
    assert note.get_by_role("heading").inner_text() == front["titolo"]
    text = note.inner_text()
    assert " ".join(front["descrizione"].split()) in " ".join(text.split())
    assert "Bonus asilo nido" in text and "Nidi Gratis" in text
    hrefs = [a.get_attribute("href") for a in note.get_by_role("link").all()]
    assert [f["url"] for f in front["fonti"]] == [h for h in hrefs if h.startswith("http")]
    assert "../aiuti-nido/" in hrefs
    # The estimate is the comune's fee alone: the help is not subtracted.
    assert shown(page)["tariffa_isee"] == "103,00 €"
    # An invalid household hides the result and the note with it.
    isee_field(page).fill("")
    page.get_by_role("button", name="Calcola la tariffa").click()
    page.locator("#calc-errori").wait_for(state="visible")
    assert note.is_hidden()
    page.goto(site_url + "aiuti-nido/", wait_until="networkidle")
    assert page.get_by_role("heading", level=1).inner_text().rstrip("¶") == front["titolo"]
    # Reached from the calculator, not from the menu: listed in mkdocs.yml's not_in_nav like
    # the other pages reached from another page (privacy, note legali, accessibilità).
    # Read as MkDocs reads it (gitignore patterns), without load_config: that needs the
    # repository's generated docs folder, which a fresh clone does not have.
    not_in_nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["not_in_nav"]
    spec = pathspec.GitIgnoreSpec.from_lines(not_in_nav.splitlines())
    assert spec.match_file("aiuti-nido.md")
    assert page.get_by_role("navigation").get_by_role("link", name=front["titolo"]).count() == 0
