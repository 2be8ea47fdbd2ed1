"""Checks that need more than one record: references, duplicates, draft targets.

Each problem is reported on the record that holds the wrong value, so the message points at
the line an editor has to change.
"""

from __future__ import annotations

from rete.record_types import BY_NAME
from rete.validate import Corpus, Summary

_AMONG = {"obiettivi": "tra gli obiettivi", "strumenti": "tra gli strumenti",
          "temi": "tra i temi", "destinatari": "tra i destinatari"}


def _check_istat_unique(corpus: Corpus) -> None:
    seen: dict[str, str] = {}
    for summary in corpus.summaries.get("comune", {}).values():
        code = summary.istat
        if code is None:
            continue
        if code in seen:
            corpus.report(summary, ("codice_istat",), f"il codice ISTAT {code} è già usato da "
                                                      f"{seen[code]}: un comune, una scheda")
        else:
            seen[code] = summary.rel


def _check_refs(corpus: Corpus, summary: Summary) -> None:
    for ref in summary.refs:
        target = corpus.summaries.get(ref.type_name, {}).get(ref.slug)
        rtype = BY_NAME[ref.type_name]
        file = f"{rtype.folder}/{ref.slug}{rtype.suffix}"
        if target is None and ref.slug in corpus.present.get(ref.type_name, set()):
            continue  # the file exists but has errors of its own, reported there
        if target is None:
            corpus.report(summary, ref.path,
                          f"{ref.what} '{ref.slug}' non ha una scheda: manca {file}")
        elif target.stato == "bozza" and summary.stato != "bozza":
            corpus.report(summary, ref.path, f"la scheda {file} è ancora in bozza e non sarà "
                                             "pubblicata: non può essere citata qui")


def _check_terms(corpus: Corpus, summary: Summary) -> None:
    vocabularies = corpus.summaries.get("vocabolario", {})
    for term in summary.terms:
        vocabulary = vocabularies.get(term.vocabulary)
        if vocabulary is None and term.vocabulary in corpus.present.get("vocabolario", set()):
            continue  # the vocabulary file has errors of its own
        if vocabulary is None:
            corpus.report(summary, term.path,
                          f"manca il vocabolario content/vocabolari/{term.vocabulary}.yml")
        elif term.term not in vocabulary.voci:
            choices = ", ".join(sorted(vocabulary.voci))
            corpus.report(summary, term.path,
                          f"'{term.term}' non è {_AMONG[term.vocabulary]} previsti ({choices}); "
                          "per aggiungere una voce modifica "
                          f"content/vocabolari/{term.vocabulary}.yml")


def check(corpus: Corpus) -> None:
    _check_istat_unique(corpus)
    for by_slug in corpus.summaries.values():
        for summary in by_slug.values():
            _check_refs(corpus, summary)
            _check_terms(corpus, summary)
