"""An unclosed quote is reported where it was opened, not where the text finally breaks."""

from __future__ import annotations

from rete.records import yaml_positions as yamlpos

RECORD = ("slug: prova\n"
          "nome: {open}Associazione di prova\n"
          "tipo: associazione\n"
          "fonti:\n"
          "  - url: https://example.org/\n"
          "    titolo: {open}Statuto{open}\n"
          "ultima_verifica: 2026-11-01\n")


def test_a_quote_closed_lines_later_is_located_where_it_opened() -> None:
    for quote in ('"', "'"):
        [problem] = yamlpos.load(RECORD.format(open=quote))[2]
        assert (problem.line, problem.col) == (2, 7), quote
        assert problem.message == (
            f"YAML non valido: le virgolette «{quote}» aperte qui non si chiudono su questa "
            "riga ma alla riga 6: chiudile alla fine del valore")


def test_a_quote_never_closed_is_located_where_it_opened() -> None:
    [problem] = yamlpos.load('slug: prova\nnome: "Associazione\ntipo: associazione\n')[2]
    assert (problem.line, problem.col) == (2, 7)
    assert "le virgolette «\"» aperte qui non sono mai chiuse" in problem.message


def test_front_matter_lines_are_counted_from_the_file_start() -> None:
    [problem] = yamlpos.load(RECORD.format(open='"'), line_offset=1)[2]
    assert (problem.line, problem.col) == (3, 7)


def test_a_quoted_value_over_several_lines_is_not_blamed() -> None:
    """A long text may span lines inside its quotes; an unrelated error later is itself."""
    text = 'nome: "una riga\n  e la seguente"\ntipo: a\nsigla: b: c\n'
    data, _, problems = yamlpos.load(text.replace("sigla: b: c\n", ""))
    assert problems == [] and data["nome"] == "una riga e la seguente"
    [problem] = yamlpos.load(text)[2]
    assert (problem.line, problem.col) == (4, 9)
    assert "due punti ':' fuori posto" in problem.message
