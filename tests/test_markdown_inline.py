"""Text no inline pattern can match skips the patterns (`web.markdown_inline`): the HTML is
the one Python-Markdown makes trying them all, on text built to need each pattern and on
every generated page and body of the repository."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from mkdocs.utils import meta

from rete.core.settings import load_settings
from rete.records.validate import validate
from rete.web import markdown_inline
from rete.web.bodies import mkdocs_extensions
from rete.web.pages import write_all
from rete.web.render import environment
from rete.web.view import SiteView
from support import ROOT

TEXTS = {
    "semplice": "Un testo senza nulla di speciale, con accenti: perché sì.\n\n- voce\n- altra",
    "codice": "Il campo `isee_min` e ``doppio ` apice``.",
    "escape": "Non \\*enfasi\\* e \\[non link\\].",
    "nota": "Una nota[^1].\n\n[^1]: Il testo della nota.",
    "link": "Vedi [la pagina](https://example.org/) e [riferimento][r].\n\n[r]: https://example.org/r",
    "immagine": "![alt](x.png) e ![rif][r]\n\n[r]: x.png",
    "breve": "Un [riferimento] breve.\n\n[riferimento]: https://example.org/",
    "autolink": "Scrivi a <info@example.org> o apri <https://example.org/>.",
    "a_capo": "Prima riga  \nseconda riga.",
    "html": "Testo con <span>HTML</span> in linea e <br>.",
    "entita": "Fratelli &amp; sorelle &#8364; &copy;.",
    "enfasi": "Con *enfasi*, **forte** o * isolato *.",
    "sottolineato": "Con _sottolineato_ e __doppio__.",
    "intestazioni": "# Titolo\n\n## Sezione *uno*\n\nTesto.\n\n| a | b |\n|---|---|\n| 1 | *2* |",
    "abbreviazione": "L'ISEE conta.\n\n*[ISEE]: Indicatore della situazione economica equivalente",
    "attributi": "Un paragrafo.\n{ .classe }\n\n[Pulsante](x.md){ .md-button }",
    "definizioni": "Termine\n:   La sua *definizione*.",
    "avviso": "!!! note \"Nota\"\n    Dentro un avviso, [un link](x.md).",
}


def _pair() -> tuple[markdown.Markdown, markdown.Markdown]:
    names, configs = mkdocs_extensions(ROOT)
    names, configs = [*names, "toc"], {**configs, "toc": {"permalink": True}}
    plain = markdown.Markdown(extensions=names, extension_configs=configs)
    skipping = markdown.Markdown(extensions=names, extension_configs=configs)
    assert markdown_inline.register(skipping)
    return plain, skipping


def _convert(md: markdown.Markdown, text: str) -> tuple[str, object]:
    md.reset()
    return md.convert(text), getattr(md, "toc_tokens", None)


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_text_converts_as_with_every_pattern_tried(name: str) -> None:
    plain, skipping = _pair()
    assert _convert(skipping, TEXTS[name]) == _convert(plain, TEXTS[name])


def test_generated_pages_and_bodies_of_the_repository_convert_the_same(tmp_path: Path) -> None:
    plain, skipping = _pair()
    view = SiteView(validate(ROOT, None), load_settings(ROOT))
    write_all(view, environment(), tmp_path, "https://example.org/")
    texts = [meta.get_data(p.read_text(encoding="utf-8"))[0] for p in tmp_path.rglob("*.md")]
    texts += [e.body for e in view.pratiche + view.comuni]
    assert len(texts) > 50
    for text in texts:
        assert _convert(skipping, text) == _convert(plain, text)


def test_an_unknown_pattern_keeps_python_markdowns_processor() -> None:
    md = markdown.Markdown(extensions=["pymdownx.mark"])  # ==segnato==: a pattern it does not know
    assert markdown_inline.needed(md) is None
    assert not markdown_inline.register(md)
    assert type(md.treeprocessors["inline"]).__name__ == "InlineProcessor"
    assert "<mark>segnato</mark>" in md.convert("Un testo ==segnato==.")


def test_the_shortcut_is_taken() -> None:
    """Not vacuous: plain text reaches no pattern, text with a link does."""
    _, skipping = _pair()
    inline = skipping.treeprocessors["inline"]
    assert isinstance(inline, markdown_inline._SkippingInline)
    assert inline._needed.search("testo semplice, con accenti: è") is None
    for text in ("[a](b)", "*a*", "a_b", "&amp;", "<b>", "`c`", "\\*", "a  \nb"):
        assert inline._needed.search(text) is not None, text
