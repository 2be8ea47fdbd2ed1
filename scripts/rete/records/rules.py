"""Rules that need one record only, beyond its schema: dates, sources, ISTAT, safe text.

They run where the record is read (possibly in a worker process), so they must not look at
other records; those checks are in `rete.records.crossref`.
"""

from __future__ import annotations

import functools
import posixpath
import re
import typing
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from rete.core.diagnostics import Diagnostic, KeyPath
from rete.core.fields import fonte_problems
from rete.core.istat import comuni_istat
from rete.models.common import Record
from rete.models.comune import Comune
from rete.models.corso import Corso
from rete.models.modulo import Modulo
from rete.models.organizzazione import Organizzazione
from rete.models.pagina import Pagina
from rete.models.pratica import Pratica
from rete.models.vocabolario import Vocabolario
from rete.records import markdown_safety, prose_numbers
from rete.records import messages as pydantic_messages
from rete.records.loader import RawRecord
from rete.records.yaml_positions import split_front_matter
from rete.tariffa.schema import overlapping_years

STALE_AFTER = timedelta(days=365)
EACH = -1  # stands for "every item of a list" in a field pattern
FUTURE_OK = {("periodo", "al"),  # the planned end of a practice may lie ahead
             ("edizioni", EACH, "dal"), ("edizioni", EACH, "al")}  # announced course editions

Report = Callable[..., None]  # report(path, message, severity="errore", at_key=False)


@functools.cache
def date_fields(model: type[BaseModel]) -> tuple[KeyPath, ...]:
    """Patterns of the fields holding dates or years (lists as EACH), found once per class.

    Knowing them up front lets the date rules touch only those fields instead of walking
    every value of 10,000 records.
    """
    found: list[KeyPath] = []
    for name, info in model.model_fields.items():
        for kind, is_list in _field_kinds(info.annotation):
            prefix: KeyPath = (name, EACH) if is_list else (name,)
            if kind is date:
                found.append(prefix)
            elif isinstance(kind, type) and issubclass(kind, BaseModel):
                found.extend((*prefix, *sub) for sub in date_fields(kind))
    return tuple(found)


def _field_kinds(annotation: Any) -> list[tuple[Any, bool]]:
    kinds: list[tuple[Any, bool]] = []
    for kind in pydantic_messages.unwrap(annotation):
        if typing.get_origin(kind) is list:
            kinds.extend((k, True) for k in pydantic_messages.unwrap(typing.get_args(kind)[0]))
        else:
            kinds.append((kind, False))
    return kinds


def _values(value: Any, pattern: KeyPath, path: KeyPath = ()) -> Iterator[tuple[KeyPath, Any]]:
    if not pattern:
        yield path, value
        return
    head, rest = pattern[0], pattern[1:]
    if head == EACH:
        for i, item in enumerate(value or ()):
            yield from _values(item, rest, (*path, i))
    elif value is not None:
        yield from _values(getattr(value, str(head)), rest, (*path, head))


def check_dates(model: Record, today: date, report: Report) -> None:
    for pattern in date_fields(type(model)):
        if pattern in FUTURE_OK:
            continue
        for path, value in _values(model, pattern):
            if isinstance(value, date):
                if value > today:
                    report(path, f'"{value.isoformat()}" è una data nel futuro '
                                 f"(oggi è {today.isoformat()})")
            elif isinstance(value, int) and value > today.year:
                report(path, f"{value} è un anno nel futuro")
    age = today - model.ultima_verifica
    if age > STALE_AFTER:
        report(("ultima_verifica",), f"scheda non verificata da {age.days} giorni: ricontrolla "
                                     "le fonti e aggiorna la data", severity="avviso")


def check_campi(model: Record, written: dict[str, Any], report: Report) -> None:
    """Each `campi` entry must name a field this record actually has.

    `written` is the record as the editor wrote it, sections in error included: a field with a
    bad value is reported for its value, not again here as missing (one mistake, one message).
    """
    for i, fonte in enumerate(model.fonti):
        for j, campo in enumerate(fonte.campi):
            node: Any = written
            for part in campo.split("."):
                node = node.get(part) if isinstance(node, dict) else None
            if node is None:
                report(("fonti", i, "campi", j),
                       f"'{campo}' non è un campo presente in questa scheda")


def check_fonti(model: Record, report: Report) -> None:
    """Sources a reader could not check: see `fonte_problems`. An organisation's dated
    statements (`tappe`) cite one of its own sources, as a comune's relations do."""
    for i, fonte in enumerate(model.fonti):
        for key, severity, message in fonte_problems(fonte):
            report(("fonti", i, key), message, severity=severity)
    if isinstance(model, Organizzazione):
        urls = {f.url for f in model.fonti}
        for i, tappa in enumerate(model.tappe):
            if tappa.fonte not in urls:
                report(("tappe", i, "fonte"),
                       "la fonte di una tappa deve essere una delle 'fonti' della scheda")


# Numbers and dates that are not claims about the world: identifiers, our own editorial
# choices and the record's bookkeeping. Everything else numeric or dated needs a source.
NOT_CLAIMS = {"ultima_verifica", "fonti", "obiettivi", "voci.id", "minuti_lezione",
              "minuti_esercizi"}
