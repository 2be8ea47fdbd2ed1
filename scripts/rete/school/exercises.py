"""Self-checking exercises for the school's notebooks.

A trainee writes an answer in a notebook cell and calls a check as the cell's last line:

    risposta_1 = None
    check_amount(risposta_1, atteso_1, exercise="isee-1", hint="Guarda la scala ISEE.")

`atteso_1` is computed in the notebook by the engine or from data, never typed as a number.
A check never raises on the answer: a missing answer (None), a wrong type, Italian text such
as "18.000,50" or NaN all come back as a `CheckResult` with a kind Italian message. The result
shows itself in Jupyter (HTML with every user text escaped, plain text elsewhere) and carries
a machine-readable marker, mimetype `application/vnd.rete.check+json`, holding
`{"exercise": id, "passed": true | false | null}` so tests can read executed notebooks.

Only the standard library is used; nothing is imported from IPython.
"""

from __future__ import annotations

import html
import math
import numbers
import re
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, TypeAlias

MIMETYPE = "application/vnd.rete.check+json"
"""Mimetype of the marker every check result publishes."""

NOT_ANSWERED = "Non hai ancora risposto: scrivi la tua risposta al posto di None."

Number: TypeAlias = Decimal | int | float | Fraction
Marker: TypeAlias = dict[str, str | bool | None]

_TRUE = frozenset({"vero", "v", "sì", "si", "true", "giusto", "corretto"})
_FALSE = frozenset({"falso", "f", "no", "false", "sbagliato"})
_THOUSANDS_DOT = re.compile(r"[+-]?\d{1,3}(\.\d{3})+\Z")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)\Z")


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: `passed` is None when the trainee has not answered yet."""

    exercise: str
    passed: bool | None
    message: str

    def marker(self) -> Marker:
        """What tests read from an executed notebook's outputs."""
        return {"exercise": self.exercise, "passed": self.passed}

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        colour = {True: "#1b5e20", False: "#8a4b00", None: "#37474f"}[self.passed]
        return (
            f'<div class="rete-esercizio" role="status" data-esercizio="'
            f'{html.escape(self.exercise)}" style="border-left: 4px solid {colour}; '
            f'padding: 0.4em 0.8em; margin: 0.3em 0;">{html.escape(self.message)}</div>'
        )

    def _repr_markdown_(self) -> str:
        return _markdown_escape(self.message)

    def _repr_mimebundle_(
        self, include: Collection[str] | None = None, exclude: Collection[str] | None = None
    ) -> dict[str, Any]:
        bundle: dict[str, Any] = {
            "text/plain": self.message,
            "text/html": self._repr_html_(),
            MIMETYPE: self.marker(),
        }
        if include:
            bundle = {k: v for k, v in bundle.items() if k in include}
        if exclude:
            bundle = {k: v for k, v in bundle.items() if k not in exclude}
        return bundle


