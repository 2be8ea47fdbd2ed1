"""Figures true as shown (issue 12): each class of misleading presentation, on built HTML.

One fixture project is the valid fixture plus records written to trip each class (a practice
with several results, an agreement with empty lists and an unreachable source, a comune's
dated decision, a precedent, two events on one day); the repository's own site is checked
for the facts the issue names (the Rete's dates, promoters, Sesto San Giovanni, sources).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from rete.models.accordo import Accordo
from rete.models.common import Record
from rete.models.comune import EVENT_ROLES, Comune
from rete.models.organizzazione import Organizzazione
from rete.models.pratica import Pratica
from rete.records.corpus import Corpus
from rete.records.validate import validate
from rete.web.build import build
from rete.web.view import cited_only
from support import ROOT, TODAY, VALID, make_buildable

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Node:
    """An element of a parsed page: enough DOM to find sections, lists and table rows."""

    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def own_text(self) -> str:
        """Text directly inside, not in child elements (a nested list is its own list)."""
        return "".join(c if isinstance(c, str) else (c.text() if c.tag not in ("ul", "ol")
                                                      else "") for c in self.children)

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def elements(self) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node)]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.root = Node("root", {}, None)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def article(page: Path) -> Node:
    """The page's content, without navigation and table of contents."""
    parser = _Parser()
    parser.feed(page.read_text(encoding="utf-8"))
    return next(n for n in parser.root.iter()
                if n.tag == "article" and "md-content__inner" in (n.attrs.get("class") or ""))


def section(content: Node, heading: str) -> list[Node]:
    """The elements after the h2/h3 whose text starts with `heading`, to the next heading of
    the same or a higher level."""
    elements = content.elements()
    for i, node in enumerate(elements):
        if node.tag in ("h2", "h3") and node.text().strip().startswith(heading):
            level = node.tag
            out = []
            for after in elements[i + 1:]:
                if after.tag in ("h1", "h2") or (level == "h3" and after.tag == "h3"):
                    break
                out.append(after)
            return out
    raise AssertionError(f"no section {heading!r}")


def items(nodes: list[Node]) -> list[str]:
    """The items of the first list among `nodes`, as text."""
    lists = [n for n in nodes if n.tag in ("ul", "ol")] or [
        t for n in nodes for t in n.iter() if t.tag in ("ul", "ol")]
    assert lists, "no list in the section"
    return [li.text().strip() for li in lists[0].elements() if li.tag == "li"]


# "(2019)- Spesa": a newline lost between two items, the next one starting as an item does
# (a capital, a digit, a link or emphasis); "pre- e post-scuola" in prose is not one.
RUN_TOGETHER = re.compile(r"[^\s-]- [A-ZÀ-Ý0-9«\[(*_]")
LAZY_ITEM = re.compile(r"\n\s*(?:[-*+]|\d+\.) \S")  # an item swallowed by the one before


# --- the fixture project -------------------------------------------------------------------

SIR = "http://agensir.it/quotidiano/2016/12/20/"
LISTING = "https://www.famigliaportavalori.it/category/senza-categoria/"


def _write(root: Path, rel: str, data: dict[str, object], body: str | None = None) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path = root / rel
    path.write_text(f"---\n{text}---\n\n{body}\n" if body is not None else text, "utf-8")


def _fonte(url: str, campi: list[str], **extra: object) -> dict[str, object]:
    return {"url": url, "titolo": f"Fonte {url}", "consultato": "2026-11-01", "campi": campi,
            **extra}


