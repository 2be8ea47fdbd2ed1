"""Hostile input: no record can put live script into a built page.

Each vector goes into the body and every text field of one record of every type (practice,
page, organisation, agreement, comune and its tariff scheme, course, module, vocabulary
entries, the home page), and each hostile URL into every URL field. `rete check` must reject
a vector with a located message, or the built page must hold it inert: the test builds the
site and reads the built HTML of every page (not the Markdown) for script elements that are
not the theme's, on* attributes, script URLs, CSS that runs, frames, forms, base and refresh.
The body scanner is switched off for the build, so the pages are shown to be safe even where
the validator misses a case.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hostile import Hostile, build_inert, files_of, hostile_project, live_script, theme_scripts
from hostile_vectors import URL_VECTORS, VECTORS
from support import TODAY
from test_sanitize import find_live, render_like_mkdocs

pytestmark = pytest.mark.slow

SCRIPT_SCHEME = re.compile(r"\s*(?:java|vb)\s*script|data:|javascript&", re.IGNORECASE)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    return hostile_project(tmp_path_factory.mktemp("ostile"))


def test_the_corpus_is_large_and_distinct() -> None:
    assert len(set(VECTORS)) == len(VECTORS) >= 40
    assert len(set(URL_VECTORS)) == len(URL_VECTORS) >= 20


def test_every_rejection_is_located_by_rete_check(hostile: Hostile) -> None:
    """What `rete check` refuses, it refuses with file:line:col and an Italian message."""
    result = subprocess.run(
        [sys.executable, "-m", "rete", "--radice", str(hostile.root), "check", "--json",
         "--oggi", TODAY.isoformat()], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    found = json.loads(result.stdout)
    assert found and all(d["line"] >= 1 and d["column"] >= 1 for d in found)
    assert {(d["file"], d["line"], d["message"]) for d in found if d["severity"] == "errore"} \
        == {(d.file, d.line, d.message) for d in hostile.diagnostics if d.severity == "errore"}
    lines = [line for line in result.stderr.splitlines() if ": errore: " in line]
    assert all(re.match(r"[\w/.-]+:\d+:\d+: errore: ", line) for line in lines), lines[:3]


def test_every_script_url_is_refused_in_every_url_field(hostile: Hostile) -> None:
    refused: dict[str, set[str]] = {}
    for d in hostile.diagnostics:
        refused.setdefault(d.file, set()).add(d.key)
    for tag, vector in hostile.url_tags.items():
        if not SCRIPT_SCHEME.match(vector) and all(c not in vector for c in '<>"` \\\t\u2028'):
            continue  # a web address the url filter makes inert: see the build test
        for rel in files_of(tag):
            if rel.endswith(".md") and rel.startswith("courses/"):
                continue  # the notebook
            keys = refused.get(rel, set())
            assert any("url" in k or "sito" in k or "fonte" in k or "pagina" in k
                       for k in keys), (vector, rel, keys)


def test_built_pages_hold_no_live_script(hostile: Hostile, fixture_site: Path,
                                         tmp_path: Path) -> None:
    """Every vector the schema accepts is built, even those the body scanner refuses."""
    site, dropped = build_inert(hostile, tmp_path)
    assert not dropped & set(hostile.text_tags), "a text vector failed the schema"
    assert live_script(site, theme_scripts(fixture_site)) == {}
    built = [tag for tag in [*hostile.text_tags, *hostile.url_tags] if tag not in dropped]
    for tag in built:
        for page in (f"pratiche/{tag}/index.html", f"{tag}/index.html",
                     f"comuni/comune-{tag}/index.html"):
            assert (site / page).is_file(), page
    assert len(set(hostile.url_tags) - dropped) >= 5  # web URLs with hostile characters
    breaker = next(t for t, v in hostile.text_tags.items() if v.startswith("</title>"))
    page = (site / breaker / "index.html").read_text(encoding="utf-8")
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; - " in page
    calculator = (site / "calcolatore" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in calculator  # the scale's sources


def test_the_detector_sees_what_it_looks_for(fixture_site: Path, tmp_path: Path) -> None:
    """The check itself: a page with each kind of live script is reported."""
    page = tmp_path / "site" / "index.html"
    page.parent.mkdir()
    samples = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
               '<a href=" java\tscript:alert(1)">x</a>', '<svg><a xlink:href="data:x">x</a></svg>',
               '<div style="background:url(x)">x</div>', "<iframe></iframe>",
               '<meta http-equiv="refresh" content="0">', '<form action="x"></form>']
    page.write_text("".join(samples), encoding="utf-8")
    findings = live_script(page.parent, theme_scripts(fixture_site))["index.html"]
    assert len(findings) == len(samples), findings


def test_the_vectors_are_live_when_pasted_as_markdown() -> None:
    """Pasted into a page's Markdown as bodies used to be, most vectors would run: the
    corpus tests the sanitiser, not a detector that sees nothing."""
    live = [v for v in VECTORS if find_live(render_like_mkdocs(f"# Titolo\n\n{v}\n"))]
    assert len(live) >= 0.7 * len(VECTORS), len(live)
