"""Issue 11, open data: headers on empty CSVs, no silent GeoJSON omission, feed autodiscovery."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from rete.core.diagnostics import has_errors
from rete.core.settings import load_settings
from rete.records.record_types import RECORD_TYPES
from rete.records.validate import validate
from rete.web import opendata
from rete.web.view import SiteView
from support import TODAY

pytestmark = pytest.mark.slow


def _csv_rows(site: Path, name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO((site / "dati" / name).read_text(encoding="utf-8-sig"))))


def test_a_csv_without_records_keeps_its_header(project: Path) -> None:
    # the fixture's only course and module become drafts: moduli.csv has no rows, but keeps
    # its columns (it used to be a bare newline)
    for name in ("corso.yml", "introduzione.yml"):
        record = project / "courses/scuola-prova" / name
        text = record.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^stato: .*\n", "", text) + "stato: bozza\n"
        record.write_text(text, encoding="utf-8")
    corpus = validate(project, today=TODAY)
    assert not has_errors(corpus.diagnostics), corpus.diagnostics
    files = opendata.files(SiteView(corpus, load_settings(project)))
    assert files["moduli.json"] == "[]\n"
    moduli = list(csv.reader(io.StringIO(files["moduli.csv"].removeprefix("\ufeff"))))
    modulo = next(t for t in RECORD_TYPES if t.name == "modulo")
    assert moduli == [opendata.columns(modulo.model)]
    assert moduli[0][0] == "slug" and "titolo" in moduli[0]


def test_every_csv_has_its_header(fixture_site: Path) -> None:
    for rtype in RECORD_TYPES:
        name = opendata.PLURALI[rtype.name]
        header = _csv_rows(fixture_site, f"{name}.csv")[0]
        assert header[0] == "slug", name
        # the columns come from the model, whatever the records happen to fill in: every
        # scalar field has its column (sections and lists are flattened, see test_opendata_flat)
        assert header == opendata.columns(rtype.model), name
        assert "ultima_verifica" in header and "fonti" not in header, name
        assert (fixture_site / "dati" / f"{name}.json").is_file(), name


def test_course_records_are_published_like_the_others(fixture_site: Path) -> None:
    corsi = json.loads((fixture_site / "dati/corsi.json").read_text(encoding="utf-8"))
    rows = _csv_rows(fixture_site, "corsi.csv")
    assert [row[0] for row in rows[1:]] == [c["slug"] for c in corsi]
    assert (fixture_site / "dati/schemi/corso.schema.json").is_file()


def test_empty_csv_from_the_model_alone() -> None:
    modulo = next(t for t in RECORD_TYPES if t.name == "modulo")
    text = opendata.to_csv([], modulo.model)
    assert text.splitlines() == ["\ufeff" + ",".join(opendata.columns(modulo.model))]
    assert text.startswith("\ufeffslug,")


def test_geojson_has_every_comune_with_coordinates(fixture_site: Path) -> None:
    comuni = json.loads((fixture_site / "dati/comuni.json").read_text(encoding="utf-8"))
    geo = json.loads((fixture_site / "dati/comuni.geojson").read_text(encoding="utf-8"))
    in_geo = {f["properties"]["slug"] for f in geo["features"]}
    located = {c["slug"] for c in comuni if c.get("coordinate")}
    unlocated = sorted(c["slug"] for c in comuni if not c.get("coordinate"))
    assert located == in_geo
    assert unlocated == ["muggio"]  # the fixture's comune without coordinates
    # the omission is explicit in the file itself, not silent
    assert geo["senza_coordinate"] == unlocated


def test_dati_page_says_how_many_comuni_have_no_coordinates(fixture_site: Path) -> None:
    html = (fixture_site / "dati/index.html").read_text(encoding="utf-8")
    assert re.search(r"1 comune senza coordinate", html), "count missing from /dati/"


def test_every_page_links_its_feed(fixture_site: Path) -> None:
    pages = sorted(fixture_site.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        head = html.split("</head>", 1)[0]
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*>', head)
        assert len(links) == 1, page
        href = re.search(r'href="([^"]+)"', links[0])
        assert href and href.group(1).endswith("feed.xml"), links[0]
        assert 'title="' in links[0]
        target = href.group(1)
        if page.name == "404.html" and page.parent == fixture_site:
            # served at any missing address: MkDocs makes its links absolute from site_url
            assert target.startswith("/") and target.endswith("/feed.xml"), target
            continue
        # relative to the page, so the site works under any base path
        assert not target.startswith(("/", "http")), target
        assert (page.parent / target).resolve() == (fixture_site / "feed.xml").resolve(), (
            page, target)
