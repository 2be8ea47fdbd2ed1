// Sortable tables: a button in each header of <table data-ordinabile>, aria-sort on the
// sorted column. Without JavaScript the table stays as built, in name order.
(function () {
  "use strict";
  function cellValue(row, index, kind) {
    var cell = row.cells[index];
    if (kind === "numero") {
      var raw = cell.getAttribute("data-valore");
      return raw === null ? Number.NEGATIVE_INFINITY : Number(raw);
    }
    return cell.textContent.trim();
  }
  function sortBy(table, index, kind, ascending) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var collator = new Intl.Collator("it", { sensitivity: "base", numeric: true });
    rows.sort(function (a, b) {
      var x = cellValue(a, index, kind);
      var y = cellValue(b, index, kind);
      var order = kind === "numero" ? x - y : collator.compare(x, y);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  function enhance(table) {
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        sortBy(table, index, th.getAttribute("data-tipo") || "testo", ascending);
      });
    });
  }
  function init() {
    document.querySelectorAll("table[data-ordinabile]").forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
