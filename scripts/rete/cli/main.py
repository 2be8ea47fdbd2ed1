"""The `rete` command: check records, scaffold new ones, build and serve the site.

Each subcommand is a thin shell around a module that does the work, so that tests call the
same functions the editors run.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from rete.cli import italian as cli_italian
from rete.cli import tariff as tariff_cli
from rete.core.diagnostics import RecordError, format_json, format_text, has_errors
from rete.core.settings import find_root, is_project
from rete.records.corpus import Corpus

Handler = Callable[[argparse.Namespace], int]


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" non è una data AAAA-MM-GG') from None


def cmd_check(args: argparse.Namespace) -> int:
    from rete.records.validate import validate
    from rete.web.search_synonyms import load_synonyms

    corpus = validate(args.radice, today=args.oggi, keep_models=False)
    # The search synonyms are data editors write too: checked here, not only by `rete build`.
    diagnostics = [*corpus.diagnostics, *load_synonyms(args.radice)[1]]
    if args.json:
        print(format_json(diagnostics))
    else:
        stream = sys.stderr if diagnostics else sys.stdout
        print(format_text(diagnostics), file=stream)
    return 1 if has_errors(diagnostics) else 0


def cmd_new(args: argparse.Namespace) -> int:
    from rete.records.scaffold import ScaffoldError, create

    try:
        path = create(args.tipo, args.slug, args.radice, today=args.oggi, corso=args.corso,
                      istat=args.istat)
    except ScaffoldError as exc:
        print(f"errore: {exc}", file=sys.stderr)
        return 1
    print(f"creato {path.relative_to(args.radice)}: compilalo, poi esegui `rete check`")
    return 0


def cmd_schemas(args: argparse.Namespace) -> int:
    from rete.records.schemas import SCHEMA_DIR, write_schemas

    for path in write_schemas(args.radice / SCHEMA_DIR):
        print(path.relative_to(args.radice))
    return 0


def school_builder(root: Path) -> Callable[[Corpus, Path, Path], None]:
    """The school's builder, run by `rete build` and `rete serve` inside the site build."""
    from rete.school.book import build_school

    def extra(corpus: Corpus, site: Path, work: Path) -> None:
        result = build_school(root, corpus, site / "scuola", work)
        print(f"scuola costruita: {len(result.pages)} moduli, {result.executed} quaderni "
              f"eseguiti, {result.cached} dalla cache", flush=True)

    return extra


