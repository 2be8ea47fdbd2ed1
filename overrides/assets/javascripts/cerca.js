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
// 3. Records (comuni, practices, modules) are not in Material's index: they are found by a
//    prefix of the words of their titles, places and tags in search/schede/ (written by
//    scripts/rete/web/search_records.py, which describes the files and mirrors this query in
//    `query_files`). Each query downloads only the shard of each word typed and the blocks of
//    its best results; the records whose title has every word come before Material's
//    results, the others after them.
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json$/;
  var WORKER = /\/workers\/search\.[0-9a-f]+\.min\.js$/;
  // Material's SearchMessageType (SETUP 0, READY 1, QUERY 2, RESULT 3): types/cerca.d.ts.
  var QUERY = /** @type {const} */ (2);
  var RESULT = /** @type {const} */ (3);
  var MARKS = /[\u0300-\u036f]/g;
  // search_records.py: SHOWN, WEIGHTS (title, place, tag, text; whole word, prefix),
  // TITLE_POINTS.
  var SHOWN = 20;
  var WEIGHTS = [[100, 50], [10, 5], [4, 2], [1, 1]];
  var TITLE_POINTS = 50;
  var EDGES = /^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu;
  var WORD = /[\p{L}\p{N}_]+/gu;

  var used = false;
  /** @type {Array<() => void>} */
  var waiting = [];
  function use() {
    if (used) { return; }
    used = true;
    waiting.splice(0).forEach(function (run) { run(); });
    loadManifest();
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
  /** @type {URL | null} */
  var recordsBase = null;
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
    if (INDEX.test(path)) {
      indexRequests.add(this);
      recordsBase = new URL("schede/", new URL(String(url), document.baseURI));
    } else {
      indexRequests.delete(this);
    }
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

  // The records' index (search/schede/), beside Material's index.
  /** @type {Record<string, Promise<unknown>>} */
  var files = {};
  /** The folder of the records' index: beside Material's index, or from Material's config. */
  function folder() {
    if (recordsBase) { return recordsBase; }
    var config = document.getElementById("__config");
    /** @type {{base?: string}} */
    var parsed = {};
    try { parsed = JSON.parse(config && config.textContent || "{}"); } catch (error) { /* none */ }
    return new URL((parsed.base || ".") + "/search/schede/", document.baseURI);
  }
  /**
   * One file of the index, downloaded once; null if it cannot be read.
   * @param {string} name
   * @returns {Promise<unknown>}
   */
  function file(name) {
    if (!(name in files)) {
      files[name] = fetch(new URL(name, folder()).href).then(function (response) {
        return response.ok ? response.json() : null;
      }).catch(function () { return null; });
    }
    return /** @type {Promise<unknown>} */ (files[name]);
  }
  /** @returns {Promise<RecordsManifest | null>} */
  function loadManifest() {
    return /** @type {Promise<RecordsManifest | null>} */ (file("indice.json"));
  }

  /**
   * The folded words of a query the records' index can match (search_records.query_tokens).
   * @param {string} query
   * @param {RecordsManifest} manifest
   */
  function queryTokens(query, manifest) {
    var separator = new RegExp(manifest.separatore);
    /** @type {string[]} */
    var out = [];
    query.toLowerCase().split(separator).forEach(function (word) {
      var token = fold(word.replace(EDGES, "")).toLowerCase();
      if (token.length > 1 && manifest.vuote.indexOf(token) < 0 && out.indexOf(token) < 0) {
        out.push(token);
      }
    });
    return out;
  }
  /**
   * The key of the shard holding the words that start with `token`: its longest prefix.
   * @param {string} token
   * @param {string[]} keys
   * @returns {string | null}
   */
  function shardOf(token, keys) {
    /** @type {string | null} */
    var best = null;
    keys.forEach(function (key) {
      if (token.indexOf(key) === 0 && (best === null || key.length > best.length)) {
        best = key;
      }
    });
    return best;
  }
  /**
   * Matching record ids, best first (search_records.rank).
   * @param {string[]} tokens
   * @param {Array<RecordsShard | null>} shards the shard of each token
   * @returns {RecordsMatch[]}
   */
  function rank(tokens, shards) {
    /** @type {Record<number, number[]>} */
    var total = {};
    /** @type {Record<number, string[]>} */
    var matched = {};
    tokens.forEach(function (token, n) {
      /** @type {Record<number, number>} */
      var found = {};
      var shard = shards[n] || {};
      Object.keys(shard).forEach(function (word) {
        if (word.indexOf(token) !== 0) { return; }
        (shard[word] || []).forEach(function (gaps, where) {
          var points = (WEIGHTS[where] || [0, 0])[word === token ? 0 : 1] || 0;
          var id = 0;
          gaps.forEach(function (gap) {
            id += gap;
            found[id] = Math.max(found[id] || 0, points);
          });
        });
      });
      Object.keys(found).forEach(function (key) {
        var id = Number(key);
        (total[id] = total[id] || []).push(found[id] || 0);
        (matched[id] = matched[id] || []).push(token);
      });
    });
    /** @param {number[]} points */
    function sum(points) { return points.reduce(function (a, b) { return a + b; }, 0); }
    return Object.keys(total).map(function (key) {
      var points = total[Number(key)] || [];
      return {
        id: Number(key), count: points.length, points: sum(points),
        tokens: matched[Number(key)] || [],
        strong: points.length === tokens.length && Math.min.apply(null, points) >= TITLE_POINTS,
      };
    }).sort(function (a, b) {
      return b.count - a.count || b.points - a.points || a.id - b.id;
    });
  }
  /** @param {string} text */
  function escape(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }
  /**
   * Record text as HTML, the words that start with a word typed marked as Material marks them.
   * @param {string} text
   * @param {string[]} tokens
   */
  function marked(text, tokens) {
    var out = "";
    var last = 0;
    text.replace(WORD, function (word, offset) {
      var plain = fold(word).toLowerCase();
      if (tokens.some(function (token) { return plain.indexOf(token) === 0; })) {
        out += escape(text.slice(last, offset)) + "<mark>" + escape(word) + "</mark>";
        last = offset + word.length;
      }
      return word;
    });
    return out + escape(text.slice(last));
  }
  /**
   * The records found for a query, as Material's result groups: those whose title has every
   * word typed, and the others.
   * @param {string} query
   * @returns {Promise<RecordsFound | null>}
   */
  function lookup(query) {
    return loadManifest().then(function (manifest) {
      if (!manifest) { return null; }
      var tokens = queryTokens(query, manifest);
      var keys = Object.keys(manifest.frammenti);
      var shards = tokens.map(function (token) {
        var key = shardOf(token, keys);
        return key === null ? Promise.resolve(null)
          : /** @type {Promise<RecordsShard | null>} */ (file("f-" + manifest.frammenti[key] + ".json"));
      });
      return Promise.all(shards).then(function (loaded) {
        var best = rank(tokens, loaded).slice(0, SHOWN);
        /** @type {number[]} */
        var blocks = [];
        best.forEach(function (match) {
          var block = Math.floor(match.id / manifest.blocco);
          if (blocks.indexOf(block) < 0) { blocks.push(block); }
        });
        blocks.sort(function (a, b) { return a - b; });
        return Promise.all(blocks.map(function (block) {
          return /** @type {Promise<RecordsBlock | null>} */ (file("s-" + block + ".json"));
        })).then(function (read) {
          /** @type {RecordsFound} */
          var found = { strong: [], weak: [] };
          best.forEach(function (match) {
            var block = read[blocks.indexOf(Math.floor(match.id / manifest.blocco))];
            var record = block && block[match.id % manifest.blocco];
            if (!record) { return; }
            /** @type {MaterialSearchTerms} */
            var terms = {};
            tokens.forEach(function (token) { terms[token] = match.tokens.indexOf(token) >= 0; });
            (match.strong ? found.strong : found.weak).push([{
              location: record[0], score: match.points, terms: terms,
              title: marked(record[1], tokens),
              text: record[2] ? "<p>" + marked(record[2], tokens) + "</p>" : "",
            }]);
          });
          return found;
        });
      });
    });
  }
  /**
   * Material's results with the records': strong records first, then Material's results
   * each followed by one of the other records, best first. Interleaved, not last: Material
   * shows ten results at first, and a record found by a word of its text alone would
   * otherwise sit below every page that uses the word.
   * @param {MaterialSearchResult} result
   * @param {RecordsFound | null} found
   * @returns {MaterialSearchResult}
   */
  function merge(result, found) {
    if (!found) { return result; }
    /** @type {MaterialSearchResult["items"]} */
    var items = found.strong.slice();
    var prose = result.items || [];
    for (var n = 0; n < Math.max(prose.length, found.weak.length); n++) {
      if (n < prose.length) { items.push(prose[n]); }
      if (n < found.weak.length) { items.push(found.weak[n]); }
    }
    result.items = items;
    return result;
  }

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
    // The records found for each query sent, in order: the worker answers queries in order.
    /** @type {Array<Promise<RecordsFound | null>>} */
    var pending = [];
    var chain = Promise.resolve();
    function start() {
      worker = new NativeWorker(url, options);
      worker.addEventListener("message", function (event) {
        /** @type {MaterialSearchMessage | null} */
        var data = event.data;
        var records = data && data.type === RESULT ? pending.shift() : undefined;
        chain = chain.then(function () { return records; }).then(function (found) {
          if (data && data.type === RESULT && data.data) {
            data.data = tidy(merge(data.data, found || null));
          }
        }, function () { /* the records are missing: Material's results alone */ })
          .then(function () {
            events.dispatchEvent(new MessageEvent("message", { data: data }));
          });
      });
      worker.addEventListener("error", function () {
        events.dispatchEvent(new Event("error"));
      });
      return worker;
    }
    events.postMessage = function (message) {
      if (message && message.type === QUERY && typeof message.data === "string") {
        pending.push(lookup(message.data).catch(function () { return null; }));
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
