"""Issue 11, open data: flat CSVs, the Frictionless data package, DCAT-AP_IT, the dictionary.

The package is validated by the frictionless library itself, on the fixture site and on the
repository's real records, and a broken reference is shown to be caught.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, get_args

import frictionless
import pytest

from rete.core.settings import load_settings
from rete.models.comune import Ruolo
from rete.records.validate import validate
from rete.web import dcat, opendata, tables
from rete.web.view import SiteView
from support import ROOT, TODAY

pytestmark = pytest.mark.slow

NS = dcat.NS
RDF_ABOUT = f"{{{NS['rdf']}}}about"
RDF_RESOURCE = f"{{{NS['rdf']}}}resource"


@pytest.fixture(scope="module")
def repository_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's real records, written as the site publishes them under /dati/."""
    corpus = validate(ROOT)
    target = tmp_path_factory.mktemp("dati-repo")
    opendata.write(SiteView(corpus, load_settings(ROOT)), target)
    return target


def _read(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def _errors(package: Path) -> list[list[str]]:
    report = frictionless.validate(str(package))
    return [list(map(str, e)) for e in report.flatten(["type", "note"])]


def _folder(which: str, request: pytest.FixtureRequest) -> Path:
    if which == "fixture":
        site: Path = request.getfixturevalue("fixture_site")
        return site / "dati"
    data: Path = request.getfixturevalue("repository_data")
    return data


@pytest.mark.parametrize("which", ["fixture", "repository"])
def test_the_data_package_is_valid(which: str, request: pytest.FixtureRequest) -> None:
    folder = _folder(which, request)
    package = folder / "datapackage.json"
    assert _errors(package) == []
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    # every CSV is described, and nothing else is
    assert {r["path"] for r in descriptor["resources"]} == {
        p.name for p in folder.glob("*.csv")}
    report = frictionless.validate(str(package))
    rows = {task.name: task.stats.get("rows") or 0 for task in report.tasks}
    for resource in descriptor["resources"]:
        assert rows[resource["name"]] == len(_read(folder / resource["path"])) - 1
    assert rows["comuni"] > 0 and rows["comuni_fonti"] > 0 and rows["comuni_relazioni"] > 0


def test_a_broken_reference_fails_validation(fixture_site: Path, tmp_path: Path) -> None:
    folder = tmp_path / "dati"
    shutil.copytree(fixture_site / "dati", folder)
    package = folder / "datapackage.json"
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:  # the edit below changes sizes and hashes
        del resource["bytes"], resource["hash"]
    package.write_text(json.dumps(descriptor), encoding="utf-8")
    relations = folder / "comuni_relazioni.csv"
    text = relations.read_text(encoding="utf-8")
    accordo = _read(relations)[1][3]
    assert accordo, "the fixture's first relation names an accordo"
    relations.write_text(text.replace(accordo, "accordo-inesistente", 1), encoding="utf-8")
    errors = _errors(package)
    assert [e[0] for e in errors] == ["foreign-key"], errors


@pytest.mark.parametrize("which", ["fixture", "repository"])
def test_every_csv_opens_in_a_spreadsheet(which: str, request: pytest.FixtureRequest) -> None:
    folder = _folder(which, request)
    files = sorted(folder.glob("*.csv"))
    assert len(files) == len(tables.all_tables())
    for path in files:
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), path.name  # UTF-8 with BOM, for Excel
        assert raw.endswith(b"\r\n"), path.name  # RFC 4180 line ends
        rows = _read(path)
        assert rows and rows[0] and rows[0][0] == "slug", path.name  # header even if empty
        for number, row in enumerate(rows[1:], start=2):
            assert len(row) == len(rows[0]), (path.name, number)
            for value in row:
                assert not value.startswith(("[", "{")), (path.name, number, value)


def test_nested_values_become_columns_and_tables(fixture_site: Path) -> None:
    folder = fixture_site / "dati"
    comuni = json.loads((folder / "comuni.json").read_text(encoding="utf-8"))
    header, *rows = _read(folder / "comuni.csv")
    by_slug = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    relations = _read(folder / "comuni_relazioni.csv")
    sources = _read(folder / "comuni_fonti.csv")
    for comune in comuni:
        row = by_slug[comune["slug"]]
        if comune.get("coordinate"):
            assert float(row["coordinate_lat"]) == comune["coordinate"]["lat"]
            assert float(row["coordinate_lon"]) == comune["coordinate"]["lon"]
        else:
            assert row["coordinate_lat"] == row["coordinate_lon"] == ""
        # the list tables join back to the record by slug, in the record's order
        mine = [r for r in relations[1:] if r[0] == comune["slug"]]
        assert [r[2] for r in mine] == [rel["ruolo"] for rel in comune["relazioni"]]
        assert [r[1] for r in mine] == [str(i) for i in range(1, len(mine) + 1)]
        fonti = [r for r in sources[1:] if r[0] == comune["slug"]]
        assert [r[2] for r in fonti] == [f["url"] for f in comune["fonti"]]
        assert [r[5] for r in fonti] == ["; ".join(f["campi"]) for f in comune["fonti"]]


