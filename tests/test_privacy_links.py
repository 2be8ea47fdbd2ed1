"""The privacy plugin's links rewritten once per distinct tag (`web.privacy_links`): the
page comes out as the plugin alone makes it."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
from mkdocs.config import load_config

from rete.web import privacy_links
from support import ROOT

PAGE = """<p><a href="https://example.org/a">A</a> e <a href="https://example.org/a">A</a>,
<a target="_blank" href="//example.org/b" rel="external">B</a> <A HREF="https://example.org/c">C</A>
<a href="../locale/">locale</a> <abbr title="x">y</abbr> <a class="x"
href="https://example.org/a">A su due righe</a> <a href="https://example.org/a">A</a></p>"""


def _plugin(docs: Path) -> tuple[Any, Any]:
    """The project's configuration (its docs folder need not be built: another is given)."""
    with contextlib.chdir(ROOT):
        config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(docs))
        config = config.plugins.on_config(config)
    return config, config.plugins.get("material/privacy") or config.plugins.get("privacy")


def test_pages_come_out_as_the_plugin_makes_them_with_each_link_rewritten_once(
        tmp_path: Path) -> None:
    config, plugin = _plugin(tmp_path)
    page = next(iter(config.plugins.values()))  # any object: links do not use it
    expected = plugin._parse_html(PAGE, page, config)
    assert 'rel="external noopener"' in expected  # the plugin does change links
    calls: list[str] = []
    original = plugin._parse_html

    def counting(output: str, initiator: Any, conf: Any) -> str:
        calls.append(output)
        return str(original(output, initiator, conf))

    plugin._parse_html = counting
    assert privacy_links.memoize_links(config)
    assert plugin._parse_html(PAGE, page, config) == expected
    assert plugin._parse_html(PAGE, page, config) == expected
    assert len(calls) == 4  # three distinct links and the one on two lines, once each
    assert not privacy_links.memoize_links(config)  # never wrapped twice


def test_another_expression_leaves_the_plugin_alone(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    config, plugin = _plugin(tmp_path)
    monkeypatch.setattr(privacy_links, "ASSET", privacy_links.ASSET.replace("image", "svg"))
    assert not privacy_links.memoize_links(config)
    assert not getattr(plugin._parse_html, "memoized", False)
