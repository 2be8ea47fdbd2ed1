"""Project root and the few settings editors may change, read from pyproject.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    root: Path
    git_host_edit_url: str = ""  # empty: pages carry no "modifica questa scheda" link
    site_url: str = "http://127.0.0.1:8000/"  # absolute URLs of the sitemap and the feed


def is_project(folder: Path) -> bool:
    candidate = folder / "pyproject.toml"
    return candidate.is_file() and "[tool.rete]" in candidate.read_text(encoding="utf-8")


def find_root(start: Path | None = None) -> Path:
    """The nearest folder upwards that has a pyproject.toml with a [tool.rete] table."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_project(folder):
            return folder
    return here


def load_settings(root: Path) -> Settings:
    pyproject = root / "pyproject.toml"
    table: dict[str, object] = {}
    if pyproject.is_file():
        table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("rete", {})
    url = table.get("git_host_edit_url", "")
    site_url = str(table.get("site_url") or Settings.site_url)
    return Settings(root=root, git_host_edit_url=str(url or ""), site_url=site_url)
