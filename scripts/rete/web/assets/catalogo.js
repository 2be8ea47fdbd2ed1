// @ts-check
// Facet filters of the practices catalogue. Reads the index built with the site
// (pratiche/indice.json, same origin), shows the filters, and hides the practices that do
// not match: within a facet any checked value matches, across facets all must match.
// - Each option shows how many practices it would give with the other facets as chosen
//   (faceted counts), so a combination with no result is visible before choosing it.
// - When the choice gives nothing, buttons say which facet to drop and what that gives.
// - The choice lives in the query string (?strumenti=gaf&comuni=muggio): a shared address
//   restores it, and the back button undoes the last change (history.pushState/popstate).
// - The filters sit in a <details>, open on wide screens and collapsed on phones, so the
//   results start near the top of the page.
// The result count is announced in a live region; everything works with the keyboard.
(function () {
  "use strict";
  var WIDE = "(min-width: 60em)";

  /**
   * The elements of the catalogue page (pratiche.md.j2).
   * @typedef {object} Parts
   * @property {HTMLFormElement} form the filters
   * @property {HTMLElement} list the practices
   * @property {HTMLElement} status the live region with the result count
   * @property {HTMLDetailsElement} panel the <details> around the filters
   * @property {HTMLElement} active how many filters are checked, in the panel's summary
   * @property {HTMLElement} hints the facets to drop when the choice gives nothing
   */

  /** @returns {Parts | null} null on a page without the catalogue */
  function findParts() {
    var form = document.getElementById("filtri-pratiche");
    var list = document.getElementById("catalogo-pratiche");
    var status = document.getElementById("risultati-pratiche");
    var panel = document.getElementById("pannello-filtri");
    var active = document.getElementById("filtri-attivi");
    var hints = document.getElementById("suggerimenti-pratiche");
    if (!(form instanceof HTMLFormElement) || !list || !status ||
        !(panel instanceof HTMLDetailsElement) || !active || !hints) { return null; }
    return { form: form, list: list, status: status, panel: panel, active: active, hints: hints };
  }

  function init() {
    var parts = findParts();
    if (parts) { load(parts); }
  }

  /** @param {Parts} parts */
  function load(parts) {
    var address = parts.form.getAttribute("data-indice");
    if (address === null) { return; }
    fetch(address, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("indice " + response.status); }
        return response.json();
      })
      .then(function (/** @type {CatalogueIndex} */ index) { wire(parts, index); })
      .catch(function () { /* the full list stays visible */ });
  }

  /**
   * @param {HTMLFormElement} form
   * @returns {HTMLInputElement[]}
   */
  function boxes(form) {
    return Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
  }

  /**
   * @param {HTMLFormElement} form
   * @returns {CatalogueChoice}
   */
  function selected(form) {
    /** @type {CatalogueChoice} */
    var chosen = {};
    boxes(form).forEach(function (box) {
      if (box.checked) { (chosen[box.name] = chosen[box.name] || []).push(box.value); }
    });
    return chosen;
  }

  /**
   * The values of a facet of a practice (none if the index lacks the facet).
   * @param {CataloguePractice} practice
   * @param {string} key
   * @returns {string[]}
   */
  function valuesOf(practice, key) {
    var values = practice[key];
    return Array.isArray(values) ? values : [];
  }

  /**
   * Whether a practice matches the choice, leaving out the facet `skip`.
   * @param {CataloguePractice} practice
   * @param {CatalogueChoice} chosen
   * @param {string | null} skip
   */
  function matches(practice, chosen, skip) {
    return Object.keys(chosen).every(function (key) {
      if (key === skip) { return true; }
      var values = valuesOf(practice, key);
      return chosen[key].some(function (value) { return values.indexOf(value) !== -1; });
    });
  }

  /**
   * @param {CataloguePractice[]} practices
   * @param {CatalogueChoice} chosen
   * @param {string | null} skip
   */
  function count(practices, chosen, skip) {
    return practices.filter(function (p) { return matches(p, chosen, skip); }).length;
  }

  /** @param {number} n */
  function plural(n) {
    return n === 1 ? "1 pratica" : n + " pratiche";
  }

  // The query string of a choice, in the order of the form (stable, shareable).
  /**
   * @param {HTMLFormElement} form
   * @param {string[]} keys the facet keys, whose parameters the choice replaces
   */
  function toQuery(form, keys) {
    var params = new URLSearchParams(window.location.search);
    keys.forEach(function (key) { params.delete(key); });
    boxes(form).forEach(function (box) {
      if (box.checked) { params.append(box.name, box.value); }
    });
    var text = params.toString();
    return text ? "?" + text : "";
  }

  /** @param {HTMLFormElement} form */
  function fromQuery(form) {
    var params = new URLSearchParams(window.location.search);
    boxes(form).forEach(function (box) {
      box.checked = params.getAll(box.name).indexOf(box.value) !== -1;
    });
  }

  /**
   * The label of a checkbox, as the form shows it.
   * @param {HTMLInputElement} box
   * @returns {string}
   */
  function labelOf(box) {
    var text = box.parentElement && box.parentElement.querySelector(".rete-voce");
    return text ? text.textContent || "" : box.value;
  }

  /**
   * @param {Parts} parts
   * @param {CatalogueIndex} index
   */
  function wire(parts, index) {
    var form = parts.form;
    var list = parts.list;
    var status = parts.status;
    var panel = parts.panel;
    var active = parts.active;
    var hints = parts.hints;
    var practices = index.pratiche;
    var keys = index.facets.map(function (f) { return f.key; });
    /** @type {Record<string, string>} */
    var facetLabel = {};
    index.facets.forEach(function (f) { facetLabel[f.key] = f.label; });
    /** @type {Record<string, CataloguePractice | undefined>} */
    var bySlug = {};
    practices.forEach(function (p) { bySlug[p.slug] = p; });

    /** @param {CatalogueChoice} chosen */
    function updateCounts(chosen) {
      boxes(form).forEach(function (box) {
        var n = practices.filter(function (p) {
          return matches(p, chosen, box.name) && valuesOf(p, box.name).indexOf(box.value) !== -1;
        }).length;
        var badge = box.parentElement && box.parentElement.querySelector(".rete-conteggio");
        if (badge) { badge.textContent = "(" + n + ")"; }
      });
    }

    /**
     * @param {CatalogueChoice} chosen
     * @param {number} shown how many practices the choice gives
     */
    function updateHints(chosen, shown) {
      hints.textContent = "";
      var facets = Object.keys(chosen);
      if (shown > 0 || facets.length === 0) { hints.hidden = true; return; }
      var intro = document.createElement("p");
      intro.textContent = "Nessuna pratica soddisfa tutti i filtri insieme. Puoi togliere:";
      hints.appendChild(intro);
      facets
        .map(function (key) { return { key: key, n: count(practices, chosen, key) }; })
        .sort(function (a, b) { return b.n - a.n; })
        .forEach(function (option) {
          var names = boxes(form)
            .filter(function (box) { return box.name === option.key && box.checked; })
            .map(labelOf);
          var button = document.createElement("button");
          button.type = "button";
          button.className = "md-button";
          button.textContent = "Togli " + facetLabel[option.key] + ": " + names.join(", ") +
            " (" + plural(option.n) + ")";
          button.addEventListener("click", function () {
            boxes(form).forEach(function (box) {
              if (box.name === option.key) { box.checked = false; }
            });
            changed();
            status.focus();
          });
          hints.appendChild(button);
        });
      hints.hidden = false;
    }

    function apply() {
      var chosen = selected(form);
      var shown = 0;
      /** @type {NodeListOf<HTMLLIElement>} */
      var items = list.querySelectorAll("li[data-slug]");
      items.forEach(function (item) {
        var practice = bySlug[item.getAttribute("data-slug") || ""];
        var visible = practice !== undefined && matches(practice, chosen, null);
        item.hidden = !visible;
        if (visible) { shown += 1; }
      });
      status.textContent = shown === 0 ? "Nessuna pratica con questi filtri." : plural(shown) + ".";
      var n = boxes(form).filter(function (box) { return box.checked; }).length;
      active.textContent = n === 0 ? "" : "(" + (n === 1 ? "1 attivo" : n + " attivi") + ")";
      updateCounts(chosen);
      updateHints(chosen, shown);
    }

    // A change by the visitor: apply it and record it as a new history entry.
    function changed() {
      apply();
      var query = toQuery(form, keys);
      if (query !== window.location.search) {
        window.history.pushState(null, "", window.location.pathname + query + window.location.hash);
      }
    }

    status.setAttribute("tabindex", "-1");
    form.addEventListener("change", changed);
    form.addEventListener("reset", function () { setTimeout(changed, 0); });
    window.addEventListener("popstate", function () { fromQuery(form); apply(); });
    fromQuery(form);
    panel.open = window.matchMedia(WIDE).matches;
    panel.hidden = false;
    apply();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
