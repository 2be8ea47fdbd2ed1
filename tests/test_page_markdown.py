"""MkDocs' pages converted with one Python-Markdown instance (`mkdocs_run.PageMarkdown`) come
out as MkDocs' own `Page.render` makes them with a new instance per page: nothing one page
defines (abbreviations, footnotes, link references, heading ids, raw HTML ids) reaches the
next page."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
import yaml

from rete.web.mkdocs_run import PageMarkdown
from support import ROOT

PAGES = {
    "a.md": """# Prima pagina

L'ISEE della famiglia[^nota] e un [riferimento][rif].

*[ISEE]: Indicatore della situazione economica equivalente

[rif]: https://example.org/rif

[^nota]: Una nota della prima pagina.

## Sezione

<div id="ancora-a" class="rete-testo"><p>Testo <em>grezzo</em>.</p></div>

!!! note "Nota"
    Un avviso.

??? info "Dettagli"
    Nascosti.

```python
x = 1
```

<div markdown="1">
**Markdown** dentro HTML.
</div>

[Vai a b](b.md#sezione){ .md-button }
""",
    "b.md": """# Seconda pagina

L'ISEE ancora[^nota] e [riferimento][rif] senza definizioni.

## Sezione

## Sezione

| a | b |
|:--|--:|
| 1 | 2 |

[Torna ad a](a.md#sezione) e [a un'ancora](a.md#ancora-a).
""",
    "c.md": "Nessun titolo, nessuna nota.\n",
    "d.md": """# Ancore scritte a mano

<p><a NAME="nome-a">a</a> <span ID = "con-spazi">b</span> <em/id=barra>c</em></p>

<div id>senza valore</div> <p data-id="no" name="solo-su-a">d</p>

Un testo che dice id e name senza attributi.
""",
}


def _site(tmp_path: Path) -> tuple[Any, Any]:
    """A MkDocs project with this project's Markdown extensions and the pages above."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.pages import Page

    project = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in PAGES.items():
        (docs / name).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        yaml.safe_dump(
            {
                "site_name": "prova",
                "docs_dir": "docs",
                "markdown_extensions": project["markdown_extensions"],
                "validation": {"anchors": "info"},
            }
        ),
        encoding="utf-8",
    )
    with contextlib.chdir(tmp_path):
        config = load_config(str(tmp_path / "mkdocs.yml"))
        files = get_files(config)
    for file in files.documentation_pages():
        Page(None, file, config)
    return config, files


def _rendered(page: Any) -> tuple[Any, ...]:
    links = {f.src_uri: dict(v) for f, v in (page.links_to_anchors or {}).items()}
    return (
        page.content,
        str(page.toc),
        page._title_from_render,
        sorted(page.present_anchor_ids or (), key=str),
        links,
    )


def test_one_instance_renders_each_page_as_a_new_one_would(tmp_path: Path) -> None:
    config, files = _site(tmp_path)
    pages = [f.page for f in files.documentation_pages()]
    assert [p.file.src_uri for p in pages] == ["a.md", "b.md", "c.md", "d.md"]
    converter = PageMarkdown()
    ours = []
    for page in pages + pages[::-1]:  # each page after every other one
        page.read_source(config)
        converter.render(page, config, files)
        ours.append(_rendered(page))
    theirs = []
    for page in pages + pages[::-1]:
        page.read_source(config)
        page.render(config, files)  # MkDocs: a new Markdown instance per page
        theirs.append(_rendered(page))
    assert ours == theirs
    a, b = ours[0], ours[1]
    assert "<abbr" in a[0] and "<abbr" not in b[0]  # the page really defines one
    assert 'class="footnote"' in a[0] and 'class="footnote"' not in b[0]
    assert "ancora-a" in a[3] and "ancora-a" not in b[3] and "sezione_1" in b[3]
    assert b[4]["a.md"] == {"sezione": "a.md#sezione", "ancora-a": "a.md#ancora-a"}


def test_populate_runs_mkdocs_events_and_restores_the_page(tmp_path: Path) -> None:
    config, files = _site(tmp_path)
    page = files.get_file_from_path("b.md").page
    PageMarkdown().populate(page, config, files)
    assert page.content is not None and "Seconda pagina" in page.content
    assert "render" not in vars(page)  # MkDocs' own method again for any later caller


def test_pages_without_anchor_attributes_are_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MkDocs parses each whole page for raw HTML anchors; a page in which no attribute can
    be named id or name has none (most generated pages), and is not parsed."""
    from mkdocs.structure import pages as mkdocs_pages

    parsed: list[str] = []

    class Counting(mkdocs_pages._HTMLHandler):
        def feed(self, data: str) -> None:
            parsed.append(data[:20])
            super().feed(data)

    monkeypatch.setattr(mkdocs_pages, "_HTMLHandler", Counting)
    config, files = _site(tmp_path)
    converter = PageMarkdown()
    found = {}
    for file in files.documentation_pages():
        file.page.read_source(config)
        converter.render(file.page, config, files)
        found[file.src_uri] = file.page.present_anchor_ids
    assert len(parsed) == 2  # a.md and d.md
    assert found["c.md"] == set()
    assert {"nome-a", "con-spazi", "barra", None} <= found["d.md"]
    assert "solo-su-a" not in found["d.md"]
