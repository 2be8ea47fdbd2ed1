"""Checks that need more than one record: references, ISTAT data, order of dates.

Each check names the record that holds the wrong value, so the message points at the line an
editor has to change.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from rete.istat import comuni_istat
from rete.models.accordo import Accordo
from rete.models.comune import Comune
from rete.models.modulo import Modulo
from rete.models.pratica import Pratica
from rete.models.vocabolario import Vocabolario
from rete.record_types import BY_NAME
from rete.validate import Corpus, Loaded
from rete.yamlpos import Path_


def _fold(text: str) -> str:
    """Compare names without case, accents or apostrophe variants (Muggiò = MUGGIO')."""
    text = text.replace("\u2019", "").replace("'", "").casefold()
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _start(value: date | int) -> date:
    return value if isinstance(value, date) else date(value, 1, 1)


def _end(value: date | int) -> date:
    return value if isinstance(value, date) else date(value, 12, 31)


def _check_order(corpus: Corpus, rec: Loaded, path: Path_,
                 dal: date | int | None, al: date | int | None) -> None:
    if dal is not None and al is not None and _end(al) < _start(dal):
        corpus.report(rec.raw, (*path, "al"), f"la fine ({al}) viene prima dell'inizio ({dal})")


_AMONG = {"obiettivi": "tra gli obiettivi", "strumenti": "tra gli strumenti",
          "temi": "tra i temi", "destinatari": "tra i destinatari"}


class _Refs:
    """Looks up references and reports unknown or unpublished targets."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.vocab: dict[str, set[str]] = {}
        for slug, loaded in corpus.of("vocabolario").items():
            assert isinstance(loaded.model, Vocabolario)
            self.vocab[slug] = {v.id for v in loaded.model.voci}

    def record(self, rec: Loaded, path: Path_, type_name: str, slug: str, what: str) -> None:
        target = self.corpus.of(type_name).get(slug)
        file = f"{BY_NAME[type_name].folder}/{slug}{BY_NAME[type_name].suffix}"
        if target is None:
            self.corpus.report(rec.raw, path, f"{what} '{slug}' non ha una scheda: manca {file}")
        elif target.model.stato == "bozza" and rec.model.stato != "bozza":
            self.corpus.report(rec.raw, path, f"la scheda {file} è ancora in bozza e non sarà "
                                              "pubblicata: non può essere citata qui")

    def term(self, rec: Loaded, path: Path_, vocabulary: str, term: str) -> None:
        known = self.vocab.get(vocabulary)
        if known is None:
            self.corpus.report(rec.raw, path, f"manca il vocabolario "
                                              f"content/vocabolari/{vocabulary}.yml")
        elif term not in known:
            choices = ", ".join(sorted(known))
            self.corpus.report(rec.raw, path, f"'{term}' non è {_AMONG[vocabulary]} previsti "
                                              f"({choices}); per aggiungere una voce modifica "
                                              f"content/vocabolari/{vocabulary}.yml")


def _check_comune(corpus: Corpus, refs: _Refs, rec: Loaded, model: Comune) -> None:
    official = comuni_istat().get(model.codice_istat)
    if official is None:
        corpus.report(rec.raw, ("codice_istat",),
                      f"'{model.codice_istat}' non è un codice ISTAT di comune: sono 6 cifre, "
                      "tra virgolette (es. \"108034\")")
    else:
        if _fold(official.nome) != _fold(model.nome):
            corpus.report(rec.raw, ("nome",), f"il codice ISTAT {model.codice_istat} è del "
                                              f"comune di {official.nome}, non di {model.nome}")
        if official.sigla != model.provincia:
            corpus.report(rec.raw, ("provincia",),
                          f"{official.nome} è in provincia di {official.provincia} "
                          f"({official.sigla}), non '{model.provincia}'")
    urls = {f.url for f in model.fonti}
    for i, rel in enumerate(model.relazioni):
        path: Path_ = ("relazioni", i)
        if rel.fonte not in urls:
            corpus.report(rec.raw, (*path, "fonte"), "la fonte di una relazione deve essere "
                                                     "una delle 'fonti' della scheda")
        if rel.ruolo == "firmatario" and rel.accordo is None:
            corpus.report(rec.raw, (*path, "accordo"), "un firmatario deve indicare l'accordo "
                                                       "firmato (slug in content/accordi/)")
        if rel.accordo is not None:
            refs.record(rec, (*path, "accordo"), "accordo", rel.accordo, "l'accordo")
        _check_order(corpus, rec, path, rel.dal, rel.al)
    for path, url in (
        (("tavolo_comunale", "fonte"), model.tavolo_comunale and model.tavolo_comunale.fonte),
        (("assessore_delegato", "fonte"),
         model.assessore_delegato and model.assessore_delegato.fonte),
    ):
        if url and url not in urls:
            corpus.report(rec.raw, path, "questa fonte deve essere una delle 'fonti' della scheda")


def _check_pratica(refs: _Refs, rec: Loaded, model: Pratica) -> None:
    for i, slug in enumerate(model.comuni):
        refs.record(rec, ("comuni", i), "comune", slug, "il comune")
    for i, slug in enumerate(model.organizzazioni):
        refs.record(rec, ("organizzazioni", i), "organizzazione", slug, "l'organizzazione")
    for vocabulary in ("obiettivi", "strumenti", "temi", "destinatari"):
        for i, term in enumerate(getattr(model, vocabulary)):
            refs.term(rec, (vocabulary, i), vocabulary, term)
    for i, contatto in enumerate(model.contatti):
        if contatto.organizzazione:
            refs.record(rec, ("contatti", i, "organizzazione"), "organizzazione",
                        contatto.organizzazione, "l'organizzazione")
        if contatto.comune:
            refs.record(rec, ("contatti", i, "comune"), "comune", contatto.comune, "il comune")
    if model.periodo:
        _check_order(refs.corpus, rec, ("periodo",), model.periodo.dal, model.periodo.al)


def _check_accordo(refs: _Refs, rec: Loaded, model: Accordo) -> None:
    for i, slug in enumerate(model.firmatari.comuni):
        refs.record(rec, ("firmatari", "comuni", i), "comune", slug, "il comune")
    for i, slug in enumerate(model.firmatari.organizzazioni):
        refs.record(rec, ("firmatari", "organizzazioni", i), "organizzazione", slug,
                    "l'organizzazione")


def _check_modulo(refs: _Refs, rec: Loaded, model: Modulo) -> None:
    for i, term in enumerate(model.destinatari):
        refs.term(rec, ("destinatari", i), "destinatari", term)
    for i, slug in enumerate(model.prerequisiti):
        if slug == model.slug:
            refs.corpus.report(rec.raw, ("prerequisiti", i), "un modulo non può essere "
                                                             "prerequisito di se stesso")
        else:
            refs.record(rec, ("prerequisiti", i), "modulo", slug, "il modulo")
    if model.notebook is not None and not (refs.corpus.root / "courses" / model.notebook).is_file():
        refs.corpus.report(rec.raw, ("notebook",), f"il file courses/{model.notebook} non esiste")


def _check_vocabolario(corpus: Corpus, rec: Loaded, model: Vocabolario) -> None:
    seen: set[str] = set()
    for i, voce in enumerate(model.voci):
        if voce.id in seen:
            corpus.report(rec.raw, ("voci", i, "id"), f"la voce '{voce.id}' è ripetuta")
        seen.add(voce.id)


def _check_istat_unique(corpus: Corpus) -> None:
    seen: dict[str, str] = {}
    for rec in corpus.of("comune").values():
        assert isinstance(rec.model, Comune)
        code = rec.model.codice_istat
        if code in seen:
            corpus.report(rec.raw, ("codice_istat",), f"il codice ISTAT {code} è già usato da "
                                                      f"{seen[code]}: un comune, una scheda")
        else:
            seen[code] = rec.raw.rel


def check(corpus: Corpus) -> None:
    _check_istat_unique(corpus)
    refs = _Refs(corpus)
    for by_slug in list(corpus.records.values()):
        for rec in by_slug.values():
            model = rec.model
            if isinstance(model, Comune):
                _check_comune(corpus, refs, rec, model)
            elif isinstance(model, Pratica):
                _check_pratica(refs, rec, model)
            elif isinstance(model, Accordo):
                _check_accordo(refs, rec, model)
            elif isinstance(model, Modulo):
                _check_modulo(refs, rec, model)
            elif isinstance(model, Vocabolario):
                _check_vocabolario(corpus, rec, model)