def add_records(root: Path) -> None:
    """Records that trip each class of problem the issue found."""
    _write(root, "content/accordi/tavolo-2015.yml", {
        "slug": "tavolo-2015", "titolo": "Primo accordo del tavolo di prova",
        "tipo": "accordo del Tavolo intercomunale", "data": "2015-11-12", "evento": "presentato",
        "luogo": "Seveso", "firmatari": {"comuni": ["seveso"], "organizzazioni": []},
        "impegni": [], "fonti": [_fonte(LISTING, ["data", "evento", "luogo", "firmatari"],
                                        non_raggiungibile="2026-12-01")],
        "ultima_verifica": "2026-11-01"})
    accordo = yaml.safe_load((root / "content/accordi/accordo-2016.yml").read_text("utf-8"))
    accordo["firmatari"]["organizzazioni"] = []
    accordo["promotori"] = ["afi"]
    accordo["fonti"][0]["campi"] = ["data", "promotori"]
    _write(root, "content/accordi/accordo-2016.yml", accordo)
    afi = yaml.safe_load((root / "content/organizzazioni/afi.yml").read_text("utf-8"))
    afi["tappe"] = [{"data": 2014, "testo": "nasce una rete di comuni secondo il progetto.",
                     "fonte": afi["fonti"][0]["url"]}]
    afi["fonti"][0]["campi"] = ["tappe"]
    _write(root, "content/organizzazioni/afi.yml", afi)
    seveso = yaml.safe_load((root / "comuni/seveso.yml").read_text("utf-8"))
    seveso["relazioni"].append({"ruolo": "membro_tavolo_intercomunale", "accordo": "tavolo-2015",
                                "data": "2015-11-12", "fonte": LISTING})
    seveso["relazioni"].append({"ruolo": "adesione_deliberata", "data": 2017,
                                "nota": "La giunta ha deliberato l'adesione.", "fonte": SIR})
    seveso["fonti"].append(_fonte(LISTING, ["relazioni"], non_raggiungibile="2026-12-01"))
    _write(root, "comuni/seveso.yml", seveso)
    fonte = "https://example.org/risultati"
    _write(root, "good_practices/risultati-prova.md", {
        "slug": "risultati-prova", "titolo": "Pratica con molti risultati",
        "sintesi": "Tre risultati e due contatti.", "comuni": ["muggio"],
        "organizzazioni": [], "obiettivi": [1], "periodo": {"dal": "2015-11-12"},
        "risultati": [{"descrizione": "Quota", "valore": 2, "unita": "% della spesa",
                       "anno": 2019},
                      {"descrizione": "Spesa minima", "valore": 30, "unita": "euro al mese",
                       "anno": 2019},
                      {"descrizione": "Famiglie sostenute", "valore": 19, "anno": 2017}],
        "contatti": [{"organizzazione": "afi"}, {"comune": "muggio"}],
        "fonti": [_fonte(fonte, ["periodo", "risultati"])], "ultima_verifica": "2026-11-01"},
        "Testo di prova.")
    _write(root, "good_practices/precedente-prova.md", {
        "slug": "precedente-prova", "titolo": "Corso di prova fuori dalla Rete",
        "sintesi": "Un precedente.", "comuni": [], "obiettivi": [1], "periodo": {"dal": 2011},
        "fonti": [_fonte(fonte, ["periodo"])], "ultima_verifica": "2026-11-01"},
        "Testo di prova.")


@pytest.fixture(scope="module")
def fixture_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fatti") / "progetto"
    shutil.copytree(VALID, root)
    add_records(root)
    return root


@pytest.fixture(scope="module")
def fixture_corpus(fixture_project: Path) -> Corpus:
    corpus = validate(fixture_project, today=TODAY)
    assert [d.format() for d in corpus.diagnostics if d.severity == "errore"] == []
    return corpus


@pytest.fixture(scope="module")
def fixture_built(fixture_project: Path, fixture_corpus: Corpus) -> Path:
    make_buildable(fixture_project)
    return build(fixture_project, today=TODAY).site


REPO_TODAY = max(TODAY, date.today())
"""The repository's records are checked on the real day (as `rete check` does), never
before the fixture's day: a record consulted today is not "in the future"."""


@pytest.fixture(scope="module")
def repo_corpus() -> Corpus:
    return validate(ROOT, today=REPO_TODAY)


@pytest.fixture(scope="module")
def repo_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scratch = tmp_path_factory.mktemp("repo-fatti")
    return build(ROOT, today=REPO_TODAY, site=scratch / "site", work=scratch / "work").site


SITES = ("fixture", "repo")


@pytest.fixture(params=SITES)
def site_and_corpus(request: pytest.FixtureRequest) -> tuple[Path, Corpus]:
    if request.param == "fixture":
        return request.getfixturevalue("fixture_built"), request.getfixturevalue("fixture_corpus")
    return request.getfixturevalue("repo_built"), request.getfixturevalue("repo_corpus")


def _published(corpus: Corpus, type_name: str) -> list[Record]:
    return [loaded.model for loaded in corpus.published(type_name)]


# --- 1. every generated list: one item, one <li> ------------------------------------------

