"""The synonyms' fast phrase check (`search_text.extra_words`) adds exactly the words the plain
definition adds: a term of a group counts when its words occur consecutively in the field."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from rete.web.search_records import FOLDER, Scheda, postings, write_records
from rete.web.search_text import extra_words, fold

WORDS = ["asilo", "nido", "città", "citta", "famiglia", "famiglie", "servizio", "per", "la", "è"]


def _plain(found: list[str], groups: list[list[list[str]]]) -> set[str]:
    """The definition: accented words folded, and every word of a group one of whose terms
    is a run of consecutive folded words of the field."""
    folded = [fold(w) for w in found]
    out = {f for w, f in zip(found, folded, strict=True) if f != w}
    for group in groups:
        if any(
            term and any(folded[i : i + len(term)] == term for i in range(len(folded)))
            for term in group
        ):
            out.update(word for term in group for word in term)
    return out - set(found)


words = st.lists(st.sampled_from(WORDS), max_size=30)
terms = st.lists(st.sampled_from([fold(w) for w in WORDS]), max_size=3)
groups = st.lists(st.lists(terms, min_size=1, max_size=3), max_size=4)


@settings(max_examples=400, deadline=None)
@given(words, groups)
def test_extra_words_is_the_definition(found: list[str], groups: list[list[list[str]]]) -> None:
    assert extra_words(found, groups) == _plain(found, groups)


def test_a_term_counts_only_as_consecutive_words() -> None:
    group = [["asilo", "nido"], ["servizio", "per", "la", "prima", "infanzia"]]
    assert extra_words(["nido", "asilo"], [group]) == set()  # both words, wrong order
    assert extra_words(["un", "asilo", "nido"], [group]) >= {"servizio", "infanzia"}
    assert extra_words(["citta"], [[["citta"]]]) == set()  # nothing new to add
    assert extra_words(["città"], []) == {"citta"}


def _index(site: Path) -> dict[str, bytes]:
    folder = site / FOLDER
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_records_words_found_beforehand_give_the_same_index(tmp_path: Path) -> None:
    """`rete build` finds the comuni's and practices' words in a second process; the index
    the modules are then added to is the one found in one go."""
    sep = re.compile(r"[\s\-,:!=\[\]()\"/\u2019']+")
    groups = [[["asilo", "nido"], ["nido"]], [["famiglia"], ["nucleo", "familiare"]]]
    schede = [
        Scheda(
            f"pratiche/p{n}/",
            f"Asilo nido {n}",
            "Per la famiglia",
            ("Città",),
            ("Nido",),
            text=f"Un nucleo familiare e l'asilo nido numero {n}",
        )
        for n in range(40)
    ]
    write_records(tmp_path / "uno", schede, sep, groups)
    before = postings(schede[:30], sep, groups)
    write_records(tmp_path / "due", schede, sep, groups, before)
    assert _index(tmp_path / "due") == _index(tmp_path / "uno")
    other = postings(schede[:30], re.compile(r"\s+"), groups)  # cut otherwise: not used
    write_records(tmp_path / "tre", schede, sep, groups, other)
    assert _index(tmp_path / "tre") == _index(tmp_path / "uno")
