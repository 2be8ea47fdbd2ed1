"""The Scuola's pages in headless Chromium: the repository's real courses, built by
jupyter-book inside the site build (as `rete build` does), offline, accessible in both
themes, usable with the keyboard and light.

Pages: every module page scuola/<corso>/<modulo>.html, the book's home scuola/corsi.html,
scuola/stato.html, the search page, and the site's catalogue scuola/index.html (a MkDocs
page). The book's pages use pydata-sphinx-theme (light/dark through its theme switcher,
html[data-theme]); the catalogue uses Material (its palette toggle).

Decisions this module checks:

- Maths is rendered at build time into MathML (rete.school.sphinx_slim registers the
  renderer; Chromium, Firefox and Safari lay MathML out natively), so a maths page loads no
  maths script and no maths font: MathJax 3 (es5/tex-chtml.js alone is 1.16 MB) would take
  a module page over its 500 KB budget. The repository's courses have no formula yet, so
  `TestMaths` builds the fixture course with some.
- Widgets: @jupyter-widgets/html-manager's embed-amd.js is 4.4 MB (4,377,864 bytes, plus
  require.js 86 KB). Decision: a module page with widgets does not load it. It shows the
  notebook's executed output (the static chart) and, before the first widget, a note with a
  button that loads on explicit demand the widgets' saved state (moved out of the page into
  <modulo>.widget-state.json, 79 KB for fattore-famiglia) and the two scripts. So widget
  pages are NOT exempt from the 500 KB budget (fattore-famiglia: about 425 KB at load, about
  4.5 MB more on demand); `test_widgets_load_on_demand` checks that the bundle comes from
  the site itself, that the widgets then render and pass axe in both themes. Without a kernel
  the saved controls cannot recompute Python (interactive_output): the note says so and
  points to the notebook in the catalogue.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from rete.records.validate import validate
from rete.school.book import SchoolResult, build_school, published_courses
from rete.web.build import build
from support import ROOT, TODAY, VALID, make_buildable

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WEIGHT_LIMIT = 500 * 1024  # bytes a module page may transfer, uncompressed
WIDGET_VIEW = 'type="application/vnd.jupyter.widget-view+json"'
CATALOGUE = "scuola/index.html"
BOOK_PAGES = {"corsi": "scuola/corsi.html", "stato": "scuola/stato.html",
              "cerca": "scuola/search.html?q=famiglia"}
# Elements that make the browser load their URL, and the attributes holding it.
LOADING_ATTRIBUTES = {"script": ("src",), "img": ("src", "srcset"), "iframe": ("src",),
                      "source": ("src", "srcset"), "audio": ("src",), "video": ("src", "poster"),
                      "track": ("src",), "embed": ("src",), "object": ("data",),
                      "input": ("src",)}
LOADING_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "icon", "shortcut",
                "apple-touch-icon", "mask-icon", "manifest", "preconnect", "dns-prefetch"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")
NO_TRANSITIONS = "*,*::before,*::after{transition:none!important;animation:none!important}"


def _module_pages() -> list[str]:
    """scuola/<corso>/<modulo>.html of every published module, from the records."""
    corpus = validate(ROOT, today=TODAY)
    return [f"scuola/{c.course.slug}/{m.slug}.html"
            for c in published_courses(corpus) for m, _ in c.modules]


MODULE_PAGES = _module_pages()


@dataclass
class School:
    site: Path
    result: SchoolResult

    def html(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")

    @property
    def widget_pages(self) -> list[str]:
        return [p for p in MODULE_PAGES if WIDGET_VIEW in self.html(p)]


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> School:
    """The repository's site with the school, built once for this module."""
    scratch = tmp_path_factory.mktemp("repo-school")
    # `rete build` may build the school in a forked process (web/build): its result comes
    # back through a file.
    written = scratch / "school-result.json"

    def extra(corpus, site: Path, work: Path) -> None:  # type: ignore[no-untyped-def]
        written.write_text(json.dumps(asdict(build_school(ROOT, corpus, site / "scuola",
                                                          work))), encoding="utf-8")

    site = build(ROOT, today=TODAY, site=scratch / "site", work=scratch / "work",
                 extra=extra).site
    return School(site, SchoolResult(**json.loads(written.read_text(encoding="utf-8"))))


@pytest.fixture(scope="module")
def site_dir(school: School) -> Path:
    return school.site


# --- helpers --------------------------------------------------------------------------


