"""Each objective and each instrument of the Rete has its page, reached from La Rete.

Checked on the built fixture site: a term's page lists exactly the practices whose record
names it, says plainly when none is documented, and the network page links every term.
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path

import yaml

from support import VALID


class _Links(HTMLParser):
    """Links inside the page's article (not the navigation), and its visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        elif tag == "a" and self.depth:
            href = dict(attrs).get("href") or ""
            if not href.startswith("#"):
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)


def _read(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _resolved(page: str, links: list[str]) -> set[str]:
    """Site paths the links of `page` (a folder address such as rete/obiettivi/5/) point to."""
    return {posixpath.normpath(posixpath.join(page, link)).rstrip("/") + "/"
            for link in links if "://" not in link and not link.startswith("mailto:")}


def _practices() -> list[dict[str, object]]:
    out = []
    for path in sorted((VALID / "good_practices").glob("*.md")):
        front = path.read_text(encoding="utf-8").split("---")[1]
        out.append(yaml.safe_load(front))
    return out


def _terms(vocabulary: str) -> list[str]:
    data = yaml.safe_load((VALID / f"content/vocabolari/{vocabulary}.yml").read_text("utf-8"))
    return [str(v["id"]) for v in data["voci"]]


def test_each_term_page_lists_the_practices_that_name_it(fixture_site: Path) -> None:
    for vocabulary in ("obiettivi", "strumenti"):
        for term in _terms(vocabulary):
            address = f"rete/{vocabulary}/{term}/"
            page = _read(fixture_site / address / "index.html")
            expected = {f"pratiche/{p['slug']}/" for p in _practices()
                        if term in [str(t) for t in p[vocabulary]]}  # type: ignore[union-attr]
            listed = {link for link in _resolved(address, page.links)
                      if link.startswith("pratiche/") and link != "pratiche/"}
            assert listed == expected, (address, listed)
            if not expected:
                assert "Nessuna buona pratica documentata finora" in " ".join(page.text)


def test_the_network_page_links_every_objective_and_instrument(fixture_site: Path) -> None:
    links = _resolved("rete/", _read(fixture_site / "rete/index.html").links)
    for vocabulary in ("obiettivi", "strumenti"):
        for term in _terms(vocabulary):
            assert f"rete/{vocabulary}/{term}/" in links, (vocabulary, term)


def test_an_objective_page_is_titled_with_its_number(fixture_site: Path) -> None:
    html = (fixture_site / "rete/obiettivi/4/index.html").read_text(encoding="utf-8")
    assert "<h1" in html and "Obiettivo 4: Fattore Famiglia nelle tariffe" in html
