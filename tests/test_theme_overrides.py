"""Copies of Material templates in overrides/ stay Material's file plus the documented
changes: an upgrade of Material fails here until each copy is refreshed, instead of
silently serving an old template with a new bundle."""

from __future__ import annotations

import importlib.util
import re
from importlib.metadata import version
from pathlib import Path

import pytest

from support import ROOT

_SPEC = importlib.util.find_spec("material")
assert _SPEC is not None and _SPEC.origin is not None
MATERIAL = Path(_SPEC.origin).parent / "templates"
MATERIAL_VERSION = version("mkdocs-material")
COMMENT = re.compile(r"\A\{#-.*?-#\}\n", re.DOTALL)
_BASE = (MATERIAL / "base.html").read_text(encoding="utf-8")
#: Material's fonts block (Google Fonts links): emptied in our copy, no third-party request.
FONTS_BLOCK = re.search(r"\{% block fonts %\}.*?\{% endblock %\}", _BASE, re.DOTALL).group(0)  # type: ignore[union-attr]

#: override -> (Material version it mirrors, [(Material's text, our text)]).
COPIES = {
    "base.html": ("9.8.2", [
        ('id="__drawer" autocomplete="off">', 'id="__drawer">'),
        ('id="__search" autocomplete="off">', 'id="__search">'),
        (FONTS_BLOCK, "{% block fonts %}{% endblock %}"),
    ]),
    "partials/toc.html": ("9.8.2", [
        ('<label class="md-nav__title" for="__toc">',
         '<label class="md-nav__title"{% if nav and page in nav.pages %} for="__toc"{% endif %}>'),
    ]),
}


@pytest.mark.parametrize("name", sorted(COPIES))
def test_override_is_material_plus_documented_changes(name: str) -> None:
    mirrored, changes = COPIES[name]
    ours = (ROOT / "overrides" / name).read_text(encoding="utf-8")
    assert f"Material for MkDocs {mirrored} templates/{name}" in ours
    assert mirrored == MATERIAL_VERSION, (
        f"Material is {MATERIAL_VERSION}: refresh overrides/{name} from its templates/{name}, "
        "re-apply the changes listed in its comment, then update COPIES")
    expected = COMMENT.sub("", (MATERIAL / name).read_text(encoding="utf-8"))
    for before, after in changes:
        assert expected.count(before) == 1, f"{name}: Material no longer has {before!r}"
        expected = expected.replace(before, after)
    assert COMMENT.sub("", ours) == expected


def test_no_tracked_template_links_a_third_party_font_or_cdn() -> None:
    """Pages make no third-party request: no override may link Google Fonts or a CDN."""
    third_party = re.compile(r"fonts\.(googleapis|gstatic)\.com|cdn\.jsdelivr|unpkg\.com|cdnjs")
    for path in (ROOT / "overrides").rglob("*.html"):
        assert not third_party.search(path.read_text(encoding="utf-8")), path