_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def _claims(value: Any, path: KeyPath = ()) -> Iterator[KeyPath]:
    """Paths of the numbers and dates in a record's raw data."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _claims(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _claims(item, (*path, i))
    elif (isinstance(value, int | float) and not isinstance(value, bool)) or (
            isinstance(value, str) and _DATE_TEXT.match(value)):
        yield path


def _dotted(path: KeyPath) -> str:
    return ".".join(str(p) for p in path if isinstance(p, str))


def _supported(dotted: str, campi: set[str]) -> bool:
    return any(dotted == c or dotted.startswith(c + ".") for c in campi)


def check_sourced(model: Record, data: dict[str, Any], report: Report) -> None:
    """Every number and date is backed by a source's `campi`, or the record is illustrative.

    Drafts are only warned: the rule binds what gets published.
    """
    if not model.illustrativo:
        check_sourced_data(data, {c for f in model.fonti for c in f.campi}, report,
                           "avviso" if model.stato == "bozza" else "errore")


def check_sourced_data(data: dict[str, Any], campi: set[str], report: Report,
                       severity: str) -> None:
    """The sourcing rule on raw data; a tariff scheme inside a comune (`servizi`) may carry
    its own `fonti` and `illustrativo` flag."""
    reported: set[str] = set()
    for path in _claims(data):
        dotted = _dotted(path)
        if _supported(dotted, NOT_CLAIMS | campi):
            continue
        if (path[0] == "edizioni" and len(path) > 2 and isinstance(data["edizioni"][path[1]], dict)
                and data["edizioni"][path[1]].get("illustrativa") is True):
            continue  # an announced example edition, labelled as such on the page
        if path[0] == "servizi" and len(path) > 2:
            scheme = data["servizi"][path[1]]
            if scheme.get("illustrativo") is True or _supported(
                    _dotted(path[2:]), NOT_CLAIMS | {c for f in scheme.get("fonti") or ()
                                                     if isinstance(f, dict)
                                                     for c in f.get("campi") or ()}):
                continue
        top = dotted.split(".")[0]
        if top not in reported:  # one message per field an editor would add to `campi`
            reported.add(top)
            report((top,), f"nessuna fonte sostiene i numeri o le date di '{top}': aggiungi "
                           f"'{top}' ai campi di una fonte, oppure, se è un esempio, segna la "
                           "scheda illustrativo: true", at_key=True, severity=severity)


def check_body(raw: RawRecord, links: list[tuple[int, int, str]]) -> list[Diagnostic]:
    """Unsafe content of a Markdown body; its relative links are added to `links`."""
    found: list[markdown_safety.BodyProblem] = []
    problems = markdown_safety.scan(raw.body, found)
    links += [(raw.body_line + link.line - 1, link.col, link.message) for link in found]
    return [Diagnostic(raw.rel, raw.body_line + p.line - 1, p.col, "testo", "errore", p.message)
            for p in problems]


def check_body_numbers(raw: RawRecord, model: Record) -> list[Diagnostic]:
    """Numbers in the body need a footnote to one of the record's sources (warnings).

    A module's notebook is its body: the warnings point into the notebook's file. An
    illustrative record says on its page that its figures are examples: it is exempt, as
    it is from `check_sourced`. So is a page that lists no sources (the editors' guide, the
    privacy notice): it states the site's own rules, not facts about the world.
    """
    if model.illustrativo or (isinstance(model, Pagina) and not model.fonti):
        return []
    rel, body, first_line = raw.rel, raw.body, raw.body_line
    if isinstance(model, Modulo):  # a module's prose is its notebook, beside the record
        notebook = raw.path.parent / model.notebook_file
        if notebook_problem(model.notebook_file) is not None or not notebook.is_file():
            return []  # reported by check_modulo
        rel = posixpath.join(posixpath.dirname(raw.rel), model.notebook_file)
        _, body, first_line = split_front_matter(notebook.read_text(encoding="utf-8"))
    if not body:
        return []
    urls = {f.url for f in model.fonti}
    return [Diagnostic(rel, first_line + p.line - 1, p.col, "testo", "avviso", p.message)
            for p in prose_numbers.unsourced_numbers(body, urls)]


def fold(text: str) -> str:
    """Compare names without case, accents or apostrophes (Muggiò = MUGGIO)."""
    text = text.replace("\u2019", "").replace("'", "").casefold()
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _start(value: date | int) -> date:
    return value if isinstance(value, date) else date(value, 1, 1)


def _end(value: date | int) -> date:
    return value if isinstance(value, date) else date(value, 12, 31)


def check_order(path: KeyPath, dal: date | int | None, al: date | int | None,
                report: Report) -> None:
    if dal is not None and al is not None and _end(al) < _start(dal):
        report((*path, "al"), f"la fine ({al}) viene prima dell'inizio ({dal})")


def check_comune(model: Comune, report: Report) -> None:
    official = comuni_istat().get(model.codice_istat)
    if official is None:
        report(("codice_istat",), f"'{model.codice_istat}' non è un codice ISTAT di comune: "
                                  "sono 6 cifre, tra virgolette (es. \"108034\")")
    else:
        if fold(official.nome) != fold(model.nome):
            report(("nome",), f"il codice ISTAT {model.codice_istat} è del comune di "
                              f"{official.nome}, non di {model.nome}")
        if official.sigla != model.provincia:
            report(("provincia",), f"{official.nome} è in provincia di {official.provincia} "
                                   f"({official.sigla}), non '{model.provincia}'")
    urls = {f.url for f in model.fonti}
    for i, rel in enumerate(model.relazioni):
        if rel.fonte not in urls:
            report(("relazioni", i, "fonte"),
                   "la fonte di una relazione deve essere una delle 'fonti' della scheda")
        if rel.ruolo == "firmatario" and rel.accordo is None:
            report(("relazioni", i, "accordo"),
                   "un firmatario deve indicare l'accordo firmato (slug in content/accordi/)")
        check_order(("relazioni", i), rel.dal, rel.al, report)
    for overlap in overlapping_years(model.servizi):
        report(("servizi", *overlap.loc), overlap.messaggio)
    for path, section in ((("tavolo_comunale", "fonte"), model.tavolo_comunale),
                          (("assessore_delegato", "fonte"), model.assessore_delegato)):
        url = getattr(section, "fonte", None)
        if url and url not in urls:
            report(path, "questa fonte deve essere una delle 'fonti' della scheda")


def notebook_problem(notebook: str) -> str | None:
    """Why a module's `notebook` cannot be used, or None: a .md file inside its course."""
    parts = notebook.replace("\\", "/").split("/")
    if notebook.startswith(("/", "\\", "~")) or (len(notebook) > 1 and notebook[1] == ":"):
        return (f"«{notebook}» è un percorso assoluto: scrivi il nome del quaderno nella "
                "cartella del corso (es. la-rete.md)")
    if ".." in parts:
        return (f"«{notebook}» esce dalla cartella del corso: il quaderno deve stare accanto "
                "alla scheda del modulo (niente «..»)")
    if "\\" in notebook or any(p in ("", ".") for p in parts):
        return f"«{notebook}» non è un percorso valido: usa «/» tra le cartelle"
    if not notebook.endswith(".md"):
        return (f"«{notebook}» non è un quaderno di testo: i quaderni sono file .md "
                "(MyST Markdown), senza output")
    return None


