"""No silent skips: a missing browser fails the tests unless the skip was asked for, and
`rete build` says how many drafts it left out."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from support import TODAY, make_buildable

BROWSER_CONFTEST = Path(__file__).parent / "browser" / "conftest.py"


def _browser_conftest() -> ModuleType:
    """tests/browser/conftest.py as a plain module (its dataclasses need it in sys.modules)."""
    name = "browser_conftest_rules"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BROWSER_CONFTEST)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_missing_chromium_fails_and_names_the_install_command() -> None:
    conf = _browser_conftest()
    for env in ({}, {"CI": "1"}, {"RETE_SENZA_BROWSER": ""}, {"RETE_SENZA_BROWSER": "0"}):
        skip, message = conf.unavailable_outcome(conf.CHROMIUM_MISSING, env)
        assert not skip, env
        assert "apt-get install -y --no-install-recommends chromium" in message
        assert "make test SENZA_BROWSER=1" in message


def test_missing_chromium_skips_only_when_asked() -> None:
    conf = _browser_conftest()
    skip, message = conf.unavailable_outcome(conf.CHROMIUM_MISSING, {"RETE_SENZA_BROWSER": "1"})
    assert skip
    assert "saltati su richiesta" in message


def test_makefile_asks_for_the_skip_explicitly() -> None:
    makefile = (Path(__file__).parents[1] / "Makefile").read_text(encoding="utf-8")
    assert 'RETE_SENZA_BROWSER=1 $(BIN)/pytest -m "not browser"' in makefile


def test_build_summary_counts_the_drafts(project: Path) -> None:
    drafts = [p for p in project.rglob("*") if p.is_file() and "stato: bozza" in
              p.read_text(encoding="utf-8", errors="replace")]
    assert [p.relative_to(project).as_posix() for p in drafts] == [
        "comuni/besana-in-brianza.yml"]
    make_buildable(project)
    result = subprocess.run([sys.executable, "-m", "rete", "--radice", str(project), "build",
                             "--oggi", TODAY.isoformat()],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith(", 1 bozza non pubblicata"), result.stdout
    assert "besana-in-brianza" not in {p.name for p in (project / "site").rglob("*")}
