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

// The page's <meta name="color-scheme"> is written by overrides/main.html (Material's own,
// whose every change restyled the whole page at load, is kept out of the document): it
// follows the palette the reader picks, as Material's did, and is checked once when the
// browser is idle after the load.
(function () {
  "use strict";
  var meta = document.head.querySelector('meta[name="color-scheme"]');
  if (!(meta instanceof HTMLMetaElement)) return;
  var scheme = meta;
  function follow() {
    var value = getComputedStyle(document.body).colorScheme;
    if (value && scheme.content !== value) scheme.content = value;
  }
  new MutationObserver(follow)
    .observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  (window.requestIdleCallback || setTimeout)(follow);
})();