def _open(page: Any, url: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.status == 200, url
    assert page.locator("html").get_attribute("lang") == "it"
    page.add_style_tag(content=NO_TRANSITIONS)  # axe must read final colours, not a fade


def _book_theme(page: Any, theme: str) -> None:
    """Choose `theme` with pydata-sphinx-theme's switcher (it cycles auto/dark/light)."""
    page.emulate_media(color_scheme=theme)
    button = page.locator(".theme-switch-button:visible").first
    for _ in range(4):
        if page.evaluate("document.documentElement.dataset.mode") == theme:
            break
        button.click()
    assert page.evaluate("document.documentElement.dataset.theme") == theme


def _material_theme(page: Any, theme: str) -> None:
    """Choose `theme` with Material's palette toggle (light = default, dark = slate)."""
    scheme = {"light": "default", "dark": "slate"}[theme]
    for _ in range(3):
        if page.locator("body").get_attribute("data-md-color-scheme") == scheme:
            break
        page.locator("form[data-md-component=palette] label:visible").first.click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == scheme


def _tab_to(page: Any, selector: str, presses: int = 400) -> None:
    """Press Tab until the focused element matches `selector` (bounded)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
    pytest.fail(f"{selector} is not reachable with Tab")


def _assert_weight(page_weight: Callable[[str], Any], request_guard: Any, url: str,
                   name: str) -> int:
    weight = page_weight(url)
    # page_weight leaves out search engine files: a book page other than search.html
    # must load none, so its figure counts every response body the page loaded.
    assert not [u for u in request_guard.requests if "search" in urlsplit(u).path], name
    print(f"\n{name}: {weight.raw_without_search} B uncompressed "
          f"({weight.responses} responses), {weight.gzip_without_index} B gzip")
    assert weight.raw_without_search < WEIGHT_LIMIT, name
    raw: int = weight.raw_without_search
    return raw


# --- every page offline and accessible --------------------------------------------------


@pytest.mark.parametrize("path", [*MODULE_PAGES, *sorted(BOOK_PAGES.values())])
def test_book_page_is_offline_and_accessible(path: str, page: Any, site_url: str,
                                             request_guard: Any,
                                             axe_violations: Callable[..., Any]) -> None:
    _open(page, site_url + path)
    if "search.html" in path:  # the results are part of the page to check
        page.locator("#search-results li").first.wait_for(state="visible")
    for theme in ("light", "dark"):
        _book_theme(page, theme)
        violations = axe_violations(page, impacts=("serious", "critical"))
        assert not violations, f"{path} ({theme}): {violations!r}"
    request_guard.assert_clean()


def test_catalogue_is_offline_and_accessible(page: Any, site_url: str, request_guard: Any,
                                             axe_violations: Callable[..., Any]) -> None:
    _open(page, site_url + CATALOGUE)
    for theme in ("light", "dark"):
        _material_theme(page, theme)
        violations = axe_violations(page, impacts=("serious", "critical"))
        assert not violations, f"{CATALOGUE} ({theme}): {violations!r}"
    request_guard.assert_clean()


def test_catalogue_links_every_module_page_and_every_link_resolves(
        page: Any, site_url: str) -> None:
    url = site_url + CATALOGUE
    _open(page, url)
    hrefs: list[str] = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
    local = sorted({h.split("#")[0] for h in hrefs if h.startswith(site_url)})
    for module in MODULE_PAGES:
        assert site_url + module in local, f"the catalogue does not link {module}"
    broken = []
    for link in local:
        status = page.request.get(link).status
        if status != 200:
            broken.append(f"{link}: {status}")
    assert not broken, "links of the catalogue that do not resolve:\n  " + "\n  ".join(broken)


# --- keyboard -------------------------------------------------------------------------


@pytest.mark.parametrize("path", [*MODULE_PAGES[:1], "scuola/corsi.html"])
def test_tab_reaches_main_content_and_the_way_back(path: str, page: Any,
                                                   site_url: str) -> None:
    _open(page, site_url + path)
    page.keyboard.press("Tab")  # first stop: the skip link, which leads into <main>
    assert page.evaluate("document.activeElement.closest('.skip-link') !== null")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    page.keyboard.press("Shift+Tab")
    _tab_to(page, "a.rete-torna")
    assert page.locator("a.rete-torna").inner_text().strip().endswith("Torna al sito")
    _tab_to(page, "#main-content article a, #main-content .bd-article a")


def test_solution_opens_and_closes_with_the_keyboard(page: Any, site_url: str,
                                                     school: School) -> None:
    with_solution = [p for p in MODULE_PAGES if "tag_soluzione" in school.html(p)]
    assert with_solution, "no module page has a solution cell"
    _open(page, site_url + with_solution[0])
    details = page.locator(".tag_soluzione details").first
    code = details.locator(".cell_input")
    assert details.get_attribute("open") is None and not code.is_visible()
    _tab_to(page, ".tag_soluzione details > summary")
    page.keyboard.press("Enter")
    assert details.get_attribute("open") is not None and code.is_visible()
    page.keyboard.press("Space")
    assert details.get_attribute("open") is None


_TAB_STOPS_SETTLED = """() => [...document.querySelectorAll("div.highlight pre")]
  .filter(e => !e.closest("details:not([open])"))
  .every(e => e.tabIndex === (e.scrollWidth > e.clientWidth ? 0 : -1))"""


def test_code_blocks_copy_and_scroll_with_the_keyboard(page: Any, site_url: str,
                                                       school: School) -> None:
    """The copy buttons and tab stops of code blocks are written at build time and the
    theme's scripts adjust them later (rete.school.script_load): still one button per
    block, which copies it; a block that scrolls is a tab stop, one that does not is not
    (at 1280 px a module has both); the header's tooltips still show when pointed at."""
    with_code = [p for p in MODULE_PAGES if '<div class="highlight">' in school.html(p)]
    assert with_code, "no module page shows code"
    page.context.grant_permissions(["clipboard-read", "clipboard-write"],
                                   origin=site_url.rstrip("/"))
    _open(page, site_url + with_code[0])
    blocks = page.locator("div.highlight pre")
    assert page.locator("button.copybtn").count() == blocks.count() > 0
    page.wait_for_function(_TAB_STOPS_SETTLED)
    stops = page.eval_on_selector_all(
        "div.highlight pre", "ps => ps.filter(e => !e.closest('details:not([open])'))"
                             ".map(e => e.tabIndex)")
    assert 0 in stops and -1 in stops, stops
    block = page.locator("div.highlight:visible").first
    block.hover()
    block.locator("button.copybtn").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == block.locator("pre").inner_text().strip()
    button = page.locator('[data-bs-toggle="tooltip"]:visible').first
    button.hover()
    tooltip = page.locator(".tooltip[role=tooltip]")
    tooltip.wait_for(state="visible")
    label = button.get_attribute("data-bs-original-title") or button.get_attribute("title")
    assert tooltip.inner_text().strip() == (label or "").strip()


# --- weight ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", [*MODULE_PAGES, "scuola/corsi.html", "scuola/stato.html"])
def test_page_transfers_under_500_kb(path: str, page_weight: Callable[[str], Any],
                                     request_guard: Any, site_url: str) -> None:
    _assert_weight(page_weight, request_guard, site_url + path, path)


def test_widgets_load_on_demand(page: Any, site_url: str, school: School,
                                request_guard: Any, axe_violations: Callable[..., Any]) -> None:
    """A widget page shows a note and a button; state and bundle load only on request."""
    if not school.widget_pages:
        pytest.skip("no module page has widgets")
    loaded: dict[str, tuple[int, int]] = {}
    page.on("response", lambda r: loaded.__setitem__(r.url, (r.status, len(r.body()))))
    _open(page, site_url + school.widget_pages[0])
    at_load = dict(loaded)
    assert not [u for u in at_load if "embed-amd" in u or "require.js" in u
                or "widget-state" in u]
    _tab_to(page, "button.rete-widget-attiva")
    page.keyboard.press("Enter")
    page.locator(".jupyter-widgets").first.wait_for(state="visible")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.activeElement.matches('.rete-widget-nota')")
    on_demand = {u: v for u, v in loaded.items() if u not in at_load}
    assert any("embed-amd" in u for u in on_demand) and any("widget-state" in u
                                                             for u in on_demand)
    assert not [u for u, (status, _) in loaded.items() if status >= 400]
    print(f"\n{school.widget_pages[0]}: {sum(n for _, n in at_load.values())} B at load; "
          f"{sum(n for _, n in on_demand.values())} B more on demand")
    for theme in ("light", "dark"):
        _book_theme(page, theme)
        violations = axe_violations(page, impacts=("serious", "critical"))
        assert not violations, f"widgets ({theme}): {violations!r}"
    request_guard.assert_clean()


# --- no third-party URL in the built school ---------------------------------------------


class _LoadedUrls(HTMLParser):
    """URLs an HTML page makes the browser load (not links it merely shows)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for name in LOADING_ATTRIBUTES.get(tag, ()):
            if name in values:
                self.urls += [part.split()[0] for part in values[name].split(",")
                              if part.strip()] if name == "srcset" else [values[name]]
        if tag == "link" and LOADING_RELS & set(values.get("rel", "").lower().split()):
            self.urls.append(values.get("href", ""))
        for name in ("data-jupyter-widgets-cdn", "style"):
            if name in values:
                self.urls += _css_urls(values[name]) if name == "style" else [values[name]]
        self._style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._style:
            self.urls += _css_urls(data)

    def handle_endtag(self, tag: str) -> None:
        self._style = False


def _css_urls(css: str) -> list[str]:
    return [a or b for a, b in CSS_URL.findall(css)]


def _third_party(url: str) -> bool:
    return url.strip().lower().startswith(("http:", "https:", "//"))


def test_no_page_of_the_built_school_loads_a_third_party_url(school: School) -> None:
    folder = school.site / "scuola"
    found, seen = [], {}
    for html in sorted(folder.rglob("*.html")):
        parser = _LoadedUrls()
        parser.feed(html.read_text(encoding="utf-8", errors="replace"))
        seen[html.relative_to(folder.parent).as_posix()] = len(parser.urls)
        found += [f"{html.relative_to(folder)}: {u}" for u in parser.urls if _third_party(u)]
    # the parser sees them (the catalogue, a site page, links one stylesheet and a few scripts)
    assert all(seen[p] >= 3 for p in [*MODULE_PAGES, CATALOGUE]), seen
    for css in sorted(folder.rglob("*.css")):
        urls = _css_urls(css.read_text(encoding="utf-8", errors="replace"))
        found += [f"{css.relative_to(folder)}: {u}" for u in urls if _third_party(u)]
    assert not found, "third-party URLs loaded by the school:\n  " + "\n  ".join(found)
    assert len(school.result.pages) == len(MODULE_PAGES)


# --- maths: rendered at build time ------------------------------------------------------

MATHS = r"""
## Formule

La tariffa lineare è
$T(I) = T_{\min} + \frac{I - I_{\min}}{I_{\max} - I_{\min}}\,(T_{\max} - T_{\min})$
per $I_{\min} \le I \le I_{\max}$.

$$
S = \sum_{i=1}^{n} p_i \qquad \text{ISEE} = \frac{\text{ISE}}{S}
$$

```{code-cell} ipython3
from IPython.display import Math

Math(r"\sqrt{x^2 + 1}")
```
"""


class TestMaths:
    """The fixture course with formulae (inline, display, a cell's LaTeX output)."""

    page_path = "scuola-prova/introduzione.html"

    @pytest.fixture(scope="class")
    def site_dir(self, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
        base = tmp_path_factory.mktemp("scuola-formule")
        root = make_buildable(shutil.copytree(VALID, base / "progetto"))
        notebook = root / "courses" / "scuola-prova" / "introduzione.md"
        notebook.write_text(notebook.read_text(encoding="utf-8") + MATHS, encoding="utf-8")
        out = base / "scuola"
        build_school(root, validate(root, today=TODAY), out, base / "work")
        yield out

    def test_formulae_render_as_mathml_without_scripts(
            self, page: Any, site_url: str, request_guard: Any, site_dir: Path,
            page_weight: Callable[[str], Any], axe_violations: Callable[..., Any]) -> None:
        html = (site_dir / self.page_path).read_text(encoding="utf-8")
        assert "<math" in html
        assert not re.search(r"<script[^>]*mathjax|window\.MathJax", html, re.IGNORECASE)
        raw = _assert_weight(page_weight, request_guard, site_url + self.page_path,
                             "maths page")
        assert raw < WEIGHT_LIMIT
        page.add_style_tag(content=NO_TRANSITIONS)
        formulae = page.locator("math")
        assert formulae.count() == 4  # two inline, one displayed, one cell output
        assert page.locator("math[display=block]").count() == 2
        for i in range(formulae.count()):
            box = formulae.nth(i).bounding_box()
            assert box is not None and box["width"] > 0 and box["height"] > 0
        # Laid out as maths: a fraction's numerator sits above its denominator.
        numerator, denominator = (page.locator("mfrac").first.locator(":scope > *").nth(i)
                                  .bounding_box() for i in (0, 1))
        assert numerator is not None and denominator is not None
        assert numerator["y"] + numerator["height"] <= denominator["y"] + 1
        assert not [u for u in request_guard.requests if "mathjax" in u.lower()]
        for theme in ("light", "dark"):
            _book_theme(page, theme)
            violations = axe_violations(page, impacts=("serious", "critical"))
            assert not violations, f"maths ({theme}): {violations!r}"