def test_lists_of_identifiers_split_back(fixture_site: Path) -> None:
    folder = fixture_site / "dati"
    pratiche = json.loads((folder / "pratiche.json").read_text(encoding="utf-8"))
    header, *rows = _read(folder / "pratiche.csv")
    assert pratiche
    for practice, row in zip(pratiche, rows, strict=True):
        cells = dict(zip(header, row, strict=True))
        for key in ("comuni", "temi", "obiettivi", "destinatari"):
            split = cells[key].split("; ") if cells[key] else []
            assert split == [str(v) for v in practice[key]], key


def test_record_lists_hold_one_record_to_a_line(fixture_site: Path) -> None:
    """A reader (or `grep`, or a diff between two releases) finds a record on one line."""
    for name in ("comuni.json", "pratiche.json", "accordi.json"):
        text = (fixture_site / "dati" / name).read_text(encoding="utf-8")
        lines = text.splitlines()
        records = json.loads(text)
        assert lines[0] == "[" and lines[-1] == "]" and len(lines) == len(records) + 2, name
        for line, record in zip(lines[1:-1], records, strict=True):
            assert json.loads(line.removesuffix(",")) == record


def test_a_separator_inside_an_identifier_list_is_refused() -> None:
    column = tables.Column("campi", "string", False, "Fonte.campi", joined=True)
    assert tables.cell(column, ["a", "b.c"]) == "a; b.c"
    with pytest.raises(ValueError, match="separatore"):
        tables.cell(column, ["a;b"])


def test_every_column_has_a_meaning_and_a_type() -> None:
    for table in tables.all_tables():
        names = [c.name for c in table.all_columns]
        assert len(names) == len(set(names)), table.name
        for column in table.all_columns:
            assert column.description, f"{table.name}.{column.name} ({column.key})"
            assert column.type in {"string", "integer", "number", "boolean", "date"}


def _catalogue(project: Path, **settings: Any) -> ET.Element:
    corpus = validate(project, today=TODAY)
    view = SiteView(corpus, dataclasses.replace(load_settings(project), **settings))
    files = opendata.files(view)
    root = ET.fromstring(files[opendata.CATALOGUE])
    # every distribution points at a file that is published, with its real size
    dati = view.settings.site_url.rstrip("/") + "/dati/"
    for dist in root.iter(f"{{{NS['dcatapit']}}}Distribution"):
        download = dist.find(f"{{{NS['dcat']}}}downloadURL")
        size = dist.find(f"{{{NS['dcat']}}}byteSize")
        assert download is not None and size is not None
        rel = download.attrib[RDF_RESOURCE].removeprefix(dati)
        assert int(size.text or "") == len(files[rel].encode("utf-8")), rel
    return root


def _props(node: ET.Element) -> set[str]:
    return {child.tag.split("}")[1] for child in node}


def test_dcat_ap_it_catalogue_has_the_required_properties(project: Path) -> None:
    name = "Associazione Prova & Amici <test>"
    root = _catalogue(project, publisher=name + "\x01", contact_email="info@example.org",
                      site_url="https://rete.example.org/", publisher_id="c_f205")
    catalogs = root.findall(f"{{{NS['dcatapit']}}}Catalog")
    assert len(catalogs) == 1
    assert {"title", "description", "publisher", "modified", "dataset"} <= _props(catalogs[0])
    datasets = root.findall(f"{{{NS['dcatapit']}}}Dataset")
    assert len(datasets) == len(tables.PLURALI)
    abouts = {n.attrib[RDF_ABOUT] for n in root}
    for dataset in datasets:
        assert {"identifier", "title", "description", "modified", "theme", "rightsHolder",
                "accrualPeriodicity", "distribution", "contactPoint", "publisher"} <= (
            _props(dataset)), dataset.attrib
        for theme in dataset.findall(f"{{{NS['dcat']}}}theme"):
            assert theme.attrib[RDF_RESOURCE].startswith(
                "http://publications.europa.eu/resource/authority/data-theme/")
        modified = dataset.find(f"{{{NS['dct']}}}modified")
        assert modified is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", modified.text or "")
        for link in dataset:  # every referenced node is described in the file
            target = link.attrib.get(RDF_RESOURCE, "")
            if target.startswith("https://rete.example.org/dati/#"):
                assert target in abouts, target
    for dist in root.findall(f"{{{NS['dcatapit']}}}Distribution"):
        assert {"format", "accessURL", "license", "downloadURL", "description"} <= (
            _props(dist))
    agent = root.find(f"{{{NS['dcatapit']}}}Agent")
    assert agent is not None
    assert agent.findtext(f"{{{NS['foaf']}}}name") == name  # escaped by the writer, read back
    assert agent.findtext(f"{{{NS['dct']}}}identifier") == "c_f205"  # mandatory in DCAT-AP_IT
    contact = root.find(f"{{{NS['dcatapit']}}}Organization")
    assert contact is not None
    email = contact.find(f"{{{NS['vcard']}}}hasEmail")
    assert email is not None and email.attrib[RDF_RESOURCE] == "mailto:info@example.org"
    licence = root.find(f"{{{NS['dcatapit']}}}LicenseDocument")
    assert licence is not None
    assert licence.attrib[RDF_ABOUT] == "https://creativecommons.org/licenses/by/4.0/"


