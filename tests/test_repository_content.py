"""The repository's own records: complete, valid, and honest about what is illustrative."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from rete.models.common import Record
from rete.models.vocabolario import Vocabolario
from rete.records.corpus import Corpus
from rete.records.validate import validate
from rete.web.build import build
from support import ROOT, TODAY

SOURCED_COMUNI = ["besana-in-brianza", "brugherio", "giussano", "muggio", "seveso",
                  "carate-brianza", "limbiate", "cesano-maderno", "cinisello-balsamo", "desio",
                  "lissone", "monza", "sesto-san-giovanni", "milano", "castelnuovo-del-garda"]
PROMOTERS = ["afi", "forum-associazioni-familiari-lombardia", "acli-lombardia",
             "scuola-economia-civile"]
AGREEMENTS = ["tavolo-intercomunale-2015", "accordo-di-programma-2016"]
BADGE = re.compile(r'class="rete-badge rete-badge--illustrativo"')


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return validate(ROOT, today=TODAY)


@pytest.fixture(scope="module")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scratch = tmp_path_factory.mktemp("repo")
    return build(ROOT, today=TODAY, site=scratch / "site", work=scratch / "work").site


def test_repository_is_clean(corpus: Corpus) -> None:
    assert [d.format() for d in corpus.diagnostics if d.severity == "errore"] == []


def test_every_named_comune_organisation_and_agreement_has_a_record(corpus: Corpus) -> None:
    assert set(SOURCED_COMUNI) <= set(corpus.of("comune"))
    assert set(PROMOTERS) <= set(corpus.of("organizzazione"))
    assert set(AGREEMENTS) <= set(corpus.of("accordo"))
    vocabularies = corpus.of("vocabolario")
    obiettivi = vocabularies["obiettivi"].model
    assert isinstance(obiettivi, Vocabolario) and len(obiettivi.voci) == 6


def _record_pages(corpus: Corpus, site: Path) -> dict[Path, Record]:
    pages: dict[Path, Record] = {}
    for folder, type_name in (("comuni", "comune"), ("pratiche", "pratica")):
        for loaded in corpus.published(type_name):
            pages[site / folder / loaded.model.slug / "index.html"] = loaded.model
    for loaded in corpus.published("pagina"):
        if loaded.model.slug != "home":
            pages[site / loaded.model.slug / "index.html"] = loaded.model
    return pages


def test_badge_on_every_illustrative_page_and_no_other(corpus: Corpus, repo_site: Path) -> None:
    pages = _record_pages(corpus, repo_site)
    assert pages and all(p.is_file() for p in pages)
    for path, model in pages.items():
        shown = bool(BADGE.search(path.read_text(encoding="utf-8")))
        assert shown == model.illustrativo, path
    illustrative_agreements = any(a.model.illustrativo for a in corpus.published("accordo"))
    home = corpus.of("pagina").get("home")
    for path in repo_site.rglob("*.html"):
        if path in pages:
            continue
        shown = bool(BADGE.search(path.read_text(encoding="utf-8")))
        # the calculator is built from the family scale and the schemes it offers
        calculator_from_examples = (corpus.scale is not None and corpus.scale.illustrativo) or any(
            s.illustrativo for s in corpus.schemes.values())
        expected = (path == repo_site / "rete/index.html" and illustrative_agreements) or (
            path == repo_site / "index.html" and home is not None and home.model.illustrativo) or (
            path == repo_site / "calcolatore/index.html" and calculator_from_examples)
        assert shown == expected, path


def test_issue_forms_match_the_schema() -> None:
    from rete.records.record_types import BY_NAME

    forms = sorted((ROOT / ".github/ISSUE_TEMPLATE").glob("*.yml"))
    checked = 0
    for form in forms:
        if form.name == "config.yml":
            continue
        data = yaml.safe_load(form.read_text(encoding="utf-8"))
        type_name = form.stem.split("-")[0]
        fields = set(BY_NAME[type_name].model.model_fields)
        ids = {item["id"] for item in data["body"] if "id" in item}
        assert ids <= fields, (form.name, sorted(ids - fields))
        checked += 1
    assert checked >= 5
