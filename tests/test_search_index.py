"""The search index additions (rete.web.search), the records' sharded prefix index
(rete.web.search_records) and the synonyms file's located errors."""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import time
from pathlib import Path

import pytest
from material.plugins.search.plugin import Parser  # type: ignore[import-untyped]

from rete.core.diagnostics import RecordError, format_text
from rete.web.build import build
from rete.web.search import PROSE_TEXT, enrich, finish_index, fold, space_blocks
from rete.web.search_records import (
    FOLDER,
    MANIFEST,
    SHARD_BYTES,
    STOP_WORDS,
    Scheda,
    query_files,
    query_tokens,
    rank,
    record_words,
    write_records,
)
from rete.web.search_synonyms import SYNONYMS_FILE, Rimando, Sinonimi, load_synonyms
from support import TODAY, make_buildable

SEPARATOR = r'[\s\-,:!=\[\]()"/\u2019\']+'  # mkdocs.yml's search separator ('' in YAML)


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


def test_long_prose_sections_are_cut_without_a_broken_tag() -> None:
    from rete.web.search import _cut

    text = "<p>" + "parola " * (PROSE_TEXT // 7) + "</p><p>altro</p>"
    cut = _cut(text)
    assert len(cut) <= PROSE_TEXT and cut.startswith("<p>parola") and "<" not in cut[3:]
    assert _cut("<p>breve</p>") == "<p>breve</p>"


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


SEP = re.compile(SEPARATOR)
GROUPS = [[["asilo"], ["nido"]], [["gas"], ["gruppi", "di", "acquisto"]]]


def test_record_words_fold_accents_take_synonyms_and_leave_out_stop_words() -> None:
    title, places, tags, text = record_words(
        Scheda("comuni/muggio/", "Muggiò", "", places=("MB", "108034"),
               tags=("Asilo nido", "Gruppi di acquisto"), pointers=("il mio Comune",),
               text="<p>La scuola dell&#x27;infanzia di Muggiò, in città</p>"),
        SEP, GROUPS)
    assert title == {"muggio", "mio", "comune"}  # folded, as queries are; "il": a stop word
    assert places == {"mb", "108034"}
    assert tags == {"asilo", "nido", "gruppi", "acquisto", "gas"}  # "di": a stop word
    assert text == {"scuola", "infanzia", "citta"}  # "muggio": in the title already
    assert "di" in STOP_WORDS


def site_with(tmp_path: Path, schede: list[Scheda]) -> Path:
    write_records(tmp_path, schede, SEP, GROUPS)
    return tmp_path


def found(site: Path, query: str) -> list[str]:
    """The pages `query` finds in the records' index, best first (as cerca.js ranks them)."""
    folder = site / FOLDER
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    shards = {}
    for name in query_files(site, query):
        if name.startswith("f-"):
            key = next(k for k, v in manifest["frammenti"].items() if f"f-{v}.json" == name)
            shards[key] = json.loads((folder / name).read_text(encoding="utf-8"))
    blocks = [json.loads(p.read_text(encoding="utf-8"))
              for p in sorted(folder.glob("s-*.json"), key=lambda p: int(p.stem[2:]))]
    size = manifest["blocco"]
    return [blocks[i // size][i % size][0]
            for i, _, _ in rank(query_tokens(query, SEP), shards, manifest["frammenti"])]


def test_a_record_is_found_by_a_prefix_of_any_word_of_its_title(tmp_path: Path) -> None:
    site = site_with(tmp_path, [
        Scheda("comuni/cesano-maderno/", "Cesano Maderno", "", places=("MB",)),
        Scheda("comuni/muggio/", "Muggiò", "", places=("MB",)),
        Scheda("pratiche/a/", "Tavolo intercomunale", "", places=("Cesano Maderno",)),
    ])
    assert found(site, "Mugg") == ["comuni/muggio/"]
    assert found(site, "muggiò") == ["comuni/muggio/"]
    assert found(site, "maderno") == ["comuni/cesano-maderno/", "pratiche/a/"]  # title first
    assert found(site, "interc") == ["pratiche/a/"]
    assert found(site, "MB")[:2] == ["comuni/cesano-maderno/", "comuni/muggio/"]
    assert found(site, "di") == []  # a stop word


def test_records_with_every_word_typed_in_their_title_rank_first(tmp_path: Path) -> None:
    site = site_with(tmp_path, [
        Scheda("pratiche/a/", "Cesano Boscone solidale", ""),
        Scheda("pratiche/b/", "Patto educativo", "", places=("Cesano Maderno",)),
        Scheda("comuni/cesano-maderno/", "Cesano Maderno", ""),
    ])
    assert found(site, "cesano maderno") == ["comuni/cesano-maderno/", "pratiche/b/",
                                             "pratiche/a/"]
    manifest = json.loads((site / FOLDER / MANIFEST).read_text(encoding="utf-8"))
    shards = {k: json.loads((site / FOLDER / f"f-{v}.json").read_text(encoding="utf-8"))
              for k, v in manifest["frammenti"].items()}
    strong = [s for _, _, s in rank(["cesano", "maderno"], shards, shards)]
    assert strong == [True, False, False]


def test_a_word_only_in_a_records_text_finds_it_below_title_matches(tmp_path: Path) -> None:
    site = site_with(tmp_path, [
        Scheda("pratiche/a/", "Tavolo di prova", "", text="La scuola dell'infanzia in città"),
        Scheda("pratiche/b/", "Scuole dell'infanzia", "", places=("Città Bassa",)),
        Scheda("pratiche/c/", "Patto educativo", "", text="Nessuna parola utile"),
    ])
    assert found(site, "dell'infanzia") == ["pratiche/b/", "pratiche/a/"]
    assert found(site, "citta") == ["pratiche/b/", "pratiche/a/"]  # a place outranks text
    assert found(site, "tavolo") == ["pratiche/a/"]
    manifest = json.loads((site / FOLDER / MANIFEST).read_text(encoding="utf-8"))
    shards = {k: json.loads((site / FOLDER / f"f-{v}.json").read_text(encoding="utf-8"))
              for k, v in manifest["frammenti"].items()}
    assert [s for _, _, s in rank(["infanzia"], shards, shards)] == [True, False]


def test_a_large_shard_is_split_by_one_more_letter(tmp_path: Path) -> None:
    words = [f"co{a}{b}{c}" for a in "mnrs" for b in "aeiou" for c in "bcdfglmnprstvz"]
    schede = [Scheda(f"pratiche/p{i}/", f"{w} co", "") for i, w in enumerate(words * 40)]
    site = site_with(tmp_path, schede)
    manifest = json.loads((site / FOLDER / MANIFEST).read_text(encoding="utf-8"))
    keys = set(manifest["frammenti"])
    assert {"com", "con", "cor", "cos"} <= keys or {"coma", "cona"} <= keys, sorted(keys)[:9]
    sizes = [(site / FOLDER / f"f-{v}.json").stat().st_size
             for k, v in manifest["frammenti"].items() if k != "co"]
    assert max(sizes) <= SHARD_BYTES  # but "co", one word in every record: not divisible
    assert query_files(site, "conaz")[1] != query_files(site, "comaz")[1]
    assert set(found(site, "conaz")) == {f"pratiche/p{i}/" for i, w in enumerate(words * 40)
                                         if w.startswith("conaz")}
    assert len(found(site, "co")) == len(schede)  # the word "co" stays in the shard "co"


def test_the_build_moves_records_out_of_the_full_text_index(fixture_site: Path) -> None:
    index = json.loads((fixture_site / "search" / "search_index.json").read_text(
        encoding="utf-8"))
    pages = {d["location"].split("#")[0] for d in index["docs"]}
    assert "comuni/" in pages and "calcolatore/" in pages  # prose pages stay
    assert not {p for p in pages if re.fullmatch(r"(comuni|pratiche)/[^/]+/", p)}, pages
    assert all(len(d["text"]) <= PROSE_TEXT for d in index["docs"])
    assert found(fixture_site, "Mugg")[0] == "comuni/muggio/"
    manifest = json.loads((fixture_site / FOLDER / MANIFEST).read_text(encoding="utf-8"))
    block = json.loads((fixture_site / FOLDER / "s-0.json").read_text(encoding="utf-8"))
    assert len(block) == manifest["schede"] and ["comuni/muggio/", "Muggiò"] in [
        r[:2] for r in block]
    muggio = next(r for r in block if r[0] == "comuni/muggio/")
    assert "108034" in muggio[2]  # the snippet: the top of its page


def test_materials_search_plugin_skips_record_pages() -> None:
    """Material's plugin would parse every record page (about 30 s at 1,500 comuni and 5,000
    practices on this machine) for documents the records' index replaces."""
    from types import SimpleNamespace

    from rete.web import mkdocs_hooks

    def page(src: str) -> SimpleNamespace:
        return SimpleNamespace(file=SimpleNamespace(src_uri=src), meta={})

    html = "<dl><dt>Anni</dt><dd>2024/25</dd></dl>"
    for src, skipped in [("comuni/muggio.md", True), ("pratiche/family-pay.md", True),
                         ("comuni/index.md", False), ("pratiche/index.md", False),
                         ("calcolatore/index.md", False), ("rete/strumenti/gaf.md", False)]:
        p = page(src)
        assert mkdocs_hooks.on_page_markdown("testo", page=p) == "testo"
        assert bool((p.meta.get("search") or {}).get("exclude")) is skipped, src
        spaced = mkdocs_hooks.on_page_content(html, page=p)
        assert (spaced == html) is skipped, src


def test_modules_are_listed_once_the_scuola_wrote_their_page(project: Path,
                                                              tmp_path: Path) -> None:
    from rete.core.settings import load_settings
    from rete.records.validate import validate
    from rete.web.search import record_schede
    from rete.web.view import SiteView

    view = SiteView(validate(project, TODAY), load_settings(project))
    site = tmp_path / "site"
    assert not [s for s in record_schede(view, site) if s.location.startswith("scuola/")]
    page = site / "scuola" / "scuola-prova" / "introduzione.html"
    page.parent.mkdir(parents=True)
    page.write_text("<html></html>", encoding="utf-8")
    modules = [s for s in record_schede(view, site) if s.location.startswith("scuola/")]
    module = view.moduli_by_slug["introduzione"].model
    assert [(s.location, s.title, s.snippet) for s in modules] == [
        ("scuola/scuola-prova/introduzione.html", module.titolo, module.sintesi)]


def test_what_one_search_downloads_at_size_l_stays_under_1_5_mb(tmp_path: Path) -> None:
    """Issue 13: 7,904 comuni and 20,000 practices. The records' files one query needs
    (manifest, shards, blocks) plus a bound for Material's part: its worker and lunr
    scripts and the prose index (which records no longer enter) weigh under 300 KB gzip at
    size S (tests/browser/test_search.py) and do not grow with the records."""
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_search.py"
    spec = importlib.util.spec_from_file_location("bench_search", path)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    start = time.perf_counter()
    schede = bench.synthetic_schede(7_904, 20_000)
    site = site_with(tmp_path, schede)
    print(f"\nL records' index written in {time.perf_counter() - start:.1f} s")
    total = sum(len(gzip.compress(p.read_bytes(), mtime=0))
                for p in (site / FOLDER).glob("*.json"))
    for query in bench.QUERIES:
        names = query_files(site, query)
        size = sum(len(gzip.compress((site / FOLDER / n).read_bytes(), mtime=0))
                   for n in names)
        print(f"{query!r}: {size / 1024:.0f} KB gzip in {len(names)} files")
        assert size + 300 * 1024 < 1_500 * 1024
        assert size < total / 10  # a query downloads a small part of the records' index
    assert found(site, "Muggio")[0] == "comuni/muggio/"
