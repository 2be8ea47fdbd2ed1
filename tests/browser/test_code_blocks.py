"""Code blocks of the site's pages (overrides/hooks/slim_theme.py, `code_blocks` and
`patch_bundle`): their copy button and tab stop are in the built HTML and Material's bundle
leaves them alone at load (it mounted each block: an id, a <nav> with the button, a size
watch; a quarter of its DOMContentLoaded task on /contribuire/), while the button copies as
Material's did. The tiny site is built with the project's mkdocs.yml (conftest)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

#: Records every change made inside a <pre> once the page is parsed (readyState
#: "interactive": before the deferred scripts run) until the test reads it.
WATCH_PRE = """
window.__preChanges = [];
document.addEventListener("readystatechange", function () {
  if (document.readyState !== "interactive") return;
  new MutationObserver(function (records) {
    records.forEach(function (r) {
      var target = r.target instanceof Element ? r.target : r.target.parentElement;
      if (target && target.closest("pre")) {
        window.__preChanges.push(r.type + ":" + (r.attributeName || target.tagName));
      }
    });
  }).observe(document, { subtree: true, childList: true, attributes: true });
});
"""


def test_the_built_blocks_carry_their_button_and_tab_stop(site_dir: Path) -> None:
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(r"<pre\b[^>]*>.*?</pre>", html, re.DOTALL)
    assert blocks
    for number, block in enumerate(blocks):
        assert block.startswith(f'<pre id="__code_{number}" class="rete-codice">'), block[:80]
        assert re.search(
            r'<span class="md-code__nav"><button class="md-code__button" title="Copia"'
            rf' data-clipboard-target="#__code_{number} &gt; code" data-md-type="copy">'
            r"</button></span><code tabindex=\"0\">",
            block,
        ), block[:300]


def test_materials_bundle_leaves_the_blocks_alone_and_the_button_copies(
    page: Any, site_url: str
) -> None:
    page.add_init_script(WATCH_PRE)
    page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/")
    )
    page.goto(site_url, wait_until="networkidle")
    # Material's bundle ran (it turns <html>'s no-js into js) and changed nothing in a block
    assert "js" in (page.locator("html").get_attribute("class") or "").split()
    assert page.evaluate("window.__preChanges") == []
    blocks = page.locator("pre > code")
    assert page.locator("pre button.md-code__button").count() == blocks.count() > 0
    # no landmark in a block (Material's <nav> was one; axe: landmark-unique)
    assert page.locator("pre nav").count() == 0
    # the button sits where Material's rules place it, on the block's top right corner
    button = page.locator("pre button.md-code__button").first.bounding_box()
    pre = page.locator("pre").first.bounding_box()
    assert button and pre and button["y"] < pre["y"] + 20
    assert pre["x"] + pre["width"] - 60 < button["x"] < pre["x"] + pre["width"]
    code = blocks.first
    code.focus()
    assert page.evaluate("document.activeElement.tagName") == "CODE"
    page.locator("pre button.md-code__button").first.click()
    page.locator(".md-dialog").get_by_text("Copiato").wait_for(state="visible")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == code.inner_text().strip() and "def area" in copied


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_blocks_pass_axe_in_both_themes(
    page: Any, site_url: str, axe_violations: Callable[..., Any], scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url, wait_until="networkidle")
    assert page.locator("pre.rete-codice button.md-code__button").count() > 0
    violations = axe_violations(page, impacts=("minor", "moderate", "serious", "critical"))
    assert not violations, repr(violations)
