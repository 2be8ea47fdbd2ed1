// @ts-check
// Sortable tables: a button in each header of <table data-ordinabile>, aria-sort on the
// sorted column. Without JavaScript the table stays as built, in name order.
(function () {
  "use strict";
  /**
   * A cell's sort key: its data-valore as a number for a "numero" column (a missing value
   * first), otherwise its text.
   * @param {HTMLTableRowElement} row
   * @param {number} index
   * @param {string} kind data-tipo of the column: "numero" or "testo"
   * @returns {number | string}
   */
  function cellValue(row, index, kind) {
    var cell = row.cells[index];
    if (kind === "numero") {
      var raw = cell.getAttribute("data-valore");
      return raw === null ? Number.NEGATIVE_INFINITY : Number(raw);
    }
    return (cell.textContent || "").trim();
  }
  /**
   * @param {HTMLTableElement} table
   * @param {number} index
   * @param {string} kind
   * @param {boolean} ascending
   */
  function sortBy(table, index, kind, ascending) {
    var body = table.tBodies[0];
    var rows = Array.from(body.rows);
    var collator = new Intl.Collator("it", { sensitivity: "base", numeric: true });
    rows.sort(function (a, b) {
      var x = cellValue(a, index, kind);
      var y = cellValue(b, index, kind);
      var order = typeof x === "number" && typeof y === "number"
        ? x - y
        : collator.compare(String(x), String(y));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  /** @param {HTMLTableElement} table */
  function enhance(table) {
    if (!table.tHead || table.tBodies.length === 0) { return; }
    var headers = Array.from(table.tHead.rows[0].cells);
    headers.forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        sortBy(table, index, th.getAttribute("data-tipo") || "testo", ascending);
      });
    });
  }
  function init() {
    document.querySelectorAll("table[data-ordinabile]").forEach(function (table) {
      if (table instanceof HTMLTableElement) { enhance(table); }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
