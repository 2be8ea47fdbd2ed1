"""The school's self-checks: kind messages, never an exception on the trainee's answer."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from rete.school.exercises import (
    MIMETYPE,
    NOT_ANSWERED,
    CheckResult,
    check_amount,
    check_choice,
    check_number,
    check_true_false,
    format_number,
    parse_number,
)

EXPECTED = Decimal("18000.50")


@pytest.mark.parametrize(
    "answer",
    [
        Decimal("18000.50"),
        18000.5,
        "18.000,50",
        "18000,50",
        "18000.5",
        "18,000.50",
        " 18.000,50 € ",
        "18000,50 euro",
        np.float64(18000.5),
        Fraction(36001, 2),
    ],
)
def test_amount_accepts_italian_and_python_formats(answer: object) -> None:
    result = check_amount(answer, EXPECTED, exercise="e1")
    assert result.passed is True
    assert result.message.startswith("Giusto!")
    assert "18.000,50 €" in result.message


@pytest.mark.parametrize("answer", [None, ...])
def test_no_answer_yet(answer: object) -> None:
    for result in (
        check_amount(answer, EXPECTED, exercise="e1"),
        check_choice(answer, "b", exercise="e1"),
        check_true_false(answer, True, exercise="e1"),
    ):
        assert result.passed is None
        assert result.message == NOT_ANSWERED
        assert result.marker() == {"exercise": "e1", "passed": None}


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (float("nan"), "NaN"),
        (float("inf"), "infinito"),
        (Decimal("NaN"), "NaN"),
        (True, "Vero/Falso"),
        ([18000.5], "tipo list"),
        ({"a": 1}, "tipo dict"),
        ("diciottomila", "non sembra un numero"),
        ("", "testo vuoto"),
        ("1,2,3", "non sembra un numero"),
    ],
)
def test_bad_answers_fail_kindly(answer: object, reason: str) -> None:
    result = check_amount(answer, EXPECTED, exercise="e1", hint="guarda la tabella")
    assert result.passed is False
    assert result.message.startswith("Non ancora:")
    assert reason in result.message
    assert result.message.endswith("Suggerimento: guarda la tabella")


def test_wrong_amount_says_which_side_and_hints() -> None:
    high = check_amount(18001, EXPECTED, exercise="e1", hint="arrotonda al centesimo")
    low = check_amount("17.000", EXPECTED, exercise="e1")
    assert high.passed is False and "troppo alta" in high.message
    assert "Suggerimento: arrotonda al centesimo" in high.message
    assert low.passed is False and "troppo bassa" in low.message
    assert "17.000,00 €" in low.message


def test_tolerance_is_inclusive_and_configurable() -> None:
    assert check_amount(Decimal("18000.51"), EXPECTED, exercise="e").passed is True
    assert check_amount(Decimal("18000.52"), EXPECTED, exercise="e").passed is False
    assert check_number(3.4, Decimal("3.40"), exercise="e", tolerance=0).passed is True
    assert check_number(18200, EXPECTED, exercise="e", tolerance=500).passed is True


def test_number_without_unit_and_places() -> None:
    result = check_number("3,4", Decimal("3.40"), exercise="scala", places=2)
    assert result.passed is True
    assert "3,40 è il risultato atteso" in result.message
    assert "€" not in result.message
    assert check_number(5, 5, exercise="n", places=0).message == (
        "Giusto! 5 è il risultato atteso."
    )


def test_bad_expected_value_is_the_author_error() -> None:
    with pytest.raises(ValueError, match="valore atteso"):
        check_amount(1, float("nan"), exercise="e")


@pytest.mark.parametrize("answer", ["b", "B", " b) ", "(b)", "b.", "Milano"])
def test_choice(answer: str) -> None:
    result = check_choice(answer, {"b", "milano"}, exercise="c1", options=("a", "b", "c"))
    assert result.passed is True


def test_choice_wrong_or_unknown_option() -> None:
    wrong = check_choice("a", "b", exercise="c1", options=("a", "b", "c"), hint="rileggi")
    unknown = check_choice("z", "b", exercise="c1", options=("a", "b", "c"))
    not_text = check_choice(2, "b", exercise="c1")
    assert wrong.passed is False and "non è la risposta giusta" in wrong.message
    assert "Suggerimento: rileggi" in wrong.message
    assert unknown.passed is False and "non è tra le scelte possibili (a, b, c)" in unknown.message
    assert not_text.passed is False and "tra virgolette" in not_text.message


@pytest.mark.parametrize(
    ("answer", "passed"),
    [(True, True), ("vero", True), ("Sì", True), ("V", True), (False, False), ("falso", False),
     ("no", False), ("forse", False), (1, False)],
)
def test_true_false(answer: object, passed: bool) -> None:
    assert check_true_false(answer, True, exercise="tf").passed is passed


def test_true_false_message_for_unreadable_answer() -> None:
    result = check_true_false("forse", False, exercise="tf")
    assert result.message == "Non ancora: rispondi True (vero) oppure False (falso)."
    assert check_true_false(False, False, exercise="tf").message == (
        "Giusto! L'affermazione è falsa."
    )
    assert check_true_false("vero", True, exercise="tf").message == (
        "Giusto! L'affermazione è vera."
    )


def test_mimebundle_carries_marker_and_escapes_user_text() -> None:
    result = check_choice("<script>alert(1)</script>", "b", exercise="x<1>")
    bundle = result._repr_mimebundle_()
    assert bundle[MIMETYPE] == {"exercise": "x<1>", "passed": False}
    assert "<script>" not in bundle["text/html"]
    assert "&lt;script&gt;" in bundle["text/html"]
    assert 'data-esercizio="x&lt;1&gt;"' in bundle["text/html"]
    assert bundle["text/plain"] == result.message == repr(result) == str(result)
    assert "\\<script\\>" in result._repr_markdown_()
    only = result._repr_mimebundle_(include={MIMETYPE})
    assert set(only) == {MIMETYPE}
    assert MIMETYPE not in result._repr_mimebundle_(exclude={MIMETYPE})


def test_result_is_plain_data() -> None:
    result = CheckResult("e", True, "Giusto!")
    assert result.marker() == {"exercise": "e", "passed": True}


def test_parse_and_format_helpers() -> None:
    assert parse_number("1.250") == Decimal(1250)
    assert parse_number("1.25") == Decimal("1.25")
    assert parse_number("-3,5") == Decimal("-3.5")
    assert parse_number(np.int64(7)) == Decimal(7)
    assert format_number(Decimal("12176.47")) == "12.176,47"
    assert format_number(Decimal("-0.5")) == "-0,50"
    assert format_number(Decimal(1234567), 0) == "1.234.567"
