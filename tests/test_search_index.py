"""The search index additions (rete.web.search) and the synonyms file's located errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from material.plugins.search.plugin import Parser  # type: ignore[import-untyped]

from rete.core.diagnostics import RecordError, format_text
from rete.web.build import build
from rete.web.search import enrich, finish_index, fold, space_blocks
from rete.web.search_synonyms import SYNONYMS_FILE, Rimando, Sinonimi, load_synonyms
from support import TODAY, make_buildable

SEPARATOR = r'[\s\-,:!=\[\]()"/\u2019'']+'  # mkdocs.yml's search separator


def indexed_text(html: str) -> str:
    """The text Material's search plugin indexes for this HTML (one section)."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    return " ".join("".join(s.text) for s in parser.data)


def test_cells_and_definitions_are_indexed_as_separate_words() -> None:
    html = ("<dl><dt>Anni</dt><dd>2024/25</dd><dt>Tariffa</dt><dd>al mese</dd></dl>"
            "<table><tr><th>ISEE</th><th>Tariffa</th></tr><tr><td>fino a 8.000</td>"
            "<td>100</td></tr></table><p>uno<br>due</p>")
    assert indexed_text(html) == ("Anni2024/25Tariffaal meseISEETariffafino a 8.000100"
                                  "<p>unodue</p>")
    spaced = " ".join(indexed_text(space_blocks(html)).split())
    assert spaced == "Anni 2024/25 Tariffa al mese ISEE Tariffa fino a 8.000 100 <p>uno due</p>"


def test_spacing_leaves_inline_text_and_code_alone() -> None:
    for html in ('<p>Il <a href="x">Comune</a><em>di</em> Muggiò</p>',
                 '<pre><code><span>a</span><span>\n</span><span>b</span></code></pre>'):
        assert space_blocks(html) == html


def test_fold_removes_accents_as_the_browser_script_does() -> None:
    assert fold("Muggiò") == "muggio"
    assert fold("CITTÀ più perché") == "citta piu perche"
    assert fold("Dell\u2019Infanzia") == "dell\u2019infanzia"


def index(*docs: tuple[str, str, str]) -> dict[str, object]:
    return {"config": {"separator": SEPARATOR},
            "docs": [{"location": loc, "title": t, "text": x} for loc, t, x in docs]}


def test_enrich_adds_folded_words_synonyms_and_pointers() -> None:
    data = index(("comuni/muggio/", "Muggiò", "<p>Provincia MB</p>"),
                 ("comuni/x/#nido", "Asilo nido comunale", "<p>Retta per la città</p>"),
                 ("pratiche/y/", "Il patto", "<p>Un nido aziendale</p>"),
                 ("calcolatore/", "Calcolatore", "<p>La tariffa</p>"),
                 ("calcolatore/#come", "Come funziona", "<p>Passo per passo</p>"))
    synonyms = Sinonimi(equivalenti=[["asilo", "nido"], ["gas", "gruppi di acquisto"]],
                        rimandi=[Rimando(pagina="calcolatore/", parole=["Quanto pago"]),
                                 Rimando(pagina="aderire/", parole=["adesione"])])
    missing = enrich(data, synonyms)
    docs = {d["location"]: d for d in data["docs"]}  # type: ignore[attr-defined]
    assert docs["comuni/muggio/"]["chiavi"] == "muggio"
    assert "varianti" not in docs["comuni/muggio/"]
    assert "chiavi" not in docs["comuni/x/#nido"]  # both words already in the title
    assert docs["comuni/x/#nido"]["varianti"] == "citta"
    assert docs["pratiche/y/"]["varianti"] == "asilo"  # a passing mention: text weight
    assert docs["calcolatore/"]["chiavi"] == "pago quanto"
    assert "chiavi" not in docs["calcolatore/#come"]  # the page's top, not its sections
    assert missing == [1]


def test_phrases_are_matched_as_phrases() -> None:
    data = index(("a/", "Gruppi di acquisto", ""), ("b/", "Gruppi di lavoro", "acquisto"))
    enrich(data, Sinonimi(equivalenti=[["gas", "gruppi di acquisto"]]))
    docs = data["docs"]
    assert docs[0]["chiavi"] == "gas"  # type: ignore[index]
    assert "chiavi" not in docs[1] and "varianti" not in docs[1]  # type: ignore[index]


def write(root: Path, text: str) -> Path:
    path = root / SYNONYMS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_no_synonyms_file_means_no_synonyms(tmp_path: Path) -> None:
    assert load_synonyms(tmp_path) == (Sinonimi(), [])


