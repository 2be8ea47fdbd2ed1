"""Generated raw HTML stashed without the HTML parser (`web.markdown_raw`) converts to the
HTML and table of contents Python-Markdown makes with its parser: on documents built to
trip it, and on every generated page of the repository."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from mkdocs.utils import meta

from rete.core.settings import load_settings
from rete.records.validate import validate
from rete.web import markdown_raw
from rete.web.pages import write_all
from rete.web.render import environment
from rete.web.view import SiteView
from support import ROOT

TAKEN = {  # the short path stashes these blocks
    "lista": ("# Titolo\n\nTesto.\n\n<ul>\n<li><a href=\"../a/\">A &amp; B</a></li>\n</ul>\n\n"
              "Fine.\n"),
    "in_testa": ("<div class=\"rete-testo\"><p>Primo&#10;secondo &#x27;x&#x27;</p></div>\n\n"
                 "## Dopo\n"),
    "in_coda": "Testo.\n\n<p class=\"rete-verifica\">Ultima verifica.</p>",
    "in_coda_con_riga_vuota": "Testo.\n\n<p class=\"v\">x</p>\n",
    "di_fila": ("<dl class=\"s\">\n<dt>a</dt><dd>b</dd>\n</dl>\n\n<ul>\n<li>c</li>\n</ul>\n\n\n\n"
                "<p>d</p>\n"),
    "vuoti_e_hr": ("<div><p>a<br>b<br/>c</p><hr><img src=\"x.png\" alt=\"\"></div>\n\n"
                   "Testo *enfasi*.\n"),
    "fine_spaiata": "<div><p>a</span>b</p></div>\n\nTesto.\n",
    "attributi_booleani": "<details class=\"d\" open><summary>S</summary><p>x</p></details>\n\nx\n",
    "prima_di_un_elenco": "- uno\n- due\n\n<ul>\n<li>tre</li>\n</ul>\n\n- quattro\n",
    "prima_di_codice": "<div>a</div>\n\n    codice rientrato\n\n<div>b</div>\n",
    "nota_e_abbr": "L'ISEE[^1].\n\n<p>ISEE grezzo[^1]</p>\n\n*[ISEE]: Indicatore\n\n[^1]: Nota.\n",
    "poi_markdown": ("<ul><li>a</li></ul>\n\n<div class=\"s\" markdown>\n**b**\n\n<p>c</p>\n"
                     "</div>\n\n<p>d</p>\n"),
}
LEFT = {  # the parser reads these (the first paragraph the short path cannot prove simple)
    "commento": "<!-- nota -->\n\n<p>a</p>\n",
    "maiuscole": "<DIV>a</DIV>\n\n<p>b</p>\n",
    "maggiore_in_attributo": "<p title=\"a>b\">c</p>\n\n<p>d</p>\n",
    "apici_singoli": "<p class='a'>c</p>\n\n<p>d</p>\n",
    "riferimento_senza_punto_e_virgola": "<p>a &amp b &#10 c</p>\n\n<p>d</p>\n",
    "coda_dopo_il_blocco": "<div>a</div> e poi testo\n\n<p>d</p>\n",
    "blocco_non_chiuso": "<div><p>a</p>\n\nancora dentro</div>\n\n<p>d</p>\n",
    "testo_poi_html": "Testo\n<div>a</div>\n\n<p>d</p>\n",
    "in_linea": "<span>a</span>\n\n<p>d</p>\n",
    "script": "<div><script>var a = '<p>';</script></div>\n\n<p>d</p>\n",
    "minore_nel_testo": "<p>a < b</p>\n\n<p>d</p>\n",
    "hr_da_solo": "<hr>\n\n<p>d</p>\n",
    "markdown_chiuso": "<div markdown>**b**</div>\n\n<p>d</p>\n",
    "riga_di_spazi": "<div>a\n   \nb</div>\n\n<p>d</p>\n",
}


def _extensions() -> tuple[list[Any], dict[str, Any]]:
    project = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names: list[Any] = []
    configs: dict[str, Any] = {}
    for item in project["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        configs[name] = options or {}
    return names, configs


@pytest.fixture(scope="module")
def converters() -> tuple[markdown.Markdown, markdown.Markdown]:
    names, configs = _extensions()
    parser = markdown.Markdown(extensions=names, extension_configs=configs)
    short = markdown.Markdown(extensions=names, extension_configs=configs)
    markdown_raw.register(short)
    assert markdown_raw.NAME in short.preprocessors
    return parser, short


def _both(converters: tuple[markdown.Markdown, markdown.Markdown],
          text: str) -> list[tuple[str, Any]]:
    out = []
    for md in converters:
        md.reset()
        html = md.convert(text)
        out.append((html, getattr(md, "toc_tokens", None)))
    return out


def _stashed(md: markdown.Markdown, text: str) -> int:
    md.reset()
    lines = markdown_raw.RawBlocks(md).run(text.split("\n"))
    assert len(lines) >= 1
    return md.htmlStash.html_counter


@pytest.mark.parametrize("name", sorted(TAKEN))
def test_blocks_taken_convert_as_the_parser_converts_them(converters: Any, name: str) -> None:
    text = TAKEN[name]
    assert _stashed(converters[1], text) >= 1
    parser, short = _both(converters, text)
    assert short == parser


@pytest.mark.parametrize("name", sorted(LEFT))
def test_paragraphs_it_cannot_prove_simple_are_left_to_the_parser(converters: Any,
                                                                   name: str) -> None:
    text = LEFT[name]
    assert _stashed(converters[1], text) == 0
    parser, short = _both(converters, text)
    assert short == parser


def test_every_generated_page_of_the_repository_converts_the_same(
        converters: Any, tmp_path: Path) -> None:
    view = SiteView(validate(ROOT, None), load_settings(ROOT))
    write_all(view, environment(), tmp_path, "https://example.org/")
    pages = sorted(tmp_path.rglob("*.md"))
    taken = 0
    for page in pages:
        text, _ = meta.get_data(page.read_text(encoding="utf-8"))
        taken += _stashed(converters[1], text) > 0
        parser, short = _both(converters, text)
        assert short == parser, page.relative_to(tmp_path)
    assert len(pages) > 50 and taken > len(pages) // 2
