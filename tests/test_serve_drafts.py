"""Drafts: the local preview (`rete serve`) builds them with a banner; `rete build` never."""

from __future__ import annotations

from pathlib import Path

from rete.records.scaffold import create
from rete.web.build import build
from support import TODAY, make_buildable

BANNER = "Bozza — non pubblicata"


def test_a_draft_is_previewed_with_a_banner_and_never_published(
        project: Path, tmp_path: Path) -> None:
    make_buildable(project)
    create("pratica", "pratica-in-bozza", project, TODAY)
    create("comune", "lecco", project, TODAY)

    preview = build(project, today=TODAY, site=tmp_path / "anteprima",
                    work=tmp_path / "lavoro-anteprima", drafts=True).site
    page = (preview / "pratiche/pratica-in-bozza/index.html").read_text(encoding="utf-8")
    assert BANNER in page
    catalogue = (preview / "pratiche/index.html").read_text(encoding="utf-8")
    item = catalogue.split('data-slug="pratica-in-bozza"', 1)[1].split("</li>", 1)[0]
    assert '<span class="rete-bozza-voce">bozza</span>' in item
    # A draft comune with no documented role yet is still reachable from the comuni index.
    assert BANNER in (preview / "comuni/lecco/index.html").read_text(encoding="utf-8")
    comuni = (preview / "comuni/index.html").read_text(encoding="utf-8")
    item = comuni.split('href="lecco/"', 1)[1].split("</li>", 1)[0]
    assert '<span class="rete-bozza-voce">bozza</span>' in item
    # Published pages carry no banner.
    assert BANNER not in (preview / "comuni/seveso/index.html").read_text(encoding="utf-8")

    result = build(project, today=TODAY, site=tmp_path / "sito", work=tmp_path / "lavoro")
    assert result.bozze >= 2
    assert not (result.site / "pratiche/pratica-in-bozza").exists()
    assert not (result.site / "comuni/lecco").exists()
    published = "".join(p.read_text(encoding="utf-8") for p in result.site.rglob("*.html"))
    assert BANNER not in published and "pratica-in-bozza" not in published
    assert "rete-bozza" not in published