def _markdown_escape(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>()#+!|])", r"\\\1", text)


def _hint(hint: str) -> str:
    return f" Suggerimento: {hint}" if hint.strip() else ""


def format_number(value: Decimal, places: int = 2) -> str:
    """Italian format with thousands dots: Decimal('12176.47') -> '12.176,47'."""
    quantum = Decimal(1).scaleb(-places)
    text = f"{value.quantize(quantum):,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _with_unit(value: Decimal, unit: str, places: int) -> str:
    text = format_number(value, places)
    return f"{text} {unit}" if unit else text


def parse_number(answer: object) -> Decimal | str:
    """The answer as a Decimal, or the Italian reason why it is not a number.

    Text may be Italian ("18.000,50", "18000,5", "1.250 €") or Python-like ("18000.50"):
    with both separators the last one is the decimal separator; a lone comma is decimal; a
    dot followed by groups of three digits ("18.000") separates thousands.
    """
    if isinstance(answer, bool):
        return "serve un numero, non Vero/Falso (True/False)"
    if isinstance(answer, Decimal | numbers.Real):
        try:
            value = answer if isinstance(answer, Decimal) else _real_to_decimal(answer)
        except (ValueError, OverflowError, InvalidOperation):
            return "il valore non è un numero valido"
        if not value.is_finite():
            return "il valore non è un numero finito (NaN o infinito)"
        return value
    if isinstance(answer, str):
        return _parse_text(answer)
    return f"serve un numero, ma la risposta è di tipo {type(answer).__name__}"


def _real_to_decimal(answer: numbers.Real) -> Decimal:
    if isinstance(answer, Fraction):
        return Decimal(answer.numerator) / Decimal(answer.denominator)
    if isinstance(answer, int):
        return Decimal(answer)
    number = float(answer)
    if math.isnan(number) or math.isinf(number):
        return Decimal("NaN")
    return Decimal(repr(number))


def _parse_text(answer: str) -> Decimal | str:
    text = answer.strip().replace("\u00a0", "").replace(" ", "").replace("'", "")
    text = re.sub(r"(?i)(€|eur(o)?)", "", text)
    if not text:
        return "la risposta è un testo vuoto: scrivi un numero"
    if "," in text and "." in text:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        text = text.replace(thousands, "").replace(decimal_sep, ".")
    elif "," in text:
        text = text.replace(",", ".") if text.count(",") == 1 else text
    elif _THOUSANDS_DOT.match(text):
        text = text.replace(".", "")
    if not _NUMBER.match(text):
        return f"«{answer}» non sembra un numero: scrivilo in cifre, per esempio 1234,56"
    return Decimal(text)


def _expected_decimal(expected: Number) -> Decimal:
    value = parse_number(expected)
    if isinstance(value, str):
        raise ValueError(f"il valore atteso dell'esercizio non è un numero: {value}")
    return value


def check_number(
    answer: object,
    expected: Number,
    *,
    exercise: str,
    tolerance: Number = Decimal("0.01"),
    unit: str = "",
    places: int = 2,
    hint: str = "",
) -> CheckResult:
    """A numeric answer, right when it is within `tolerance` of `expected`."""
    target = _expected_decimal(expected)
    margin = abs(_expected_decimal(tolerance))
    if answer is None or answer is Ellipsis:
        return CheckResult(exercise, None, NOT_ANSWERED)
    value = parse_number(answer)
    if isinstance(value, str):
        return CheckResult(exercise, False, f"Non ancora: {value}.{_hint(hint)}")
    shown = _with_unit(value, unit, places)
    if abs(value - target) <= margin:
        return CheckResult(
            exercise, True, f"Giusto! {shown} è il risultato atteso."
        )
    side = "alta" if value > target else "bassa"
    return CheckResult(
        exercise,
        False,
        f"Non ancora: {shown} è troppo {side}. Rileggi il passaggio e riprova.{_hint(hint)}",
    )


def check_amount(
    answer: object,
    expected: Number,
    *,
    exercise: str,
    tolerance: Number = Decimal("0.01"),
    hint: str = "",
) -> CheckResult:
    """An amount in euro (to the cent by default)."""
    return check_number(
        answer, expected, exercise=exercise, tolerance=tolerance, unit="€", hint=hint
    )


def _fold(text: str) -> str:
    text = text.strip().casefold()
    text = re.sub(r"^[(\[]?([a-z0-9])[)\].:]?$", r"\1", text)  # "b)", "(b)", "b." -> "b"
    return " ".join(text.split())


def check_choice(
    answer: object,
    expected: str | Collection[str],
    *,
    exercise: str,
    options: Collection[str] = (),
    hint: str = "",
) -> CheckResult:
    """A multiple-choice answer (a letter or the text of an option), case-insensitive.

    `expected` is the right option, or every acceptable one; `options`, when given, lets the
    check tell an answer that is not among the choices from a wrong one.
    """
    accepted = {_fold(expected)} if isinstance(expected, str) else {_fold(e) for e in expected}
    if answer is None or answer is Ellipsis:
        return CheckResult(exercise, None, NOT_ANSWERED)
    if not isinstance(answer, str):
        return CheckResult(
            exercise,
            False,
            "Non ancora: scrivi la scelta tra virgolette, per esempio \"b\".",
        )
    folded = _fold(answer)
    if folded in accepted:
        return CheckResult(exercise, True, f"Giusto! «{answer.strip()}» è la risposta corretta.")
    known = {_fold(o) for o in options}
    if known and folded not in known:
        choices = ", ".join(sorted(options))
        return CheckResult(
            exercise,
            False,
            f"Non ancora: «{answer.strip()}» non è tra le scelte possibili ({choices})."
            + _hint(hint),
        )
    return CheckResult(
        exercise, False, f"Non ancora: «{answer.strip()}» non è la risposta giusta.{_hint(hint)}"
    )


def _as_bool(answer: object) -> bool | None:
    if isinstance(answer, bool):
        return answer
    if isinstance(answer, str):
        folded = answer.strip().casefold().rstrip(".!")
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
    return None


def check_true_false(
    answer: object, expected: bool, *, exercise: str, hint: str = ""
) -> CheckResult:
    """A true/false answer: True/False, or the words "vero"/"falso" (also "sì"/"no")."""
    if answer is None or answer is Ellipsis:
        return CheckResult(exercise, None, NOT_ANSWERED)
    value = _as_bool(answer)
    if value is None:
        return CheckResult(
            exercise, False, "Non ancora: rispondi True (vero) oppure False (falso)."
        )
    word = "vera" if expected else "falsa"
    if value is expected:
        return CheckResult(exercise, True, f"Giusto! L'affermazione è {word}.")
    return CheckResult(exercise, False, f"Non ancora: ripensaci.{_hint(hint)}")


__all__ = [
    "MIMETYPE",
    "NOT_ANSWERED",
    "CheckResult",
    "check_amount",
    "check_choice",
    "check_number",
    "check_true_false",
    "format_number",
    "parse_number",
]
