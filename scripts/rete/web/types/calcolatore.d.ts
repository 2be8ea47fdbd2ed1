// Types of the calculator's two scripts (web/assets/tariffa.js, web/assets/calcolatore.js),
// for `tsc -p tsconfig.json` only: this folder is not copied to the site. It states the
// contract between rete.web.calculator (which writes calcolatore/parametri.json) and the
// browser, and the API the engine exposes as `window.ReteTariffa`.

/** A number as exact decimal text ("0.60", "15000.50"); the tests may pass JS numbers. */
type Amount = string | number;

/** An exact rational of BigInts, in lowest terms, d > 0. */
interface Rational {
  n: bigint;
  d: bigint;
}

interface Source {
  titolo: string;
  url: string;
}

// --- calcolatore/parametri.json (rete.web.calculator.CalculatorData.to_json) ---------------

type DisabilityLevel = "media" | "grave" | "non_autosufficiente";

interface RawBand {
  da: number;
  a: number;
  peso: Amount;
}

/** The family scale's weights, as the scale file and a scheme's overrides name them. */
interface RawWeights {
  primo_adulto: Amount;
  altro_adulto: Amount;
  adulto_solo: Amount;
  figli_eta: RawBand[];
  terzo_figlio: Amount;
  dal_quarto_figlio: Amount;
  parto_multiplo: Amount;
  gravidanza: Amount;
  genitore_solo: Amount;
  vedovo: Amount;
  disabilita: Partial<Record<DisabilityLevel, Amount | null>>;
  anziano_65: Amount;
  riduzione_massima: Amount;
  mai_peggio: boolean;
}

type WeightName = keyof RawWeights;

/** The default family scale (rete.web.calculator.scale_json). */
interface RawScale extends RawWeights {
  illustrativo?: boolean;
  nota?: string | null;
  fonti?: Source[];
}

/** A band: a sum (tariffa) or, in a contribution, a share of the retta up to a cap. */
interface RawFeeBand {
  fino_a?: Amount | null;
  tariffa?: Amount | null;
  percentuale?: Amount | null;
  tetto?: Amount | null;
}

/** A tariff scheme as the data contract names its fields (rete.web.calculator.scheme_json). */
interface RawScheme {
  servizio: string;
  nome?: string;
  natura?: string;
  unita?: string;
  unita_per_anno?: Amount | null;
  tipo_isee?: string | null;
  metodo?: string | null;
  senza_isee?: string;
  isee_min?: Amount | null;
  isee_max?: Amount | null;
  tariffa_min?: Amount | null;
  tariffa_max?: Amount | null;
  punti?: [Amount, Amount][];
  fasce?: RawFeeBand[];
  esenzione_fino_a?: Amount | null;
  esenzione_sotto?: Amount | null;
  non_residenti?: { tariffa: Amount } | null;
  modificatori?: { part_time?: Amount; prolungato?: Amount; fratelli?: Amount };
  costo_unitario?: Amount | null;
  fattore_famiglia?: Partial<RawWeights> | null;
  completo?: boolean;
  illustrativo?: boolean;
}

/** A scheme as parametri.json ships it: the yearly units always written out. */
interface ShippedScheme extends RawScheme {
  unita_per_anno: string;
}

/** One scheme the calculator offers (rete.web.calculator.Offer.to_json). */
interface Offer {
  id: string;
  comune: string | null;
  comune_nome: string | null;
  /** The comune's relation to the Rete in words; null for an example. */
  rete: string | null;
  /** The scheme's latest year as a sortable key (SchemaTariffario.anno_chiave). */
  chiave: number;
  esempio: boolean;
  etichetta: string;
  nome: string;
  anni: string[];
  unita: string;
  unita_testo: string;
  tipo_isee: string | null;
  delibera: string | null;
  /** What the scheme's figures leave out or assume (SchemaTariffario.nota). */
  nota: string | null;
  illustrativo: boolean;
  fonti: Source[];
  /** The service's age range (nido, infanzia), when its name says which. */
  eta: ServiceAges | null;
  /** The page record of the note on other help to show beside a result ("aiuti-nido"). */
  aiuti: string | null;
  schema: ShippedScheme;
}

interface ComuneEntry {
  slug: string;
  nome: string;
  /** Ids of the offers computed for this comune; empty: the examples are offered. */
  schemi: string[];
  incompleti: Documented[];
}

/** A service's age range in completed years, to flag an enrolled child outside it. */
interface ServiceAges {
  da: number;
  a: number;
  /** "L'asilo nido" */
  servizio: string;
  /** "accoglie bambini dai 3 ai 36 mesi (D.Lgs. 65/2017, art. 2)" */
  regola: string;
}

/** What the sources give of a scheme the calculator cannot compute (its real range). */
interface Documented {
  nome: string;
  anni: string[];
  /** The scheme's service id, and its latest year as a sortable key (anno_chiave). */
  servizio: string;
  chiave: number;
  natura: string;
  unita_testo: string;
  /** Lowest and highest documented fee, formatted ("237,00 €"); null when none is given. */
  da: string | null;
  a: string | null;
  voci: string[];
  fonti: { titolo: string; url: string; consultato: string }[];
}

/** [value, words as they read inside a sentence]; "" is the empty choice of the form. */
type Choice = [string, string];

