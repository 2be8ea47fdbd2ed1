"""`rete tariffa` and `rete simula`: the tariff engine and the budget simulator from the shell.

Input errors come back located (`famiglia.yml:9:12: errore: componenti[3].eta: …`,
`popolazione.csv:14:1: errore: …`) and exit with 1; nothing is computed from bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rete.core.diagnostics import Diagnostic, format_text
from rete.models.comune import Comune
from rete.records.contracts import file_problem, read_household, read_scale, read_scheme
from rete.tariffa import IncompleteScheme, SchemaTariffario, TariffError, compute_fee
from rete.tariffa.fields import check_euro
from rete.tariffa.money import fmt_euro


def _title(scheme: SchemaTariffario) -> str:
    marked = scheme.illustrativo and "illustrativ" not in scheme.nome.lower()
    return f"{scheme.nome}{' (esempio illustrativo)' if marked else ''}"


def _fail(diagnostics: list[Diagnostic]) -> int:
    print(format_text(diagnostics), file=sys.stderr)
    return 1


@dataclass(frozen=True)
class Scelta:
    """The scheme to compute and, for a comune's record, the years of the same service the
    tool can compute (`--anno` values), so an incomplete choice can name them."""

    scheme: SchemaTariffario
    calcolabili: tuple[str, ...] = ()


def _years(scheme: SchemaTariffario) -> str:
    """What `--anno` takes for a scheme: its years, or the year its source published it."""
    if scheme.anni:
        return ", ".join(scheme.anni)
    return str(scheme.anno_fonte) if scheme.anno_fonte is not None else ""


def _scheme_from_records(root: Path, comune: str, servizio: str, anno: str | None) -> Scelta | str:
    """The comune's scheme for a service: the one of `anno`, else the newest the tool can
    compute (a newer scheme the sources give only in part is left aside), else the newest."""
    from rete.records.validate import validate

    corpus = validate(root)
    loaded = corpus.of("comune").get(comune)
    if loaded is None:
        own = [d for d in corpus.diagnostics if d.file == f"comuni/{comune}.yml"]
        return format_text(own) if own else f"nessun comune '{comune}' in comuni/"
    model = loaded.model
    assert isinstance(model, Comune)
    schemes = [s for s in model.servizi if s.servizio == servizio]
    complete = sorted((s for s in schemes if s.completo), key=lambda s: s.anno_chiave, reverse=True)
    years = tuple(_years(s) for s in complete)
    if anno is not None:
        dated = schemes
        schemes = [s for s in schemes if anno in s.anni or anno == str(s.anno_fonte)]
        if dated and not schemes:
            newest = sorted(dated, key=lambda s: s.anno_chiave, reverse=True)
            given = "; ".join(_years(s) for s in newest)
            return (
                f"--anno: nessuno schema '{servizio}' per {anno} nel comune '{comune}' "
                f"(anni: {given})"
            )
    if not schemes:
        known = sorted({s.servizio for s in model.servizi})
        return (
            f"nessuno schema '{servizio}'{' per ' + anno if anno else ''} nel comune "
            f"'{comune}' (servizi: {', '.join(known) or 'nessuno'})"
        )
    if anno is None and complete:
        return Scelta(complete[0], years)
    return Scelta(max(schemes, key=lambda s: s.anno_chiave), years)


def _scheme_file(args: argparse.Namespace) -> str:
    return str(args.schema) if args.schema is not None else f"comuni/{args.comune}.yml"


def _scheme(args: argparse.Namespace) -> Scelta | list[Diagnostic] | str:
    if args.schema is not None:
        read = read_scheme(args.schema)
        return Scelta(read.model) if read.model is not None else read.diagnostics
    if args.comune is None or args.servizio is None:
        return "indica --schema FILE oppure --comune SLUG e --servizio ID"
    return _scheme_from_records(args.radice, args.comune, args.servizio, args.anno)


def cmd_tariffa(args: argparse.Namespace) -> int:
    choice = _scheme(args)
    household = read_household(args.famiglia)
    scale = read_scale(args.radice)
    problems = household.diagnostics + scale.diagnostics
    if isinstance(choice, list):
        problems = choice + problems
    if problems:
        return _fail(problems)
    if not isinstance(choice, Scelta):
        print(f"errore: {choice}", file=sys.stderr)
        return 1
    scheme = choice.scheme
    assert household.model is not None and scale.model is not None
    try:
        result = compute_fee(household.model, scheme, scale.model, args.retta)
    except TariffError as exc:
        print(_tariff_error(args, exc, choice), file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result.to_json_dict(), ensure_ascii=False, indent=2))
        return 0
    print(f"{_title(scheme)} ({scheme.periodo})" if scheme.periodo else _title(scheme))
    for line in result.spiegazione():
        print(f"- {line}")
    if scheme.nota:
        print(f"Nota della fonte: {scheme.nota}")
    if args.retta is not None:
        print(
            f"Retta {fmt_euro(args.retta)} per figlio iscritto. Da pagare dopo il contributo "
            f"del comune, con ISEE: {fmt_euro(result.tariffa_isee)}; con Fattore Famiglia: "
            f"{fmt_euro(result.tariffa_ff)}; differenza all'anno: "
            f"{fmt_euro(result.differenza_anno.valore)}"
        )
    else:
        print(
            f"Tariffa con ISEE: {fmt_euro(result.tariffa_isee)}; con Fattore Famiglia: "
            f"{fmt_euro(result.tariffa_ff)}; differenza all'anno: "
            f"{fmt_euro(result.differenza_anno.valore)}"
        )
    print("Stima indicativa: non sostituisce il calcolo ufficiale del comune.")
    return 0


def _tariff_error(args: argparse.Namespace, exc: TariffError, choice: Scelta) -> str:
    """An incomplete scheme points at `completo` and names the years that can be computed;
    a missing or stray retta points at --retta."""
    if isinstance(exc, IncompleteScheme):
        message = f"{_scheme_file(args)}: errore: completo: {exc}"
        if choice.scheme.periodo:
            message += f" ({choice.scheme.periodo})"
        if args.comune is None:
            return message
        if choice.calcolabili:
            years = " oppure ".join(f"--anno {y}" for y in choice.calcolabili)
            return f"{message}; si può calcolare con {years}"
        return f"{message}; nessuno schema '{args.servizio}' di questo comune è calcolabile"
    return f"errore: --retta: {exc}"


def _retta(text: str) -> Decimal:
    """--retta 480 or 480.10: a fee in euro, as the contract writes amounts."""
    try:
        return check_euro(Decimal(text.replace(",", ".")) if text.strip() else text)
    except (ArithmeticError, ValueError) as exc:
        message = str(exc) if isinstance(exc, ValueError) else f"«{text}» non è un importo"
        raise argparse.ArgumentTypeError(f"retta: {message}") from None


def cmd_simula(args: argparse.Namespace) -> int:
    from rete.tariffa.sim.population_csv import PopulationError, read_population_csv
    from rete.tariffa.sim.simulator import simulate
    from rete.tariffa.sim.synthetic import SyntheticParameters, synthetic_population

    choice = _scheme(args)
    scale = read_scale(args.radice)
    if isinstance(choice, list) or scale.diagnostics:
        return _fail((choice if isinstance(choice, list) else []) + scale.diagnostics)
    if not isinstance(choice, Scelta):
        print(f"errore: {choice}", file=sys.stderr)
        return 1
    scheme = choice.scheme
    assert scale.model is not None
    if args.popolazione is not None:
        try:
            population = read_population_csv(args.popolazione)
        except PopulationError as exc:
            return _fail(exc.diagnostics)
        except OSError as exc:
            print(f"{args.popolazione}:1:1: errore: (file): {file_problem(exc)}", file=sys.stderr)
            return 1
    else:
        population = synthetic_population(args.sintetica, args.seme, SyntheticParameters())
    try:
        result = simulate(population, scheme, scale.model, args.retta)
    except TariffError as exc:
        print(_tariff_error(args, exc, choice), file=sys.stderr)
        return 1
    data = result.to_json_dict()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"{_title(scheme)}: {data['famiglie']} famiglie")
    if args.retta is not None:  # a contribution: what families pay after it, not revenue
        print(
            f"Pagato dalle famiglie in un anno, dopo il contributo del comune, con ISEE: "
            f"{fmt_euro(result.entrate_isee_anno)}"
        )
        print(f"… e con Fattore Famiglia: {fmt_euro(result.entrate_ff_anno)}")
        print(
            f"Contributi in più del comune con il Fattore Famiglia: "
            f"{fmt_euro(result.entrate_isee_anno - result.entrate_ff_anno)}"
        )
    else:
        print(f"Entrate annue con ISEE: {fmt_euro(result.entrate_isee_anno)}")
        print(f"Entrate annue con Fattore Famiglia: {fmt_euro(result.entrate_ff_anno)}")
        print(f"Variazione: {fmt_euro(result.entrate_ff_anno - result.entrate_isee_anno)}")
    print("Per tipo di famiglia (risparmio medio annuo con il Fattore Famiglia):")
    for g in result.gruppi:
        print(
            f"- {g.etichetta}: {g.famiglie} famiglie, risparmio medio "
            f"{fmt_euro(g.risparmio_medio_anno)}; risparmiano {g.risparmiano}, pagano di più "
            f"{g.pagano_di_piu}, invariate {g.invariate}"
        )
    print("Chi risparmia quanto (all'anno):")
    for band in result.risparmi:
        print(f"- {band.etichetta}: {band.famiglie} famiglie")
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' non è un numero intero") from None
    if value < 1:
        raise argparse.ArgumentTypeError("serve almeno una famiglia")
    return value


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    def scheme_options(parser: argparse.ArgumentParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--schema", type=Path, help="file dello schema tariffario")
        which.add_argument("--comune", help="slug del comune (con --servizio)")
        parser.add_argument("--servizio", help="id del servizio nello schema del comune")
        parser.add_argument(
            "--anno",
            help="anno scolastico (es. 2026/27), se ce n'è più d'uno; "
            "senza, il più recente che si può calcolare",
        )
        parser.add_argument("--json", action="store_true", help="risultato in JSON")
        parser.add_argument(
            "--retta",
            type=_retta,
            metavar="EURO",
            help="per un contributo del comune: la retta che la famiglia paga "
            "per ogni figlio iscritto (es. 480.10)",
        )

    tariffa = sub.add_parser(
        "tariffa", help="calcola la tariffa di una famiglia con ISEE e con Fattore Famiglia"
    )
    scheme_options(tariffa)
    tariffa.add_argument("--famiglia", type=Path, required=True, help="file della famiglia")
    tariffa.set_defaults(handler=cmd_tariffa)

    simula_ = sub.add_parser(
        "simula", help="stima l'effetto del Fattore Famiglia sulle entrate del comune"
    )
    scheme_options(simula_)
    source = simula_.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--popolazione", type=Path, help="CSV delle famiglie (un componente per riga)"
    )
    source.add_argument(
        "--sintetica", type=_positive, metavar="N", help="popolazione sintetica di N famiglie"
    )
    simula_.add_argument("--seme", type=int, default=1, help="seme della popolazione sintetica")
    simula_.set_defaults(handler=cmd_simula)
