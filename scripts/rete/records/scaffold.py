"""`rete new`: a valid, commented record to start from, in draft state.

Templates live in rete/templates/ as plain commented YAML so that editors can read them too;
the comune template is prefilled from the ISTAT list, the one fact we can always source.
Under each key backed by a vocabulary (temi, strumenti...) the scaffold lists the allowed
values as comments, read from the project's content/vocabolari/ when the record is written,
so the list never goes stale.
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

from rete.core.istat import ComuneIstat, by_name, comuni_istat, record_slug
from rete.core.slugs import check_slug
from rete.models.vocabolario import NOMI_VOCABOLARI
from rete.records.loader import read_record
from rete.records.page_map import collision
from rete.records.record_types import BY_NAME, COURSE_FILE
from rete.records.schemas import SCHEMA_DIR, schema_name


class ScaffoldError(Exception):
    """A scaffold that cannot be written; the message is for the editor."""


def vocabulary_keys(type_name: str) -> list[str]:
    """The keys of a record type that take vocabulary terms: they are named after their
    vocabulary (a practice's `temi` holds ids of content/vocabolari/temi.yml)."""
    fields = BY_NAME[type_name].model.model_fields
    return [name for name in NOMI_VOCABOLARI if name in fields]


def _one_line(value: object) -> str:
    """A value on one line, so that it cannot leave its YAML comment."""
    return " ".join(str(value).split())


def vocabulary_comment(root: Path, vocabulary: str) -> list[str]:
    """Comment lines listing a vocabulary's terms as `id: nome`, read from the project."""
    rtype = BY_NAME["vocabolario"]
    rel = f"{rtype.folder}/{vocabulary}{rtype.suffix}"
    path = root / rel
    if not path.is_file():
        return [f"#   (manca {rel}: i valori ammessi sono le voci di quel vocabolario)"]
    data = read_record(rtype, path, root).data
    voci = data.get("voci") if isinstance(data, dict) else None
    terms = [(_one_line(v.get("id")), _one_line(v.get("nome", "")))
             for v in voci or () if isinstance(v, dict) and v.get("id") is not None]
    if not terms:
        return [f"#   (nessuna voce leggibile in {rel}: `rete check` dice che cosa correggere)"]
    width = max(len(term) for term, _ in terms)
    return [f"#   valori ammessi, da {rel} (id: nome):"] + [
        f"#     {term + ':':<{width + 1}} {nome}".rstrip() for term, nome in terms]


def _list_vocabularies(text: str, type_name: str, root: Path) -> str:
    """Below each top-level vocabulary key of the template, the comment listing its terms."""
    keys = vocabulary_keys(type_name)
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        out.append(line)
        key = line.split(":", 1)[0]
        if key in keys and line.startswith(f"{key}:"):
            out += [comment + "\n" for comment in vocabulary_comment(root, key)]
    return "".join(out)


def render(type_name: str, slug: str, today: date, comune: ComuneIstat | None = None,
           root: Path | None = None) -> str:
    """The template filled in; a comune's from its ISTAT row (found by `find_comune`); with
    `root`, each vocabulary key lists the terms of the project's vocabulary."""
    rtype = BY_NAME[type_name]
    depth = rtype.folder.count("/") + (2 if rtype.layout == "course" else 1)
    schema = "../" * depth + f"{SCHEMA_DIR}/{schema_name(rtype)}"
    template = resources.files("rete.records").joinpath(f"templates/{type_name}{rtype.suffix}")
    values = {"slug": slug, "oggi": today.isoformat(), "schema": schema}
    if type_name == "comune":
        found = comune or find_comune(slug)
        values |= {"nome": found.nome, "codice": found.codice, "sigla": found.sigla,
                   "popolazione": str(found.popolazione_2011)}
    text = template.read_text(encoding="utf-8").format(**values)
    return text if root is None else _list_vocabularies(text, type_name, root)


def find_comune(slug: str | None, istat: str | None = None) -> ComuneIstat:
    """The comune a new record describes: by its slug (livo-co for one of two homonyms) or by
    its ISTAT code. Two comuni with one name are never chosen between silently."""
    if istat is not None:
        found = comuni_istat().get(istat)
        if found is None:
            raise ScaffoldError(f"'{istat}' non è un codice ISTAT di comune: sono 6 cifre "
                                "(es. 108034)")
        if slug is not None and slug != record_slug(found):
            raise ScaffoldError(f"il codice ISTAT {istat} è di {found.nome} ({found.sigla}): "
                                f"la sua scheda si chiama '{record_slug(found)}'")
        return found
    slug = slug or ""
    named = by_name().get(slug, ())
    if len(named) == 1:
        return named[0]
    if named:
        raise ScaffoldError(
            f"'{slug}' è il nome di {len(named)} comuni: "
            + ", ".join(f"{c.nome} ({c.sigla}, codice ISTAT {c.codice})" for c in named)
            + "; scegli con lo slug che porta la sigla della provincia ("
            + " o ".join(f"`rete new comune {record_slug(c)}`" for c in named)
            + ") oppure con --istat CODICE")
    name, _, sigla = slug.rpartition("-")
    for found in by_name().get(name, ()):
        if found.sigla.lower() == sigla:
            if record_slug(found) != slug:
                raise ScaffoldError(f"{found.nome} è l'unico comune con questo nome: la sua "
                                    f"scheda si chiama '{name}'")
            return found
    raise ScaffoldError(f"nessun comune ISTAT corrisponde a '{slug}': usa il nome del "
                        "comune in minuscolo, senza accenti, con i trattini "
                        "(es. sesto-san-giovanni), oppure --istat CODICE")


def _course_folder(root: Path, corso: str | None) -> Path:
    """The course a new module joins: the one named, or the only one there is."""
    folder = root / BY_NAME["corso"].folder
    courses = sorted(p.parent.name for p in folder.glob(f"*/{COURSE_FILE}"))
    if corso is None:
        if len(courses) == 1:
            corso = courses[0]
        elif not courses:
            raise ScaffoldError("non c'è ancora nessun corso: crealo con `rete new corso SLUG`")
        else:
            raise ScaffoldError("indica il corso del modulo con --corso (corsi: "
                                + ", ".join(courses) + ")")
    if corso not in courses:
        raise ScaffoldError(f"il corso '{corso}' non esiste: manca courses/{corso}/{COURSE_FILE}")
    return folder / corso


def create(type_name: str, slug: str | None, root: Path, today: date | None = None, *,
           corso: str | None = None, istat: str | None = None) -> Path:
    """Write a new draft record; a comune may be named by `istat` alone (slug None)."""
    try:
        check_slug(slug or "x")
    except ValueError as exc:
        raise ScaffoldError(str(exc)) from None
    comune = None
    if type_name == "comune":
        comune = find_comune(slug, istat)
        slug = record_slug(comune)
    elif istat is not None:
        raise ScaffoldError("--istat vale solo per un comune")
    if slug is None:
        raise ScaffoldError(f"manca lo slug: rete new {type_name} SLUG")
    taken = collision(type_name, slug)
    if taken is not None:  # `rete check` would refuse the record: never write it
        raise ScaffoldError(taken)
    rtype = BY_NAME[type_name]
    notebook: Path | None = None
    if type_name == "corso":
        path = root / rtype.folder / slug / COURSE_FILE
    elif type_name == "modulo":
        folder = _course_folder(root, corso)
        path = folder / f"{slug}{rtype.suffix}"
        notebook = folder / f"{slug}.md"
    else:
        path = root / rtype.folder / f"{slug}{rtype.suffix}"
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root)} esiste già: modificalo invece di ricrearlo")
    text = render(type_name, slug, today or date.today(), comune, root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if notebook is not None and not notebook.exists():
        template = resources.files("rete.records").joinpath("templates/quaderno.md")
        notebook.write_text(template.read_text(encoding="utf-8").replace("{slug}", slug),
                            encoding="utf-8")
    return path
