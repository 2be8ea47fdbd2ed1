// @ts-check
/* ReteTariffa: the Fattore Famiglia tariff engine of the data contract, for the browser.
 *
 * The same rules, rounding and Italian explanations as the Python engine
 * (scripts/rete/tariffa/engine.py); tests/tariffa/test_parity.py holds the two (and the numpy
 * simulator) equal to the cent. Browser: `window.ReteTariffa`; node: `require("tariffa.js")`.
 *
 * Every quantity is an exact rational of BigInts. Binary floats, and even decimal division,
 * give one-cent errors on half-cent ties: ISEE 6.576,50 part time is 100 + 576,50 × 400 / 24.000
 * = 109,6083… times 0,60 = exactly 65,765, which the contract rounds up to 65,77. Only exact
 * fractions, rounded once where the contract says (half-up, away from zero), get it right.
 */
(/**
 * @param {typeof globalThis} root
 * @param {() => ReteTariffaApi} factory
 */
function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.ReteTariffa = api;
  }
}(/** @type {typeof globalThis} */ (typeof globalThis !== "undefined" ? globalThis : this), function () {
  "use strict";

  // The engine's own shapes (parametri.json and the API: scripts/rete/web/types/).
  /** @typedef {{valore: Rational, regola: string}} Figure  a value and the rule that gave it */
  /** @typedef {{da: number, a: number, peso: Rational}} Band */
  /** @typedef {Partial<Record<string, Rational>>} Levels  disability weights by level */
  /**
   * @typedef {{
   *   illustrativo: boolean, primo_adulto: Rational, altro_adulto: Rational,
   *   adulto_solo: Rational, figli_eta: Band[], terzo_figlio: Rational,
   *   dal_quarto_figlio: Rational, parto_multiplo: Rational, gravidanza: Rational,
   *   genitore_solo: Rational, vedovo: Rational, disabilita: Levels, anziano_65: Rational,
   *   riduzione_massima: Rational, mai_peggio: boolean
   * }} Scale
   */
  /** @typedef {Rational | Band[] | Levels | boolean} Weight */
  /**
   * @typedef {{
   *   servizio: string, nome: string | undefined, unita: string, unitaAnno: Rational,
   *   tipo_isee: string | null, metodo: string | null, isee_min: Rational | null,
   *   isee_max: Rational | null, tariffa_min: Rational | null, tariffa_max: Rational | null,
   *   natura: string, punti: [Rational, Rational][],
   *   fasce: {fino_a: Rational | null, tariffa: Rational | null,
   *     percentuale: Rational | null, tetto: Rational | null}[],
   *   esenzione: Rational | null, esenzioneSotto: Rational | null,
   *   nonResidenti: Rational | null,
   *   mod: {part_time: Rational, prolungato: Rational, fratelli: Rational},
   *   costo: Rational | null, overrides: Partial<RawWeights>, completo: boolean,
   *   illustrativo: boolean, scales: WeakMap<Scale, Scale>
   * }} Scheme
   */
  /**
   * @typedef {{
   *   indice: number, ruolo: string, eta: number, lavora: boolean, iscritto: boolean,
   *   frequenza: string, parto: number | string | null, disabilita: string | null
   * }} Member
   */
  /**
   * @typedef {{
   *   isee: Rational | null, ise: Rational | null, scala_isee: Rational | null,
   *   tipo_isee: string | null, residente: boolean, genitore_solo: boolean, vedovo: boolean,
   *   gravidanza: boolean, componenti: Member[], genitori: Member[], figli: Member[],
   *   adulti: Member[]
   * }} Household
   */
  /** @template T @typedef {{valore: T, errore?: undefined} | {errore: ReadProblem}} Read */
  /** @typedef {{member: Member | null, position: number}} Enrolled */
  /** @typedef {[string, Rational]} Modifier  a modifier's name and factor */
  /** @typedef {[Rational, string]} Term  a weight of a scale and why it applies */
  /** @typedef {Partial<Record<FigureKey, Figure>>} Figures  the indicators, when computed */
  /** @typedef {{child: Enrolled, mods: Modifier[], isee: Figure, ff: Figure}} ChildFees */

  // --- exact rationals: {n, d} with BigInt n, d > 0, kept in lowest terms ----------------

  /** @param {bigint} a */
  function abs(a) { return a < 0n ? -a : a; }

  /** @param {bigint} a @param {bigint} b */
  function gcd(a, b) {
    a = abs(a);
    b = abs(b);
    while (b) { var t = a % b; a = b; b = t; }
    return a;
  }

  /** @param {bigint} n @param {bigint} [d] @returns {Rational} */
  function Q(n, d) {
    if (d === undefined) { d = 1n; }
    if (d === 0n) { throw new RangeError("divisione per zero"); }
    if (d < 0n) { n = -n; d = -d; }
    var g = gcd(n, d);
    if (g > 1n) { n /= g; d /= g; }
    return { n: n, d: d };
  }

  var ZERO = Q(0n);
  var ONE = Q(1n);
  /** @param {Rational} a @param {Rational} b */
  function add(a, b) { return Q(a.n * b.d + b.n * a.d, a.d * b.d); }
  /** @param {Rational} a @param {Rational} b */
  function sub(a, b) { return Q(a.n * b.d - b.n * a.d, a.d * b.d); }
  /** @param {Rational} a @param {Rational} b */
  function mul(a, b) { return Q(a.n * b.n, a.d * b.d); }
  /** @param {Rational} a @param {Rational} b */
  function div(a, b) { return Q(a.n * b.d, a.d * b.n); }
  /** @param {Rational} a @param {number} k */
  function times(a, k) { return Q(a.n * BigInt(k), a.d); }
  /** @param {Rational} a @param {Rational} b */
  function cmp(a, b) {
    var left = a.n * b.d;
    var right = b.n * a.d;
    return left < right ? -1 : left > right ? 1 : 0;
  }
  /** @param {number} h */
  function hundredths(h) { return Q(BigInt(h), 100n); }
  /** @param {Rational[]} values */
  function sum(values) { return values.reduce(add, ZERO); }

  var PLAIN_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

  // A number written as "15000.50" (or a JS number, read as its shortest text: 0.6 is 0.6,
  // as Python reads YAML floats) as an exact rational; null if it is not one.
  /** @param {unknown} value @returns {Rational | null} */
  function decimal(value) {
    if (typeof value === "number") {
      if (!isFinite(value)) { return null; }
      value = String(value);
    }
    if (typeof value !== "string") { return null; }
    var m = PLAIN_DECIMAL.exec(value);
    if (!m) { return null; }
    var fraction = m[3] || "";
    return Q(BigInt(m[1] + m[2] + fraction), 10n ** BigInt(fraction.length));
  }

  // Decimal places of a terminating rational (0,60 has 1, 15000 has 0); Infinity otherwise.
  /** @param {Rational} q */
  function places(q) {
    var d = q.d;
    var twos = 0;
    var fives = 0;
    while (d % 2n === 0n) { d /= 2n; twos += 1; }
    while (d % 5n === 0n) { d /= 5n; fives += 1; }
    return d === 1n ? Math.max(twos, fives) : Infinity;
  }

  // q × 10^k rounded half-up away from zero, as an integer: the one rounding rule.
  /** @param {Rational} q @param {number} k */
  function scaledHalfUp(q, k) {
    var n = abs(q.n) * 10n ** BigInt(k);
    var m = (2n * n + q.d) / (2n * q.d);
    return q.n < 0n ? -m : m;
  }

  // The contract's rounding to the cent (Python's round_fraction / round_cent).
  /** @param {Rational} q */
  function roundCent(q) { return Q(scaledHalfUp(q, 2), 100n); }

  /** @param {Rational} q @param {number} decimals */
  function digits(q, decimals) {
    var units = scaledHalfUp(q, decimals);
    var text = abs(units).toString().padStart(decimals + 1, "0");
    var cut = text.length - decimals;
    return { negative: units < 0n, whole: text.slice(0, cut), fraction: text.slice(cut) };
  }

  // Italian number: dot thousands, comma decimals (12.176,47), as Python's fmt_number.
  /** @param {Rational} q @param {number} decimals */
  function formatNumber(q, decimals) {
    var p = digits(q, decimals);
    var whole = p.whole.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return (p.negative ? "-" : "") + whole + (decimals ? "," + p.fraction : "");
  }

  /** @param {Rational} q */
  function formatEuro(q) { return formatNumber(q, 2) + " €"; }

  // Weights and modifiers: at least two decimals (1,00; 0,85; 0,125).
  /** @param {Rational} q */
  function formatWeight(q) { return formatNumber(q, Math.max(2, Math.min(places(q), 10))); }

  // Exact decimal text with a dot ("41400.00"), for machines and the URL.
  /** @param {Rational} q @param {number} decimals */
  function plain(q, decimals) {
    var p = digits(q, decimals);
    return (p.negative ? "-" : "") + p.whole + (decimals ? "." + p.fraction : "");
  }

  /** @param {Rational} q */
  function toNumber(q) { return Number(q.n) / Number(q.d); }

  // A value the data contract guarantees (a linear scheme's four numbers, a valid household's
  // ISEE once it is computed): an Error naming it, rather than a TypeError, if it is missing.
  /** @template T @param {T | null | undefined} value @param {string} what @returns {T} */
  function present(value, what) {
    if (value === null || value === undefined) { throw new Error("manca " + what); }
    return value;
  }

  var TIMES = "\u00d7";
  var MINUS = "\u2212";

  // --- vocabulary of the contract ---------------------------------------------------------

  var RUOLI = ["genitore", "figlio", "altro"];
  var TIPI_ISEE = ["ordinario", "minorenni", "corrente", "sociosanitario"];
  var FREQUENZE = ["tempo_pieno", "part_time", "prolungato"];
  var LIVELLI = ["media", "grave", "non_autosufficiente"];
  var ETA_MASSIMA_FIGLIO = 25;
  /** @type {WeightName[]} */
  var PARAMETRI = ["primo_adulto", "altro_adulto", "adulto_solo", "figli_eta", "terzo_figlio",
    "dal_quarto_figlio", "parto_multiplo", "gravidanza", "genitore_solo", "vedovo", "disabilita",
    "anziano_65", "riduzione_massima", "mai_peggio"];
  /** @type {Record<string, number>} */
  var UNITA_PER_ANNO = { mese: 11, anno: 1 };
  /** @type {Record<string, string>} */
  var TESTO_FREQUENZA = { tempo_pieno: "tempo pieno", part_time: "part time",
    prolungato: "orario prolungato" };
  /** @type {Record<string, string>} */
  var TESTO_LIVELLO = { media: "media", grave: "grave", non_autosufficiente: "non autosufficienza" };
  var ORDINALI = ["primo", "secondo", "terzo", "quarto", "quinto", "sesto"];

  // --- scale and scheme, from parametri.json (numbers as exact decimal text) --------------

  /** @param {unknown} value @param {string} what */
  function required(value, what) {
    var q = decimal(value);
    if (q === null) { throw new Error(what + ": non è un numero (" + value + ")"); }
    return q;
  }

  /** @param {unknown} value @param {string} what */
  function optionalNumber(value, what) {
    return value === null || value === undefined ? null : required(value, what);
  }

  /** @param {RawBand[]} bands @returns {Band[]} */
  function readBands(bands) {
    return bands.map(function (b) {
      return { da: Number(b.da), a: Number(b.a), peso: required(b.peso, "figli_eta") };
    });
  }

  /** @param {WeightName} name @param {unknown} value @returns {Weight} */
  function readWeight(name, value) {
    if (name === "figli_eta") { return readBands(/** @type {RawBand[]} */ (value)); }
    if (name === "mai_peggio") { return value === true; }
    if (name === "disabilita") {
      var given = /** @type {Record<string, unknown>} */ (value);
      /** @type {Levels} */
      var levels = {};
      LIVELLI.forEach(function (level) {
        if (given[level] !== null && given[level] !== undefined) {
          levels[level] = required(given[level], "disabilita." + level);
        }
      });
      return levels;
    }
    return required(value, name);
  }

  /** @type {WeakMap<RawScale, Scale>} */
  var preparedScales = new WeakMap();
  /** @type {WeakMap<RawScheme, Scheme>} */
  var preparedSchemes = new WeakMap();

  /** @param {RawScale} raw @returns {Scale} */
  function readScale(raw) {
    var known = preparedScales.get(raw);
    if (known) { return known; }
    /** @type {Record<string, Weight>} */
    var scala = { illustrativo: raw.illustrativo === true };
    PARAMETRI.forEach(function (name) {
      if (raw[name] === undefined || raw[name] === null) {
        throw new Error("scala del Fattore Famiglia: manca " + name);
      }
      scala[name] = readWeight(name, raw[name]);
    });
    var read = /** @type {Scale} */ (/** @type {unknown} */ (scala)); // every weight is set
    preparedScales.set(raw, read);
    return read;
  }

  // The scale a scheme uses: its `fattore_famiglia` overrides replace the defaults by name,
  // disability levels one by one, the age bands as a whole (as rete.tariffa.applica_modifiche).
  /** @param {Scale} scala @param {Partial<RawWeights>} overrides @returns {Scale} */
  function withOverrides(scala, overrides) {
    var given = /** @type {Record<string, unknown>} */ (overrides || {});
    var names = Object.keys(given).filter(function (name) {
      return given[name] !== null && given[name] !== undefined;
    });
    if (!names.length) { return scala; }
    var out = Object.assign({}, scala);
    var weights = /** @type {Record<string, Weight>} */ (/** @type {unknown} */ (out));
    names.forEach(function (name) {
      var known = /** @type {WeightName} */ (name);
      if (PARAMETRI.indexOf(known) < 0) {
        throw new Error("peso del Fattore Famiglia sconosciuto «" + name + "»");
      }
      var value = readWeight(known, given[name]);
      weights[name] = name === "disabilita" ? Object.assign({}, scala.disabilita, value) : value;
    });
    var levels = /** @type {Record<string, unknown>} */ (given.disabilita);
    var everyLevel = names.indexOf("disabilita") >= 0 && LIVELLI.every(function (level) {
      return levels[level] !== null && levels[level] !== undefined;
    });
    out.illustrativo = scala.illustrativo && !(names.length === PARAMETRI.length && everyLevel);
    return out;
  }

  /** @param {RawScheme} raw @returns {Scheme} */
  function readScheme(raw) {
    var known = preparedSchemes.get(raw);
    if (known) { return known; }
    var mods = raw.modificatori || {};
    var unita = raw.unita || "mese";
    var perYear = raw.unita_per_anno;
    var schema = {
      servizio: raw.servizio,
      nome: raw.nome,
      natura: raw.natura || "tariffa",
      unita: unita,
      unitaAnno: perYear === null || perYear === undefined
        ? Q(BigInt(UNITA_PER_ANNO[unita] || 1)) : required(perYear, "unita_per_anno"),
      tipo_isee: raw.tipo_isee || null,
      metodo: raw.metodo || null,
      isee_min: optionalNumber(raw.isee_min, "isee_min"),
      isee_max: optionalNumber(raw.isee_max, "isee_max"),
      tariffa_min: optionalNumber(raw.tariffa_min, "tariffa_min"),
      tariffa_max: optionalNumber(raw.tariffa_max, "tariffa_max"),
      punti: (raw.punti || []).map(function (p) {
        /** @type {[Rational, Rational]} */
        var point = [required(p[0], "punti"), required(p[1], "punti")];
        return point;
      }),
      fasce: (raw.fasce || []).map(function (b) {
        // A band gives its sum (tariffa) or, in a contribution, a share of the retta.
        var share = optionalNumber(b.percentuale, "fasce");
        return { fino_a: optionalNumber(b.fino_a, "fasce"),
          tariffa: share === null ? required(b.tariffa, "fasce") : null,
          percentuale: share, tetto: optionalNumber(b.tetto, "fasce") };
      }),
      esenzione: optionalNumber(raw.esenzione_fino_a, "esenzione_fino_a"),
      esenzioneSotto: optionalNumber(raw.esenzione_sotto, "esenzione_sotto"),
      nonResidenti: raw.non_residenti ? required(raw.non_residenti.tariffa, "non_residenti") : null,
      mod: {
        part_time: mods.part_time === undefined ? ONE : required(mods.part_time, "part_time"),
        prolungato: mods.prolungato === undefined ? ONE : required(mods.prolungato, "prolungato"),
        fratelli: mods.fratelli === undefined ? ONE : required(mods.fratelli, "fratelli"),
      },
      costo: optionalNumber(raw.costo_unitario, "costo_unitario"),
      overrides: raw.fattore_famiglia || {},
      completo: raw.completo !== false,
      illustrativo: raw.illustrativo === true,
      scales: new WeakMap(),
    };
    preparedSchemes.set(raw, schema);
    return schema;
  }

  /** @param {Scheme} schema @param {RawScale} scalaRaw @returns {Scale} */
  function scaleFor(schema, scalaRaw) {
    var base = readScale(scalaRaw);
    var scale = schema.scales.get(base);
    if (!scale) {
      scale = withOverrides(base, schema.overrides);
      schema.scales.set(base, scale);
    }
    return scale;
  }

  /** @param {Scheme} schema @returns {Rational} */
  function maxFee(schema) {
    if (schema.metodo === "lineare" && schema.tariffa_max) { return schema.tariffa_max; }
    if (schema.metodo === "segmenti" && schema.punti.length) {
      return schema.punti[schema.punti.length - 1][1];
    }
    if (schema.metodo === "fasce" && schema.fasce.length) {
      return present(schema.fasce[schema.fasce.length - 1].tariffa, "tariffa");
    }
    throw new Error("lo schema «" + schema.servizio + "» non ha una tariffa massima");
  }

  // --- the household: read, checked, with messages a family can act on -------------------

  // Money as a family types it: 15000, 15000,50, 15.000,50 (Italian) or 15000.50.
  // "15.000" is fifteen thousand: on an Italian site a dot followed by three digits groups
  // thousands. Returns {valore: rational} or {errore: "vuoto" | "formato" | "negativo"}.
  /** @param {unknown} value @returns {Read<Rational>} */
  function readAmount(value) {
    if (typeof value === "number") {
      var number = decimal(value);
      if (number === null) { return { errore: "formato" }; }
      return number.n < 0n ? { errore: "negativo" } : { valore: number };
    }
    if (typeof value !== "string") { return { errore: "formato" }; }
    var text = value.replace(/[\s\u00a0\u202f]/g, "").replace(/€|eur(o)?$/i, "");
    if (text === "") { return { errore: "vuoto" }; }
    var negative = /^[-\u2212]/.test(text);
    text = text.replace(/^[-\u2212+]/, "");
    if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(text)) {
      text = text.replace(/\./g, "").replace(",", ".");
    } else if (/^\d+,\d+$/.test(text)) {
      text = text.replace(",", ".");
    } else if (!/^\d+(\.\d+)?$/.test(text)) {
      return { errore: "formato" };
    }
    var q = decimal(text);
    if (q === null) { return { errore: "formato" }; } // not reached: the patterns above
    if (negative && q.n !== 0n) { return { errore: "negativo" }; }
    return { valore: q };
  }

  // A weight such as the ISEE scale: comma or dot for decimals, never a thousands separator.
  /** @param {unknown} value @returns {Read<Rational>} */
  function readPlainNumber(value) {
    if (typeof value === "string") {
      var text = value.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
      if (text === "") { return { errore: "vuoto" }; }
      value = text;
    }
    var q = decimal(value);
    if (q === null) { return { errore: "formato" }; }
    return q.n < 0n ? { errore: "negativo" } : { valore: q };
  }

  /** @param {unknown} value @returns {Read<number>} */
  function readAge(value) {
    if (typeof value === "string") {
      var text = value.trim();
      if (text === "") { return { errore: "vuoto" }; }
      if (!/^\d+$/.test(text)) { return { errore: "formato" }; }
      value = Number(text);
    }
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 120) {
      return { errore: "formato" };
    }
    return { valore: value };
  }

  /** @type {Record<string, string>} */
  var AMOUNT_NAMES = { isee: "L'ISEE", ise: "L'ISE" };

  /** @param {"isee" | "ise"} key @param {string} problem */
  function amountMessage(key, problem) {
    var name = AMOUNT_NAMES[key];
    if (problem === "vuoto") {
      return key === "isee"
        ? "Indica il valore dell'ISEE, oppure scegli «Non presento l'ISEE»."
        : "Indica il valore dell'ISE.";
    }
    if (problem === "negativo") { return name + " non può essere negativo."; }
    if (problem === "decimali") { return name + " ha al massimo due decimali (i centesimi)."; }
    return name + " è un importo in euro, per esempio 15000 oppure 15.000,50.";
  }

  var HOUSEHOLD_KEYS = ["isee", "tipo_isee", "ise", "scala_isee", "residente", "genitore_solo",
    "vedovo", "gravidanza", "componenti"];
  var MEMBER_KEYS = ["ruolo", "eta", "lavora", "iscritto", "frequenza", "parto", "disabilita"];
  /** @type {Record<string, string>} */
  var FLAG_NAMES = { residente: "Residente", genitore_solo: "Genitore solo", vedovo: "Vedovo/a",
    gravidanza: "Gravidanza", lavora: "Lavora", iscritto: "Iscritto al servizio" };

  /** @param {unknown} value @returns {value is null | undefined} */
  function absent(value) { return value === null || value === undefined; }

  /** @param {unknown} value @param {string[]} allowed */
  function choiceMessage(value, allowed) {
    return "Valore non previsto «" + value + "»: ammessi " + allowed.join(", ") + ".";
  }

  /**
   * @param {Record<string, unknown>} raw @param {string[]} known @param {string} prefix
   * @param {FieldError[]} errors
   */
  function unknownKeys(raw, known, prefix, errors) {
    Object.keys(raw).forEach(function (key) {
      if (known.indexOf(key) < 0) {
        errors.push({ campo: prefix + key, messaggio: "Dato non previsto «" + key + "»." });
      }
    });
  }

  /**
   * @param {Record<string, unknown>} raw @param {string} key @param {boolean} fallback
   * @param {string} field @param {FieldError[]} errors
   */
  function readFlag(raw, key, fallback, field, errors) {
    var value = raw[key];
    if (absent(value)) { return fallback; }
    if (value === true || value === false) { return value; }
    errors.push({ campo: field, messaggio: "«" + FLAG_NAMES[key] + "» è sì o no." });
    return fallback;
  }

  // The money fields of the household, checked one by one.
  /** @param {Record<string, unknown>} raw @param {FieldError[]} errors */
  function readIsee(raw, errors) {
    /** @type {{isee: Rational | null, ise: Rational | null, scala_isee: Rational | null}} */
    var out = { isee: null, ise: null, scala_isee: null };
    /** @type {("isee" | "ise")[]} */ (["isee", "ise"]).forEach(function (key) {
      if (absent(raw[key])) { return; }
      var read = readAmount(raw[key]);
      if (read.errore === undefined && places(read.valore) > 2) { read = { errore: "decimali" }; }
      if (read.errore) {
        errors.push({ campo: key, messaggio: amountMessage(key, read.errore) });
      } else {
        out[key] = read.valore;
      }
    });
    if (!absent(raw.scala_isee)) {
      var scale = readPlainNumber(raw.scala_isee);
      var message = null;
      if (scale.errore === "vuoto") {
        message = "Indica la scala di equivalenza dell'attestazione ISEE.";
      } else if (scale.errore) {
        message = "La scala di equivalenza è un numero, per esempio 2,46.";
      } else if (places(scale.valore) > 4) {
        message = "La scala di equivalenza ha al massimo quattro decimali.";
      } else if (cmp(scale.valore, ONE) < 0) {
        message = "La scala di equivalenza ISEE vale almeno 1 (una persona sola).";
      }
      if (message) {
        errors.push({ campo: "scala_isee", messaggio: message });
      } else if (scale.errore === undefined) { // no message: the scale was read
        out.scala_isee = scale.valore;
      }
    }
    var iseGiven = !absent(raw.ise);
    var scaleGiven = !absent(raw.scala_isee);
    if (iseGiven && !scaleGiven) {
      errors.push({ campo: "ise", messaggio: "L'ISE va indicato insieme alla scala di " +
        "equivalenza, entrambi dall'attestazione ISEE (oppure lascia vuoti entrambi)." });
    }
    if (scaleGiven && !iseGiven) {
      errors.push({ campo: "scala_isee", messaggio: "La scala di equivalenza va indicata " +
        "insieme all'ISE, entrambi dall'attestazione ISEE (oppure lascia vuoti entrambi)." });
    }
    if (absent(raw.isee)) {
      ["ise", "scala_isee"].forEach(function (key) {
        if (!absent(raw[key])) {
          errors.push({ campo: key, messaggio: "ISE e scala di equivalenza si indicano solo " +
            "con l'ISEE: manca il valore dell'ISEE." });
        }
      });
    }
    return out;
  }

  /** @param {unknown} given @param {number} index @param {FieldError[]} errors */
  function readMember(given, index, errors) {
    var at = "componenti." + index + ".";
    if (given === null || typeof given !== "object") {
      errors.push({ campo: "componenti." + index, messaggio: "Componente non valido." });
      return null;
    }
    var raw = /** @type {Record<string, unknown>} */ (given);
    unknownKeys(raw, MEMBER_KEYS, at, errors);
    /** @type {Member} */
    var member = { indice: index, ruolo: /** @type {string} */ (raw.ruolo), eta: 0,
      lavora: false, iscritto: false, frequenza: "tempo_pieno", parto: null, disabilita: null };
    // (a role other than RUOLI's is reported here: such a household is never computed)
    if (RUOLI.indexOf(member.ruolo) < 0) {
      errors.push({ campo: at + "ruolo", messaggio: absent(raw.ruolo)
        ? "Indica il ruolo del componente." : choiceMessage(raw.ruolo, RUOLI) });
    }
    var age = readAge(absent(raw.eta) ? "" : raw.eta);
    if (age.errore === "vuoto") {
      errors.push({ campo: at + "eta", messaggio: "Indica l'età in anni compiuti." });
    } else if (age.errore) {
      errors.push({ campo: at + "eta",
        messaggio: "L'età è un numero intero di anni compiuti, tra 0 e 120." });
    } else {
      member.eta = age.valore;
      if (raw.ruolo === "figlio" && age.valore > ETA_MASSIMA_FIGLIO) {
        errors.push({ campo: at + "eta", messaggio: "Un figlio di " + age.valore + " anni va " +
          "indicato come «altro componente»: la scala conta i figli fino a " +
          ETA_MASSIMA_FIGLIO + " anni." });
      }
    }
    member.lavora = readFlag(raw, "lavora", false, at + "lavora", errors);
    member.iscritto = readFlag(raw, "iscritto", false, at + "iscritto", errors);
    var frequency = raw.frequenza;
    if (!absent(frequency)) {
      if (typeof frequency !== "string" || FREQUENZE.indexOf(frequency) < 0) {
        errors.push({ campo: at + "frequenza", messaggio: choiceMessage(frequency, FREQUENZE) });
      } else {
        member.frequenza = frequency;
      }
    }
    var level = raw.disabilita;
    if (!absent(level)) {
      if (typeof level !== "string" || LIVELLI.indexOf(level) < 0) {
        errors.push({ campo: at + "disabilita", messaggio: choiceMessage(level, LIVELLI) });
      } else {
        member.disabilita = level;
      }
    }
    if (!absent(raw.parto)) {
      var id = raw.parto;
      if (typeof id === "string" && /^\d+$/.test(id.trim())) { id = Number(id.trim()); }
      if ((typeof id !== "number" || !Number.isInteger(id)) &&
          (typeof id !== "string" || id.trim() === "")) {
        errors.push({ campo: at + "parto", messaggio: "Il parto si indica con un numero o un " +
          "nome, uguale per i figli nati dallo stesso parto." });
      } else {
        member.parto = typeof id === "string" ? id.trim() : id;
      }
    }
    if (raw.ruolo !== "figlio" && member.parto !== null) {
      errors.push({ campo: at + "parto",
        messaggio: "Il parto multiplo (gemelli, trigemini…) si indica solo per i figli." });
    }
    if (raw.ruolo !== "figlio" && member.iscritto) {
      errors.push({ campo: at + "iscritto", messaggio: "Solo un figlio può essere iscritto al servizio." });
    }
    return member;
  }

  /** @param {number | string} id */
  function birthKey(id) { return typeof id + ":" + id; }

  // The household of the contract, or the list of problems: {famiglia} or {errori}.
  /**
   * @param {unknown} given
   * @returns {{famiglia: Household, errori?: undefined} | {errori: FieldError[]}}
   */
  function readHousehold(given) {
    /** @type {FieldError[]} */
    var errors = [];
    if (given === null || typeof given !== "object") {
      return { errori: [{ campo: "componenti", messaggio: "Famiglia non valida." }] };
    }
    var raw = /** @type {Record<string, unknown>} */ (given);
    unknownKeys(raw, HOUSEHOLD_KEYS, "", errors);
    var money = readIsee(raw, errors);
    var iseeType = null;
    if (!absent(raw.tipo_isee) && raw.tipo_isee !== "") {
      if (typeof raw.tipo_isee !== "string" || TIPI_ISEE.indexOf(raw.tipo_isee) < 0) {
        errors.push({ campo: "tipo_isee", messaggio: choiceMessage(raw.tipo_isee, TIPI_ISEE) });
      } else {
        iseeType = raw.tipo_isee;
      }
    }
    var resident = readFlag(raw, "residente", true, "residente", errors);
    var singleParent = readFlag(raw, "genitore_solo", false, "genitore_solo", errors);
    var widowed = readFlag(raw, "vedovo", false, "vedovo", errors);
    var pregnancy = readFlag(raw, "gravidanza", false, "gravidanza", errors);
    /** @type {unknown[]} */
    var list = Array.isArray(raw.componenti) ? raw.componenti : [];
    /** @type {Member[]} */
    var members = [];
    list.forEach(function (m, i) {
      var member = readMember(m, i, errors);
      if (member !== null) { members.push(member); }
    });
    var parents = members.filter(function (m) { return m.ruolo === "genitore"; });
    /** @type {Household} */
    var f = {
      isee: money.isee,
      ise: money.ise,
      scala_isee: money.scala_isee,
      tipo_isee: iseeType,
      residente: resident,
      genitore_solo: singleParent,
      vedovo: widowed,
      gravidanza: pregnancy,
      componenti: members,
      genitori: parents,
      figli: members.filter(function (m) { return m.ruolo === "figlio"; }),
      // Adults in the order the family scale weighs them: the genitori, then the altri.
      adulti: parents.concat(members.filter(function (m) { return m.ruolo === "altro"; })),
    };
    // A member whose role is unknown is reported on its own: counting adults or parents
    // without it would add a second, misleading message.
    var rolesKnown = f.componenti.length === list.length && f.componenti.every(function (m) {
      return RUOLI.indexOf(m.ruolo) >= 0;
    });
    if (!list.length) {
      errors.push({ campo: "componenti", messaggio: "Aggiungi almeno un componente del nucleo familiare." });
    } else if (!f.adulti.length && rolesKnown) {
      errors.push({ campo: "componenti", messaggio: "Manca un adulto: almeno un componente " +
        "deve essere un genitore o un altro componente adulto." });
    }
    if (f.genitore_solo && f.genitori.length !== 1 && rolesKnown) {
      errors.push({ campo: "genitore_solo", messaggio: "«Genitore solo» richiede esattamente un " +
        "genitore nel nucleo (ce ne sono " + f.genitori.length + ")." });
    }
    if (f.vedovo && !f.genitore_solo) {
      errors.push({ campo: "vedovo", messaggio: "«Vedovo/a» vale solo insieme a «Genitore solo»." });
    }
    /** @type {Record<string, Member>} */
    var firstOfBirth = {};
    f.componenti.forEach(function (m) {
      if (m.parto === null) { return; }
      var key = birthKey(m.parto);
      var first = firstOfBirth[key];
      if (first === undefined) {
        firstOfBirth[key] = m;
      } else if (first.eta !== m.eta) {
        errors.push({ campo: "componenti." + m.indice + ".eta", messaggio: "I figli dello stesso " +
          "parto hanno la stessa età: qui " + m.eta + " anni, ma il componente " +
          (first.indice + 1) + " ne ha " + first.eta + "." });
      }
    });
    return errors.length ? { errori: errors } : { famiglia: f };
  }

  /** @param {unknown} raw */
  function validate(raw) {
    var read = readHousehold(raw);
    return read.errori || [];
  }

  // The contract's household (famiglia.yml) from a valid one: money as exact decimal text.
  /** @param {unknown} raw @returns {NormalHousehold} */
  function normalize(raw) {
    var read = readHousehold(raw);
    if (read.errori) { throw householdError(read.errori); }
    var f = read.famiglia;
    // Filled in below, in the contract's order of keys.
    var out = /** @type {NormalHousehold} */ ({ isee: f.isee === null ? null : plain(f.isee, 2) });
    if (f.tipo_isee) { out.tipo_isee = f.tipo_isee; }
    if (f.ise !== null && f.scala_isee !== null) { // a valid household has both or neither
      out.ise = plain(f.ise, 2);
      out.scala_isee = plain(f.scala_isee, Math.max(2, places(f.scala_isee)));
    }
    out.residente = f.residente;
    out.genitore_solo = f.genitore_solo;
    out.vedovo = f.vedovo;
    out.gravidanza = f.gravidanza;
    out.componenti = f.componenti.map(function (m) {
      /** @type {NormalMember} */
      var member = { ruolo: m.ruolo, eta: m.eta };
      if (m.lavora) { member.lavora = true; }
      if (m.iscritto) { member.iscritto = true; }
      if (m.frequenza !== "tempo_pieno") { member.frequenza = m.frequenza; }
      if (m.parto !== null) { member.parto = m.parto; }
      if (m.disabilita) { member.disabilita = m.disabilita; }
      return member;
    });
    return out;
  }

  /** @param {FieldError[]} errors @returns {HouseholdError} */
  function householdError(errors) {
    var error = /** @type {HouseholdError} */ (new Error(errors.map(function (e) {
      return e.campo + ": " + e.messaggio;
    }).join("\n")));
    error.errori = errors;
    return error;
  }

  // --- the two equivalence scales ---------------------------------------------------------

  /** @param {string} name @param {Term[]} items @returns {Figure} */
  function total(name, items) {
    var value = sum(items.map(function (v) { return v[0]; }));
    var terms = items.map(function (v) { return formatWeight(v[0]) + " (" + v[1] + ")"; });
    return { valore: value, regola: name + " = " + terms.join(" + ") + " = " + formatWeight(value) };
  }

  /** @param {number} eta */
  function years(eta) { return eta === 1 ? "1 anno" : eta + " anni"; }

  // DPCM 159/2013, Allegato 1 (with L. 89/2016): base by members, +0,35 beyond five.
  /** @param {number} n */
  function baseIsee(n) {
    var table = [0, 100, 157, 204, 246];
    return n <= 4 ? hundredths(table[n]) : add(hundredths(285), times(hundredths(35), n - 5));
  }

  // Letters b) and c) of the Allegato: the increment for minor children.
  /** @param {Household} f @returns {Term | null} */
  function minorsItem(f) {
    if (!f.figli.some(function (c) { return c.eta < 18; })) { return null; }
    var underThree = f.figli.some(function (c) { return c.eta < 3; });
    var weight = hundredths(underThree ? 30 : 20);
    var children = underThree ? "figlio sotto i 3 anni" : "figli minorenni";
    if (f.genitori.length && f.genitori.every(function (g) { return g.lavora; })) {
      var workers = f.genitori.length === 1 ? "genitore che lavora" : "genitori che lavorano";
      return [weight, children + ", " + workers];
    }
    // Letter c) applies "the increment of letter b)" to a household made only of one
    // non-working single parent and minor children.
    var onlyParentAndMinors = f.genitore_solo && f.genitori.length === 1 && !f.genitori[0].lavora &&
      f.componenti.length === 1 + f.figli.length && f.figli.every(function (c) { return c.eta < 18; });
    return onlyParentAndMinors
      ? [weight, children + ", genitore solo che non lavora (lettera c)"] : null;
  }

  /** @param {Household} f */
  function scaleIsee(f) {
    var n = f.componenti.length;
    /** @type {Term[]} */
    var items = [[baseIsee(n), n === 1 ? "1 componente" : n + " componenti"]];
    var k = f.figli.length;
    var childrenWeight = k >= 5 ? 50 : k === 4 ? 35 : k === 3 ? 20 : 0;
    if (childrenWeight) { items.push([hundredths(childrenWeight), k + " figli"]); }
    var minors = minorsItem(f);
    if (minors) { items.push(minors); }
    var disabled = f.componenti.filter(function (m) { return m.disabilita !== null; }).length;
    if (disabled) {
      items.push([times(hundredths(50), disabled),
        disabled + " " + (disabled === 1 ? "componente" : "componenti") + " con disabilità"]);
    }
    return total("SE_ISEE", items);
  }

  /** @param {Scale} scala @param {number} eta */
  function childWeight(scala, eta) {
    for (var i = 0; i < scala.figli_eta.length; i += 1) {
      var band = scala.figli_eta[i];
      if (band.da <= eta && eta <= band.a) { return band.peso; }
    }
    throw new Error("nessuna fascia d'età per un figlio di " + eta + " anni");
  }

  /** @param {number} k @param {string} one @param {string} many */
  function plural(k, one, many) { return k + " " + (k === 1 ? one : many); }

  // SE_FF: the family scale of section 2 of the contract, weights as the scheme sets them.
  /** @param {Household} f @param {Scale} scala */
  function scaleFf(f, scala) {
    var items = f.adulti.map(function (adult, position) {
      var ordinal = position < ORDINALI.length ? ORDINALI[position] : (position + 1) + "°";
      /** @type {Term} */
      var term = [position === 0 ? scala.primo_adulto : scala.altro_adulto,
        ordinal + " adulto: " + adult.ruolo + " di " + years(adult.eta)];
      return term;
    });
    if (f.componenti.length === 1) { items.push([scala.adulto_solo, "persona sola"]); }
    f.figli.forEach(function (c) { items.push([childWeight(scala, c.eta), "figlio di " + years(c.eta)]); });
    var k = f.figli.length;
    if (k >= 3) { items.push([scala.terzo_figlio, "terzo figlio"]); }
    if (k > 3) {
      items.push([times(scala.dal_quarto_figlio, k - 3), plural(k - 3, "figlio", "figli") + " oltre il terzo"]);
    }
    /** @type {Record<string, number>} */
    var groups = {};
    f.componenti.forEach(function (m) {
      if (m.parto !== null) { groups[birthKey(m.parto)] = (groups[birthKey(m.parto)] || 0) + 1; }
    });
    var twins = Object.keys(groups).reduce(function (s, key) { return s + groups[key] - 1; }, 0);
    if (twins) {
      items.push([times(scala.parto_multiplo, twins),
        "parto multiplo: " + plural(twins, "figlio", "figli") + " oltre il primo"]);
    }
    if (f.gravidanza) { items.push([scala.gravidanza, "gravidanza"]); }
    if (f.genitore_solo) {
      items.push([scala.genitore_solo, "genitore solo"]);
      if (f.vedovo) { items.push([scala.vedovo, "vedovo/a"]); }
    }
    f.componenti.forEach(function (m) {
      if (m.disabilita !== null) {
        items.push([present(scala.disabilita[m.disabilita], "disabilita." + m.disabilita),
          "disabilità " + TESTO_LIVELLO[m.disabilita]]);
      }
    });
    f.componenti.forEach(function (m) {
      if (m.ruolo !== "figlio" && m.eta >= 65) {
        items.push([scala.anziano_65, m.ruolo + " di " + years(m.eta)]);
      }
    });
    return total("SE_FF", items);
  }

  // --- ISE and ISEE_FF ----------------------------------------------------------------------

  /** @param {Household} f @param {Figure} seIsee @returns {Figure} */
  function indicatorIse(f, seIsee) {
    if (f.ise !== null) {
      return { valore: f.ise, regola: "ISE = " + formatEuro(f.ise) + " (dall'attestazione ISEE)" };
    }
    var isee = present(f.isee, "isee");
    var value = roundCent(mul(isee, seIsee.valore));
    return { valore: value, regola: "ISE = ISEE " + TIMES + " SE_ISEE = " + formatEuro(isee) +
      " " + TIMES + " " + formatWeight(seIsee.valore) + " = " + formatEuro(value) };
  }

  // ISEE_FF with both guards, in the contract's order: ratio, ceiling, then floor.
  /**
   * @param {Rational} isee @param {Rational} ise @param {Rational} seFf @param {Scale} scala
   * @returns {Figure}
   */
  function iseeFf(isee, ise, seFf, scala) {
    var value = roundCent(div(ise, seFf));
    var rule = "ISEE_FF = ISE / SE_FF = " + formatEuro(ise) + " / " + formatWeight(seFf) +
      " = " + formatEuro(value);
    if (scala.mai_peggio && cmp(value, isee) > 0) {
      value = isee;
      rule += "; non può superare l'ISEE: " + formatEuro(value);
    }
    var floor = roundCent(mul(isee, sub(ONE, scala.riduzione_massima)));
    if (cmp(value, floor) < 0) {
      value = floor;
      var percent = formatWeight(times(scala.riduzione_massima, 100)).replace(/,00$/, "");
      rule += "; riduzione massima " + percent + "% dell'ISEE: " + formatEuro(value);
    }
    return { valore: value, regola: rule };
  }

  // --- base fee: exact, unrounded (rounded once per child, after the modifiers) ------------

  /** @param {Rational} value @param {string} rule @returns {Figure} */
  function flat(value, rule) { return { valore: value, regola: rule }; }

  /**
   * @param {Rational} x @param {Rational} xa @param {Rational} ta @param {Rational} xb
   * @param {Rational} tb @returns {Figure}
   */
  function interpolation(x, xa, ta, xb, tb) {
    var value = add(ta, div(mul(sub(x, xa), sub(tb, ta)), sub(xb, xa)));
    var e = formatEuro;
    return { valore: value, regola: e(ta) + " + (" + e(x) + " " + MINUS + " " + e(xa) + ") " +
      TIMES + " (" + e(tb) + " " + MINUS + " " + e(ta) + ") / (" + e(xb) + " " + MINUS + " " +
      e(xa) + ") = " + e(roundCent(value)) };
  }

  /** @param {Scheme} s @param {Rational} x @param {string} label @returns {Figure} */
  function linear(s, x, label) {
    var iseeMin = present(s.isee_min, "isee_min");
    var iseeMax = present(s.isee_max, "isee_max");
    var feeMin = present(s.tariffa_min, "tariffa_min");
    var feeMax = present(s.tariffa_max, "tariffa_max");
    if (cmp(x, iseeMin) <= 0) {
      return flat(feeMin, label + " fino a isee_min (" + formatEuro(iseeMin) +
        "): tariffa minima " + formatEuro(feeMin));
    }
    if (cmp(x, iseeMax) >= 0) {
      return flat(feeMax, label + " da isee_max (" + formatEuro(iseeMax) +
        ") in su: tariffa massima " + formatEuro(feeMax));
    }
    var line = interpolation(x, iseeMin, feeMin, iseeMax, feeMax);
    return { valore: line.valore, regola: label + " tra isee_min e isee_max: " + line.regola };
  }

  /** @param {Scheme} s @param {Rational} x @param {string} label @returns {Figure} */
  function segments(s, x, label) {
    var points = s.punti;
    if (cmp(x, points[0][0]) <= 0) {
      return flat(points[0][1], label + " fino al primo punto (" + formatEuro(points[0][0]) +
        "): " + formatEuro(points[0][1]));
    }
    for (var i = 1; i < points.length; i += 1) {
      var a = points[i - 1];
      var b = points[i];
      if (cmp(x, b[0]) <= 0) {
        var line = interpolation(x, a[0], a[1], b[0], b[1]);
        return { valore: line.valore, regola: label + " tra i punti " + formatEuro(a[0]) + " e " +
          formatEuro(b[0]) + ": " + line.regola };
      }
    }
    var last = points[points.length - 1];
    return flat(last[1], label + " oltre l'ultimo punto (" + formatEuro(last[0]) + "): " +
      formatEuro(last[1]));
  }

  /** @param {Scheme} s @param {Rational} x @param {string} label @returns {Figure} */
  function bands(s, x, label) {
    /** @type {Rational | null} */
    var previous = null;
    for (var i = 0; i < s.fasce.length; i += 1) {
      var band = s.fasce[i];
      if (band.fino_a === null || cmp(x, band.fino_a) <= 0) {
        var where = band.fino_a !== null ? "fino a " + formatEuro(band.fino_a)
          : previous === null ? "unica" : "oltre " + formatEuro(previous);
        var fee = present(band.tariffa, "tariffa");
        return flat(fee, label + " nella fascia " + where + ": " + formatEuro(fee));
      }
      previous = band.fino_a;
    }
    throw new Error("uno schema completo termina con una fascia aperta");
  }

  // --- a contribution of the comune towards a retta (Python: rete.tariffa.contribution) ------

  /** @param {Rational} q */
  function formatPercent(q) { return formatNumber(q, places(q)) + " %"; }

  // The band of an indicator and its words ("fino a 20.000,00 €", "oltre …", "unica").
  /** @param {Scheme} s @param {Rational} x */
  function bandOf(s, x) {
    /** @type {Rational | null} */
    var previous = null;
    for (var i = 0; i < s.fasce.length; i += 1) {
      var band = s.fasce[i];
      if (band.fino_a === null || cmp(x, band.fino_a) <= 0) {
        var where = band.fino_a !== null ? "fino a " + formatEuro(band.fino_a)
          : previous === null ? "unica" : "oltre " + formatEuro(previous);
        return { band: band, where: where };
      }
      previous = band.fino_a;
    }
    throw new Error("uno schema completo termina con una fascia aperta");
  }

  // The contribution, exact and not yet capped at the retta, with its rule.
  /** @param {Scheme} s @param {Rational} x @param {string} label @param {Rational} retta */
  function contributionAmount(s, x, label, retta) {
    if (s.metodo !== "fasce") {
      var base = s.metodo === "lineare" ? linear(s, x, label) : segments(s, x, label);
      return { valore: base.valore, regola: "contributo: " + base.regola };
    }
    var found = bandOf(s, x);
    var band = found.band;
    if (band.percentuale === null) {
      var fixed = present(band.tariffa, "tariffa");
      return { valore: fixed, regola: label + " nella fascia " + found.where + ": contributo " +
        formatEuro(fixed) };
    }
    var share = div(mul(retta, band.percentuale), Q(100n));
    var text = label + " nella fascia " + found.where + ": contributo " +
      formatPercent(band.percentuale) + " della retta, " + formatEuro(retta) + " " + TIMES + " " +
      formatPercent(band.percentuale) + " = " + formatEuro(roundCent(share));
    if (band.tetto !== null && cmp(share, band.tetto) > 0) {
      share = band.tetto;
      text += ", ridotto al tetto di " + formatEuro(band.tetto);
    }
    return { valore: share, regola: text };
  }

  // The retta less the comune's contribution for an indicator (null: no ISEE, none).
  /** @param {Scheme} s @param {Rational | null} x @param {string} label @param {Rational} retta */
  function netFee(s, x, label, retta) {
    if (x === null) {
      return flat(retta, "senza ISEE il comune non dà il contributo: retta intera " +
        formatEuro(retta));
    }
    var amount = contributionAmount(s, x, label, retta);
    var share = amount.valore;
    var text = amount.regola;
    if (cmp(share, retta) > 0) {
      share = retta;
      text += ", ridotto alla retta " + formatEuro(retta);
    }
    var rounded = roundCent(share);
    var net = sub(retta, rounded);
    return flat(net, text + "; da pagare: " + formatEuro(retta) + " " + MINUS + " " +
      formatEuro(rounded) + " = " + formatEuro(net));
  }

  // The base fee for an indicator (null: no ISEE submitted) under a complete scheme.
  /** @param {Scheme} s @param {Rational | null} indicator @param {string} label */
  function baseFee(s, indicator, label) {
    if (indicator === null) {
      var top = maxFee(s);
      return flat(top, "senza ISEE si applica la tariffa massima: " + formatEuro(top));
    }
    if (s.esenzione !== null && cmp(indicator, s.esenzione) <= 0) {
      return flat(ZERO, label + " fino a " + formatEuro(s.esenzione) +
        ": esenzione, tariffa 0,00 €");
    }
    if (s.esenzioneSotto !== null && cmp(indicator, s.esenzioneSotto) < 0) {
      return flat(ZERO, label + " sotto " + formatEuro(s.esenzioneSotto) +
        ": esenzione, tariffa 0,00 €");
    }
    if (s.metodo === "lineare") { return linear(s, indicator, label); }
    if (s.metodo === "segmenti") { return segments(s, indicator, label); }
    return bands(s, indicator, label);
  }

  // --- per child, totals, warnings -----------------------------------------------------------

  /** @param {Household} f @returns {Enrolled[]} */
  function enrolled(f) {
    var marked = f.componenti.filter(function (m) { return m.iscritto; });
    if (!marked.length) { return [{ member: null, position: 0 }]; }
    return marked.map(function (m, position) { return { member: m, position: position }; });
  }

  /** @param {Scheme} s @param {Enrolled} child */
  function modifiers(s, child) {
    /** @type {Modifier[]} */
    var applied = [];
    var frequency = child.member ? child.member.frequenza : "tempo_pieno";
    if (frequency === "part_time") { applied.push(["part_time", s.mod.part_time]); }
    if (frequency === "prolungato") { applied.push(["prolungato", s.mod.prolungato]); }
    if (child.position >= 1) { applied.push(["fratelli", s.mod.fratelli]); }
    return applied;
  }

  // Base × modifiers, capped at the unit cost, rounded once (step 4 of the contract).
  /** @param {Scheme} s @param {Rational} base @param {Modifier[]} mods @returns {Figure} */
  function childFee(s, base, mods) {
    var value = base;
    mods.forEach(function (m) { value = mul(value, m[1]); });
    var text = formatEuro(roundCent(base)) + mods.map(function (m) {
      return " " + TIMES + " " + formatWeight(m[1]) + " (" + m[0].replace(/_/g, " ") + ")";
    }).join("");
    if (mods.length) { text += " = " + formatEuro(roundCent(value)); }
    if (s.costo !== null && cmp(value, s.costo) > 0) {
      text += ", ridotta al costo unitario " + formatEuro(s.costo);
      value = s.costo;
    }
    return { valore: roundCent(value), regola: text };
  }

  /** @param {Enrolled} child */
  function describe(child) {
    if (!child.member) { return "figlio a tempo pieno (nessuno indicato come iscritto)"; }
    return "figlio di " + years(child.member.eta) + " (" + TESTO_FREQUENZA[child.member.frequenza] + ")";
  }

  /** @param {Household} f @param {Scheme} s */
  function householdWarnings(f, s) {
    /** @type {string[]} */
    var warnings = [];
    if (s.illustrativo) {
      warnings.push("Schema tariffario illustrativo: non è la tariffa deliberata da un comune.");
    }
    if (f.tipo_isee && s.tipo_isee && f.tipo_isee !== s.tipo_isee) {
      warnings.push("L'ISEE indicato è di tipo «" + f.tipo_isee + "», ma per questo servizio il " +
        "comune chiede l'ISEE «" + s.tipo_isee + "»: il calcolo usa comunque il valore indicato; " +
        "verifica con il comune quale ISEE presentare.");
    }
    if (!f.componenti.some(function (m) { return m.iscritto; })) {
      warnings.push("Nessun figlio indicato come iscritto: calcolo per un figlio a tempo pieno.");
    }
    return warnings;
  }

  /** @param {Household} f @returns {string[]} */
  function attestationWarning(f) {
    if (f.ise === null || f.scala_isee === null) { return []; }
    var implied = roundCent(div(f.ise, f.scala_isee));
    var gap = sub(implied, present(f.isee, "isee"));
    if (cmp(gap, ONE) <= 0 && cmp(gap, Q(-1n)) >= 0) { return []; }
    return ["L'ISEE (" + formatEuro(present(f.isee, "isee")) + ") non corrisponde a ISE / scala (" +
      formatEuro(implied) + "): controlla i valori copiati dall'attestazione."];
  }

  /** @type {FigureKey[]} */
  var FIGURE_KEYS = ["se_isee", "ise", "se_ff", "isee_ff"];
  /** @type {TotalKey[]} */
  var TOTAL_KEYS = ["tariffa_isee", "tariffa_ff", "differenza", "differenza_anno"];
  /** @type {Record<FigureKey | "base_isee" | "base_ff", string>} */
  var STEP_TITLES = {
    se_isee: "Scala di equivalenza ISEE",
    ise: "Indicatore della situazione economica (ISE)",
    se_ff: "Scala del Fattore Famiglia",
    isee_ff: "ISEE con il Fattore Famiglia",
    base_isee: "Tariffa di base con l'ISEE",
    base_ff: "Tariffa di base con il Fattore Famiglia",
  };

  // The fee with ISEE and with the Fattore Famiglia, every figure explained in Italian.
  // The household is the contract's (or the form's: Italian amounts are read too); the
  // scheme and scale are those of parametri.json. Throws an Error with `.errori` (field and
  // message) for an invalid household.
  // For a contribution (natura: contributo) `rawRetta` is the fee the family pays for each
  // enrolled child, and the result is what is left to pay after the comune's contribution.
  /**
   * @param {unknown} rawHousehold @param {RawScheme} rawScheme @param {RawScale} rawScale
   * @param {unknown} [rawRetta]
   */
  function compute(rawHousehold, rawScheme, rawScale, rawRetta) {
    var read = readHousehold(rawHousehold);
    if (read.errori) { throw householdError(read.errori); }
    var f = read.famiglia;
    var s = readScheme(rawScheme);
    if (!s.completo) {
      throw new Error("lo schema tariffario «" + s.servizio + "» è incompleto: le fonti ne danno " +
        "solo una parte, quindi la tariffa non si può calcolare");
    }
    var retta = optionalNumber(rawRetta, "retta");
    if (s.natura === "contributo" && retta === null) {
      throw new Error("«" + s.servizio + "» è un contributo del comune alla retta: per " +
        "calcolarlo serve la retta che la famiglia paga per ogni figlio iscritto (es. --retta 480)");
    }
    if (s.natura !== "contributo" && retta !== null) {
      throw new Error("«" + s.servizio + "» è una tariffa del comune: la retta si indica solo " +
        "per un contributo (natura: contributo)");
    }
    /** @param {Rational | null} x @param {string} label */
    var base = function (x, label) {
      return retta === null ? baseFee(s, x, label) : netFee(s, x, label, retta);
    };
    var scala = scaleFor(s, rawScale);
    var warnings = householdWarnings(f, s);
    /** @type {Figures} */
    var figures = {};
    /** @type {Figure} */
    var baseIseeFee;
    /** @type {Figure} */
    var baseFfFee;
    if (!f.residente && retta !== null) {
      baseIseeFee = baseFfFee = flat(retta, "famiglia non residente: nessun contributo del " +
        "comune, retta intera " + formatEuro(retta));
      warnings.push("Famiglia non residente: il contributo del comune è per le famiglie residenti.");
    } else if (!f.residente && s.nonResidenti !== null) {
      baseIseeFee = baseFfFee = flat(s.nonResidenti, "tariffa per non residenti: " +
        formatEuro(s.nonResidenti));
      warnings.push("Famiglia non residente: si applica la tariffa per non residenti, " +
        "senza Fattore Famiglia.");
    } else if (f.isee === null) {
      baseIseeFee = baseFfFee = base(null, "ISEE");
      warnings.push(retta === null
        ? "Senza ISEE si paga la tariffa massima e il Fattore Famiglia non si applica."
        : "Senza ISEE il comune non dà il contributo e il Fattore Famiglia non si applica.");
    } else {
      if (!f.residente) {
        warnings.push("Famiglia non residente, ma lo schema non prevede una tariffa per non " +
          "residenti: calcolata come per i residenti.");
      }
      figures.se_isee = f.scala_isee !== null
        ? { valore: f.scala_isee, regola: "SE_ISEE = " + formatWeight(f.scala_isee) +
            " (dall'attestazione ISEE)" }
        : scaleIsee(f);
      figures.ise = indicatorIse(f, figures.se_isee);
      figures.se_ff = scaleFf(f, scala);
      figures.isee_ff = iseeFf(f.isee, figures.ise.valore, figures.se_ff.valore, scala);
      baseIseeFee = base(f.isee, "ISEE " + formatEuro(f.isee));
      baseFfFee = base(figures.isee_ff.valore, "ISEE_FF " + formatEuro(figures.isee_ff.valore));
      warnings = warnings.concat(attestationWarning(f));
      if (scala.illustrativo) {
        warnings.push("Pesi del Fattore Famiglia illustrativi: non sono la tabella approvata " +
          "da un comune.");
      }
    }
    var details = enrolled(f).map(function (child) {
      /** @type {Modifier[]} */
      var mods = modifiers(s, child);
      var feeIsee = childFee(s, baseIseeFee.valore, mods);
      var feeFf = childFee(s, baseFfFee.valore, mods);
      return { child: child, mods: mods, isee: feeIsee, ff: feeFf };
    });
    var totalIsee = sum(details.map(function (d) { return d.isee.valore; }));
    var totalFf = sum(details.map(function (d) { return d.ff.valore; }));
    var difference = sub(totalIsee, totalFf);
    var yearly = roundCent(mul(difference, s.unitaAnno));
    var units = formatWeight(s.unitaAnno).replace(/,00$/, "");
    var yearlyRule = "differenza all'anno = " + formatEuro(difference) + " " + TIMES + " " + units +
      " (" + s.unita + ") = " + formatEuro(yearly);
    /** @type {Chart} */
    var chart = {
      // Why the fee does not depend on the indicator, when it does not.
      senza_indicatore: !f.residente && (s.nonResidenti !== null || retta !== null) ? "non_residenti"
        : f.isee === null ? "senza_isee" : null,
      isee: figures.isee_ff && f.isee !== null ? toNumber(f.isee) : null,
      isee_ff: figures.isee_ff ? toNumber(figures.isee_ff.valore) : null,
      base_isee: toNumber(baseIseeFee.valore),
      base_ff: toNumber(baseFfFee.valore),
    };
    return result(s, figures, baseIseeFee, baseFfFee, details, chart,
      { tariffa_isee: totalIsee, tariffa_ff: totalFf, differenza: difference, differenza_anno: yearly },
      yearlyRule, warnings);
  }

  // The object of the Python `to_json_dict(regole=True)`, plus exact decimal text (`esatto`),
  // the explanation steps (`passi`) and what the chart needs (`grafico`).
  /**
   * @param {Scheme} s @param {Figures} figures @param {Figure} baseIseeFee
   * @param {Figure} baseFfFee @param {ChildFees[]} details @param {Chart} chart
   * @param {Record<TotalKey, Rational>} totals @param {string} yearlyRule
   * @param {string[]} warnings @returns {FeeResult}
   */
  function result(s, figures, baseIseeFee, baseFfFee, details, chart, totals, yearlyRule, warnings) {
    // Each filled in below, key by key, in the order of the Python result.
    var out = /** @type {FeeResult} */ ({});
    var exact = /** @type {FeeResult["esatto"]} */ ({});
    var rules = /** @type {FeeResult["regole"]} */ ({});
    FIGURE_KEYS.forEach(function (key) {
      var figure = figures[key];
      if (!figure) { return; }
      var value = figure.valore;
      out[key] = toNumber(value);
      exact[key] = key === "se_isee" || key === "se_ff"
        ? plain(value, Math.max(2, places(value))) : plain(value, 2);
      rules[key] = figure.regola;
    });
    TOTAL_KEYS.forEach(function (key) {
      out[key] = toNumber(totals[key]);
      exact[key] = plain(totals[key], 2);
    });
    rules.base_isee = baseIseeFee.regola;
    rules.base_ff = baseFfFee.regola;
    rules.differenza_anno = yearlyRule;
    out.dettaglio = details.map(function (d) {
      /** @type {Record<string, number>} */
      var mods = {};
      d.mods.forEach(function (m) { mods[m[0]] = toNumber(m[1]); });
      return {
        componente: d.child.member ? d.child.member.indice : null,
        descrizione: describe(d.child),
        frequenza: d.child.member ? d.child.member.frequenza : "tempo_pieno",
        base_isee: toNumber(roundCent(baseIseeFee.valore)),
        base_ff: toNumber(roundCent(baseFfFee.valore)),
        modificatori: mods,
        tariffa_isee: toNumber(d.isee.valore),
        tariffa_ff: toNumber(d.ff.valore),
        regola_isee: d.isee.regola,
        regola_ff: d.ff.regola,
        esatto: { tariffa_isee: plain(d.isee.valore, 2), tariffa_ff: plain(d.ff.valore, 2) },
      };
    });
    out.avvisi = warnings;
    out.regole = rules;
    out.esatto = exact;
    out.servizio = s.servizio;
    out.unita = s.unita;
    out.unita_per_anno = toNumber(s.unitaAnno);
    out.passi = steps(rules, out.dettaglio, totals);
    out.grafico = chart;
    return out;
  }

  /**
   * @param {FeeResult["regole"]} rules @param {ChildDetail[]} details
   * @param {Record<TotalKey, Rational>} totals
   */
  function steps(rules, details, totals) {
    /** @type {Step[]} */
    var out = [];
    /** @type {(keyof typeof STEP_TITLES)[]} */ (Object.keys(STEP_TITLES)).forEach(function (key) {
      var rule = rules[key];
      if (rule) { out.push({ titolo: STEP_TITLES[key], testo: rule }); }
    });
    details.forEach(function (d) {
      out.push({ titolo: "Con l'ISEE, " + d.descrizione, testo: d.regola_isee });
      out.push({ titolo: "Con il Fattore Famiglia, " + d.descrizione, testo: d.regola_ff });
    });
    if (details.length > 1) {
      out.push({ titolo: "Totale con l'ISEE", testo: details.map(function (d) {
        return formatEuro(required(d.esatto.tariffa_isee, "tariffa_isee"));
      }).join(" + ") + " = " + formatEuro(totals.tariffa_isee) });
      out.push({ titolo: "Totale con il Fattore Famiglia", testo: details.map(function (d) {
        return formatEuro(required(d.esatto.tariffa_ff, "tariffa_ff"));
      }).join(" + ") + " = " + formatEuro(totals.tariffa_ff) });
    }
    out.push({ titolo: "Differenza", testo: "differenza = " + formatEuro(totals.tariffa_isee) + " " +
      MINUS + " " + formatEuro(totals.tariffa_ff) + " = " + formatEuro(totals.differenza) });
    out.push({ titolo: "Differenza in un anno", testo: rules.differenza_anno });
    return out;
  }

  // --- the tariff curve, for the chart ----------------------------------------------------------

  // Vertices [x, y] (euro, as numbers: only for drawing) of the base fee from 0 to xMax.
  // Each breakpoint is sampled at itself and one cent after, so steps (bands, exemption)
  // are drawn as steps and straight pieces stay straight.
  /** @param {RawScheme} rawScheme @param {number} xMax @returns {[number, number][]} */
  function curve(rawScheme, xMax) {
    var s = readScheme(rawScheme);
    /** @type {Rational[]} */
    var breaks = [];
    if (s.esenzione !== null) { breaks.push(s.esenzione); }
    // Exempt below the threshold: the step is one cent before it, the fee at it.
    if (s.esenzioneSotto !== null) { breaks.push(sub(s.esenzioneSotto, hundredths(1))); }
    if (s.metodo === "lineare") {
      breaks.push(present(s.isee_min, "isee_min"), present(s.isee_max, "isee_max"));
    }
    s.punti.forEach(function (p) { breaks.push(p[0]); });
    s.fasce.forEach(function (b) { if (b.fino_a !== null) { breaks.push(b.fino_a); } });
    var top = decimal(String(xMax)) || Q(BigInt(Math.ceil(xMax)));
    var xs = [ZERO, top];
    breaks.forEach(function (b) { xs.push(b, add(b, hundredths(1))); });
    xs = xs.filter(function (x) { return cmp(x, top) <= 0; }).sort(cmp);
    /** @type {{q: Rational, y: Rational}[]} */
    var out = [];
    xs.forEach(function (x) {
      if (out.length && cmp(out[out.length - 1].q, x) === 0) { return; }
      out.push({ q: x, y: baseFee(s, x, "").valore });
    });
    return out.map(function (p) {
      /** @type {[number, number]} */
      var vertex = [toNumber(p.q), toNumber(p.y)];
      return vertex;
    });
  }

  // The largest ISEE where the scheme changes (for the chart's scale).
  /** @param {RawScheme} rawScheme */
  function lastBreak(rawScheme) {
    var s = readScheme(rawScheme);
    /** @type {Rational[]} */
    var xs = [];
    if (s.esenzione !== null) { xs.push(s.esenzione); }
    if (s.esenzioneSotto !== null) { xs.push(s.esenzioneSotto); }
    if (s.isee_max) { xs.push(s.isee_max); }
    s.punti.forEach(function (p) { xs.push(p[0]); });
    s.fasce.forEach(function (b) { if (b.fino_a !== null) { xs.push(b.fino_a); } });
    return xs.length ? toNumber(xs.sort(cmp)[xs.length - 1]) : 0;
  }

  return {
    calcola: compute,
    validaFamiglia: validate,
    normalizzaFamiglia: normalize,
    leggiImporto: readAmount,
    curva: curve,
    ultimaSoglia: lastBreak,
    formatoEuro: function (value) { return formatEuro(required(value, "importo")); },
    formatoNumero: function (value, decimals) { return formatNumber(required(value, "numero"), decimals); },
    formatoPeso: function (value) { return formatWeight(required(value, "peso")); },
    RUOLI: RUOLI,
    TIPI_ISEE: TIPI_ISEE,
    FREQUENZE: FREQUENZE,
    LIVELLI: LIVELLI,
  };
}));
