"""`rete new comune` never picks one of two comuni with one name (Livo CO, Livo TN)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rete.cli.main import main
from rete.core.istat import by_name, comuni_istat, record_slug
from rete.records.scaffold import ScaffoldError, create, find_comune
from rete.records.validate import validate
from support import TODAY


def test_a_homonym_name_is_refused_with_the_choices(project: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--radice", str(project), "new", "comune", "livo"])
    assert code == 1
    assert capsys.readouterr().err == (
        "errore: 'livo' è il nome di 2 comuni: Livo (CO, codice ISTAT 013130), Livo (TN, "
        "codice ISTAT 022106); scegli con lo slug che porta la sigla della provincia "
        "(`rete new comune livo-co` o `rete new comune livo-tn`) oppure con --istat CODICE\n")
    assert not list(project.glob("comuni/livo*.yml"))


def test_both_homonyms_can_be_scaffolded_and_are_valid(project: Path) -> None:
    co = create("comune", "livo-co", project, today=TODAY).read_text(encoding="utf-8")
    assert 'codice_istat: "013130"' in co and "provincia: CO" in co and "nome: Livo" in co
    tn = create("comune", None, project, today=TODAY, istat="022106")
    assert tn == project / "comuni/livo-tn.yml"
    assert 'codice_istat: "022106"' in tn.read_text(encoding="utf-8")
    corpus = validate(project, today=TODAY)
    assert [d for d in corpus.diagnostics if d.severity == "errore"] == []
    assert {"livo-co", "livo-tn"} <= set(corpus.of("comune"))


def test_slug_and_code_must_agree(project: Path) -> None:
    with pytest.raises(ScaffoldError, match="è di Livo \\(TN\\): la sua scheda si chiama "
                                            "'livo-tn'"):
        create("comune", "livo-co", project, today=TODAY, istat="022106")
    with pytest.raises(ScaffoldError, match="'999999' non è un codice ISTAT"):
        create("comune", None, project, today=TODAY, istat="999999")
    with pytest.raises(ScaffoldError, match="Seveso è l'unico comune con questo nome: la sua "
                                            "scheda si chiama 'seveso'"):
        create("comune", "seveso-mb", project, today=TODAY)
    with pytest.raises(ScaffoldError, match="--istat vale solo per un comune"):
        create("pratica", "nuova", project, today=TODAY, istat="013130")


def test_every_comune_of_the_istat_list_has_one_slug_of_its_own() -> None:
    """Each of the several homonyms (Calliano, Castro, Paternò/Paterno…) can be created."""
    homonyms = [c for named in by_name().values() if len(named) > 1 for c in named]
    assert len(homonyms) >= 14
    slugs = {record_slug(c) for c in comuni_istat().values()}
    assert len(slugs) == len(comuni_istat())
    for comune in homonyms:
        assert find_comune(record_slug(comune)) == comune
        assert find_comune(None, comune.codice) == comune
        with pytest.raises(ScaffoldError, match="è il nome di 2 comuni"):
            find_comune(record_slug(comune).rsplit("-", 1)[0])


def test_help_tells_how_to_choose(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["new", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "(livo-co, livo-tn)" in out and "--istat CODICE" in out
