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
