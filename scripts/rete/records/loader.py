"""Read record files into plain data plus the position of every value.

Reading is separate from checking so that the validator, the site build, the school build and
the tests all see the same data the same way, and so that a file that cannot be read is a
located problem like any other.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rete.records import yaml_positions as yamlpos
from rete.records.record_types import BY_NAME, COURSE_FILE, RECORD_TYPES, RecordType
from rete.records.yaml_positions import Positions, YamlProblem, split_front_matter


@dataclass
class RawRecord:
    """One file as read: data may be None when the YAML could not be parsed."""

    type: RecordType
    path: Path
    rel: str  # posix path relative to the project root, as shown in messages
    data: Any
    positions: Positions
    problems: list[YamlProblem] = field(default_factory=list)
    body: str = ""
    body_line: int = 1  # line of the file where the Markdown body starts

    @property
    def stem(self) -> str:
        return self.type.stem(self.path)


def read_record(rtype: RecordType, path: Path, root: Path) -> RawRecord:
    """One file as data; what cannot be read (too large, not UTF-8, bad YAML) is a problem."""
    rel = path.relative_to(root).as_posix()
    too_big = yamlpos.size_problem(path.stat().st_size)  # decided before reading a byte
    if too_big is not None:
        return RawRecord(rtype, path, rel, None, Positions(), [too_big])
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problem = YamlProblem(1, 1, f"il file non è in UTF-8 (byte {exc.start}): salvalo in UTF-8")
        return RawRecord(rtype, path, rel, None, Positions(), [problem])
    if text.startswith("\ufeff"):
        text = text[1:]
    if rtype.suffix == ".md":
        front, body, body_line = split_front_matter(text)
        if front is None:
            problem = YamlProblem(1, 1, "manca l'intestazione YAML tra due righe '---' in cima")
            return RawRecord(rtype, path, rel, None, Positions(), [problem], text, 1)
        data, pos, problems = yamlpos.load(front, line_offset=1, file=path)
        return RawRecord(rtype, path, rel, data, pos, problems, body, body_line)
    data, pos, problems = yamlpos.load(text, file=path)
    return RawRecord(rtype, path, rel, data, pos, problems)


def record_files(root: Path) -> Iterator[tuple[RecordType, Path | None, Path]]:
    """(type, record file or None, path) for every file in a record folder, in stable order.

    A file that does not belong (say comuni/seveso.yaml) comes back with None, to be reported.
    """
    for rtype in RECORD_TYPES:
        folder = root / rtype.folder
        if not folder.is_dir() or rtype.name == "modulo":  # modules: walked with their course
            continue
        if rtype.layout == "course":
            yield from _course_files(folder)
            continue
        for path in sorted(folder.iterdir()):
            if not path.is_file() or path.name.startswith(".") or path.name == "README.md":
                continue
            if path.suffix == rtype.suffix:
                yield rtype, path, path
            elif path.suffix not in rtype.other_files:
                yield rtype, None, path


def _course_files(folder: Path) -> Iterator[tuple[RecordType, Path | None, Path]]:
    """courses/<corso>/corso.yml, the module records beside it; deeper folders hold data."""
    course, module = BY_NAME["corso"], BY_NAME["modulo"]
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name == "README.md":
            continue
        if path.is_file():
            yield course, None, path
            continue
        for inner in sorted(path.iterdir()):
            if not inner.is_file() or inner.name.startswith("."):
                continue
            if inner.name == COURSE_FILE:
                yield course, inner, inner
            elif inner.suffix == module.suffix:
                yield module, inner, inner
            elif inner.suffix not in module.other_files:
                yield module, None, inner


def read_all(root: Path) -> tuple[list[RawRecord], list[tuple[RecordType, str]]]:
    """All records, and the stray files (type, relative path) found in record folders."""
    records: list[RawRecord] = []
    strays: list[tuple[RecordType, str]] = []
    for rtype, record, path in record_files(root):
        if record is None:
            strays.append((rtype, path.relative_to(root).as_posix()))
        else:
            records.append(read_record(rtype, record, root))
    return records, strays
