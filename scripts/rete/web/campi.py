"""What each open-data column means, in Italian, keyed like `tables.Column.key`.

The models carry no Italian descriptions of their own (their docstrings are for developers),
so the meanings live here, beside the tables they describe. A model field with a pydantic
`description` wins over this table; `tests/test_opendata_package.py` fails when a column has
neither, so a new field cannot reach the data without its meaning.
"""

from __future__ import annotations

DESCRIZIONI: dict[str, str] = {
    # every record
    "Record.slug": "Identificativo della scheda (nome del file senza estensione): minuscole "
                   "senza accenti, cifre e trattini. Collega le tabelle tra loro.",
    "Record.illustrativo": "true se la scheda è un esempio illustrativo e non un fatto "
                           "documentato.",
    "Record.stato": "Stato della scheda: pubblicata o archiviata (le bozze non sono "
                    "pubblicate).",
    "Record.ultima_verifica": "Giorno in cui la scheda è stata ricontrollata sulle fonti.",
    "posizione": "Posizione della voce nel suo elenco, da 1, nell'ordine della scheda.",
    "testo": "Testo della scheda in Markdown.",
    "Fonte.url": "Indirizzo della fonte.",
    "Fonte.titolo": "Titolo della fonte.",
    "Fonte.consultato": "Giorno in cui la fonte è stata consultata.",
    "Fonte.campi": "Campi della scheda che la fonte documenta (chiavi puntate, es. "
                   "popolazione.valore).",
    # comuni
    "Comune.nome": "Nome ufficiale ISTAT del comune.",
    "Comune.codice_istat": "Codice ISTAT del comune, 6 cifre (con gli zeri iniziali).",
    "Comune.provincia": "Sigla della provincia.",
    "Coordinate.lat": "Latitudine in gradi decimali (WGS84).",
    "Coordinate.lon": "Longitudine in gradi decimali (WGS84).",
    "Population.valore": "Popolazione residente.",
    "Population.anno": "Anno a cui si riferisce la popolazione.",
    "TavoloComunale.descrizione": "Il tavolo comunale delle famiglie, come lo descrive la "
                                  "fonte.",
    "TavoloComunale.dal": "Inizio del tavolo comunale: data (AAAA-MM-GG) o solo anno.",
    "TavoloComunale.fonte": "Indirizzo della fonte sul tavolo comunale.",
    "AssessoreDelegato.delega": "La delega alle politiche familiari (solo il ruolo, mai il "
                                "nome di una persona).",
    "AssessoreDelegato.fonte": "Indirizzo della fonte sulla delega.",
    "Comune.sito": "Sito istituzionale del comune.",
    "Relazione.ruolo": "Rapporto del comune con la Rete secondo la fonte: firmatario di un "
                       "accordo, membro del tavolo intercomunale, citato come membro, uscito, "
                       "riferimento esterno.",
    "Relazione.accordo": "Slug dell'accordo firmato (tabella accordi).",
    "Relazione.dal": "Inizio del rapporto: data (AAAA-MM-GG) o solo anno.",
    "Relazione.al": "Fine del rapporto: data (AAAA-MM-GG) o solo anno.",
    "Relazione.nota": "Nota sul rapporto.",
    "Relazione.fonte": "Indirizzo della fonte del rapporto.",
    # tariff schemes of a comune
    "SchemaTariffario.servizio": "Identificativo del servizio (es. nido).",
    "SchemaTariffario.nome": "Nome del servizio.",
    "SchemaTariffario.natura": "tariffa: quanto paga la famiglia; contributo: quanto il "
                               "comune paga di una retta.",
    "SchemaTariffario.anni": "Anni a cui la fonte dice che si applica lo schema: anni "
                             "scolastici (es. 2025/26) o solari (es. 2026).",
    "SchemaTariffario.anno_fonte": "Se la fonte non dice a quale anno si applica lo schema: "
                                   "l'anno in cui ha pubblicato i dati (es. 2023).",
    "SchemaTariffario.unita": "Unità della tariffa: mese, pasto, giorno o anno.",
    "SchemaTariffario.unita_per_anno": "Quante unità si pagano in un anno (se non indicato: "
                                       "11 mesi, oppure 1 anno).",
    "SchemaTariffario.tipo_isee": "Tipo di ISEE richiesto.",
    "SchemaTariffario.metodo": "Come la tariffa dipende dall'indicatore: lineare, segmenti "
                               "(punti) o fasce.",
    "SchemaTariffario.isee_min": "Metodo lineare: indicatore fino al quale si paga la "
                                 "tariffa minima (euro).",
    "SchemaTariffario.isee_max": "Metodo lineare: indicatore dal quale si paga la tariffa "
                                 "massima (euro).",
    "SchemaTariffario.tariffa_min": "Metodo lineare: tariffa minima (euro).",
    "SchemaTariffario.tariffa_max": "Metodo lineare: tariffa massima (euro).",
    "SchemaTariffario.punti.isee": "Metodo a segmenti: valore dell'indicatore del punto "
                                   "(euro).",
    "SchemaTariffario.punti.tariffa": "Metodo a segmenti: tariffa nel punto (euro).",
    "Fascia.fino_a": "Metodo a fasce: indicatore fino al quale vale la fascia, incluso "
                     "(vuoto nell'ultima fascia).",
    "Fascia.tariffa": "Metodo a fasce: tariffa della fascia (euro).",
    "SchemaTariffario.esenzione_fino_a": "Indicatore fino al quale il servizio è gratuito "
                                         "(euro).",
    "SchemaTariffario.esenzione_sotto": "Indicatore sotto il quale il servizio è gratuito "
                                        "(euro, soglia esclusa).",
    "SchemaTariffario.senza_isee": "Tariffa di chi non presenta l'ISEE (massima).",
    "NonResidenti.tariffa": "Tariffa fissa per i non residenti (euro).",
    "Modificatori.part_time": "Moltiplicatore della tariffa per il tempo parziale (1 = "
                              "nessuna modifica).",
    "Modificatori.prolungato": "Moltiplicatore della tariffa per il tempo prolungato (1 = "
                               "nessuna modifica).",
    "Modificatori.fratelli": "Moltiplicatore della tariffa per i fratelli iscritti (1 = "
                             "nessuna modifica).",
    "SchemaTariffario.costo_unitario": "Costo del servizio per unità, se la fonte lo dà "
                                       "(euro).",
    "ModificheScala.primo_adulto": "Fattore Famiglia: peso del primo adulto, se diverso "
                                   "dalla scala di riferimento.",
    "ModificheScala.altro_adulto": "Fattore Famiglia: peso di ogni altro adulto.",
    "ModificheScala.adulto_solo": "Fattore Famiglia: peso dell'adulto che vive solo.",
    "FasciaEta.da": "Fattore Famiglia: età del figlio da (anni compiuti).",
    "FasciaEta.a": "Fattore Famiglia: età del figlio fino a (anni compiuti, incluso).",
    "FasciaEta.peso": "Fattore Famiglia: peso del figlio in questa fascia d'età.",
    "ModificheScala.terzo_figlio": "Fattore Famiglia: peso aggiunto per il terzo figlio.",
    "ModificheScala.dal_quarto_figlio": "Fattore Famiglia: peso aggiunto per ogni figlio "
                                        "dal quarto.",
    "ModificheScala.parto_multiplo": "Fattore Famiglia: peso aggiunto per un parto "
                                     "multiplo.",
    "ModificheScala.gravidanza": "Fattore Famiglia: peso aggiunto per una gravidanza.",
    "ModificheScala.genitore_solo": "Fattore Famiglia: peso aggiunto per il genitore solo.",
    "ModificheScala.vedovo": "Fattore Famiglia: peso aggiunto per il genitore vedovo.",
    "ModificheDisabilita.media": "Fattore Famiglia: peso aggiunto per un componente con "
                                 "disabilità media.",
    "ModificheDisabilita.grave": "Fattore Famiglia: peso aggiunto per un componente con "
                                 "disabilità grave.",
    "ModificheDisabilita.non_autosufficiente": "Fattore Famiglia: peso aggiunto per un "
                                               "componente non autosufficiente.",
    "ModificheScala.anziano_65": "Fattore Famiglia: peso aggiunto per un componente di "
                                 "almeno 65 anni.",
    "ModificheScala.riduzione_massima": "Fattore Famiglia: riduzione massima della tariffa, "
                                        "quota tra 0 e 1.",
    "ModificheScala.mai_peggio": "Fattore Famiglia: true se la tariffa con il Fattore "
                                 "Famiglia non supera mai quella con il solo ISEE.",
    "SchemaTariffario.nota": "Che cosa presuppongono o lasciano fuori le cifre, come lo dice "
    "la fonte (es. i giorni di frequenza).",
    "Fascia.percentuale": "Contributo: percentuale della retta coperta dal comune nella fascia "
    "(25 = 25%).",
    "Fascia.tetto": "Contributo: importo massimo del contributo nella fascia (euro).",
    "Fascia.oltre": "Metodo a fasce: indicatore oltre il quale comincia la fascia, quando le "
    "fonti non riportano la fascia precedente (euro).",
    "Fascia.non_riportate": "true per segnare fasce che le fonti non riportano (schema "
    "incompleto).",
    "SchemaTariffario.delibera": "Atto che stabilisce le tariffe (es. numero e data della "
                                 "delibera).",
    "SchemaTariffario.completo": "false se la fonte dà solo una parte dello schema: non si "
                                 "può calcolare.",
    "SchemaTariffario.illustrativo": "true se lo schema è un esempio illustrativo.",
    # pratiche
    "Pratica.titolo": "Nome della buona pratica.",
    "Pratica.sintesi": "Che cosa fa la pratica e per chi, in una o due frasi.",
    "Pratica.comuni": "Slug dei comuni coinvolti (tabella comuni).",
    "Pratica.organizzazioni": "Slug delle organizzazioni coinvolte (tabella organizzazioni).",
    "Pratica.obiettivi": "Obiettivi della Rete a cui risponde (vocabolario obiettivi).",
    "Pratica.strumenti": "Strumenti usati (vocabolario strumenti).",
    "Pratica.temi": "Temi (vocabolario temi).",
    "Pratica.destinatari": "A chi si rivolge (vocabolario destinatari).",
    "Periodo.dal": "Inizio della pratica: data (AAAA-MM-GG) o solo anno.",
    "Periodo.al": "Fine della pratica, anche prevista: data (AAAA-MM-GG) o solo anno.",
    "LivelloEvidenza.livello": "Livello di evidenza: emergente, promettente o consolidata.",
    "LivelloEvidenza.efficacia": "Ragione del livello: efficacia.",
    "LivelloEvidenza.trasferibilita": "Ragione del livello: trasferibilità.",
    "LivelloEvidenza.durata": "Ragione del livello: durata.",
    "Risultato.descrizione": "Risultato documentato da una fonte.",
    "Risultato.valore": "Valore numerico del risultato.",
    "Risultato.unita": "Unità di misura del valore.",
    "Risultato.anno": "Anno del risultato.",
    "Contatto.organizzazione": "Slug dell'organizzazione da contattare (tabella "
                               "organizzazioni).",
    "Contatto.comune": "Slug del comune da contattare (tabella comuni).",
    "Contatto.pagina": "Pagina con i contatti.",
    # accordi
    "Accordo.titolo": "Nome dell'accordo.",
    "Accordo.tipo": "Tipo di atto (es. accordo di programma, protocollo d'intesa).",
    "Accordo.data": "Giorno della firma.",
    "Accordo.luogo": "Luogo della firma.",
    "Firmatari.comuni": "Slug dei comuni firmatari (tabella comuni).",
    "Firmatari.organizzazioni": "Slug delle organizzazioni firmatarie (tabella "
                                "organizzazioni).",
    "Accordo.impegni": "Un impegno dell'accordo, come lo riporta la fonte (riformulato).",
    "Accordo.descrizione": "Che cosa dice l'accordo e che cosa le fonti non dicono.",
    "Documento.titolo": "Titolo del documento.",
    "Documento.url": "Indirizzo del documento.",
    # organizzazioni
    "Organizzazione.nome": "Nome completo dell'organizzazione.",
    "Organizzazione.sigla": "Sigla.",
    "Organizzazione.tipo": "Tipo di organizzazione.",
    "Organizzazione.ruolo": "Ruolo nella Rete: promotore, partner, sostenitore o altro.",
    "Organizzazione.descrizione": "Breve descrizione.",
    "Organizzazione.sito": "Sito dell'organizzazione.",
    "Organizzazione.email": "Indirizzo di posta dell'organizzazione (mai di una persona), "
                            "come lo dà una fonte.",
    "Organizzazione.indirizzo": "Indirizzo della sede, come lo scrive la fonte.",
    # vocabolari
    "Vocabolario.slug": "Nome del vocabolario: obiettivi, strumenti, temi o destinatari.",
    "Vocabolario.titolo": "Titolo del vocabolario.",
    "Voce.id": "Identificativo della voce, usato dalle schede che la citano.",
    "Voce.nome": "Nome della voce.",
    "Voce.descrizione": "Descrizione della voce.",
    # pagine
    "Pagina.titolo": "Titolo della pagina.",
    "Pagina.descrizione": "Riassunto della pagina (anche la descrizione per i motori di "
                          "ricerca).",
    # Scuola
    "Corso.titolo": "Nome del corso.",
    "Corso.sintesi": "Di che cosa tratta il corso, in breve.",
    "Corso.destinatari": "A chi si rivolge (vocabolario destinatari).",
    "Corso.livello": "Livello del corso: base, intermedio o avanzato.",
    "Corso.moduli": "Slug dei moduli del corso, in ordine (tabella moduli).",
    "Edizione.titolo": "Nome dell'edizione.",
    "Edizione.dal": "Primo giorno dell'edizione.",
    "Edizione.al": "Ultimo giorno dell'edizione.",
    "Edizione.modalita": "In presenza, online o mista.",
    "Edizione.luogo": "Dove si svolge.",
    "Edizione.chi_puo_iscriversi": "Chi può iscriversi.",
    "Edizione.come_iscriversi": "Come iscriversi.",
    "Edizione.url": "Pagina dell'edizione.",
    "Edizione.illustrativa": "true se l'edizione è un esempio illustrativo.",
    "Modulo.titolo": "Nome del modulo.",
    "Modulo.sintesi": "Di che cosa tratta il modulo, in breve.",
    "Modulo.destinatari": "A chi si rivolge (vocabolario destinatari).",
    "Modulo.obiettivi_formativi": "Un obiettivo formativo del modulo.",
    "Modulo.punti_chiave": "Un punto chiave del modulo.",
    "Modulo.minuti_lezione": "Durata della lezione, in minuti.",
    "Modulo.minuti_esercizi": "Durata degli esercizi, in minuti.",
    "Modulo.prerequisiti": "Slug dei moduli da seguire prima (tabella moduli).",
    "Modulo.notebook": "File del quaderno del modulo, nella cartella del corso.",
}


def describe(key: str, model_description: str | None = None) -> str:
    """The meaning of a column: the model's own description, else this table's, by the
    field's model or, for keys every record shares, by `Record`."""
    if model_description:
        return model_description
    if key in DESCRIZIONI:
        return DESCRIZIONI[key]
    if key.startswith("posizione:"):  # the position of the parent row, in a child table
        return (f"Posizione, nell'elenco «{key.partition(':')[2]}» della scheda, della voce "
                "a cui appartiene questa riga (da 1).")
    field = key.rsplit(".", 1)[-1]
    return DESCRIZIONI.get(f"Record.{field}", "")