def check_modulo(model: Modulo, folder: Path, root: Path, report: Report) -> None:
    for i, slug in enumerate(model.prerequisiti):
        if slug == model.slug:
            report(("prerequisiti", i), "un modulo non può essere prerequisito di se stesso")
    _check_repeated("prerequisiti", model.prerequisiti, report)
    where = ("notebook",) if model.notebook is not None else ("slug",)
    problem = notebook_problem(model.notebook_file)
    if problem is not None:
        report(where, problem)
    elif not (folder / model.notebook_file).is_file():
        shown = (folder / model.notebook_file).relative_to(root).as_posix()
        report(where, f"il quaderno {shown} non esiste: crealo (rete new modulo ne scrive uno "
                      "da cui partire) o correggi il nome")


def check_corso(model: Corso, report: Report) -> None:
    if not model.moduli and model.stato != "bozza":
        report(("moduli",), "un corso pubblicato elenca almeno un modulo", at_key=True)
    _check_repeated("moduli", model.moduli, report)
    for i, edition in enumerate(model.edizioni):
        check_order(("edizioni", i), edition.dal, edition.al, report)


def check_vocabolario(model: Vocabolario, report: Report) -> None:
    seen: set[str] = set()
    for i, voce in enumerate(model.voci):
        if voce.id in seen:
            report(("voci", i, "id"), f"la voce '{voce.id}' è ripetuta")
        seen.add(voce.id)


def _check_repeated(key: str, values: list[str], report: Report) -> None:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            report((key, i), f"'{value}' è già nell'elenco: toglilo")
        seen.add(value)


def check_model(model: Record, data: dict[str, Any], root: Path, today: date,
                report: Report, *, folder: Path | None = None,
                written: dict[str, Any] | None = None) -> None:
    """All single-record rules for a model that passed its schema.

    `data` is what the model was built from: without the sections in error when the schema
    failed, and then `written` is the whole record (default: `data`).
    """
    check_dates(model, today, report)
    check_campi(model, data if written is None else written, report)
    check_fonti(model, report)
    check_sourced(model, data, report)
    if isinstance(model, Comune):
        check_comune(model, report)
    elif isinstance(model, Pratica):
        if model.periodo:
            check_order(("periodo",), model.periodo.dal, model.periodo.al, report)
        for key in ("comuni", "organizzazioni", "obiettivi", "strumenti", "temi",
                    "destinatari"):
            _check_repeated(key, getattr(model, key), report)
    elif isinstance(model, Modulo):
        check_modulo(model, folder or root, root, report)
    elif isinstance(model, Corso):
        check_corso(model, report)
    elif isinstance(model, Vocabolario):
        check_vocabolario(model, report)
