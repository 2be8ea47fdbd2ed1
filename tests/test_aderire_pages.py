"""The join page and the privacy, accessibility and legal pages as generated Markdown: what
the settings say, or an honest "not yet indicated" when unset; contacts only as sourced."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rete.core.settings import load_settings
from rete.models.comune import Comune
from rete.records.validate import validate
from rete.web import pages
from rete.web.aderire import invited_to_join
from rete.web.render import environment
from rete.web.view import SiteView
from support import FIXTURES, ROOT, TODAY

PAGES = ("aderire/index.md", "privacy.md", "accessibilita.md", "note-legali.md")


def _generate(root: Path, docs: Path) -> dict[str, str]:
    settings = load_settings(root)
    corpus = validate(root, TODAY)
    pages.write_all(SiteView(corpus, settings), environment(), docs, settings.site_url)
    return {rel: (docs / rel).read_text(encoding="utf-8") for rel in PAGES}


@pytest.fixture(scope="module")
def repository_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _generate(ROOT, tmp_path_factory.mktemp("docs"))


def test_join_page_from_the_records(repository_pages: dict[str, str]) -> None:
    text = repository_pages["aderire/index.md"]
    assert text.startswith("---\ntitle: Aderire alla Rete\n")
    assert "# Aderire alla Rete dei Comuni amici della Famiglia" in text
    # the agreement's four commitments, in order, from content/accordi/
    assert "1. Affidare la delega alle politiche familiari" in text
    assert "4. Costituire un tavolo comunale «Famiglie in rete»" in text
    # the signatories link to their pages; the promoters are listed with sourced sites only
    assert "[Brugherio](../comuni/brugherio.md)" in text
    assert "[http://www.afifamiglia.it/](http://www.afifamiglia.it/)" in text
    assert text.count("- **Posta elettronica**: non disponibile") == 4
    # guidance is labelled where no source gives a text
    assert text.count('!!! warning "Indicazioni, non un testo ufficiale"') == 1
    assert text.count('!!! info "Indicazioni, non un testo ufficiale"') == 1
    # no contact is configured in the repository: the page says so
    assert "Questo sito non indica ancora un recapito" in text


def test_statements_say_plainly_what_is_unset(repository_pages: dict[str, str]) -> None:
    for rel in ("privacy.md", "accessibilita.md", "note-legali.md"):
        assert "da completare" not in repository_pages[rel], rel
        assert "versione di anteprima" in repository_pages[rel], rel
    assert "Il titolare del trattamento non è ancora indicato" in repository_pages["privacy.md"]
    accessibility = repository_pages["accessibilita.md"]
    assert "La data dell'ultima verifica non è ancora indicata" in accessibility
    assert "Difensore civico per il digitale" in accessibility
    assert "axe-core" in accessibility and "Nu HTML checker" in accessibility


def test_statements_with_complete_settings(project: Path, tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "settings/complete.toml", project / "pyproject.toml")
    text = _generate(project, tmp_path / "docs")
    mail = "[contatti@rete.test](mailto:contatti@rete.test)"
    assert mail in text["aderire/index.md"]
    assert "pubblicato da Ente Editore di Prova" in text["aderire/index.md"]
    assert mail in text["accessibilita.md"]
    assert "- **Editore**: Ente Editore di Prova." in text["accessibilita.md"]
    assert "L'ultima verifica dell'accessibilità del sito è stata fatta il 1 dicembre 2026" \
        in text["accessibilita.md"]
    assert "**Ente Editore di Prova**, che puoi contattare all'indirizzo " \
        "[privacy@rete.test](mailto:privacy@rete.test)" in text["privacy.md"]
    assert "pubblicato da **Ente Editore di Prova**" in text["note-legali.md"]
    for rel in PAGES:
        assert "versione di anteprima" not in text[rel], rel
        assert "non è ancora indicat" not in text[rel], rel


def test_join_link_only_on_non_member_pages(tmp_path: Path) -> None:
    _generate(ROOT, tmp_path)
    linked = {p.stem for p in (tmp_path / "comuni").glob("*.md")
              if "[Come aderire alla Rete](../aderire/index.md)" in p.read_text("utf-8")}
    assert linked == {"castelnuovo-del-garda", "cremona", "desio", "monza"}


@pytest.mark.parametrize(("roles", "invited"), [
    ([], True), (["riferimento_esterno"], True), (["firmatario"], False),
    (["citato_come_membro"], False), (["membro_tavolo_intercomunale"], False),
    (["firmatario", "uscito"], True)])
def test_who_is_invited_to_join(roles: list[str], invited: bool) -> None:
    comune = Comune.model_validate({
        "slug": "prova", "nome": "Prova", "codice_istat": "108040", "provincia": "MB",
        "relazioni": [{"ruolo": r, "fonte": "https://esempio.it/",
                       **({"accordo": "accordo-2016"} if r == "firmatario" else {})}
                      for r in roles],
        "fonti": [], "ultima_verifica": "2026-11-01"})
    assert invited_to_join(comune) is invited
