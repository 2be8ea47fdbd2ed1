"""The safe-by-construction pieces on their own: URL filter, text filters, bodies, page map.

The hypothesis tests feed random HTML-ish text through the same steps a build takes (body →
sanitised block → Markdown with the extensions of mkdocs.yml, as MkDocs renders the page) and
look for live script in the result; `test_hostile_input.py` does the same on built sites.
"""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile import LiveScript
from rete.core.fields import URL_SAFE, url_problem
from rete.records import page_map
from rete.web.bodies import BodyRenderer, mkdocs_extensions
from rete.web.render import attr_text, md_text, url
from rete.web.sanitize import ATTRIBUTES, NOWHERE, TAGS, clean, safe_href
from support import ROOT

MARKUP = ["<", ">", "</", "/>", "<script>", "</script>", "<svg ", "<svg>", "<math>", "<a ",
          "</a>", "<img ", "<iframe ", "<div ", "</div>", "<details ", " href=", " src=",
          " xlink:href=", " onerror=", " onload=", " onmouseover=", " style=", " markdown=1",
          "javascript:", "JaVaScRiPt:", "java&#x09;script:", "&#106;avascript:", "vbscript:",
          "data:text/html,", "&#58;", "&colon;", "&#x3C;", "&lt;", "alert(1)", '"', "'", "`",
          "=", "[", "]", "(", ")", "](", "![", "{:", "{", "}", "#", ".", "*", "_", "|", "\n",
          "\n\n", "    ", "\t", "<!--", "-->", "--!>", "<![CDATA[", "]]>", "```", "~~~",
          "!!! note ", "??? ", "[^1]", "[^1]: ", "*[x]: ", "<https://", "<mailto:", ":",
          "\x00", "\x02", "\x03", "\u2028", "x", " ", "https://example.org/",
          "../comuni/seveso.md", "#a", "## ", "- ", "1. ", "> ", "\\"]
HTMLISH = st.lists(st.one_of(st.sampled_from(MARKUP), st.text(max_size=3)),
                   max_size=40).map("".join)
URLISH = st.tuples(
    st.sampled_from(["https://", "http://", "mailto:", "javascript:", "JAVASCRIPT:", "data:",
                     " javascript:", "java\tscript:", "vbscript:", "", "//", "https:", "#"]),
    st.lists(st.one_of(st.sampled_from(MARKUP), st.text(max_size=3)), max_size=12)
    .map("".join)).map("".join)

PAGE = "pratiche/prova.md"
FUZZ = settings(max_examples=2000, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def renderer() -> BodyRenderer:
    return BodyRenderer(ROOT)


@functools.cache
def _mkdocs_markdown() -> markdown.Markdown:
    names, configs = mkdocs_extensions(ROOT)
    configs.pop("tables", None)
    return markdown.Markdown(extensions=[*names, "toc"], extension_configs=configs)


def render_like_mkdocs(text: str) -> str:
    """A generated page rendered as MkDocs renders it (same extensions, toc included)."""
    md = _mkdocs_markdown()
    md.reset()
    return str(md.convert(text))


def find_live(html: str) -> list[str]:
    parser = LiveScript(frozenset())
    parser.feed(html)
    parser.close()
    return parser.findings


@FUZZ
@given(body=HTMLISH)
def test_random_bodies_render_inert(renderer: BodyRenderer, body: str) -> None:
    page = f"# Titolo\n\n## Descrizione\n\n{renderer.block(body, PAGE)}\n\nFine.\n"
    assert find_live(render_like_mkdocs(page)) == []


@FUZZ
@given(value=URLISH)
def test_random_urls_are_safe_in_every_context(value: str) -> None:
    href = safe_href(value)
    assert set(href) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                            + URL_SAFE)
    assert urlsplit(href).scheme.lower() in ("", "http", "https", "mailto")
    if url_problem(value) is None:
        assert href != NOWHERE or value == NOWHERE  # a valid URL is never lost
    page = f"[fonte]({url(value)}) <a href=\"{url(value)}\">x</a>\n"
    assert find_live(render_like_mkdocs(page)) == []


@settings(max_examples=1000, deadline=None, database=None)
@given(text=HTMLISH)
def test_random_text_stays_text(text: str) -> None:
    page = (f"# {md_text(text)}\n\n- **{md_text(text)}**: [{md_text(text)}](x.md)\n\n"
            f"{md_text(text)}\n\n<dl><dd>{attr_text(text)}</dd></dl>\n\n"
            f"Testo <a href=\"x\">{attr_text(text)}</a> {attr_text(text)}\n")
    html = render_like_mkdocs(page)
    assert find_live(html) == []
    assert "<script" not in html and "<img" not in html and "<svg" not in html


def test_url_filter_examples() -> None:
    assert url("https://example.org/)<svg/onload=alert(1)>") == NOWHERE
    assert url("javascript:alert(1)") == url("java\tscript:x") == url("data:x") == NOWHERE
    assert url("https://it.wikipedia.org/wiki/Foo_(bar)?a=1&b=2") == (
        "https://it.wikipedia.org/wiki/Foo_%28bar%29?a=1&amp;b=2")
    assert url("https://example.org/'x'") == "https://example.org/%27x%27"
    assert url("../../comuni/seveso/") == "../../comuni/seveso/"
    assert url("mailto:info@example.org") == "mailto:info@example.org"