def test_dcat_without_a_publisher_invents_none(project: Path) -> None:
    root = _catalogue(project)
    assert root.find(f"{{{NS['dcatapit']}}}Agent") is None
    assert list(root.iter(f"{{{NS['dct']}}}rightsHolder")) == []
    assert list(root.iter(f"{{{NS['dcat']}}}contactPoint")) == []


def test_the_dictionary_page_lists_every_column(fixture_site: Path) -> None:
    html = (fixture_site / "dati/dizionario/index.html").read_text(encoding="utf-8")
    for table in tables.all_tables():
        assert f"{table.name}.csv" in html, table.name
        for column in table.all_columns:
            assert f"<code>{column.name}</code>" in html, (table.name, column.name)
    # allowed values: enumerations and the vocabularies' terms with their names
    assert "firmatario, membro_tavolo_intercomunale" in html
    assert "più valori separati da «; »" in html and "sempre presente" in html
    vocabularies = json.loads((fixture_site / "dati/vocabolari.json").read_text("utf-8"))
    temi = next(v for v in vocabularies if v["slug"] == "temi")
    assert all(voce["nome"] in html for voce in temi["voci"])
    dati = (fixture_site / "dati/index.html").read_text(encoding="utf-8")
    assert 'href="dizionario/"' in dati


def test_the_dati_page_lists_every_file_with_format_size_and_licence(
        fixture_site: Path) -> None:
    folder = fixture_site / "dati"
    html = (folder / "index.html").read_text(encoding="utf-8")
    published = [p for p in folder.rglob("*") if p.is_file() and p.suffix != ".html"]
    assert len(published) > 40
    for path in published:
        rel = path.relative_to(folder).as_posix()
        assert f'href="{rel}"' in html, rel
    assert "CC BY 4.0" in html and "UTF-8 con BOM" in html
    assert re.search(r"<td>CSV</td>\s*<td>\d+(,\d)? (byte|kB)</td>", html)
    assert "<td>RDF/XML</td>" in html and "datapackage.json" in html


def test_table_schemas_carry_the_models_types_and_rules(fixture_site: Path) -> None:
    descriptor = json.loads((fixture_site / "dati/datapackage.json").read_text("utf-8"))
    fields = {(r["name"], f["name"]): f for r in descriptor["resources"]
              for f in r["schema"]["fields"]}
    # an ISTAT code is text (its leading zeros kept), coordinates are optional numbers
    assert fields["comuni", "codice_istat"]["type"] == "string"
    assert fields["comuni", "codice_istat"]["constraints"]["required"] is True
    assert fields["comuni", "coordinate_lat"]["type"] == "number"
    assert fields["comuni", "coordinate_lat"]["constraints"] == {"minimum": -90, "maximum": 90}
    assert fields["comuni", "ultima_verifica"]["type"] == "date"
    assert fields["comuni_relazioni", "ruolo"]["constraints"]["enum"] == list(get_args(Ruolo))
    assert fields["comuni_relazioni", "dal"]["constraints"]["pattern"] == tables.DATA_O_ANNO
    assert fields["moduli", "minuti_lezione"]["type"] == "integer"
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert resources["comuni"]["schema"]["primaryKey"] == ["slug"]
    assert resources["comuni_servizi_fasce"]["schema"]["primaryKey"] == [
        "slug", "servizi_posizione", "posizione"]
    assert {"fields": ["slug", "servizi_posizione"], "reference": {
        "resource": "comuni_servizi", "fields": ["slug", "posizione"]}} in (
        resources["comuni_servizi_fasce"]["schema"]["foreignKeys"])
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"


@pytest.mark.parametrize(("cell", "written"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+39 02", "'+39 02"),
    ("@SUM(A1)", "'@SUM(A1)"), ("- Spesa minima", "'- Spesa minima"), ("\tx", "'\tx"),
    ("-2.5", "-2.5"), ("+1", "+1"), ("Muggiò", "Muggiò"), ("", ""),
])
def test_a_csv_cell_never_runs_as_a_formula(cell: str, written: str) -> None:
    text = opendata.write_csv(["testo"], [[cell]]).removeprefix(opendata.BOM)
    assert next(iter(csv.reader(io.StringIO(text[len("testo\r\n"):]))))[0] == written
