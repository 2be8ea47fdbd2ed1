"""The `url` and `md` filters remember what they wrote for a text (pages repeat the same
sources, names and links thousands of times), and still write each text as the uncached
rules do: a script URL stays "#" however the cache was filled."""

from __future__ import annotations

import pytest

from rete.web import render
from rete.web.render import environment, md_text, url
from rete.web.sanitize import NOWHERE, safe_href


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
