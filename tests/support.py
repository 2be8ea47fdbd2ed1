"""Paths and helpers shared by the tests (importable as `support`: tests/ is on pythonpath)."""

from __future__ import annotations

import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from rete.records.record_types import BY_NAME

FIXTURES = Path(__file__).parent / "fixtures"
RECORD_FOLDERS = {rtype.folder for rtype in BY_NAME.values()}
VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"
TODAY = date(2026, 12, 3)  # the day the newest records were checked


def place_fixture(fixture: Path, root: Path) -> Path:
    """Copy invalid/<folder>/<key>_<problem>.<ext> to <folder>/<key>-<problem>.<ext> in root.

    A course fixture, invalid/courses/<key>_<problem>.corso.yml, becomes the course folder
    courses/<key>-<problem>/corso.yml.

    Fixture names use underscores like the keys they break; record slugs allow only hyphens.
    A fixture whose file name is what it tests (a reserved slug such as `comuni`) sits in a
    folder named <key>_<problem> and is copied under its own name:
    invalid/content/pagine/slug_reserved/comuni.md becomes content/pagine/comuni.md.
    """
    rel = fixture.relative_to(INVALID)
    if "_" in fixture.parent.name and rel.parent.as_posix() not in RECORD_FOLDERS:
        # <key>_<problem>/<name>: the file's own name is what the fixture tests
        dest = root / rel.parent.parent / fixture.name
        shutil.copy(fixture, dest)
        return dest
    if fixture.name.endswith(".corso.yml"):  # a course is a folder: <key>-<problem>/corso.yml
        dest = root / rel.parent / fixture.name.removesuffix(".corso.yml").replace("_", "-")
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copy(fixture, dest / "corso.yml")
        return dest / "corso.yml"
    dest = root / rel.parent / (rel.stem.replace("_", "-") + rel.suffix)
    shutil.copy(fixture, dest)
    return dest


ROOT = Path(__file__).resolve().parents[1]


def make_buildable(root: Path) -> Path:
    """Give a fixture project what a build needs beside records: MkDocs config, theme
    overrides, the MkDocs hooks and the npm packages that seed the privacy plugin's cache."""
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", root / "overrides")
    # mkdocs.yml names its hooks by a path relative to itself (scripts/rete/web/...): link
    # that file alone. A whole scripts/ would make the fixture look like rete's own sources,
    # and the school would build the course zip's wheel from the fixture's pyproject.toml.
    hooks = root / "scripts/rete/web"
    hooks.mkdir(parents=True)
    (hooks / "mkdocs_hooks.py").symlink_to(ROOT / "scripts/rete/web/mkdocs_hooks.py")
    (root / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return root


class _Description(HTMLParser):
    """The content of a page's <meta name="description">, None when it has none."""

    def __init__(self) -> None:
        super().__init__()
        self.content: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "meta" and found.get("name") == "description":
            self.content = found.get("content") or ""


def meta_description(page: Path) -> str | None:
    parser = _Description()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.content
