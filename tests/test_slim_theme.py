"""overrides/hooks/slim_theme.py: Material's CSS cut to what the built pages use, under a
new content-hashed name that every page links."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from support import ROOT


def _load() -> ModuleType:
    path = ROOT / "overrides" / "hooks" / "slim_theme.py"
    spec = importlib.util.spec_from_file_location("slim_theme", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


slim_theme = _load()


def test_unused_classes_and_colours_go_used_ones_stay(tmp_path: Path) -> None:
    styles = tmp_path / "assets" / "stylesheets"
    styles.mkdir(parents=True)
    (tmp_path / "assets" / "app.js").write_text('el.classList.add("md-aggiunta")')
    (styles / "main.0123abcd.min.css").write_text(
        ".md-usata{color:red}.md-blog,.md-usata b{margin:0}.md-aggiunta{top:0}"
        "@media print{.md-tags{display:none}}:root{--x:1}"
    )
    (styles / "main.0123abcd.min.css.map").write_text("{}")
    (styles / "palette.89abcdef.min.css").write_text(
        "[data-md-color-primary=indigo]{--p:1}[data-md-color-primary=red]{--p:2}"
        "@media screen{[data-md-color-scheme=slate][data-md-color-primary=red]{--q:1}}"
    )
    page = tmp_path / "index.html"
    page.write_text(
        '<link rel="stylesheet" href="assets/stylesheets/main.0123abcd.min.css">'
        '<link rel="stylesheet" href="assets/stylesheets/palette.89abcdef.min.css">'
        '<body data-md-color-primary="indigo" data-md-color-scheme="default">'
        '<p class="md-usata">'
    )

    renamed = slim_theme.slim(tmp_path)

    main = styles / Path(renamed["assets/stylesheets/main.0123abcd.min.css"]).name
    assert main.read_text() == (
        ".md-usata{color:red}.md-usata b{margin:0}.md-aggiunta{top:0}:root{--x:1}"
        "\n[data-md-color-primary=indigo]{--p:1}"
    )
    assert sorted(p.name for p in styles.iterdir()) == [main.name]
    assert page.read_text().count('rel="stylesheet"') == 1
    assert f'href="assets/stylesheets/{main.name}"' in page.read_text()


def test_folded_stylesheets_follow_materials_in_link_order_and_lose_their_links(
    tmp_path: Path,
) -> None:
    styles = tmp_path / "assets" / "stylesheets"
    (tmp_path / "assets" / "rete").mkdir(parents=True)
    styles.mkdir(parents=True)
    (styles / "main.0123abcd.min.css").write_text(":root{--x:1}")
    (styles / "palette.89abcdef.min.css").write_text(":root{--p:1}")
    (styles / "rete.css").write_text(".a{top:0}")
    (tmp_path / "assets" / "rete" / "sito.css").write_text(".a{top:1px}")
    folded = ["assets/stylesheets/rete.css", "assets/rete/sito.css"]
    head = (
        '  <link rel="stylesheet" href="../assets/stylesheets/main.0123abcd.min.css">\n'
        '  <link rel="stylesheet" href="../assets/stylesheets/palette.89abcdef.min.css">\n'
        '<link rel="stylesheet" href="../assets/stylesheets/rete.css">'
        '<link rel="stylesheet" href="../assets/rete/calcolatore.css">\n'
        '    <link rel="stylesheet" href="../assets/rete/sito.css">\n'
    )
    page = tmp_path / "calcolatore" / "index.html"
    page.parent.mkdir()
    page.write_text(head)
    missing = slim_theme.unlink_folded(
        '<link rel="stylesheet" href="/assets/rete/sito.css">', folded
    )
    assert missing == ""  # 404.html links from the site's root

    renamed = slim_theme.slim(tmp_path, folded)

    main = styles / Path(renamed["assets/stylesheets/main.0123abcd.min.css"]).name
    # the cascade of the five links, in one file: the later rule still wins
    assert main.read_text() == ":root{--x:1}\n:root{--p:1}\n.a{top:0}\n.a{top:1px}"
    assert page.read_text() == (
        f'  <link rel="stylesheet" href="../assets/stylesheets/{main.name}">\n'
        '  <link rel="stylesheet" href="../assets/rete/calcolatore.css">\n    '
    )
    assert sorted(p.name for p in (tmp_path / "assets").rglob("*.css")) == [main.name]
    # a page rendered again on its own (`rete serve`) gets the same single link
    rendered = slim_theme.on_post_page(head, config={"extra_css": ["assets/rete/sito.css"]})
    assert re.findall(r'href="([^"]+)"', rendered) == [
        "../assets/stylesheets/main.0123abcd.min.css",  # renamed by rebuild_pages
        "../assets/rete/calcolatore.css",
    ]


def test_the_built_site_links_its_purged_stylesheets(fixture_site: Path) -> None:
    styles = fixture_site / "assets" / "stylesheets"
    main = [p.name for p in styles.glob("main.*.min.css")]
    assert len(main) == 1
    css = (styles / main[0]).read_text()
    assert ".md-typeset" in css and ".md-tabs" not in css and ".md-post" not in css
    for page in fixture_site.rglob("*.html"):
        for href in re.findall(r'href="([^"]+\.css)"', page.read_text(encoding="utf-8")):
            # 404.html links from the site's root, being served at any address
            target = fixture_site / href.lstrip("/") if href.startswith("/") else page.parent / href
            assert target.resolve().is_file(), f"{page}: {href}"
    # one stylesheet before the first paint: Material's, with the palette, the overrides'
    # and extra_css folded in (a page may add its own, as the calculator does)
    pages = [
        p
        for p in fixture_site.rglob("*.html")
        if "scuola" not in p.relative_to(fixture_site).parts[:1]
    ]
    material = [p for p in pages if "stylesheets/main." in p.read_text(encoding="utf-8")]
    assert material
    for page in material:
        hrefs = re.findall(
            r'<link rel="stylesheet" href="([^"]+)"', page.read_text(encoding="utf-8")
        )
        assert [h for h in hrefs if "/stylesheets/" in h or "rete-site" in h] == [
            h for h in hrefs if "/stylesheets/main." in h
        ], f"{page}: {hrefs}"
        assert len([h for h in hrefs if "/stylesheets/main." in h]) == 1, page
    assert not (styles / "rete.css").exists() and not list(styles.glob("palette.*"))


def test_only_the_search_languages_lunr_files_are_kept(fixture_site: Path, tmp_path: Path) -> None:
    lunr = fixture_site / "assets" / "javascripts" / "lunr"
    assert sorted(p.name for p in lunr.rglob("*.js")) == [
        "lunr.it.min.js",
        "lunr.stemmer.support.min.js",
    ]
    names = [
        "min/lunr.it.min.js",
        "min/lunr.ja.min.js",
        "min/lunr.de.min.js",
        "min/lunr.multi.min.js",
        "min/lunr.stemmer.support.min.js",
        "tinyseg.js",
        "wordcut.js",
    ]
    for name in names:
        (tmp_path / "assets/javascripts/lunr" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "assets/javascripts/lunr" / name).write_text("")
    unused = slim_theme.unused_lunr_files(tmp_path, ["it", "ja"])
    assert sorted(p.name for p in unused) == ["lunr.de.min.js", "wordcut.js"]


def test_content_tables_are_wrapped_and_marked_at_build_time() -> None:
    """What Material's bundle does to every classless table at load (moving it into a
    scrolling wrapper, then laying the page out again), done once when the site is built."""
    html = (
        "<table><tr><td><table><tr><td>dentro</td></tr></table></td></tr></table>"
        '<table class="rete-tabella"><tr><td>a</td></tr></table>'
        '<TABLE id="t">x</TABLE>'
    )
    wrapped = slim_theme.wrap_tables(html)
    marked = f'<table class="{slim_theme.TABLE_CLASS}"'
    opening = (
        f'<div class="{slim_theme.SKIP_CLASS}"><div class="md-typeset__scrollwrap">'
        '<div class="md-typeset__table">'
    )
    assert wrapped.count(opening + marked) == 3
    assert wrapped.lower().count("</table></div></div></div>") == 3
    assert '<table class="rete-tabella"><tr><td>a</td></tr></table><div' in wrapped
    assert f'{marked} id="t">x</TABLE></div></div></div>' in wrapped
    assert slim_theme.wrap_tables(wrapped) == wrapped  # marked tables are left alone


def test_material_rules_follow_the_marked_tables_and_the_switching_rule_goes() -> None:
    css = (
        ".md-typeset table:not([class]) th{padding:0}"
        "[data-md-color-switching] *,[data-md-color-switching] :after{transition:none}"
        "@media screen{[data-md-color-switching] :before,.x{top:0}}"
    )
    out = slim_theme.drop_switching(slim_theme.restyle_tables(css))
    assert out == (
        f".md-typeset table.{slim_theme.TABLE_CLASS} th{{padding:0}}@media screen{{.x{{top:0}}}}"
    )


def test_the_built_site_ships_wrapped_tables_and_material_restyled(fixture_site: Path) -> None:
    pages = {p: p.read_text(encoding="utf-8") for p in fixture_site.rglob("*.html")}
    with_tables = [p for p, html in pages.items() if slim_theme.TABLE_CLASS in html]
    assert with_tables, "no page of the fixture site has a content table"
    skipped = f'class="{slim_theme.SKIP_CLASS}"'
    for page, html in pages.items():
        # every table has a class: Material's bundle moves none at load
        assert re.findall(r"<table(?![^>]*\bclass=)[^>]*>", html) == [], page
        # the class the browser may skip off screen wraps tables only (a paragraph with it
        # would be drawn at the estimated height first, then moved: a layout shift)
        assert html.count(skipped) == html.count(
            f'{skipped}><div class="md-typeset__scrollwrap">'
        ), page
    styles = fixture_site / "assets" / "stylesheets"
    main = next(styles.glob("main.*.min.css")).read_text(encoding="utf-8")
    assert f".md-typeset table.{slim_theme.TABLE_CLASS} td{{" in main
    # no rule depends on whether an element has a class attribute: changing any class
    # (Material's no-js -> js on <html>) would restyle the element's whole subtree
    assert "[class]" not in main
    # the palette and rete.css are folded into it
    assert "data-md-color-switching" not in main
    assert re.search(r"\.rete-tabella-blocco\s*\{[^}]*content-visibility:\s*auto", main)


def test_a_pages_classes_come_from_its_class_attributes_and_inline_scripts() -> None:
    html = (
        "<p class=\"md-usata  rete-x\">la nota admonition dice</p><svg class='rete-mappa'></svg>"
        '<script>el.classList.add("md-da-script")</script><span data-classe="md-dato">'
    )
    words = slim_theme.page_classes(html)
    assert {"md-usata", "rete-x", "rete-mappa", "md-da-script"} <= words
    # words of the prose, and attributes other than class, keep no rule alive
    assert not {"admonition", "nota", "md-dato"} & words


def test_pages_are_patched_in_place_with_the_new_name_wherever_it_stands(tmp_path: Path) -> None:
    styles = tmp_path / "assets" / "stylesheets"
    styles.mkdir(parents=True)
    (styles / "main.0123abcd.min.css").write_text(".md-usata{color:red}")
    head = '<head><title>Muggiò, città</title>\n<link rel="stylesheet" href="{}">\n</head>'
    body = "<body><p class='md-usata'>Il file «assets/stylesheets/main.0123abcd.min.css»</p>"
    pages = {
        "index.html": head.format("assets/stylesheets/main.0123abcd.min.css") + body,
        "a/b/index.html": head.format("../../assets/stylesheets/main.0123abcd.min.css") + body,
        "senza/index.html": "<head></head><body>nessun foglio di stile</body>",
    }
    for name, text in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")

    renamed = slim_theme.slim(tmp_path)

    new = renamed["assets/stylesheets/main.0123abcd.min.css"]
    assert new != "assets/stylesheets/main.0123abcd.min.css"
    for name, text in pages.items():  # as if every occurrence had been replaced
        expected = text.replace("assets/stylesheets/main.0123abcd.min.css", new)
        assert (tmp_path / name).read_text(encoding="utf-8") == expected


def test_classes_seen_while_building_count_without_reading_the_page_again(
    tmp_path: Path,
) -> None:
    styles = tmp_path / "assets" / "stylesheets"
    styles.mkdir(parents=True)
    (styles / "main.0123abcd.min.css").write_text(".md-vista{top:0}.md-letta{top:1}.md-mai{top:2}")
    link = '<head><link rel="stylesheet" href="assets/stylesheets/main.0123abcd.min.css"></head>'
    (tmp_path / "index.html").write_text(link + '<p class="md-letta">', encoding="utf-8")
    (tmp_path / "vista").mkdir()
    (tmp_path / "vista" / "index.html").write_text(link + "<p>", encoding="utf-8")
    seen = slim_theme.Seen()
    seen.add("vista/index.html", '<p class="md-vista">')  # as on_post_page saw it

    renamed = slim_theme.slim(tmp_path, seen=seen)

    main = styles / Path(renamed["assets/stylesheets/main.0123abcd.min.css"]).name
    assert main.read_text() == ".md-vista{top:0}.md-letta{top:1}"
    assert main.name in (tmp_path / "vista" / "index.html").read_text(encoding="utf-8")


def _page(body: str, features: str = '["content.code.copy"]') -> str:
    config = f'{{"features": {features}, "translations": {{"clipboard.copy": "Copia"}}}}'
    script = f'<script id="__config" type="application/json">{config}</script>'
    return f"{script}<article>{body}</article>"


def test_code_blocks_are_written_as_materials_bundle_mounts_them() -> None:
    page = _page(
        '<div class="language-yaml highlight"><pre><span></span><code>a: 1</code></pre></div>'
        '<div class="highlight no-copy"><pre><span></span><code>b</code></pre></div>'
    )
    html = slim_theme.code_blocks(page)
    assert re.findall(r"<pre\b[^>]*>.*?<code[^>]*>", html) == [
        '<pre id="__code_0" class="rete-codice"><span></span><span class="md-code__nav">'
        '<button class="md-code__button" title="Copia"'
        ' data-clipboard-target="#__code_0 &gt; code" data-md-type="copy"></button></span>'
        '<code tabindex="0">',
        '<pre id="__code_1" class="rete-codice"><span></span><code tabindex="0">',
    ]
    assert slim_theme.code_blocks(html) == html
    # without Material's copy feature: tab stops only
    bare = slim_theme.code_blocks(_page(page.split("<article>")[1], features="[]"))
    assert "md-code__button" not in bare and bare.count('<code tabindex="0">') == 2


def test_a_page_with_a_block_of_another_shape_is_left_to_material() -> None:
    page = _page(
        '<div class="highlight"><pre><span></span><code>a</code></pre></div>'
        '<div class="highlight"><pre class="x"><span></span><code>b</code></pre></div>'
    )
    assert slim_theme.code_blocks(page) == page
    assert slim_theme.code_blocks("<p>no code</p>") == "<p>no code</p>"


def test_materials_installed_bundle_is_patched_once(tmp_path: Path) -> None:
    from rete.school.script_load import PatchError

    spec = importlib.util.find_spec("material")
    assert spec is not None and spec.origin is not None
    shipped = Path(spec.origin).parent / "templates" / "assets" / "javascripts"
    bundle = next(shipped.glob("bundle.*.min.js"))
    scripts = tmp_path / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    copy = scripts / bundle.name
    copy.write_text(bundle.read_text(encoding="utf-8"), encoding="utf-8")
    (scripts / f"{bundle.name}.map").write_text("{}")

    slim_theme.patch_bundle(tmp_path)

    text = copy.read_text(encoding="utf-8")
    for old, new in slim_theme.BUNDLE_PATCHES:
        assert text.count(new) == 1 and old not in text
    assert "sourceMappingURL" not in text and not (scripts / f"{bundle.name}.map").exists()
    slim_theme.patch_bundle(tmp_path)  # a patched file is left as it is
    assert copy.read_text(encoding="utf-8") == text
    copy.write_text("/* another bundle */")
    with pytest.raises(PatchError, match="found 0 times"):
        slim_theme.patch_bundle(tmp_path)
