"""Seed the cache of Material for MkDocs' privacy plugin from node_modules.

Why: the privacy plugin self-hosts every external asset the theme refers to. Even on a
site with no external content, Material's JavaScript bundle names Mermaid on unpkg.com
(and the offline plugin adds the iframe-worker shim), so the plugin tries to download
them on every cold build. Offline that download fails, and `mkdocs build --strict`
aborts on the warning. The plugin never downloads a file that is already in its cache,
so we put the same files there from the npm packages pinned in package-lock.json
(installed by `npm ci`). Builds then need no network, and the site serves its own copies.

The plugin's cache directory (`cache_dir`, default `.cache/plugin/privacy`) is relative
to the current directory, not to mkdocs.yml: run mkdocs from the project root, which is
where this module seeds it.

Usage: `python -m rete.web.privacy_cache [PROJECT_ROOT]` (default: the current directory).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CACHE_DIR", "SEEDS", "CacheSeed", "seed_privacy_cache"]

#: The privacy plugin's default `cache_dir` joined with its default `assets_fetch_dir`.
CACHE_DIR = Path(".cache/plugin/privacy/assets/external")


@dataclass(frozen=True)
class CacheSeed:
    """One external URL of the theme and the npm file that stands in for it."""

    package: str
    """npm package under node_modules/."""
    major: int
    """Major version the URL pins (or that we vouch for when it pins none)."""
    source: str
    """File inside the package."""
    target: str
    """Path under CACHE_DIR where the plugin looks for the external file: the external
    URL without its scheme (the theme asks for the same path on unpkg)."""
    alias: str | None = None
    """For a URL without extension: the plugin saves `<path>.js` plus a symlink
    `<path>` -> `<path>.js`, and looks up the extensionless name."""


SEEDS: tuple[CacheSeed, ...] = (
    # Material's bundle loads Mermaid when a page has a diagram; without site_url the
    # privacy plugin also adds it to every page.
    CacheSeed(
        package="mermaid",
        major=11,
        source="dist/mermaid.min.js",
        target="unpkg.com/mermaid@11/dist/mermaid.min.js",
    ),
    # Added by Material's offline plugin as a polyfill for file:// browsing.
    CacheSeed(
        package="iframe-worker",
        major=1,
        source="shim/index.js",
        target="unpkg.com/iframe-worker/shim.js",
        alias="unpkg.com/iframe-worker/shim",
    ),
)


def _package_major(package_dir: Path) -> int:
    manifest = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    version = str(manifest["version"])
    return int(version.split(".", 1)[0])


def _same_content(a: Path, b: Path) -> bool:
    return b.is_file() and a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()


def seed_privacy_cache(project_root: Path) -> None:
    """Copy the theme's external scripts from node_modules into the privacy cache.

    Idempotent: files already identical are left alone. Raises FileNotFoundError when
    node_modules lacks a package (run `npm ci`, or `make node_modules`) and ValueError
    when an installed package has another major version than the URL it stands in for.
    """
    root = Path(project_root)
    cache = root / CACHE_DIR
    for seed in SEEDS:
        package_dir = root / "node_modules" / seed.package
        source = package_dir / seed.source
        if not source.is_file():
            raise FileNotFoundError(
                f"{source} is missing: run `npm ci` (or `make node_modules`) first; "
                f"it stands in for {seed.alias or seed.target} in the privacy plugin's cache"
            )
        major = _package_major(package_dir)
        if major != seed.major:
            raise ValueError(
                f"node_modules/{seed.package} is version {major}.x, but "
                f"{seed.alias or seed.target} needs {seed.major}.x: fix package.json"
            )
        target = cache / seed.target
        target.parent.mkdir(parents=True, exist_ok=True)
        if not _same_content(source, target):
            tmp = target.with_name(target.name + ".tmp")
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)
        if seed.alias is not None:
            _link_alias(cache / seed.alias, target)


def _link_alias(alias: Path, target: Path) -> None:
    """Make `alias` resolve to `target`, as the plugin does after a download."""
    if alias.is_symlink() and alias.resolve() == target.resolve():
        return
    if alias.is_symlink() or alias.is_file():
        alias.unlink()
    try:
        alias.symlink_to(target.name)
    except OSError:
        # No symlinks (e.g. some Windows set-ups): a copy also keeps the plugin offline.
        shutil.copyfile(target, alias)


def main(argv: list[str] | None = None) -> int:
    """Seed the cache under the given project root (default: current directory)."""
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path.cwd()
    seed_privacy_cache(root)
    for seed in SEEDS:
        print(f"privacy cache: {CACHE_DIR / seed.target} <- node_modules/{seed.package}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
