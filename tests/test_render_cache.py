"""The `url` and `md` filters remember what they wrote for a text (pages repeat the same
sources, names and links thousands of times), and still write each text as the uncached
rules do: a script URL stays "#" however the cache was filled. `md` escapes `.`, `-`, `+`,
`(` only where Markdown could read them (cheaper to convert), and the pages render as
they did when it escaped every one."""

from __future__ import annotations

import functools
import html
from collections.abc import Callable

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rete.web import render
from rete.web.bodies import mkdocs_extensions
from rete.web.render import environment, md_text, url
from rete.web.sanitize import NOWHERE, safe_href
from support import ROOT


class _Text:
    """A value whose text is a URL: filters take any object (a Pydantic URL, a str)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


def test_a_url_is_parsed_once_per_text(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def counted(value: object) -> str:
        calls.append(str(value))
        return safe_href(value)

    monkeypatch.setattr(render, "safe_href", counted)
    render._url.cache_clear()
    address = "https://www.comune.example.it/servizi?anno=2024&tipo=nido"
    first = url(address)
    assert [url(address), url(_Text(address))] == [first, first]
    assert calls == [address]
    assert first == "https://www.comune.example.it/servizi?anno=2024&amp;tipo=nido"


@pytest.mark.parametrize(
    "hostile",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,x",
        'https://a.example.it/"><script>',
        "vbscript:x",
    ],
)
def test_cached_url_still_refuses_scripts(hostile: str) -> None:
    env = environment()
    for _ in range(2):  # filled by a safe URL and by the hostile one itself
        assert url("https://a.example.it/") == "https://a.example.it/"
        assert url(hostile) == NOWHERE
        assert env.filters["url"](hostile) == NOWHERE


def test_md_text_cached_and_long_texts_alike() -> None:
    short = "Comune di *Prova* [link](javascript:x) <b>"
    long = short * 10
    for text in (short, long, short, long):
        escaped = md_text(text)
        assert "<b>" not in escaped and "[" not in escaped.replace("\\[", "")
        assert escaped == render._md_text(text)
    assert render._short_md_text.cache_info().hits >= 1


def _escape_all(text: str) -> str:
    """`md_text` as it was: every character Markdown can give a meaning to escaped."""
    text = render._INVISIBLE.sub(" ", text)
    return html.escape(render._MARKDOWN.sub(r"\\\1", text), quote=True)


CONTEXTS = (  # as the templates place `md` text (never in raw HTML, which `attr` is for)
    "{t}\n",
    "# {t}\n",
    "### {t} ({t})\n",
    "- {t}\n- [{t}](x.md) — {t}\n",
    "- **{t}**: {t}\n",
    "1. {t}\n",
    "Prima riga.\n{t}\n",
    "[{t}]{t}\n",
    "[{t}](x.md){t}\n",
    "{t}[fonte](https://example.org/)\n",
    "**{t}**, perché:\n\n- **Efficacia**: {t}\n",
    "| a | b |\n|---|---|\n| {t} | {t} |\n",
    "[Stima per {t}](x.md){{ .md-button }}\n",
    "{t} {t}\n: {t}\n",
)
MARKDOWNISH = st.lists(
    st.one_of(
        st.sampled_from([*"\\`*_{}[]()#+-.!|<>&:=~? \t\n\u00a0", "1.", "12.", "---", "!!!"]),
        st.text(alphabet="ab09 .-()+", max_size=4),
    ),
    max_size=12,
).map("".join)


@functools.cache
def _markdown() -> markdown.Markdown:
    names, configs = mkdocs_extensions(ROOT)
    return markdown.Markdown(extensions=[*names, "toc"], extension_configs=configs)


def _page(template: str, escape: Callable[[str], str], text: str) -> str:
    md = _markdown()
    md.reset()
    return str(md.convert(template.format(t=escape(text))))


@settings(max_examples=1500, deadline=None, database=None)
@given(text=MARKDOWNISH, template=st.sampled_from(CONTEXTS))
def test_fewer_escapes_render_the_same_html(text: str, template: str) -> None:
    if render._INVISIBLE.sub(" ", text)[:1] in ("?", "=", ":", "~"):
        return  # these started a block before (see below)
    assert _page(template, md_text, text) == _page(template, _escape_all, text)


@pytest.mark.parametrize("text", ["??? nota titolo", "===", ": definizione", "~~~ codice"])
def test_a_text_never_starts_a_block(text: str) -> None:
    """Markdown has no escape for these: written as character references, they stay text
    where the escaping of every other character let them open a block."""
    page = "Riga prima\n{t}\n\n~~~\n\n## Dopo\n"
    html_page = _page(page, md_text, text)
    assert _page(page, _escape_all, text) != html_page  # the construct opened before
    assert html_page.startswith("<p>Riga prima\n")
    for opened in ("<details", "<dl", "<h1", "<pre", "<code"):
        assert opened not in html_page
    assert html.unescape(html_page).count(text.split()[0]) == 1 + (text == "~~~ codice")


@pytest.mark.parametrize(
    "text",
    [
        "- lista",
        "+ lista",
        "1986. Anno",
        "12.3 per cento",
        "(nota) testo",
        "---",
        "    codice (x).",
        "Fine!",
        "a [b](c) d",
        "Prezzo 3.50 - sconto (10%)",
        "!!! note",
        "# titolo #",
    ],
)
def test_fewer_escapes_every_template_context(text: str) -> None:
    for template in CONTEXTS:
        assert _page(template, md_text, text) == _page(template, _escape_all, text), template
