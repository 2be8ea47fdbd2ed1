"""`rete export`: the open data files of /dati/, written to a folder of the editor's choice."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

from rete.diagnostics import RecordError, has_errors
from rete.settings import load_settings
from rete.validate import validate
from rete.web import opendata
from rete.web.view import SiteView


def export(root: Path, target: Path, today: date | None = None) -> list[str]:
    """Write into a temporary folder first: a failed export leaves `target` untouched."""
    corpus = validate(root, today)
    if has_errors(corpus.diagnostics):
        raise RecordError(corpus.diagnostics)
    view = SiteView(corpus, load_settings(root))
    target = target if target.is_absolute() else Path.cwd() / target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        written = opendata.write(view, Path(tmp) / "dati")
        if target.exists():
            shutil.rmtree(target)
        (Path(tmp) / "dati").rename(target)
    return written
