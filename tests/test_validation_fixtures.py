"""Every validation rule has a fixture that breaks it once; each must give one exact message."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rete.records.validate import validate
from support import INVALID, TODAY, place_fixture

# fixture (relative to invalid/) -> (file in the project, line, col, key, message fragment)
EXPECTED: dict[str, tuple[str, int, int, str, str]] = {
    "comuni/codice_istat_unknown.yml": (
        "comuni/codice-istat-unknown.yml", 4, 15, "codice_istat",
        "'999999' non è un codice ISTAT di comune"),
    "comuni/codice_istat_duplicate.yml": (
        "comuni/codice-istat-duplicate.yml", 4, 15, "codice_istat",
        "il codice ISTAT 108008 è già usato da comuni/besana-in-brianza.yml"),
    "comuni/nome_mismatch.yml": (
        "comuni/nome-mismatch.yml", 3, 7, "nome",
        "il codice ISTAT 108012 è del comune di Brugherio, non di Brugherioo"),
    "comuni/provincia_wrong.yml": (
        "comuni/provincia-wrong.yml", 5, 12, "provincia",
        "Cinisello Balsamo è in provincia di Milano (MI), non 'MB'"),
    "comuni/coordinate_out_of_range.yml": (
        "comuni/coordinate-out-of-range.yml", 6, 19, "coordinate.lat",
        "deve essere al massimo 90"),
    "comuni/sito_javascript_url.yml": (
        "comuni/sito-javascript-url.yml", 6, 7, "sito",
        '"javascript:alert(1)" non è un indirizzo ammesso'),
    "comuni/popolazione_anno_missing.yml": (
        "comuni/popolazione-anno-missing.yml", 7, 3, "popolazione.anno",
        "campo obbligatorio mancante"),
    "comuni/popolazione_valore_text.yml": (
        "comuni/popolazione-valore-text.yml", 6, 23, "popolazione.valore",
        'deve essere un numero intero, non "ottomila"'),
    "comuni/popolazione_unsourced.yml": (
        "comuni/popolazione-unsourced.yml", 6, 1, "popolazione",
        "nessuna fonte sostiene i numeri o le date di 'popolazione': aggiungi 'popolazione' "
        "ai campi di una fonte"),
    "comuni/relazioni_data_impossible.yml": (
        "comuni/relazioni-data-impossible.yml", 8, 10, "relazioni[1].dal",
        '"2016-13-20" non è una data valida (AAAA-MM-GG)'),
    "comuni/relazioni_ruolo_unknown.yml": (
        "comuni/relazioni-ruolo-unknown.yml", 7, 12, "relazioni[1].ruolo",
        '"membro" non è ammesso: usa uno tra firmatario, membro_tavolo_intercomunale'),
    "comuni/relazioni_accordo_unknown.yml": (
        "comuni/relazioni-accordo-unknown.yml", 8, 14, "relazioni[1].accordo",
        "l'accordo 'accordo-2099' non ha una scheda: manca content/accordi/accordo-2099.yml"),
    "comuni/relazioni_al_before_dal.yml": (
        "comuni/relazioni-al-before-dal.yml", 9, 9, "relazioni[1].al",
        "la fine (2016) viene prima dell'inizio (2018)"),
    "comuni/relazioni_fonte_not_listed.yml": (
        "comuni/relazioni-fonte-not-listed.yml", 8, 12, "relazioni[1].fonte",
        "deve essere una delle 'fonti' della scheda"),
    "comuni/servizi_isee_max_below_min.yml": (
        "comuni/servizi-isee-max-below-min.yml", 14, 15, "servizi[1].isee_max",
        "isee_max (6.000,00 €) deve essere maggiore di isee_min (30.000,00 €)"),
    "comuni/servizi_anni_missing.yml": (
        "comuni/servizi-anni-missing.yml", 7, 5, "servizi[1].anni",
        "manca l'anno a cui si applica lo schema: indica anni"),
    "comuni/servizi_anni_overlap.yml": (
        "comuni/servizi-anni-overlap.yml", 20, 12, "servizi[2].anni[1]",
        "l'anno 2025/26 del servizio «nido» è già coperto dallo schema 1° dell'elenco"),
    "comuni/relazioni_firmatario_without_accordo.yml": (
        "comuni/relazioni-firmatario-without-accordo.yml", 7, 5, "relazioni[1].accordo",
        "un firmatario deve indicare l'accordo firmato"),
    "comuni/tavolo_comunale_fonte_not_listed.yml": (
        "comuni/tavolo-comunale-fonte-not-listed.yml", 8, 10, "tavolo_comunale.fonte",
        "questa fonte deve essere una delle 'fonti' della scheda"),
    "comuni/file_empty.yml": (
        "comuni/file-empty.yml", 1, 1, "(file)",
        "la scheda è vuota o non è una sezione di chiavi e valori: parti da `rete new comune"),
    "good_practices/contatti_both_targets.md": (
        "good_practices/contatti-both-targets.md", 8, 5, "contatti[1]",
        "indica esattamente uno tra 'organizzazione' e 'comune'"),
    "courses/scuola-prova/prerequisiti_self.yml": (
        "courses/scuola-prova/prerequisiti-self.yml", 9, 16, "prerequisiti[1]",
        "un modulo non può essere prerequisito di se stesso"),
    "courses/scuola-prova/notebook_missing.yml": (
        "courses/scuola-prova/notebook-missing.yml", 9, 11, "notebook",
        "il quaderno courses/scuola-prova/quaderno-fantasma.md non esiste"),
    "courses/scuola-prova/notebook_absolute.yml": (
        "courses/scuola-prova/notebook-absolute.yml", 9, 11, "notebook",
        "«/etc/quaderno.md» è un percorso assoluto"),
    "courses/scuola-prova/notebook_parent.yml": (
        "courses/scuola-prova/notebook-parent.yml", 9, 11, "notebook",
        "«../../README.md» esce dalla cartella del corso"),
    "courses/scuola-prova/slug_no_course.yml": (
        "courses/scuola-prova/slug-no-course.yml", 2, 7, "slug",
        "il modulo 'slug-no-course' non è in nessun corso"),
    "courses/moduli_repeated.corso.yml": (
        "courses/moduli-repeated/corso.yml", 7, 24, "moduli[2]",
        "'introduzione' è già nell'elenco: toglilo"),
    "courses/edizioni_order.corso.yml": (
        "courses/edizioni-order/corso.yml", 11, 9, "edizioni[1].al",
        "la fine (2027-03-01) viene prima dell'inizio (2027-03-29)"),
    "courses/edizioni_unsourced.corso.yml": (
        "courses/edizioni-unsourced/corso.yml", 8, 1, "edizioni",
        "nessuna fonte sostiene i numeri o le date di 'edizioni'"),
    "content/organizzazioni/yaml_merge_key.yml": (
        "content/organizzazioni/yaml-merge-key.yml", 4, 1, "(file)",
        "i riferimenti YAML '<<' non sono ammessi"),
    "content/organizzazioni/yaml_anchor.yml": (
        "content/organizzazioni/yaml-anchor.yml", 3, 7, "nome",
        "le ancore '&' e i riferimenti '*' di YAML non sono ammessi: togli '&nome' e scrivi per "
        "intero ogni valore che lo richiama (2 tra ancore e riferimenti nel file)"),
    "comuni/yaml_alias_bomb.yml": (
        "comuni/yaml-alias-bomb.yml", 4, 4, "a",
        "le ancore '&' e i riferimenti '*' di YAML non sono ammessi: togli '&a' e scrivi per "
        "intero ogni valore che lo richiama (81 tra ancore e riferimenti nel file)"),
    "comuni/yaml_alias_recursive.yml": (
        "comuni/yaml-alias-recursive.yml", 4, 12, "relazioni",
        "le ancore '&' e i riferimenti '*' di YAML non sono ammessi: togli '&r'"),
    "good_practices/yaml_nested_too_deep.md": (
        "good_practices/yaml-nested-too-deep.md", 5, 56, "(file)",
        "YAML non valido: più di 50 livelli di sezioni ed elenchi uno dentro l'altro"),
    "content/organizzazioni/yaml_quote_unclosed.yml": (
        "content/organizzazioni/yaml-quote-unclosed.yml", 3, 7, "(file)",
        "YAML non valido: le virgolette «\"» aperte qui non si chiudono su questa riga ma alla "
        "riga 7: chiudile alla fine del valore"),
    "content/accordi/data_future.yml": (
        "content/accordi/data-future.yml", 8, 7, "data",
        '"2027-01-15" è una data nel futuro (oggi è 2026-12-03)'),
    "content/accordi/firmatari_organizzazione_unknown.yml": (
        "content/accordi/firmatari-organizzazione-unknown.yml", 8, 25,
        "firmatari.organizzazioni[2]", "l'organizzazione 'acme' non ha una scheda"),
    "content/accordi/slug_mismatch.yml": (
        "content/accordi/slug-mismatch.yml", 2, 7, "slug",
        "lo slug 'accordo-diverso' deve essere uguale al nome del file ('slug-mismatch.yml')"),
    "content/organizzazioni/email_invalid.yml": (
        "content/organizzazioni/email-invalid.yml", 5, 8, "email",
        '"Segreteria <segreteria@esempio>" non è un indirizzo di posta: scrivi nome@dominio.it'),
    "content/organizzazioni/tipo_unknown.yml": (
        "content/organizzazioni/tipo-unknown.yml", 4, 7, "tipo",
        '"club" non è ammesso: usa uno tra associazione, ente'),
    "content/organizzazioni/yaml_syntax.yml": (
        "content/organizzazioni/yaml-syntax.yml", 3, 19, "(file)",
        "YAML non valido: due punti ':' fuori posto"),
    "content/organizzazioni/key_duplicate.yml": (
        "content/organizzazioni/key-duplicate.yml", 5, 1, "nome",
        "chiave ripetuta: 'nome' va scritta una volta sola"),
    "content/organizzazioni/fonti_consultato_bad_format.yml": (
        "content/organizzazioni/fonti-consultato-bad-format.yml", 8, 17, "fonti[1].consultato",
        '"20/12/2016" non è una data nel formato AAAA-MM-GG'),
    "content/organizzazioni/fonti_url_ftp.yml": (
        "content/organizzazioni/fonti-url-ftp.yml", 6, 10, "fonti[1].url",
        '"ftp://example.org/atto.pdf" non è un indirizzo ammesso'),
    "content/organizzazioni/ultima_verifica_missing.yml": (
        "content/organizzazioni/ultima-verifica-missing.yml", 2, 1, "ultima_verifica",
        "campo obbligatorio mancante"),
    "content/organizzazioni/fonti_campi_unknown.yml": (
        "content/organizzazioni/fonti-campi-unknown.yml", 9, 19, "fonti[1].campi[2]",
        "'sito' non è un campo presente in questa scheda"),
    "content/organizzazioni/tappe_fonte_not_listed.yml": (
        "content/organizzazioni/tappe-fonte-not-listed.yml", 8, 12, "tappe[1].fonte",
        "la fonte di una tappa deve essere una delle 'fonti' della scheda"),
    "comuni/relazioni_firmatario_with_dal.yml": (
        "comuni/relazioni-firmatario-with-dal.yml", 7, 5, "relazioni[1]",
        "'firmatario' è un evento, non un periodo: scrivi il giorno in 'data'"),
    "comuni/fonti_non_raggiungibile_before_consultato.yml": (
        "comuni/fonti-non-raggiungibile-before-consultato.yml", 10, 24,
        "fonti[1].non_raggiungibile", "non_raggiungibile viene prima di consultato"),
    "courses/scuola-prova/prerequisiti_unknown.yml": (
        "courses/scuola-prova/prerequisiti-unknown.yml", 9, 16, "prerequisiti[1]",
        "il modulo 'modulo-fantasma' non ha una scheda"),
    "courses/scuola-prova/minuti_lezione_negative.yml": (
        "courses/scuola-prova/minuti-lezione-negative.yml", 8, 17, "minuti_lezione",
        "deve essere almeno 0"),
    "courses/scuola-prova/destinatari_unknown.yml": (
        "courses/scuola-prova/destinatari-unknown.yml", 7, 15, "destinatari[1]",
        "'astronauti' non è tra i destinatari previsti (amministratori, famiglie)"),
    "good_practices/titolo_missing.md": (
        "good_practices/titolo-missing.md", 3, 1, "titolo", "campo obbligatorio mancante"),
    "good_practices/obiettivi_unknown.md": (
        "good_practices/obiettivi-unknown.md", 6, 13, "obiettivi[1]",
        "'9' non è tra gli obiettivi previsti"),
    "good_practices/strumenti_unknown.md": (
        "good_practices/strumenti-unknown.md", 7, 13, "strumenti[1]",
        "'bancomat' non è tra gli strumenti previsti"),
    "good_practices/comuni_unknown.md": (
        "good_practices/comuni-unknown.md", 7, 18, "comuni[2]",
        "il comune 'gotham' non ha una scheda: manca comuni/gotham.yml"),
    "good_practices/risultati_key_typo.md": (
        "good_practices/risultati-key-typo.md", 7, 1, "risultatti",
        "chiave non prevista «risultatti» (forse «risultati»?)"),
    "good_practices/livello_evidenza_unknown.md": (
        "good_practices/livello-evidenza-unknown.md", 8, 12, "livello_evidenza.livello",
        '"alto" non è ammesso: usa uno tra emergente, promettente, consolidata'),
    "good_practices/periodo_future.md": (
        "good_practices/periodo-future.md", 7, 16, "periodo.dal",
        '"2030-01-01" è una data nel futuro'),
    "good_practices/testo_script.md": (
        "good_practices/testo-script.md", 14, 1, "testo",
        "il tag HTML <script> non è ammesso"),
    "good_practices/testo_external_image.md": (
        "good_practices/testo-external-image.md", 14, 15, "testo",
        'immagine esterna "https://example.org/foto.jpg"'),
    "good_practices/testo_onclick.md": (
        "good_practices/testo-onclick.md", 12, 11, "testo",
        "l'attributo HTML 'onclick' (codice eseguibile) non è ammesso"),
    "good_practices/testo_javascript_link.md": (
        "good_practices/testo-javascript-link.md", 12, 11, "testo",
        'collegamento "javascript:" non ammesso'),
    "good_practices/testo_link_broken.md": (
        "good_practices/testo-link-broken.md", 12, 12, "testo",
        'il collegamento "../comuni/gotham.md" non porta a nessuna pagina del sito'),
    "good_practices/obiettivi_repeated.md": (
        "good_practices/obiettivi-repeated.md", 6, 16, "obiettivi[2]",
        "'5' è già nell'elenco: toglilo"),
    "good_practices/front_matter_missing.md": (
        "good_practices/front-matter-missing.md", 1, 1, "(file)",
        "manca l'intestazione YAML tra due righe '---'"),
    "good_practices/testo_entity_javascript.md": (
        "good_practices/testo-entity-javascript.md", 12, 11, "testo",
        'collegamento "javascript:" non ammesso'),
    "good_practices/testo_attr_list_handler.md": (
        "good_practices/testo-attr-list-handler.md", 13, 1, "testo",
        "l'attributo 'onmouseover' in {: … } non è ammesso"),
    # One page map (rete.records.page_map): no record takes an address the site uses.
    "content/pagine/slug_reserved/comuni.md": (
        "content/pagine/comuni.md", 3, 7, "slug",
        "lo slug «comuni» darebbe a questa scheda l'indirizzo comuni/, già usato per l'elenco "
        "dei comuni (comuni/)"),
    "good_practices/slug_reserved/index.md": (
        "good_practices/index.md", 3, 7, "slug",
        "l'indirizzo pratiche/index/, già usato per l'indice della cartella pratiche/"),
    "courses/scuola-prova/slug_reserved/index.yml": (
        "courses/scuola-prova/index.yml", 2, 7, "slug",
        "l'indirizzo scuola/<corso>/index.html, già usato per la pagina iniziale del corso"),
    "content/accordi/slug_reserved/accordi.yml": (
        "content/accordi/accordi.yml", 2, 7, "slug",
        "l'indirizzo rete/#accordi, già usato per una sezione della pagina La Rete"),
}

FIXTURE_FILES = sorted(p.relative_to(INVALID).as_posix() for p in INVALID.rglob("*")
                       if p.is_file())


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(EXPECTED) == FIXTURE_FILES


def test_fixtures_say_why_they_fail() -> None:
    for name in FIXTURE_FILES:
        first = (INVALID / name).read_text(encoding="utf-8").lstrip("-\n").splitlines()[0]
        assert first.startswith("# "), f"{name} must open with a comment saying why it fails"


def test_valid_project_is_clean(project: Path) -> None:
    corpus = validate(project, today=TODAY)
    assert corpus.diagnostics == []
    assert len(corpus.of("comune")) == 3 and len(corpus.of("pratica")) == 3


@pytest.mark.parametrize("name", FIXTURE_FILES)
def test_fixture_gives_one_located_message(name: str, project: Path) -> None:
    place_fixture(INVALID / name, project)
    corpus = validate(project, today=TODAY)
    file, line, col, key, fragment = EXPECTED[name]
    assert len(corpus.diagnostics) == 1, [d.format() for d in corpus.diagnostics]
    found = corpus.diagnostics[0]
    assert (found.file, found.line, found.col, found.key, found.severity) == (
        file, line, col, key, "errore")
    assert fragment in found.message


def test_all_broken_records_at_once_via_cli(project: Path) -> None:
    """The acceptance run: every broken record in one copy, one message each, exit 1."""
    for name in FIXTURE_FILES:
        place_fixture(INVALID / name, project)
    result = subprocess.run(
        [sys.executable, "-m", "rete", "--radice", str(project), "check", "--json",
         "--oggi", TODAY.isoformat()],
        capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    found = json.loads(result.stdout)
    assert len(found) == len(EXPECTED) >= 20
    by_file = {d["file"]: d for d in found}
    for file, line, col, key, fragment in EXPECTED.values():
        d = by_file[file]
        assert (d["line"], d["column"], d["key"], d["severity"]) == (line, col, key, "errore")
        assert fragment in d["message"]


def test_text_output_is_compiler_style(project: Path) -> None:
    place_fixture(INVALID / "comuni/relazioni_data_impossible.yml", project)
    result = subprocess.run(
        [sys.executable, "-m", "rete", "--radice", str(project), "check", "--oggi", "2026-11-27"],
        capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert ('comuni/relazioni-data-impossible.yml:8:10: errore: relazioni[1].dal: '
            '"2016-13-20" non è una data valida (AAAA-MM-GG)') in result.stderr
    assert "1 errore, 0 avvisi" in result.stderr


def test_parallel_check_reports_the_same(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Large corpora are checked in worker processes: same messages, same places."""
    import rete.records.validate

    for name in FIXTURE_FILES:
        place_fixture(INVALID / name, project)
    serial = validate(project, today=TODAY, keep_models=False).diagnostics
    monkeypatch.setattr(rete.records.validate, "PARALLEL_FROM", 1)
    parallel = validate(project, today=TODAY, keep_models=False).diagnostics
    assert sorted(parallel) == sorted(serial) and len(serial) == len(EXPECTED)
