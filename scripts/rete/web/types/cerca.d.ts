// Types of the site search's script (overrides/assets/javascripts/cerca.js), for
// `tsc -p tsconfig.json` only: this folder is not copied to the site. They describe the
// messages Material for MkDocs' bundle exchanges with its search worker, as its sources
// declare them (src/templates/assets/javascripts/integrations/search/worker/message and
// search/_/index.ts, MIT licence); only what cerca.js reads or writes is spelled out.

/** Each word of the query → whether the result has it (Material's SearchQueryTerms). */
type MaterialSearchTerms = Record<string, boolean>;

/** A page or section found (Material's SearchItem; its other fields pass through). */
interface MaterialSearchItem {
  location: string;
  /** HTML: Material inserts it as markup, matched words in <mark>. */
  title: string;
  text: string;
  score: number;
  terms: MaterialSearchTerms;
}

/** The results of a query, grouped by page: the page first, then its sections. */
interface MaterialSearchResult {
  items: MaterialSearchItem[][];
  suggest?: string[];
}

/** Message types, a const enum in Material's sources: SETUP 0, READY 1, QUERY 2, RESULT 3. */
interface MaterialSearchSetupMessage {
  type: 0;
  /** The search index (search/search_index.json). */
  data: unknown;
}
interface MaterialSearchReadyMessage {
  type: 1;
}
interface MaterialSearchQueryMessage {
  type: 2;
  data: string;
}
interface MaterialSearchResultMessage {
  type: 3;
  data: MaterialSearchResult;
}

type MaterialSearchMessage =
  | MaterialSearchSetupMessage
  | MaterialSearchReadyMessage
  | MaterialSearchQueryMessage
  | MaterialSearchResultMessage;

/** What cerca.js hands Material in place of the search worker until its first message. */
interface MaterialLazyWorker extends EventTarget {
  postMessage(message: MaterialSearchMessage): void;
  terminate(): void;
}

/** search/schede/indice.json: the records' index manifest (scripts/rete/web/search_records.py). */
interface RecordsManifest {
  /** Material's word separator, a regular expression. */
  separatore: string;
  /** Folded stop words: a query word among them matches no record. */
  vuote: string[];
  /** Records per block file s-<n>.json. */
  blocco: number;
  schede: number;
  /** Shard key (the prefix of its words) → file stem: f-<stem>.json. */
  frammenti: Record<string, string>;
}

/** f-<stem>.json: each word → the ids (delta-coded) of the records with it in their
 * title, a place, a tag. */
type RecordsShard = Record<string, number[][]>;

/** s-<n>.json: [page, title, snippet] of each record of the block, in id order. */
type RecordsBlock = Array<[string, string, string]>;

/** A record found: its id, how many words typed it has, its points, whether its title has
 * every word. */
interface RecordsMatch {
  id: number;
  count: number;
  points: number;
  /** The words typed that it has. */
  tokens: string[];
  strong: boolean;
}

/** The records found for a query, as Material's result groups. */
interface RecordsFound {
  strong: MaterialSearchItem[][];
  weak: MaterialSearchItem[][];
}
