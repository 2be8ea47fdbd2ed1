"""The one validator: schema and single-record rules per file, then the corpus-wide checks.

The CLI (`rete check`), the site build, the school build and the tests all call `validate`,
so an editor sees the same message wherever a record is used. Large corpora are checked on
every core; what travels back from the workers is a small `Summary` per record, not models.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from rete.core.diagnostics import Diagnostic, KeyPath, Severity, key_text
from rete.models.comune import Comune
from rete.models.vocabolario import Vocabolario
from rete.records import crossref
from rete.records import messages as pydantic_messages
from rete.records import rules as record_rules
from rete.records.contracts import check_contract_content
from rete.records.corpus import Checked, Corpus, Loaded, Summary, located
from rete.records.loader import RawRecord, read_record, record_files
from rete.records.record_types import BY_NAME, COURSE_FILE, RecordType
from rete.records.references import Ref, Term, references
from rete.records.yaml_positions import Positions

PARALLEL_FROM = 2000  # below this many files, starting worker processes costs more than it saves


def misplaced(rtype: RecordType) -> str:
    if rtype.layout == "course":
        return (f"file fuori posto: in {rtype.folder}/ ogni corso è una cartella con il suo "
                f"{COURSE_FILE}, una scheda .yml per modulo e i quaderni .md dei moduli")
    return f"file fuori posto: in {rtype.folder}/ vanno solo file {rtype.suffix}"


def check_record(raw: RawRecord, root: Path, today: date, keep_model: bool) -> Checked:
    """Schema and single-record rules; no summary when the record cannot be used."""
    out = [Diagnostic(raw.rel, p.line, p.col, key_text(p.path), "errore", p.message)
           for p in raw.problems]
    if raw.problems:
        return None, None, out
    links: list[tuple[int, int, str]] = []
    if raw.type.suffix == ".md":
        out += record_rules.check_body(raw, links)
    if not isinstance(raw.data, dict):
        out.append(Diagnostic(raw.rel, 1, 1, "(file)", "errore",
                              "la scheda è vuota o non è una sezione di chiavi e valori: parti "
                              f"da `rete new {raw.type.name} {raw.stem}`"))
        return None, None, out

    def report(path: KeyPath, message: str, severity: Severity = "errore",
               at_key: bool = False) -> None:
        out.append(located(raw.rel, raw.positions, path, message, severity=severity,
                           at_key=at_key))

    data = raw.data
    try:
        model = raw.type.model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            if error["type"] == "extra_forbidden":
                report(loc, pydantic_messages.unknown_key(raw.type.model, loc), at_key=True)
            else:
                report(loc, pydantic_messages.message(error))
        # Without the sections in error the rest may still be checkable: do it, so one run
        # lists every problem (a required section in error leaves nothing to check).
        broken = {error["loc"][0] for error in exc.errors() if error["loc"]}
        data = {key: value for key, value in raw.data.items() if key not in broken}
        try:
            model = raw.type.model.model_validate(data)
        except ValidationError:
            return None, None, out
        keep_model = False  # an incomplete model is for checking only
    if model.slug != raw.stem:
        named = (f"al nome della sua cartella ('{raw.stem}')" if raw.type.name == "corso"
                 else f"al nome del file ('{raw.stem}{raw.type.suffix}')")
        report(("slug",), f"lo slug '{model.slug}' deve essere uguale {named}")
    record_rules.check_model(model, data, root, today, report, folder=raw.path.parent,
                             written=raw.data)
    out += record_rules.check_body_numbers(raw, model)
    refs, terms = references(model)
    summary = Summary(raw.type.name, model.slug, raw.rel, model.stato, raw.positions, refs, terms,
                      istat=model.codice_istat if isinstance(model, Comune) else None,
                      voci=frozenset(v.id for v in model.voci)
                      if isinstance(model, Vocabolario) else frozenset(),
                      links=links)
    return summary, Loaded(raw, model) if keep_model else None, out


def _check_files(root: Path, files: list[tuple[str, Path]], today: date,
                 keep_models: bool) -> list[Checked]:
    gc.disable()  # see `validate`; workers only accumulate too
    return [check_record(read_record(BY_NAME[name], path, root), root, today, keep_models)
            for name, path in files]


Packed = tuple[Any, ...]


def _pack(summary: Summary) -> Packed:
    """Plain tuples: the C pickler ships them several times faster than dataclasses."""
    pos = summary.positions
    return (summary.type_name, summary.slug, summary.rel, summary.stato, str(pos.file),
            pos.line_offset, [(r.path, r.type_name, r.slug, r.what) for r in summary.refs],
            [(t.path, t.vocabulary, t.term) for t in summary.terms], summary.istat,
            tuple(summary.voci), summary.links)


def _unpack(packed: Packed) -> Summary:
    (type_name, slug, rel, stato, file, offset, refs, terms, istat, voci, links) = packed
    return Summary(type_name, slug, rel, stato, Positions(None, offset, Path(file)),
                   [Ref(*r) for r in refs], [Term(*t) for t in terms], istat, frozenset(voci),
                   links)


def _check_files_packed(root: Path, files: list[tuple[str, Path]],
                        today: date) -> list[tuple[Packed | None, list[Diagnostic]]]:
    return [(None if summary is None else _pack(summary), found)
            for summary, _, found in _check_files(root, files, today, False)]


def _check_all(root: Path, files: list[tuple[str, Path]], today: date,
               keep_models: bool) -> list[Checked]:
    workers = min(os.cpu_count() or 1, 8)
    if len(files) < PARALLEL_FROM or workers < 2:
        return _check_files(root, files, today, keep_models)
    if keep_models:
        return _check_shared(root, files, today)
    size = -(-len(files) // workers)
    chunks = [files[i:i + size] for i in range(0, len(files), size)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        parts = pool.map(_check_files_packed, [root] * len(chunks), chunks,
                         [today] * len(chunks))
        return [(None if packed is None else _unpack(packed), None, found)
                for part in parts for packed, found in part]


def _listing(root: Path, corpus: Corpus) -> list[tuple[str, Path]]:
    """The record files to check; a file out of place is reported into `corpus`."""
    files: list[tuple[str, Path]] = []
    for rtype, record, path in record_files(root):
        if record is None:
            corpus.diagnostics.append(Diagnostic(
                path.relative_to(root).as_posix(), 1, 1, "(file)", "errore", misplaced(rtype)))
        else:
            files.append((rtype.name, record))
    return files


def _assemble(corpus: Corpus, files: list[tuple[str, Path]], checked: list[Checked]) -> Corpus:
    """The corpus from each file's own check, then the corpus-wide checks."""
    for name, path in files:
        corpus.present.setdefault(name, set()).add(BY_NAME[name].stem(path))
    for summary, loaded, found in checked:
        corpus.diagnostics.extend(found)
        if summary is None:
            continue
        same_type = corpus.summaries.setdefault(summary.type_name, {})
        if summary.slug in same_type:
            corpus.report(summary, ("slug",), f"slug '{summary.slug}' già usato da "
                                              f"{same_type[summary.slug].rel}")
            continue
        same_type[summary.slug] = summary
        if loaded is not None:
            corpus.records.setdefault(summary.type_name, {})[summary.slug] = loaded
    crossref.check(corpus)
    corpus.schemes, corpus.scale, found = check_contract_content(corpus.root)
    corpus.diagnostics += found
    return corpus


