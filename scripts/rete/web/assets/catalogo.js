// Facet filters of the practices catalogue. Reads the index built with the site
// (pratiche/indice.json, same origin), shows the form, and hides the practices that do not
// match: within a facet any checked value matches, across facets all must match.
// The result count is announced in a live region; everything works with the keyboard.
(function () {
  "use strict";
  function init() {
    var form = document.getElementById("filtri-pratiche");
    var list = document.getElementById("catalogo-pratiche");
    var status = document.getElementById("risultati-pratiche");
    if (!form || !list || !status) { return; }
    fetch(form.getAttribute("data-indice"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("indice " + response.status); }
        return response.json();
      })
      .then(function (index) { wire(form, list, status, index); })
      .catch(function () { /* the full list stays visible */ });
  }
  function selected(form) {
    var chosen = {};
    form.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      (chosen[box.name] = chosen[box.name] || []).push(box.value);
    });
    return chosen;
  }
  function matches(practice, chosen) {
    return Object.keys(chosen).every(function (key) {
      var values = practice[key] || [];
      return chosen[key].some(function (value) { return values.indexOf(value) !== -1; });
    });
  }
  function wire(form, list, status, index) {
    var bySlug = {};
    index.pratiche.forEach(function (p) { bySlug[p.slug] = p; });
    function apply() {
      var chosen = selected(form);
      var shown = 0;
      list.querySelectorAll("li[data-slug]").forEach(function (item) {
        var practice = bySlug[item.getAttribute("data-slug")];
        var visible = practice !== undefined && matches(practice, chosen);
        item.hidden = !visible;
        if (visible) { shown += 1; }
      });
      status.textContent = shown === 1 ? "1 pratica." : shown + " pratiche.";
    }
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.hidden = false;
    apply();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
