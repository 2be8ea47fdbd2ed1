"""End to end: the fixture project becomes a complete site, or no site at all."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from rete.core.diagnostics import RecordError
from rete.web.build import build
from support import INVALID, TODAY, make_buildable, place_fixture

pytestmark = pytest.mark.slow


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_record_has_its_page(fixture_site: Path) -> None:
    assert sorted(p.parent.name for p in (fixture_site / "comuni").glob("*/index.html")) == [
        "muggio", "seveso"]  # besana-in-brianza is a draft: not published
    assert (fixture_site / "pratiche/gaf-esempio/index.html").is_file()
    for page in ("index.html", "rete/index.html", "dati/index.html", "privacy/index.html",
                 "contribuire/index.html", "404.html", "feed.xml", "sitemap.xml"):
        assert (fixture_site / page).is_file(), page
    assert not (fixture_site / "home").exists()  # the home intro is not a page of its own


def test_comune_page_shows_sourced_facts_and_gaps(fixture_site: Path) -> None:
    html = (fixture_site / "comuni/seveso/index.html").read_text(encoding="utf-8")
    assert "22.733 abitanti (2011)" in html
    assert "Firmatario" in html and "20 dicembre 2016" in html
    assert "Informazione non disponibile." in html  # no tavolo comunale in the record
    muggio = (fixture_site / "comuni/muggio/index.html").read_text(encoding="utf-8")
    assert "<dd>non disponibile</dd>" in muggio  # no population in that record
    assert ('href="https://git.example.org/rete/sito/-/edit/main/comuni/seveso.yml"' in html)


def test_illustrative_record_carries_the_badge(fixture_site: Path) -> None:
    pratica = (fixture_site / "pratiche/gaf-esempio/index.html").read_text(encoding="utf-8")
    comune = (fixture_site / "comuni/seveso/index.html").read_text(encoding="utf-8")
    assert "rete-badge--illustrativo" in pratica
    assert "rete-badge--illustrativo" not in comune


def test_open_data_matches_records(fixture_site: Path) -> None:
    comuni = json.loads((fixture_site / "dati/comuni.json").read_text(encoding="utf-8"))
    assert [c["slug"] for c in comuni] == ["muggio", "seveso"]
    assert comuni[1]["codice_istat"] == "108040"
    geo = json.loads((fixture_site / "dati/comuni.geojson").read_text(encoding="utf-8"))
    assert [f["properties"]["slug"] for f in geo["features"]] == ["seveso"]
    assert geo["features"][0]["geometry"]["coordinates"] == [9.137379, 45.643466]
    csv_head = (fixture_site / "dati/pratiche.csv").read_text("utf-8-sig").splitlines()[0]
    assert csv_head.startswith("slug,")  # UTF-8 with a BOM, for spreadsheets
    schema = json.loads((fixture_site / "dati/schemi/comune.schema.json").read_text("utf-8"))
    assert schema["additionalProperties"] is False


def test_feed_and_catalogue_index(fixture_site: Path) -> None:
    feed = ET.parse(fixture_site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    # newest verification first
    assert [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)] == [
        "Gruppo di acquisto familiare di prova", "Sistema di pagamento solidale di prova",
        "Tavolo intercomunale di prova"]
    index = json.loads((fixture_site / "pratiche/indice.json").read_text(encoding="utf-8"))
    by_slug = {p["slug"]: p for p in index["pratiche"]}
    assert by_slug["gaf-esempio"]["comuni"] == ["seveso"]
    assert by_slug["tavolo-esempio"]["anno"] == ["2015"]
    assert by_slug["tavolo-esempio"]["livello"] == []


def test_search_index_is_italian(fixture_site: Path) -> None:
    config = json.loads((fixture_site / "search/search_index.json").read_text("utf-8"))["config"]
    assert config["lang"] == ["it"]


def test_bad_record_stops_build_and_keeps_site(project: Path) -> None:
    make_buildable(project)
    site = build(project, today=TODAY).site
    before = _tree(site)
    place_fixture(INVALID / "comuni/relazioni_data_impossible.yml", project)
    with pytest.raises(RecordError) as failure:
        build(project, today=TODAY)
    assert [d.key for d in failure.value.diagnostics] == ["relazioni[1].dal"]
    assert _tree(site) == before
    result = subprocess.run([sys.executable, "-m", "rete", "--radice", str(project), "build",
                             "--oggi", TODAY.isoformat()], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 1
    assert "relazioni-data-impossible.yml:8:10: errore: relazioni[1].dal" in result.stderr
    assert _tree(site) == before


def test_two_builds_are_byte_identical(project: Path) -> None:
    make_buildable(project)
    first = _tree(build(project, today=TODAY).site)
    second = _tree(build(project, today=TODAY).site)
    assert first == second


def test_export_writes_the_published_open_data(project: Path, fixture_site: Path) -> None:
    target = project / "esportati"
    result = subprocess.run([sys.executable, "-m", "rete", "--radice", str(project), "export",
                             str(target), "--oggi", TODAY.isoformat()], capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    exported = _tree(target)
    assert exported.pop(".rete-export")
    assert exported == {k.removeprefix("dati/"): v for k, v in _tree(fixture_site).items()
                        if k.startswith("dati/") and not k.endswith("index.html")}
    again = subprocess.run([sys.executable, "-m", "rete", "--radice", str(project), "export",
                            str(target), "--oggi", TODAY.isoformat()], capture_output=True,
                           text=True, timeout=120, check=False)
    assert again.returncode == 0, again.stderr  # a previous export may be replaced


@pytest.mark.parametrize("where", [".", "comuni", "comuni/seveso.yml", ".."])
def test_export_never_replaces_a_folder_it_did_not_write(project: Path, where: str) -> None:
    before = _tree(project)
    result = subprocess.run([sys.executable, "-m", "rete", "--radice", str(project), "export",
                             str(project / where), "--oggi", TODAY.isoformat()],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("errore: ")
    assert _tree(project) == before


def test_no_edit_link_without_git_host(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.rete]\n", encoding="utf-8")
    make_buildable(project)
    html = (build(project, today=TODAY).site / "comuni/seveso/index.html").read_text("utf-8")
    assert "Modifica questa scheda" not in html


def test_comune_without_relations_is_not_an_external_reference(project: Path) -> None:
    path = project / "comuni/besana-in-brianza.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("stato: bozza", "stato: archiviata"),
                    encoding="utf-8")
    make_buildable(project)
    site = build(project, today=TODAY).site
    index = (site / "comuni/index.html").read_text(encoding="utf-8")
    assert "Comuni senza un ruolo documentato" in index
    assert "Riferimenti esterni" not in index
    page = (site / "comuni/besana-in-brianza/index.html").read_text(encoding="utf-8")
    assert "Scheda archiviata" in page


def test_comune_page_links_its_computable_scheme_to_the_calculator(fixture_site: Path) -> None:
    html = (fixture_site / "comuni/muggio/index.html").read_text(encoding="utf-8")
    assert 'href="../../calcolatore/#schema=muggio--mensa"' in html
    assert "Mensa scolastica di prova" in html and "fino a 7.000,00 €" in html
    params = json.loads((fixture_site / "calcolatore/parametri.json").read_text("utf-8"))
    assert "muggio--mensa" in json.dumps(params)
