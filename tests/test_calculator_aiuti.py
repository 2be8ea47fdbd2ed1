"""The calculator's note on other help for a nido (content/pagine/aiuti-nido.md) on a built page.

The note's words and sources are a page record's: they reach the calculator page through the
template's filters, so hostile text stays text and a URL is the one URL filter's. The offers
name the note only for a nido: the fixture's one computable scheme, Muggiò's school meals,
names none, and a project without the record has no note at all.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from hostile import live_script, theme_scripts
from support import TODAY, VALID, make_buildable

pytestmark = pytest.mark.slow

TITLE = '</h2><script>alert("titolo")</script>Aiuti'
SUMMARY = "Bonus <img src=x onerror=alert(1)> e *Nidi Gratis* [clic](javascript:alert(2))"
SOURCE_TITLE = '</a><script>alert("fonte")</script>'
SOURCE_URL = "https://example.org/aiuti?a=1&b=caffè"

PAGE = f"""---
slug: aiuti-nido
titolo: '{TITLE}'
descrizione: '{SUMMARY}'
fonti:
  - url: "{SOURCE_URL}"
    titolo: '{SOURCE_TITLE}'
    consultato: 2026-11-01
    campi: []
illustrativo: false
stato: pubblicata
ultima_verifica: 2026-11-01
---

Testo della pagina.
"""


def _build(where: Path, with_note: bool) -> Path:
    from rete.web.build import build

    root = where / "progetto"
    shutil.copytree(VALID, root)
    if with_note:
        (root / "content/pagine/aiuti-nido.md").write_text(PAGE, encoding="utf-8")
    make_buildable(root)
    return build(root, today=TODAY, site=where / "site", work=where / "work").site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("aiuti"), with_note=True)


def _note(site: Path) -> str:
    html = (site / "calcolatore/index.html").read_text(encoding="utf-8")
    start = html.index('<aside id="calc-aiuti-nido"')
    return html[start : html.index("</aside>", start)]


def test_the_note_holds_the_record_inert(site: Path) -> None:
    note = _note(site)
    assert " hidden>" in note.split("\n", 1)[0]  # shown by the script beside a nido result
    assert "<script" not in note and "<img" not in note and 'href="javascript' not in note
    assert "&#91;clic&#93;&#40;javascript:alert&#40;2&#41;&#41;" in note  # no link, plain text
    assert "&lt;/h2&gt;&lt;script&gt;alert" in note  # the title, as text
    assert "&lt;img src=x onerror=alert&#40;1&#41;&gt;" in note  # the summary, as text
    assert 'href="https://example.org/aiuti?a=1&amp;b=caff%C3%A8"' in note  # the URL filter's
    assert '<a href="../aiuti-nido/">' in note  # the record's own page
    assert not live_script(site, theme_scripts(site)).get("calcolatore/index.html")


def test_only_a_nido_offer_names_the_note(site: Path) -> None:
    params = json.loads((site / "calcolatore/parametri.json").read_text(encoding="utf-8"))
    offers = {o["id"]: o for o in params["schemi"]}
    assert offers["muggio--mensa"]["aiuti"] is None


def test_no_record_no_note(tmp_path: Path) -> None:
    site = _build(tmp_path, with_note=False)
    html = (site / "calcolatore/index.html").read_text(encoding="utf-8")
    assert "rete-calc__aiuti" not in html
