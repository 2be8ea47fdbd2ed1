// @ts-check
// Fixes to the markup Material for MkDocs writes at run time (its static markup is fixed
// in overrides/). Material wraps each code block's "Copia" button in a <nav>: a page with a
// code block then has a second, unnamed navigation landmark (axe-core: landmark-unique),
// though the button navigates nowhere. The wrapper loses its landmark role (role="none",
// allowed on <nav>); the button inside stays as it is.
(function () {
  "use strict";
  /** @param {ParentNode} root */
  function fix(root) {
    root.querySelectorAll("nav.md-code__nav:not([role])").forEach(function (nav) {
      nav.setAttribute("role", "none");
    });
  }
  fix(document);
  new MutationObserver(function () { fix(document); })
    .observe(document.body, { childList: true, subtree: true });
})();
