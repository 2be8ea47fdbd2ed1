// @ts-check
// Site search, loaded before Material's bundle (overrides/main.html, block scripts).
//
// 1. Nothing of the search is downloaded until a visitor uses it. Material's bundle asks for
//    search/search_index.json and starts its search worker as every page loads; here the
//    request for the index waits until the search box gets the focus (a click, a tap, the
//    keyboard shortcut, a ?q= link), and the worker is started when it is first sent the
//    index. Pages that never search never pay for it.
// 2. Accents fold both ways: each word typed is sent also without its accents ("muggiò" →
//    "muggiò muggio"); the index holds the folded form of every accented word
//    (scripts/rete/web/search.py folds them alike: the same range of combining marks).
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json$/;
  var WORKER = /\/workers\/search\.[0-9a-f]+\.min\.js$/;
  // Material's SearchMessageType (SETUP 0, READY 1, QUERY 2, RESULT 3): types/cerca.d.ts.
  var QUERY = /** @type {const} */ (2);
  var RESULT = /** @type {const} */ (3);
  var MARKS = /[\u0300-\u036f]/g;

  var used = false;
  /** @type {Array<() => void>} */
  var waiting = [];
  function use() {
    if (used) { return; }
    used = true;
    waiting.splice(0).forEach(function (run) { run(); });
  }
  /** @param {EventTarget | null} el */
  function isSearchBox(el) {
    return el instanceof Element && el.matches("[data-md-component=search-query]");
  }
  document.addEventListener("focusin", function (event) {
    if (isSearchBox(event.target)) { use(); }
  }, true);
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el instanceof HTMLInputElement && el.id === "__search" && el.checked) { use(); }
  }, true);

  // The index request waits for the first use of the search box.
  var indexRequests = new WeakSet();
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  // Both wrappers pass on `arguments` as they came: open() has overloads (2, 3 or 5 arguments).
  /**
   * @this {XMLHttpRequest}
   * @param {string} _method
   * @param {string | URL} url
   */
  XMLHttpRequest.prototype.open = function (_method, url) {
    var path = String(url).split(/[?#]/)[0];
    if (INDEX.test(path)) { indexRequests.add(this); } else { indexRequests.delete(this); }
    var args = /** @type {Parameters<typeof open>} */ (/** @type {unknown} */ (arguments));
    return open.apply(this, args);
  };
  /** @this {XMLHttpRequest} */
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = /** @type {Parameters<typeof send>} */ (/** @type {unknown} */ (arguments));
    if (!used && indexRequests.has(request)) {
      waiting.push(function () { send.apply(request, args); });
      return;
    }
    return send.apply(request, args);
  };

  /** @param {string} text */
  function fold(text) {
    return text.normalize("NFD").replace(MARKS, "").normalize("NFC");
  }
  /** @param {string} query */
  function withFolded(query) {
    var extra = query.split(/\s+/).filter(function (word) {
      return word && fold(word) !== word;
    }).map(fold);
    return extra.length ? query + " " + extra.join(" ") : query;
  }

  // Material lists under each result the words it lacks ("Non presente: …"). A folded word
  // added above counts with the word typed; a word no result has (an everyday word the index
  // leaves out, such as "quanto") says nothing about any one result, so it is not listed.
  /**
   * @param {MaterialSearchResult} result
   * @returns {MaterialSearchResult}
   */
  function tidy(result) {
    var items = (result.items || []).flat();
    /** @type {Record<string, boolean>} */
    var found = {};
    items.forEach(function (item) {
      var terms = item.terms || {};
      Object.keys(terms).forEach(function (term) {
        var plain = fold(term);
        if (plain !== term && plain in terms) {
          terms[term] = terms[term] || terms[plain];
          delete terms[plain];
        }
      });
      Object.keys(terms).forEach(function (term) { if (terms[term]) { found[term] = true; } });
    });
    items.forEach(function (item) {
      Object.keys(item.terms || {}).forEach(function (term) {
        if (!found[term]) { delete item.terms[term]; }
      });
    });
    return result;
  }

  // Material's search worker, started on its first message (the index, sent after use).
  var NativeWorker = window.Worker;
  /**
   * @param {string | URL} url
   * @param {WorkerOptions} [options]
   * @returns {MaterialLazyWorker}
   */
  function lazyWorker(url, options) {
    var events = /** @type {MaterialLazyWorker} */ (new EventTarget());
    /** @type {InstanceType<typeof NativeWorker> | null} */
    var worker = null;
    function start() {
      worker = new NativeWorker(url, options);
      worker.addEventListener("message", function (event) {
        /** @type {MaterialSearchMessage | null} */
        var data = event.data;
        if (data && data.type === RESULT && data.data) { data.data = tidy(data.data); }
        events.dispatchEvent(new MessageEvent("message", { data: data }));
      });
      worker.addEventListener("error", function () {
        events.dispatchEvent(new Event("error"));
      });
      return worker;
    }
    events.postMessage = function (message) {
      if (message && message.type === QUERY && typeof message.data === "string") {
        message = { type: QUERY, data: withFolded(message.data) };
      }
      (worker || start()).postMessage(message);
    };
    events.terminate = function () { if (worker) { worker.terminate(); } };
    return events;
  }
  /**
   * Stands in for the Worker constructor: `new Worker(…)` gives the object it returns.
   * @param {string | URL} url
   * @param {WorkerOptions} [options]
   * @returns {MaterialLazyWorker | InstanceType<typeof NativeWorker>}
   */
  function Worker(url, options) {
    var address = new URL(String(url), document.baseURI).pathname;
    if (WORKER.test(address)) {
      try { return lazyWorker(url, options); } catch (error) { /* no EventTarget(): as is */ }
    }
    return new NativeWorker(url, options);
  }
  Worker.prototype = NativeWorker.prototype;
  window.Worker = /** @type {typeof NativeWorker} */ (/** @type {unknown} */ (Worker));
})();
