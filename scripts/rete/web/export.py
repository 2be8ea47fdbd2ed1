"""`rete export`: the open data files of /dati/, written to a folder of the editor's choice.

The target is replaced as a whole, so it must be a folder this command wrote before (it
carries a marker file) or a new or empty one: never the project, a record folder or any
other folder that happens to exist.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

from rete.core.diagnostics import RecordError, has_errors
from rete.core.settings import load_settings
from rete.records.validate import validate
from rete.web import opendata
from rete.web.view import SiteView

MARKER = ".rete-export"


class ExportError(Exception):
    """The export cannot be written where asked; the message says why, in Italian."""


def _check_target(root: Path, target: Path) -> None:
    if target == root or root.is_relative_to(target):
        raise ExportError(f"{target} contiene il progetto: scegli una cartella nuova")
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target} è un file, non una cartella")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise ExportError(f"{target} esiste e non è un'esportazione precedente: scegli una "
                          "cartella nuova o vuota (il contenuto verrebbe sostituito)")


def export(root: Path, target: Path, today: date | None = None) -> list[str]:
    """Write into a temporary folder first: a failed export leaves `target` untouched."""
    root = root.resolve()
    target = (target if target.is_absolute() else Path.cwd() / target).resolve()
    _check_target(root, target)
    corpus = validate(root, today)
    if has_errors(corpus.diagnostics):
        raise RecordError(corpus.diagnostics)
    view = SiteView(corpus, load_settings(root))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
            staging = Path(tmp) / "dati"
            written = opendata.write(view, staging)
            (staging / MARKER).write_text("Scritto da `rete export`: il comando può "
                                          "sostituire questa cartella.\n", encoding="utf-8")
            if target.exists():
                shutil.rmtree(target)
            staging.rename(target)
    except OSError as exc:
        raise ExportError(f"non riesco a scrivere in {target}: {exc.strerror or exc}") from None
    return written