def cmd_build(args: argparse.Namespace) -> int:
    from rete.school.book import SchoolError
    from rete.web.build import BuildError, build

    try:
        result = build(args.radice, today=args.oggi, extra=school_builder(args.radice),
                       production=args.produzione)
    except RecordError as exc:
        print(format_text(exc.diagnostics), file=sys.stderr)
        print("errore: sito non costruito: correggi le schede, i quaderni o le impostazioni "
              "indicati", file=sys.stderr)
        return 1
    except (BuildError, SchoolError) as exc:
        print(f"errore: {exc}", file=sys.stderr)
        return 1
    for warning in sorted(result.avvisi):
        print(warning.format(), file=sys.stderr)
    if result.avvisi:
        print("avviso: sito costruito per l'anteprima: `rete build --produzione` lo rifiuta "
              "finché le impostazioni indicate mancano", file=sys.stderr)
    bozze = "1 bozza non pubblicata" if result.bozze == 1 else \
        f"{result.bozze} bozze non pubblicate"
    print(f"sito costruito in {result.site}: {result.comuni} comuni, {result.pratiche} "
          f"buone pratiche, {result.pages} pagine generate, {bozze}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from rete.web.serve import serve

    return serve(args.radice, host=args.host, port=args.porta, extra=school_builder(args.radice))


def cmd_school(args: argparse.Namespace) -> int:
    """The school alone, into site/scuola (the catalogue page comes with `rete build`)."""
    from rete.records.validate import validate
    from rete.school.book import SchoolError, build_school

    corpus = validate(args.radice, today=args.oggi)
    if has_errors(corpus.diagnostics):
        print(format_text(corpus.diagnostics), file=sys.stderr)
        return 1
    try:
        result = build_school(args.radice, corpus, args.radice / "site" / "scuola",
                              args.radice / ".build")
    except RecordError as exc:
        print(format_text(exc.diagnostics), file=sys.stderr)
        return 1
    except SchoolError as exc:
        print(f"errore: {exc}", file=sys.stderr)
        return 1
    print(f"scuola costruita in site/scuola: {len(result.pages)} moduli, {result.executed} "
          f"quaderni eseguiti, {result.cached} dalla cache")
    if args.pdf is not None:
        from rete.school.pdf import write_pdfs

        try:
            written = write_pdfs(corpus, args.radice / ".build", args.pdf)
        except SchoolError as exc:
            print(f"errore: {exc}", file=sys.stderr)
            return 1
        print(f"{len(written)} PDF scritti in {args.pdf}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from rete.web.export import ExportError, export

    try:
        written = export(args.radice, args.cartella, today=args.oggi)
    except RecordError as exc:
        print(format_text(exc.diagnostics), file=sys.stderr)
        return 1
    except ExportError as exc:
        print(f"errore: {exc}", file=sys.stderr)
        return 1
    print(f"{len(written)} file di dati aperti scritti in {args.cartella}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    cli_italian.install()
    parser = argparse.ArgumentParser(
        prog="rete", description="Strumenti della Rete dei Comuni amici della Famiglia: "
                                 "controllo delle schede, sito e Scuola di formazione.")
    parser.add_argument("--radice", type=Path, default=None,
                        help="cartella del progetto (predefinita: trovata da quella corrente)")
    sub = parser.add_subparsers(dest="comando", metavar="COMANDO", required=True,
                                title="comandi")

    check = sub.add_parser("check", help="controlla tutte le schede e segnala ogni problema")
    check.add_argument("--json", action="store_true", help="elenco dei problemi in JSON")
    check.add_argument("--oggi", type=_date, default=None,
                       help="data da considerare come oggi (AAAA-MM-GG), per le prove")
    check.set_defaults(handler=cmd_check)

    new = sub.add_parser("new", help="crea una scheda nuova, valida e commentata, in bozza")
    new.add_argument("tipo", choices=["comune", "pratica", "accordo", "organizzazione",
                                      "corso", "modulo", "pagina"], help="tipo di scheda")
    new.add_argument("slug", nargs="?", default=None,
                     help="identificativo, uguale al nome del file (es. muggio); per un comune "
                          "che ha un omonimo, il nome e la sigla della provincia (livo-co, "
                          "livo-tn): il nome da solo elenca i comuni omonimi")
    new.add_argument("--corso", default=None,
                     help="per un modulo: il corso (cartella in courses/) a cui appartiene")
    new.add_argument("--istat", default=None, metavar="CODICE",
                     help="per un comune: il codice ISTAT (6 cifre, es. 013130); lo slug si "
                          "può omettere")
    new.add_argument("--oggi", type=_date, default=None, help=argparse.SUPPRESS)
    new.set_defaults(handler=cmd_new)

    build = sub.add_parser("build", help="costruisce il sito in site/ (solo se le schede "
                                         "sono valide)")
    build.add_argument("--produzione", action="store_true",
                       help="per la pubblicazione: errore (non solo avviso) se mancano editore, "
                            "contatti o titolare del trattamento in [tool.rete] o se site_url "
                            "è locale")
    build.add_argument("--oggi", type=_date, default=None, help=argparse.SUPPRESS)
    build.set_defaults(handler=cmd_build)

    serve = sub.add_parser("serve", help="anteprima in locale, bozze comprese: ricostruisce "
                                         "il sito a ogni modifica, la pagina si ricarica da "
                                         "sola e mostra gli errori delle schede")
    serve.add_argument("--host", default="127.0.0.1", help="indirizzo (predefinito 127.0.0.1)")
    serve.add_argument("--porta", type=int, default=8000, help="porta (predefinita 8000)")
    serve.set_defaults(handler=cmd_serve)

    school = sub.add_parser("school", help="costruisce solo la Scuola di formazione in "
                                           "site/scuola (esegue i quaderni cambiati)")
    school.add_argument("--pdf", type=Path, default=None, metavar="CARTELLA",
                        help="scrive anche un PDF per modulo in CARTELLA (serve LaTeX)")
    school.add_argument("--oggi", type=_date, default=None, help=argparse.SUPPRESS)
    school.set_defaults(handler=cmd_school)

    export = sub.add_parser("export", help="scrive i dati aperti (JSON, CSV, GeoJSON, schemi)")
    export.add_argument("cartella", type=Path, nargs="?", default=Path("dati"),
                        help="cartella di destinazione (predefinita: dati/)")
    export.add_argument("--oggi", type=_date, default=None, help=argparse.SUPPRESS)
    export.set_defaults(handler=cmd_export)

    tariff_cli.add_commands(sub)

    schemas = sub.add_parser("schemi", help="esporta gli schemi JSON delle schede in schemas/")
    schemas.set_defaults(handler=cmd_schemas)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.radice = (args.radice or find_root()).resolve()
    if args.comando in ("check", "build", "serve", "export", "new") and not is_project(
            args.radice):
        print(f"errore: {args.radice} non è la cartella di un progetto della Rete (manca "
              "pyproject.toml con [tool.rete]): spostati nella cartella del progetto o usa "
              "--radice", file=sys.stderr)
        return 1
    handler: Handler = args.handler
    return handler(args)
