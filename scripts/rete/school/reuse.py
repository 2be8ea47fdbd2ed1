"""The school's pages of its last build, reused while nothing they are made from changed.

With every notebook already in jupyter-cache, building the school still takes Sphinx 4 to
6 s of processor time (imports, its environment, writing, the downloads) for the same
pages: `rete build` after `rete school`, or one build after another, did it all again,
beside MkDocs and on the same two cores. What the school is made from: the courses'
folders (records, notebooks, data), this package's sources and the project's settings,
the notebooks' lock file, the scripts from npm and the versions of the packages that
build it. While their fingerprint is the one of the last successful build, its files are
copied back instead.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import shutil
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

import rete

KEPT = "school-ultima"
"""In the work folder: the files of the last build (`scuola/`) and their fingerprint."""

BOOK_LEFT_OUT = ("index.html", ".buildinfo", ".doctrees", "*.map", "reports", "*-macros.html")
"""What of Sphinx's output never reaches the site (see `book.build_school`)."""

BUILDERS = ("jupyter-book", "sphinx", "myst-nb", "myst-parser", "sphinx-book-theme",
            "pydata-sphinx-theme", "nbconvert", "nbformat", "jupyter-cache", "ipywidgets",
            "pygments", "docutils")

_SKIPPED = frozenset({"__pycache__", ".ipynb_checkpoints", ".pytest_cache"})


def _files(folder: Path) -> Iterable[Path]:
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not _SKIPPED.intersection(path.parts):
                yield path


def fingerprint(root: Path, inputs: Iterable[Path], site_name: str) -> str:
    """What the school is built from, as one digest: `inputs` are files the caller reads
    (the scripts from npm, the lock file), beside the courses and the package's sources."""
    package = Path(rete.__file__).resolve().parent
    files = [*_files(root / "courses"), *_files(package), *_files(root / "scripts"),
             *(p for p in (root / "pyproject.toml", *inputs) if p.is_file())]
    sha = hashlib.sha256(site_name.encode())
    for name in BUILDERS:
        try:
            sha.update(f"\0{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            sha.update(f"\0{name}=-".encode())
    for path in files:
        sha.update(b"\0" + str(path).encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return sha.hexdigest()


def book_files(html: Path) -> list[str]:
    """The files `shutil.copytree(html, …, ignore=ignore_patterns(*BOOK_LEFT_OUT))` copies."""
    out = []
    for folder, dirs, names in os.walk(html):
        dirs[:] = sorted(d for d in dirs
                         if not any(fnmatch.fnmatch(d, p) for p in BOOK_LEFT_OUT))
        base = Path(folder).relative_to(html)
        out += [(base / n).as_posix() for n in sorted(names)
                if not any(fnmatch.fnmatch(n, p) for p in BOOK_LEFT_OUT)]
    return out


def keep(work: Path, key: str, out: Path, written: Iterable[str]) -> None:
    """Keep the files a successful build wrote into `out` (relative paths), under `key`."""
    kept = work / KEPT
    shutil.rmtree(kept, ignore_errors=True)
    for rel in written:
        target = kept / "scuola" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out / rel, target)
    (kept / "chiave").write_text(key, encoding="utf-8")  # last: a half copy has no key


def restore(work: Path, key: str, out: Path) -> list[str] | None:
    """Copy the kept files into `out` if they were built from `key`; the relative paths
    copied, or None (nothing kept, or kept from other inputs)."""
    kept = work / KEPT
    stamp = kept / "chiave"
    if not stamp.is_file() or stamp.read_text(encoding="utf-8") != key:
        return None
    files = [p.relative_to(kept / "scuola").as_posix() for p in _files(kept / "scuola")]
    for rel in files:
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(kept / "scuola" / rel, target)
    return files
