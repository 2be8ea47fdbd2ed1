"""[tool.rete] settings a published site needs: warned by `rete build`, refused by
`rete build --produzione`, each located in pyproject.toml."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from rete.cli.main import main
from rete.core.diagnostics import RecordError
from rete.core.settings import REQUIRED, check_settings, load_settings
from rete.web.build import build
from support import FIXTURES, ROOT, TODAY, make_buildable

SETTINGS = FIXTURES / "settings"
EXPECTED = {
    # fixture: (line, column, key, severity of a default build, message starts with)
    "editore_absent": (3, 1, "editore", "avviso", "manca: aggiungi in [tool.rete] editore"),
    "codice_editore_absent": (3, 1, "codice_editore", "avviso",
                              "manca: aggiungi in [tool.rete] codice_editore"),
    "codice_editore_invalid": (11, 18, "codice_editore", "errore",
                               '"rete prova" non è un codice IPA'),
    "email_contatto_empty": (7, 18, "email_contatto", "avviso", "vuoto: scrivi l'indirizzo"),
    "email_contatto_invalid": (7, 18, "email_contatto", "errore",
                               '"contatti at rete.test" non è un indirizzo di posta'),
    "titolare_trattamento_absent": (3, 1, "titolare_trattamento", "avviso", "manca: aggiungi"),
    "email_titolare_empty": (9, 18, "email_titolare", "avviso", "vuoto: scrivi"),
    "verifica_accessibilita_invalid": (10, 26, "verifica_accessibilita", "errore",
                                       '"1 dicembre 2026" non è una data'),
    "verifica_accessibilita_absent": (3, 1, "verifica_accessibilita", "avviso", "manca:"),
    "site_url_local": (5, 12, "site_url", "avviso",
                       '"http://localhost:8000/" è un indirizzo locale o di esempio'),
    "site_url_example": (5, 12, "site_url", "avviso", '"https://www.example.org/rete/" è un'),
    "site_url_absent": (3, 1, "site_url", "avviso", '"http://127.0.0.1:8000/" è un indirizzo'),
}


def _root_with(tmp_path: Path, fixture: str) -> Path:
    root = tmp_path / fixture
    root.mkdir()
    shutil.copy(SETTINGS / f"{fixture}.toml", root / "pyproject.toml")
    return root


def test_every_fixture_is_listed() -> None:
    assert sorted(p.stem for p in SETTINGS.glob("*.toml")) == sorted([*EXPECTED, "complete"])


def test_complete_settings_have_no_problem(tmp_path: Path) -> None:
    root = _root_with(tmp_path, "complete")
    assert check_settings(root, production=True) == []
    settings = load_settings(root)
    assert (settings.publisher, settings.contact_email) == ("Ente Editore di Prova",
                                                           "contatti@rete.test")
    assert (settings.data_controller, settings.controller_email) == ("Ente Editore di Prova",
                                                                     "privacy@rete.test")
    assert settings.accessibility_check == date(2026, 12, 1)


@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_one_problem_located_warned_then_refused(tmp_path: Path, fixture: str) -> None:
    line, col, key, severity, start = EXPECTED[fixture]
    root = _root_with(tmp_path, fixture)
    for production in (False, True):
        (problem,) = check_settings(root, production=production)
        assert (problem.file, problem.line, problem.col) == ("pyproject.toml", line, col)
        assert problem.key == f"tool.rete.{key}"
        assert problem.severity == ("errore" if production else severity)
        assert problem.message.startswith(start), problem.message
        assert problem.format().startswith(
            f"pyproject.toml:{line}:{col}: {problem.severity}: tool.rete.{key}: ")


def test_malformed_value_reads_as_unset_on_pages(tmp_path: Path) -> None:
    settings = load_settings(_root_with(tmp_path, "email_contatto_invalid"))
    assert settings.contact_email == ""  # never published as a broken mailto: link


def test_repository_invents_no_contact() -> None:
    """No real publisher is known yet: the repository's settings stay empty."""
    settings = load_settings(ROOT)
    assert (settings.publisher, settings.contact_email, settings.data_controller,
            settings.controller_email, settings.accessibility_check) == ("", "", "", "", None)


@pytest.mark.slow
def test_default_build_warns_and_builds(project: Path, tmp_path: Path) -> None:
    make_buildable(project)
    result = build(project, today=TODAY, site=tmp_path / "site", work=tmp_path / "work")
    assert (tmp_path / "site/index.html").is_file()
    keys = {w.key for w in result.avvisi}
    assert keys == {"tool.rete.editore", "tool.rete.codice_editore",
                    "tool.rete.email_contatto", "tool.rete.titolare_trattamento",
                    "tool.rete.email_titolare", "tool.rete.verifica_accessibilita",
                    "tool.rete.site_url"}
    assert {w.severity for w in result.avvisi} == {"avviso"}
    assert {(w.line, w.col) for w in result.avvisi} == {(2, 1)}  # the [tool.rete] header


def test_production_build_fails_and_writes_nothing(project: Path, tmp_path: Path) -> None:
    make_buildable(project)
    with pytest.raises(RecordError) as caught:
        build(project, today=TODAY, site=tmp_path / "site", work=tmp_path / "work",
              production=True)
    errors = [d for d in caught.value.diagnostics if d.severity == "errore"]
    assert len(errors) == len(REQUIRED) + 1 and {d.file for d in errors} == {"pyproject.toml"}
    assert not (tmp_path / "site").exists() and not (tmp_path / "work").exists()


def test_cli_produzione_exit_code_and_messages(project: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--radice", str(project), "build", "--produzione", "--oggi", "2026-12-02"]) == 1
    err = capsys.readouterr().err
    assert "pyproject.toml:2:1: errore: tool.rete.email_contatto: manca: aggiungi" in err
    assert 'pyproject.toml:2:1: errore: tool.rete.site_url: "http://127.0.0.1:8000/"' in err
    assert "errore: sito non costruito" in err
    assert not (project / "site").exists() and not (project / ".build").exists()


@pytest.mark.slow
def test_cli_default_build_prints_located_warnings(project: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    make_buildable(project)
    monkeypatch.setattr("rete.cli.main.school_builder", lambda root: None)
    assert main(["--radice", str(project), "build", "--oggi", "2026-12-02"]) == 0
    err = capsys.readouterr().err
    assert "pyproject.toml:2:1: avviso: tool.rete.email_contatto: manca: aggiungi" in err
    assert "rete build --produzione` lo rifiuta" in err
    assert (project / "site/index.html").is_file()
