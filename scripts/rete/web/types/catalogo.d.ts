// Types of the practices catalogue's script (web/assets/catalogo.js), for
// `tsc -p tsconfig.json` only: this folder is not copied to the site. It states the contract
// between rete.web.pages.catalogue_index (which writes pratiche/indice.json) and the browser.

/** A filter of the catalogue: its key is the `name` of the filter's checkboxes. */
interface CatalogueFacet {
  key: string;
  label: string;
}

/** A practice with the values of each facet (obiettivi, strumenti, comuni, …, anno). */
interface CataloguePractice {
  slug: string;
  titolo: string;
  [facet: string]: string[] | string;
}

/** pratiche/indice.json. */
interface CatalogueIndex {
  facets: CatalogueFacet[];
  pratiche: CataloguePractice[];
}

/** The values checked in the form, by facet key; a facet with none checked is absent. */
type CatalogueChoice = Record<string, string[]>;