def test_every_mistake_in_the_synonyms_file_is_located_in_one_run(tmp_path: Path) -> None:
    write(tmp_path, "equivalenti:\n"
                    "  - [asilo]\n"
                    "  - [gas, gaf-x]\n"
                    "rimandi:\n"
                    "  - pagina: /calcolatore\n"
                    "    parole: [quanto pago]\n"
                    "  - pagina: dati/\n"
                    "    parola: [csv]\n")
    synonyms, problems = load_synonyms(tmp_path)
    assert synonyms == Sinonimi()
    lines = format_text(problems).splitlines()
    assert lines[:-1] == [
        "content/ricerca/sinonimi.yml:2:5: errore: equivalenti[1]: servono almeno 2 voci",
        "content/ricerca/sinonimi.yml:3:11: errore: equivalenti[2][2]: «gaf-x» non è una "
        "parola di ricerca: usa lettere e cifre, con spazi o apostrofi tra le parole",
        "content/ricerca/sinonimi.yml:5:13: errore: rimandi[1].pagina: «/calcolatore» non è "
        "l'indirizzo di una pagina del sito: scrivilo come appare dopo il nome del sito, con "
        "la barra finale (es. calcolatore/)",
        "content/ricerca/sinonimi.yml:7:5: errore: rimandi[2].parole: campo obbligatorio "
        "mancante",
        "content/ricerca/sinonimi.yml:8:5: errore: rimandi[2].parola: chiave non prevista "
        "«parola» (forse «parole»?)",
    ]


def test_broken_yaml_is_located(tmp_path: Path) -> None:
    write(tmp_path, "equivalenti:\n  - [asilo, nido\n")
    _, problems = load_synonyms(tmp_path)
    assert len(problems) == 1 and problems[0].severity == "errore"
    assert re.match(r"content/ricerca/sinonimi\.yml:\d+:\d+: errore: ", problems[0].format())


def test_a_pointer_to_a_missing_page_is_a_located_warning(tmp_path: Path) -> None:
    write(tmp_path, "rimandi:\n  - pagina: calcolatore/\n    parole: [quanto pago]\n"
                    "  - pagina: aderire/\n    parole: [adesione]\n")
    synonyms, problems = load_synonyms(tmp_path)
    assert problems == []
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "search" / "search_index.json").write_text(json.dumps(
        index(("calcolatore/", "Calcolatore", ""))), encoding="utf-8")
    warnings = finish_index(tmp_path, site, synonyms)
    assert [w.format() for w in warnings] == [
        "content/ricerca/sinonimi.yml:4:13: avviso: rimandi[2].pagina: il sito non ha la "
        "pagina «aderire/»: le sue parole non portano a nessuna pagina"]
    written = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert written["docs"][0]["chiavi"] == "pago quanto"


def test_the_repository_synonyms_file_is_valid() -> None:
    root = Path(__file__).resolve().parents[1]
    synonyms, problems = load_synonyms(root)
    assert problems == [] and synonyms.equivalenti and synonyms.rimandi


def test_a_broken_synonyms_file_stops_the_build_before_anything_is_written(
        project: Path) -> None:
    make_buildable(project)
    write(project, "equivalenti:\n  - [asilo]\nrimandi:\n  - pagina: calcolatore\n"
                   "    parole: [quanto pago]\n")
    with pytest.raises(RecordError) as failure:
        build(project, today=TODAY)
    assert [d.format() for d in failure.value.diagnostics if d.file == SYNONYMS_FILE] == [
        "content/ricerca/sinonimi.yml:2:5: errore: equivalenti[1]: servono almeno 2 voci",
        "content/ricerca/sinonimi.yml:4:13: errore: rimandi[1].pagina: «calcolatore» non è "
        "l'indirizzo di una pagina del sito: scrivilo come appare dopo il nome del sito, con "
        "la barra finale (es. calcolatore/)"]
    assert not (project / "site").exists() and not (project / ".build" / "docs").exists()


def test_rete_check_reports_the_synonyms_file_too(project: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from rete.cli.main import main

    assert main(["--radice", str(project), "check", "--oggi", TODAY.isoformat()]) == 0
    write(project, "equivalenti:\n  - [asilo]\n")
    assert main(["--radice", str(project), "check", "--oggi", TODAY.isoformat()]) == 1
    assert ("content/ricerca/sinonimi.yml:2:5: errore: equivalenti[1]: servono almeno 2 voci"
            in capsys.readouterr().err)