def _check_shared(root: Path, files: list[tuple[str, Path]], today: date) -> list[Checked]:
    """With models (the build): a forked process checks every other file and sends back its
    models while this one checks the rest. Shipping models is worth it here (pickling and
    loading them costs about a third of checking them); results keep the files' order."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        theirs = pool.submit(_check_files, root, files[1::2], today, True)
        ours = _check_files(root, files[0::2], today, True)
        other = theirs.result()
    return [ours[i // 2] if i % 2 == 0 else other[i // 2] for i in range(len(files))]


def validate(root: Path, today: date | None = None, *, keep_models: bool = True) -> Corpus:
    """Check every record; with keep_models=False (the CLI check) only problems are kept.

    The cyclic garbage collector is paused meanwhile: the corpus only grows until the end
    and has no cycles to free, while the collector's repeated passes over ever more objects
    cost a third of the time on 10,000 records.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        corpus = Corpus(root=root, today=today or date.today())
        files = _listing(root, corpus)
        return _assemble(corpus, files, _check_all(root, files, corpus.today, keep_models))
    finally:
        if was_enabled:
            gc.enable()


class Revalidator:
    """`validate` for the edit loop (`rete serve`): it keeps each file's own check and, after
    a save, checks again only the files named as changed, then runs the corpus-wide checks
    (a fraction of a second at 6,500 records, where checking every file takes seconds).

    The same functions as `validate` do the work, so the corpus and messages are the same;
    a file added or removed needs `full()` (the listing is kept too)."""

    def __init__(self, root: Path, today: date | None = None) -> None:
        self.root = root
        self.today = today
        self._files: list[tuple[str, Path]] = []
        self._listed: set[Path] = set()
        self._misplaced: list[Diagnostic] = []
        self._checked: dict[Path, Checked] = {}

    def full(self) -> Corpus:
        """Walk the folders and check every file."""
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            corpus = self._corpus()
            self._files = _listing(self.root, corpus)
            self._listed = {path for _, path in self._files}
            self._misplaced = list(corpus.diagnostics)
            checked = _check_all(self.root, self._files, corpus.today, True)
            self._checked = {path: c for (_, path), c in zip(self._files, checked, strict=True)}
            return _assemble(corpus, self._files, checked)
        finally:
            if was_enabled:
                gc.enable()

    def changed(self, paths: set[Path]) -> Corpus:
        """Check again the files in `paths` (all already listed), reuse the others'."""
        corpus = self._corpus()
        corpus.diagnostics += self._misplaced
        for name, path in self._files:
            if path in paths:
                self._checked[path] = check_record(read_record(BY_NAME[name], path, self.root),
                                                   self.root, corpus.today, True)
        return _assemble(corpus, self._files, [self._checked[p] for _, p in self._files])

    def lists(self, path: Path) -> bool:
        return path in self._listed

    def _corpus(self) -> Corpus:
        return Corpus(root=self.root, today=self.today or date.today())