def test_no_list_item_runs_into_the_next_on_any_page(site_and_corpus: tuple[Path, Corpus]
                                                     ) -> None:
    site, _ = site_and_corpus
    pages = [p for p in site.rglob("*.html") if "scuola" not in p.relative_to(site).parts]
    assert len(pages) > 5
    for page in pages:
        for node in article(page).iter():
            if node.tag in ("li", "p", "td", "dd"):
                own = node.own_text()
                assert not RUN_TOGETHER.search(own), (page, own[:200])
                assert not LAZY_ITEM.search(own), (page, own[:200])


def test_record_lists_have_one_li_per_item(site_and_corpus: tuple[Path, Corpus]) -> None:
    site, corpus = site_and_corpus
    for p in _published(corpus, "pratica"):
        assert isinstance(p, Pratica)
        content = article(site / "pratiche" / p.slug / "index.html")
        if p.risultati:
            assert len(items(section(content, "Risultati"))) == len(p.risultati), p.slug
        if p.contatti:
            assert len(items(section(content, "Contatti"))) == len(p.contatti), p.slug
        if p.fonti:
            assert len(items(section(content, "Fonti"))) == len(p.fonti), p.slug
    for c in _published(corpus, "comune"):
        assert isinstance(c, Comune)
        content = article(site / "comuni" / c.slug / "index.html")
        if c.relazioni:
            assert len(items(section(content, "Rapporto con la Rete"))) == len(c.relazioni)
        if c.fonti:
            assert len(items(section(content, "Fonti"))) == len(c.fonti), c.slug
    rete = article(site / "rete/index.html")
    promotori = [o for o in _published(corpus, "organizzazione")
                 if isinstance(o, Organizzazione) and o.ruolo == "promotore"]
    assert len(items(section(rete, "Promotori"))) == len(promotori)
    for a in _published(corpus, "accordo"):
        assert isinstance(a, Accordo)
        assert len(items(section(rete, a.titolo))) == 7, a.slug  # the agreement's facts


def test_the_fixture_trips_the_list_classes(fixture_built: Path) -> None:
    """The fixture has lists of several items ending in a conditional: the class of bug."""
    content = article(fixture_built / "pratiche/risultati-prova/index.html")
    assert items(section(content, "Risultati"))[1].startswith("Spesa minima")
    assert [i.split(" ")[0] for i in items(section(content, "Contatti"))] == ["Afi", "Comune"]


# --- 5. the Rete's dates, said once with what each is ------------------------------------

def _agreement_facts(rete: Node, a: Accordo) -> dict[str, str]:
    facts = {}
    for item in items(section(rete, a.titolo)):
        key, _, value = item.partition(":")
        facts[key.strip()] = value.strip()
    return facts


def test_the_dates_of_the_rete_are_explained_with_sources(
        site_and_corpus: tuple[Path, Corpus]) -> None:
    site, corpus = site_and_corpus
    rete = article(site / "rete/index.html")
    explained = next(n for n in section(rete, "Quando è nata la Rete") if n.tag == "ul")
    rows = [li for li in explained.elements() if li.tag == "li"]
    dates = []
    for a in _published(corpus, "accordo"):
        assert isinstance(a, Accordo)
        dates.append(a.data)
    for o in _published(corpus, "organizzazione"):
        assert isinstance(o, Organizzazione)
        dates += [t.data for t in o.tappe]
    assert len(rows) == len(dates) >= 2
    for li in rows:
        assert any(n.tag == "a" and (n.attrs.get("href") or "").startswith("http")
                   for n in li.iter()), li.text()  # each date with its source


def test_repository_dates_say_what_they_are(repo_built: Path) -> None:
    rete = article(repo_built / "rete/index.html")
    text = " ".join(i for i in items(section(rete, "Quando è nata la Rete")))
    assert "2014: secondo Afi" in text
    assert "12 novembre 2015: Primo accordo del Tavolo intercomunale" in text
    assert "presentato a Seveso" in text
    assert "20 dicembre 2016: Accordo di programma" in text and "firmato a Milano" in text


# --- 6. promoters are not signatories -----------------------------------------------------

SIGNED = re.compile(r"\b(?:ha|hanno) firmato\b|\bfirmatari[oa] dell", re.IGNORECASE)


def test_organisations_are_signatories_only_where_a_record_says_so(
        site_and_corpus: tuple[Path, Corpus]) -> None:
    site, corpus = site_and_corpus
    agreements = [a for a in _published(corpus, "accordo") if isinstance(a, Accordo)]
    signed = {s for a in agreements for s in a.firmatari.organizzazioni}
    rete = article(site / "rete/index.html")
    for o in _published(corpus, "organizzazione"):
        assert isinstance(o, Organizzazione)
        if o.slug not in signed:
            assert not SIGNED.search(o.descrizione), o.slug
    for a in agreements:
        facts = _agreement_facts(rete, a)
        names = {o.slug: o.nome for o in _published(corpus, "organizzazione")
                 if isinstance(o, Organizzazione)}
        for slug in a.promotori:
            assert names[slug] in facts["Promotori"]
            if slug not in a.firmatari.organizzazioni:
                assert names[slug] not in facts["Organizzazioni firmatarie"]


