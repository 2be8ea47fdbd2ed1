"""Fuzz through a real build: random HTML-ish bodies, texts and URLs, no live script.

Hypothesis draws RECORDS practices (a body, a title, a summary, three reasons, three results
and FONTI sources, each with a title and a URL); they are built into one site (a build costs
seconds, so many examples share it) with the body scanner switched off, and every built page
is read for live script. Examples per run: RECORDS bodies, 8 texts per record and FONTI URLs
per record (300 bodies, 2,400 texts and 1,500 URLs). URLs the validator refuses cannot be
built; the quick tests in test_sanitize.py feed those to the `url` filter directly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile import fresh_project, live_script, theme_scripts, write_files
from rete.core.fields import url_problem
from rete.records import markdown_safety
from rete.web.build import build
from support import TODAY, make_buildable
from test_sanitize import HTMLISH

pytestmark = pytest.mark.slow

RECORDS = 300
FONTI = 5

TEXT = HTMLISH.filter(lambda t: t.strip() != "")
URL_PARTS = ["'", "(", ")", "[", "]", "{", "}", "|", "*", "_", "#", "?", "&", "=", ";", ":",
             "%", "!", "$", "@", ",", "+", "~", "/", ".", "&#x22;", "&#58;", "&quot;",
             "javascript:", "onmouseover=", "alert(1)", "%22", "%3C", "%0a", "){:", "](", "à"]
WEB_URL = st.tuples(
    st.sampled_from(["https://example.org/", "http://example.org/", "HTTPS://example.org/",
                     "mailto:info@example.org?", "https://muggiò.example/"]),
    st.lists(st.one_of(st.sampled_from(URL_PARTS),
                       st.text(st.characters(codec="utf-8", exclude_categories=["C", "Z"]),
                               max_size=3)), max_size=12).map("".join),
).map("".join).filter(lambda u: url_problem(u) is None)


def _practice(draw: Any) -> dict[str, Any]:
    return {
        "titolo": draw(TEXT), "sintesi": draw(TEXT), "obiettivi": [5],
        "livello_evidenza": {"livello": "emergente", "efficacia": draw(TEXT),
                             "trasferibilita": draw(TEXT), "durata": draw(TEXT)},
        "risultati": [{"descrizione": draw(TEXT)} for _ in range(3)],
        "fonti": [{"url": draw(WEB_URL), "titolo": draw(TEXT), "consultato": "2026-11-01"}
                  for _ in range(FONTI)],
        "illustrativo": True, "ultima_verifica": "2026-11-01",
    }


def test_fuzzed_records_build_without_live_script(fixture_site: Path, tmp_path: Path) -> None:
    drawn: list[tuple[dict[str, Any], str]] = []

    @settings(max_examples=RECORDS, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(data=st.data(), body=HTMLISH)
    def collect(data: st.DataObject, body: str) -> None:
        drawn.append((_practice(data.draw), body))

    collect()
    assert len(drawn) == RECORDS
    root = fresh_project(tmp_path)
    write_files(root, {
        f"good_practices/fuzz-{i}.md": "---\n" + yaml.safe_dump(
            {"slug": f"fuzz-{i}", **record}, allow_unicode=True, sort_keys=False)
        + "---\n\n" + body for i, (record, body) in enumerate(drawn)})
    make_buildable(root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markdown_safety, "scan", lambda body, links=None: [])
        site = build(root, today=TODAY, site=tmp_path / "site", work=tmp_path / "work").site
    found = live_script(site, theme_scripts(fixture_site))
    examples = {page: drawn[int(page.split("/")[1].removeprefix("fuzz-"))]
                for page in found if page.startswith("pratiche/fuzz-")}
    assert found == {}, (found, examples)
    assert len(list((site / "pratiche").glob("fuzz-*/index.html"))) == RECORDS