/** The Italian labels, written once in rete.web.calculator. */
interface Labels {
  /** Per field of the household or of a member: the form's label, the word in a sentence. */
  campi: Record<string, { etichetta: string; breve: string }>;
  /** Per field, its values in the contract's order. */
  valori: Record<"ruolo" | "tipo_isee" | "frequenza" | "disabilita", Choice[]>;
  /** Per unit of a scheme (mese, pasto…): [one, many]. */
  unita: Record<string, [string, string]>;
  /** Abbreviations the result explains: what each stands for and means. */
  sigle: Record<string, { titolo: string; spiegazione: string }>;
  /** [internal name in the engine's texts, the words shown instead], in order. */
  termini: [string, string][];
  /** An ISEE outside these bounds (exact decimal text) is asked about before computing. */
  isee_plausibile: { da: string; a: string };
}

interface CalculatorParams {
  versione: number;
  scala: RawScale;
  schemi: Offer[];
  esempi: string[];
  comuni: ComuneEntry[];
  etichette: Labels;
}

// --- the engine's API (window.ReteTariffa; require("tariffa.js") under node) ---------------

/** A problem with the household, tied to its field ("isee", "componenti.2.eta"). */
interface FieldError {
  campo: string;
  messaggio: string;
}

/** Why a typed value was not read. */
type ReadProblem = "vuoto" | "formato" | "negativo" | "decimali";

interface HouseholdError extends Error {
  errori: FieldError[];
}

/** A member as the form or the URL gives it (ages and amounts may still be text). */
interface InputMember {
  ruolo: string;
  /** Missing when a link by hand gives only the role (#m=figlio): the engine says so. */
  eta?: string | number;
  lavora?: boolean;
  iscritto?: boolean;
  frequenza?: string;
  parto?: string | number | null;
  disabilita?: string | null;
}

/** The household as the form gives it: Italian amounts ("15.000,50") are read too. */
interface InputHousehold {
  isee: string | null;
  tipo_isee: string | null;
  ise: string | null;
  scala_isee: string | null;
  residente: boolean;
  genitore_solo: boolean;
  vedovo: boolean;
  gravidanza: boolean;
  componenti: InputMember[];
}

/** The contract's member (famiglia.yml), defaults left out. */
interface NormalMember {
  ruolo: string;
  eta: number;
  lavora?: true;
  iscritto?: true;
  frequenza?: string;
  parto?: string | number;
  disabilita?: string;
}

/** The contract's household: money as exact decimal text; `ise` and `scala_isee` together. */
interface NormalHousehold {
  isee: string | null;
  tipo_isee?: string;
  ise?: string;
  scala_isee?: string;
  residente: boolean;
  genitore_solo: boolean;
  vedovo: boolean;
  gravidanza: boolean;
  componenti: NormalMember[];
}

type FigureKey = "se_isee" | "ise" | "se_ff" | "isee_ff";
type TotalKey = "tariffa_isee" | "tariffa_ff" | "differenza" | "differenza_anno";

interface ChildDetail {
  /** Index of the member in the household; null: no child marked, one full-time child. */
  componente: number | null;
  descrizione: string;
  frequenza: string;
  base_isee: number;
  base_ff: number;
  modificatori: Record<string, number>;
  tariffa_isee: number;
  tariffa_ff: number;
  regola_isee: string;
  regola_ff: string;
  esatto: { tariffa_isee: string; tariffa_ff: string };
}

interface Chart {
  senza_indicatore: "non_residenti" | "senza_isee" | null;
  isee: number | null;
  isee_ff: number | null;
  base_isee: number;
  base_ff: number;
}

interface Step {
  titolo: string;
  testo: string;
}

/** As Python's FeeResult.to_json_dict(regole=True), plus exact text, steps and the chart. */
type FeeResult = Partial<Record<FigureKey, number>> & Record<TotalKey, number> & {
  dettaglio: ChildDetail[];
  avvisi: string[];
  regole: Partial<Record<FigureKey, string>> & Record<"base_isee" | "base_ff" | "differenza_anno", string>;
  /** Exact decimal text; the four figures all or none (none: no indicator was computed). */
  esatto: Record<TotalKey, string> & (Record<FigureKey, string> | Partial<Record<FigureKey, undefined>>);
  servizio: string;
  unita: string;
  unita_per_anno: number;
  passi: Step[];
  grafico: Chart;
};

interface ReteTariffaApi {
  /** Throws a HouseholdError for an invalid household, an Error for an incomplete scheme. */
  calcola(famiglia: unknown, schema: RawScheme, scala: RawScale, retta?: unknown): FeeResult;
  validaFamiglia(famiglia: unknown): FieldError[];
  normalizzaFamiglia(famiglia: unknown): NormalHousehold;
  leggiImporto(value: unknown): { valore: Rational; errore?: undefined } | { errore: ReadProblem };
  /** Vertices [ISEE, base fee] of the scheme's curve from 0 to xMax. */
  curva(schema: RawScheme, xMax: number): [number, number][];
  ultimaSoglia(schema: RawScheme): number;
  formatoEuro(value: Amount): string;
  formatoNumero(value: Amount, decimals: number): string;
  formatoPeso(value: Amount): string;
  RUOLI: string[];
  TIPI_ISEE: string[];
  FREQUENZE: string[];
  LIVELLI: string[];
}

/** The engine, once tariffa.js has run in the page. */
declare var ReteTariffa: ReteTariffaApi | undefined;

/** Node's CommonJS module object, when tariffa.js is required (tests/tariffa/run_tariffa.js). */
declare var module: { exports: unknown } | undefined;