def test_check_url_refuses_what_the_filter_refuses() -> None:
    for value in ("javascript:alert(1)", "https://x.org/a b", 'https://x.org/"', "https:x",
                  "https://x.org/<", "https://x.org:99999/", "mailto:nessuno", "//x.org"):
        assert url_problem(value), value
    assert url_problem("https://it.wikipedia.org/wiki/Foo_(bar)") is None
    assert "«<»" in (url_problem("https://x.org/)<svg>") or "")


def test_bodies_keep_what_the_guide_promises(renderer: BodyRenderer) -> None:
    body = ("Un [comune](../comuni/seveso.md), il [catalogo](index.md#filtri), "
            "[un sito](https://example.org) e <abbr title=\"Gruppi\">GAF</abbr>.\n"
            "{: .nota onclick=\"x()\" style=\"color:red\" #id }\n\n"
            "## Un titolo con `codice`\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n"
            "!!! note \"Nota\"\n    Testo[^1]\n\n[^1]: Una nota.\n")
    html = renderer.html(body, PAGE)
    assert '<a href="../../comuni/seveso/" rel="noopener">comune</a>' in html
    assert 'href="../#filtri"' in html and 'href="https://example.org"' in html
    assert '<p class="nota">' in html and "onclick" not in html and "style" not in html
    assert '<abbr title="Gruppi">' in html and '<th align="center">' in html
    assert 'class="admonition note"' in html and 'id="fn:1"' in html
    block = renderer.block(body, PAGE)
    assert "\n\n## Un titolo con codice\n\n" in block  # a Markdown heading: id, permalink, toc
    assert all(part.startswith(("<div class=\"rete-testo\">", "## "))
               for part in block.split("\n\n"))


def test_images_come_from_the_project_only() -> None:
    assert clean('<img src="https://x.org/a.png" alt="a">') == '<img alt="a">'
    assert clean('<img src="foto.png" alt="a">') == '<img src="foto.png" alt="a">'


@pytest.mark.parametrize(("page", "target", "expected"), [
    ("pratiche/gaf.md", "comuni/seveso.md", "../../comuni/seveso/"),
    ("index.md", "comuni/index.md", "comuni/"),
    ("pratiche/gaf.md", "index.md", "../../"),
    ("comuni/seveso.md", "rete/index.md#accordo-2016", "../../rete/#accordo-2016"),
    ("pratiche/gaf.md", "pratiche/gaf.md#a", "#a"),
    ("index.md", "javascript:alert(1)", "javascript%3Aalert%281%29"),
])
def test_page_map_addresses(page: str, target: str, expected: str) -> None:
    assert page_map.relative_url(page, target) == expected


def test_page_map_owns_every_record_page_and_the_reserved_addresses() -> None:
    assert page_map.page_of("comune", "seveso") == "comuni/seveso.md"
    assert page_map.page_of("pagina", "home") == page_map.HOME_PAGE
    assert page_map.url_of("privacy.md") == "privacy/"
    assert page_map.resolve("pratiche/gaf.md", "../comuni/seveso/") == "comuni/seveso.md"
    for slug in ("index", "comuni", "pratiche", "rete", "dati", "calcolatore", "scuola",
                 "feed", "sitemap", "search", "assets", "404"):
        assert page_map.collision("pagina", slug), slug
    assert page_map.collision("pagina", "contribuire") is None
    assert page_map.collision("pratica", "index") and page_map.collision("comune", "index")
    assert page_map.collision("modulo", "index") and page_map.collision("accordo", "tappe")


def test_mkdocs_extensions_follow_mkdocs_yml(tmp_path: Path) -> None:
    names, configs = mkdocs_extensions(ROOT)
    assert "attr_list" in names and "toc" not in names
    assert configs["tables"] == {"use_align_attribute": True}
    (tmp_path / "mkdocs.yml").write_text(
        "markdown_extensions:\n  - abbr\n  - pymdownx.emoji:\n      emoji_index: "
        "!!python/name:material.extensions.emoji.twemoji\n", encoding="utf-8")
    assert mkdocs_extensions(tmp_path)[0] == ["abbr", "pymdownx.emoji"]


def test_the_guide_lists_the_allowlist_and_the_reserved_addresses() -> None:
    """Editors learn what a body may hold and which slugs are taken from the guide."""
    guide = (ROOT / "content/pagine/contribuire.md").read_text(encoding="utf-8")
    named = {tag for tag in TAGS if tag not in ("h2", "h3", "h4", "h5")}  # "da `h1` a `h6`"
    named |= {name for names in ATTRIBUTES.values() for name in names}
    named |= {*page_map.RESERVED, *page_map.SCHOOL_RESERVED, *page_map.MODULE_RESERVED,
              *page_map.NETWORK_ANCHORS, page_map.FOLDER_INDEX, page_map.TOOL_ANCHOR}
    assert sorted(n for n in named if f"`{n}`" not in guide) == []