def test_the_2016_agreement_is_promoted_by_the_four(repo_built: Path, repo_corpus: Corpus
                                                    ) -> None:
    rete = article(repo_built / "rete/index.html")
    accordo = repo_corpus.of("accordo")["accordo-di-programma-2016"].model
    assert isinstance(accordo, Accordo)
    facts = _agreement_facts(rete, accordo)
    assert facts["Organizzazioni firmatarie"] == "non indicato dalle fonti"
    for name in ("Afi", "Forum regionale", "ACLI Lombardia", "Scuola di Economia Civile"):
        assert name in facts["Promotori"]


# --- 7. an empty list is "not indicated by the sources", never "none" ----------------------

def test_empty_lists_are_not_stated_as_absences(site_and_corpus: tuple[Path, Corpus]) -> None:
    site, corpus = site_and_corpus
    rete = article(site / "rete/index.html")
    for a in _published(corpus, "accordo"):
        assert isinstance(a, Accordo)
        facts = _agreement_facts(rete, a)
        for key, value in facts.items():
            assert not re.match(r"nessun[oa]?\b", value, re.IGNORECASE), (a.slug, key)
        if not a.firmatari.organizzazioni:
            assert facts["Organizzazioni firmatarie"] == "non indicato dalle fonti"
        if not a.documenti:
            assert facts["Documenti"] == "non indicato dalle fonti"


# --- 8. events as events: "ha firmato il …", "dal" only for a sourced period ---------------

def test_relations_read_as_events(site_and_corpus: tuple[Path, Corpus]) -> None:
    site, corpus = site_and_corpus
    for c in _published(corpus, "comune"):
        assert isinstance(c, Comune)
        if not c.relazioni:
            continue
        shown = items(section(article(site / "comuni" / c.slug / "index.html"),
                              "Rapporto con la Rete"))
        for rel, text in zip(c.relazioni, shown, strict=True):
            assert (" dal " in text) == (rel.dal is not None), (c.slug, text)
            if rel.ruolo == "firmatario":
                assert "ha firmato l'accordo" in text, text
            if rel.ruolo in EVENT_ROLES:
                assert rel.dal is None and rel.al is None


def test_a_signature_with_dal_is_refused_where_it_is_written(project: Path) -> None:
    muggio = project / "comuni/muggio.yml"
    muggio.write_text(muggio.read_text("utf-8").replace("    data: 2016-12-20",
                                                        "    dal: 2016-12-20"), "utf-8")
    [problem] = [d for d in validate(project, today=TODAY).diagnostics]
    assert (problem.file, problem.line, problem.key) == ("comuni/muggio.yml", 6, "relazioni[1]")
    assert "'firmatario' è un evento, non un periodo" in problem.message


def test_repository_signatories_signed_on_a_day(repo_built: Path) -> None:
    seveso = " ".join(items(section(article(repo_built / "comuni/seveso/index.html"),
                                    "Rapporto con la Rete")))
    assert "ha firmato l'accordo «Accordo di programma" in seveso
    assert "» il 20 dicembre 2016" in seveso
    assert "dal 20 dicembre 2016" not in seveso


# --- 10. timeline: precedents apart, one row per day, Sesto San Giovanni --------------------

def _table_rows(nodes: list[Node]) -> list[list[str]]:
    table = next(t for n in nodes for t in n.iter() if t.tag == "table")
    return [[td.text().strip() for td in tr.elements() if td.tag == "td"]
            for tr in table.iter() if tr.tag == "tr" and any(
                td.tag == "td" for td in tr.elements())]


