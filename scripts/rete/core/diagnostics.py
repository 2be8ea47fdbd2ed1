"""Problems found in records, printed like a compiler so editors can jump to the line.

Every check in the package reports through `Diagnostic`; nothing prints or raises on its own,
so one run can list all problems and the build can refuse to write a half-done site.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["errore", "avviso"]
KeyPath = tuple[str | int, ...]
"""Where a value sits in a record: keys and list indices (0-based), e.g. ("fonti", 0, "url")."""


def key_text(path: KeyPath) -> str:
    """fonti[1].consultato: lists are counted from 1, as editors count."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One located problem; `line` and `col` are 1-based as editors count them."""

    file: str
    line: int
    col: int
    key: str
    severity: Severity
    message: str

    def format(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.key}: {self.message}"


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "errore" for d in diagnostics)


def format_text(diagnostics: list[Diagnostic]) -> str:
    """All messages sorted by file and line, then a one-line summary in Italian."""
    lines = [d.format() for d in sorted(diagnostics)]
    errors = sum(d.severity == "errore" for d in diagnostics)
    warnings = len(diagnostics) - errors
    lines.append(f"{errors} {'errore' if errors == 1 else 'errori'}, "
                 f"{warnings} {'avviso' if warnings == 1 else 'avvisi'}")
    return "\n".join(lines)


def as_json(d: Diagnostic) -> dict[str, object]:
    """The keys tools expect: file, line, column, key, severity, message."""
    return {"file": d.file, "line": d.line, "column": d.col, "key": d.key,
            "severity": d.severity, "message": d.message}


def format_json(diagnostics: list[Diagnostic]) -> str:
    return json.dumps([as_json(d) for d in sorted(diagnostics)], ensure_ascii=False, indent=2)


class RecordError(Exception):
    """Raised by commands that cannot go on because the records have errors."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(format_text(diagnostics))
        self.diagnostics = diagnostics

    def __reduce__(self) -> tuple[type[RecordError], tuple[list[Diagnostic]]]:
        """Pickled with its diagnostics (a part of the build run in another process)."""
        return (RecordError, (self.diagnostics,))
