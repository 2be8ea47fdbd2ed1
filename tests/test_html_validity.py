"""Every built page is valid HTML for the Nu HTML checker (vnu-jar from npm, run by Java).

Both sites are checked in one Java run (the checker's start-up costs more than the pages):
the fixture project and the repository's real content, the latter with its Scuola built as
`rete build` builds it (jupyter-book pages, the offline `<modulo>-pagina.html` downloads and
the site's catalogue), so every page a reader can open is checked, with no exclusion.
Every Scuola page also carries a non-empty meta description (Lighthouse's SEO audit).

Java is required: without it the test fails naming the Debian package, as the browser tests
do for Chromium. No switch skips it (the Makefile's help says so).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from rete.cli.main import school_builder
from rete.web.build import build
from support import ROOT, TODAY, meta_description

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA_INSTALL = "apt-get install -y --no-install-recommends default-jre-headless"
#: Bound, in seconds, for one run of the checker over both sites.
VNU_TIMEOUT_S = 300


def vnu_command() -> list[str]:
    """`java -jar vnu.jar`, or fail naming what installs the missing piece."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(f"Java non è installato (serve al validatore HTML Nu): installalo con "
                    f"`{JAVA_INSTALL}` (da root)", pytrace=False)
    if not VNU_JAR.is_file():
        pytest.fail("manca node_modules/vnu-jar: esegui `make node_modules`", pytrace=False)
    return [java, "-Xss8m", "-jar", str(VNU_JAR)]


def html_errors(*sites: Path) -> dict[str, list[str]]:
    """The checker's errors in the .html files of `sites`, by file, as readable lines."""
    done = subprocess.run(
        [*vnu_command(), "--errors-only", "--format", "json", "--skip-non-html",
         *map(str, sites)],
        capture_output=True, text=True, timeout=VNU_TIMEOUT_S, check=False)
    # The JSON report goes to stderr; exit status 1 means "errors found".
    try:
        report = json.loads(done.stderr)
    except json.JSONDecodeError:
        pytest.fail(f"vnu exited {done.returncode} without a JSON report:\n{done.stderr[:2000]}")
    found: dict[str, list[str]] = defaultdict(list)
    for message in report["messages"]:
        where = message.get("url", "?").removeprefix("file:")
        line = message.get("lastLine", "?")
        found[where].append(f"{line}: {message['type']}: {message['message']} "
                            f"[{message.get('extract', '').strip()[:120]}]")
    return dict(found)


@pytest.fixture(scope="module")
def repository_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's real content with its Scuola, as `rete build` builds it."""
    scratch = tmp_path_factory.mktemp("repo-site-html")
    return build(ROOT, today=TODAY, site=scratch / "site", work=scratch / "work",
                 extra=school_builder(ROOT)).site


def test_every_page_passes_the_nu_html_checker(fixture_site: Path,
                                               repository_site: Path) -> None:
    pages = [*fixture_site.rglob("*.html"), *repository_site.rglob("*.html")]
    assert len(pages) > 20, "the sites should have been built with their pages"
    school = [p for p in pages if p.is_relative_to(repository_site / "scuola")]
    assert any(p.name.endswith("-pagina.html") for p in school), "the Scuola was not built"
    errors = html_errors(fixture_site, repository_site)
    report = "\n".join(f"{page}:\n  " + "\n  ".join(lines) for page, lines in errors.items())
    assert not errors, f"{len(errors)} of {len(pages)} pages are not valid HTML:\n{report}"


def test_every_school_page_has_a_meta_description(repository_site: Path) -> None:
    pages = sorted((repository_site / "scuola").rglob("*.html"))
    assert len(pages) > 10, "the Scuola should have been built"
    missing = [p.relative_to(repository_site).as_posix() for p in pages
               if not (meta_description(p) or "").strip()]
    assert not missing, f"pagine della Scuola senza meta description: {missing}"


def test_without_java_the_check_fails_naming_the_debian_package(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(pytest.fail.Exception, match=JAVA_INSTALL):
        vnu_command()