def test_timeline_keeps_precedents_apart_and_each_day_once(fixture_built: Path) -> None:
    rete = article(fixture_built / "rete/index.html")
    milestones = _table_rows(section(rete, "Tappe della Rete"))
    precedents = _table_rows(section(rete, "Precedenti esterni"))
    for rows in (milestones, precedents):
        days = [row[0] for row in rows]
        assert len(days) == len(set(days)), days
    assert [row[0] for row in precedents] == ["2011"]
    assert "Corso di prova fuori dalla Rete" in precedents[0][1]
    assert not any("Corso di prova" in row[1] for row in milestones)
    day = next(row for row in milestones if row[0] == "12 novembre 2015")
    assert "Primo accordo del tavolo di prova" in day[1] and "Pratica con molti risultati" in day[1]
    assert any(row[0] == "2017" and "Seveso" in row[1] for row in milestones)
    assert not any("secondo Afi" in row[1] for row in milestones)  # said once, above


def test_repository_timeline(repo_built: Path) -> None:
    rete = article(repo_built / "rete/index.html")
    milestones = _table_rows(section(rete, "Tappe della Rete"))
    precedents = _table_rows(section(rete, "Precedenti esterni"))
    assert [row[0] for row in milestones].count("12 novembre 2015") == 1
    sesto = next(row for row in milestones if "Sesto San Giovanni" in row[1])
    assert sesto[0] == "2017" and "NordMilano24" in sesto[2]
    assert any("Amministrare con la Famiglia" in row[1] for row in precedents)
    assert any("Castelnuovo del Garda" in row[1] for row in precedents)
    assert not any("Castelnuovo" in row[1] or "Amministrare" in row[1] for row in milestones)


# --- 11. sources that cannot be opened ----------------------------------------------------

def test_cited_only_facts_carry_a_visible_note(site_and_corpus: tuple[Path, Corpus]) -> None:
    site, corpus = site_and_corpus
    for type_name, folder in (("comune", "comuni"), ("pratica", "pratiche")):
        for record in _published(corpus, type_name):
            html = (site / folder / record.slug / "index.html").read_text("utf-8")
            assert ("Informazioni solo citate" in html) == bool(cited_only(record)), record
            for f in record.fonti:
                if f.non_raggiungibile:
                    assert "non raggiungibile" in html
    rete = (site / "rete/index.html").read_text("utf-8")
    for a in _published(corpus, "accordo"):
        assert isinstance(a, Accordo)
        if cited_only(a):
            assert "Informazioni solo citate" in rete


def test_a_listing_page_is_no_source_unless_marked_unreachable(project: Path) -> None:
    muggio = project / "comuni/muggio.yml"
    text = muggio.read_text("utf-8")
    muggio.write_text(text.replace("url: http://agensir.it/quotidiano/2016/12/20/\n",
                                   f"url: {LISTING}\n").replace(
        "fonte: http://agensir.it/quotidiano/2016/12/20/", f"fonte: {LISTING}"), "utf-8")
    problems = validate(project, today=TODAY).diagnostics
    assert len(problems) == 1, [d.format() for d in problems]
    [problem] = problems
    assert (problem.file, problem.line, problem.key, problem.severity) == (
        "comuni/muggio.yml", 25, "fonti[1].url", "avviso")
    assert "è una pagina di elenco" in problem.message
    marked = muggio.read_text("utf-8").replace("    consultato: 2026-11-01\n",
                                               "    consultato: 2026-11-01\n"
                                               "    non_raggiungibile: 2026-11-02\n", 1)
    muggio.write_text(marked, "utf-8")
    assert validate(project, today=TODAY).diagnostics == []


UNREACHABLE = ("famigliaportavalori.it/category/", "a-che-punto-siamo/")
# Not opened live on 2026-12-02, but their stored copies are the articles the records cite
# (checked 2026-12-03): what they support is sourced, not merely cited.
READ_FROM_STORED_COPIES = ("famigliaportavalori.it/8958-2/", "famigliaportavalori.it/coop/",
                           "famigliaportavalori.it/gruppi-di-acquisto-familiari/")


def test_repository_marks_the_sources_found_unreachable(repo_corpus: Corpus) -> None:
    """The addresses the fact-check could not open are marked wherever a record cites them,
    and those it read in a stored copy are not."""
    found = read = 0
    for type_name in ("comune", "accordo", "organizzazione", "pratica"):
        for record in _published(repo_corpus, type_name):
            for f in record.fonti:
                if any(part in f.url for part in UNREACHABLE):
                    found += 1
                    assert f.non_raggiungibile is not None, (record, f.url)
                if any(part in f.url for part in READ_FROM_STORED_COPIES):
                    read += 1
                    assert f.non_raggiungibile is None, (record, f.url)
    assert found >= 1 and read >= 10
    listings = [d.format() for d in repo_corpus.diagnostics if "pagina di elenco" in d.message]
    assert listings == []
