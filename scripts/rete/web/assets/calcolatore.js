// @ts-check
// The citizens' calculator page: the form, the URL fragment, the result, the chart, printing.
//
// Reads calcolatore/parametri.json (same origin, written by rete.web.calculator: the schemes,
// the family scale and the Italian labels of the fields) and computes with
// window.ReteTariffa (tariffa.js). Nothing is sent anywhere: the inputs live in the form
// and in the URL fragment (#…), which browsers never send to the server, so a simulation can
// be bookmarked or shared and a comune page can link to ../calcolatore/#schema=<id>.
// Plain DOM, no innerHTML for data: every text from the URL or the parameters is inert.
(function () {
  "use strict";

  // The engine, checked in init(): without it the page says nothing and shows nothing.
  var T = /** @type {ReteTariffaApi} */ (window.ReteTariffa);
  var SVG = "http://www.w3.org/2000/svg";
  /** @type {CalculatorParams} */
  var params; // set by start(), before any other use
  /** @type {Record<string, Offer>} */
  var offersById = Object.create(null); // no inherited keys: ids come from the URL too
  /** @type {Record<string, ComuneEntry>} */
  var comuniBySlug = Object.create(null);
  var memberCount = 0;

  // Household-level keys of tariffa.js errors → the form control that shows them.
  /** @type {Record<string, string>} */
  var FIELDS = { isee: "calc-isee", tipo_isee: "calc-tipo-isee", ise: "calc-ise",
    scala_isee: "calc-scala-isee", residente: "calc-residente",
    genitore_solo: "calc-genitore-solo", vedovo: "calc-vedovo", gravidanza: "calc-gravidanza",
    componenti: "calc-componenti-gruppo" };
  /** @type {InputMember[]} */
  var DEFAULT_MEMBERS = [{ ruolo: "genitore", eta: 40, lavora: true },
    { ruolo: "genitore", eta: 40, lavora: true }, { ruolo: "figlio", eta: 1, iscritto: true }];

  /** @typedef {Record<string, string | number | boolean | null | undefined>} Attrs */
  /** @typedef {Node | string | null | undefined | false} Child */
  /** @typedef {Child | Child[]} Children */
  /** @typedef {HTMLInputElement | HTMLSelectElement} Control */

  // --- the labels, written once in rete.web.calculator (parametri.json: etichette) ----------

  /** @param {string} text */
  function capital(text) { return text.charAt(0).toUpperCase() + text.slice(1); }

  // A field's label in the form ("Età (anni compiuti)") and its word in a sentence ("età").
  /** @param {string} key */
  function label(key) { return params.etichette.campi[key].etichetta; }
  /** @param {string} key */
  function word(key) {
    var fields = params.etichette.campi;
    return Object.prototype.hasOwnProperty.call(fields, key) ? fields[key].breve : key;
  }

  // A field's values as [value, words] in the contract's order; the words of one value.
  /** @param {keyof Labels["valori"]} key */
  function choices(key) { return params.etichette.valori[key]; }
  /** @param {keyof Labels["valori"]} key @param {unknown} value */
  function valueWord(key, value) {
    var found = choices(key).filter(function (c) { return c[0] === value; })[0];
    return found ? found[1] : null;
  }

  // The engine's texts in plain Italian: the contract's names (isee_min, SE_FF…) replaced by
  // the words of parametri.json (etichette.termini), in order.
  /** @param {string} text */
  function plain(text) {
    return params.etichette.termini.reduce(function (out, pair) {
      return out.split(pair[0]).join(pair[1]);
    }, text);
  }

  // A text with each abbreviation (ISEE, ISE) as <abbr title="what it stands for">.
  /** @param {string} text @returns {Child[]} */
  function withAbbr(text) {
    var sigle = params.etichette.sigle;
    var pattern = new RegExp("\\b(" + Object.keys(sigle).join("|") + ")\\b", "g");
    /** @type {Child[]} */
    var out = [];
    var last = 0;
    text.replace(pattern, function (match, _key, at) {
      out.push(text.slice(last, at), el("abbr", { title: sigle[match].titolo }, match));
      last = at + match.length;
      return match;
    });
    out.push(text.slice(last));
    return out;
  }

  // The first use of the abbreviations in the result, explained in one sentence each.
  function abbrExplained() {
    var sigle = params.etichette.sigle;
    return el("p", { class: "rete-calc__sigle" }, Object.keys(sigle).reduce(function (out, key) {
      return out.concat([el("abbr", { title: sigle[key].titolo }, key), " (" +
        sigle[key].titolo.toLowerCase() + "): " + sigle[key].spiegazione + ". "]);
    }, /** @type {Child[]} */ ([])));
  }

  // How many units: "1 mese", "11 mesi", "200 pasti".
  /** @param {string} unit @param {string} count */
  function unitWord(unit, count) { return params.etichette.unita[unit][count === "1" ? 0 : 1]; }

  // --- small DOM helpers ---------------------------------------------------------------------

  // An element of the page's template (calcolatore.md.j2), which always has it.
  /** @param {string} id */
  function byId(id) { return /** @type {HTMLElement} */ (document.getElementById(id)); }
  /** @param {string} id */
  function inputById(id) { return /** @type {HTMLInputElement} */ (document.getElementById(id)); }
  /** @param {string} id */
  function selectById(id) { return /** @type {HTMLSelectElement} */ (document.getElementById(id)); }

  // A part of an element this script built (a member's legend, its remove button).
  /** @param {Element} root @param {string} selector */
  function part(root, selector) { return /** @type {HTMLElement} */ (root.querySelector(selector)); }

  /**
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag @param {Attrs} [attrs] @param {Children} [children]
   * @returns {HTMLElementTagNameMap[K]}
   */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    var given = attrs || {};
    Object.keys(given).forEach(function (name) {
      var value = given[name];
      if (value === true) { node.setAttribute(name, ""); }
      else if (value !== false && value !== null && value !== undefined) {
        node.setAttribute(name, String(value));
      }
    });
    append(node, children);
    return node;
  }

  /** @template {Node} N @param {N} node @param {Children} [children] @returns {N} */
  function append(node, children) {
    var list = children === undefined ? [] : Array.isArray(children) ? children : [children];
    list.forEach(function (child) {
      if (child === null || child === undefined || child === false) { return; }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /** @param {string} tag @param {Record<string, string | number>} [attrs] @param {string} [text] */
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    var given = attrs || {};
    Object.keys(given).forEach(function (name) { node.setAttribute(name, String(given[name])); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /** @param {string} text */
  function announce(text) {
    var region = byId("calc-annuncio");
    region.textContent = "";
    // A fresh text node after a tick is announced even when the text repeats.
    setTimeout(function () { region.textContent = text; }, 50);
  }

  /** @param {string} text */
  function badge(text) {
    return el("p", { class: "rete-badge rete-badge--illustrativo" },
      [el("strong", {}, "Esempio illustrativo"), ": " + text]);
  }

  /** @param {Amount} text */
  function euro(text) { return T.formatoEuro(text); }

  // --- the service: comune and scheme ------------------------------------------------------

  /** @param {string} slug @returns {Offer[]} */
  function offersOf(slug) {
    if (!slug) { return params.schemi; }
    var comune = comuniBySlug[slug];
    var own = comune ? comune.schemi : [];
    return (own.length ? own : params.esempi).map(function (id) { return offersById[id]; });
  }

  function fillComuni() {
    var select = byId("calc-comune");
    append(select, el("option", { value: "" }, "Tutti gli schemi disponibili"));
    params.comuni.forEach(function (c) { append(select, el("option", { value: c.slug }, c.nome)); });
  }

  // The scheme menu for a comune (grouped by comune when none is chosen); keeps `keep` selected.
  /** @param {string | null | undefined} keep */
  function fillSchemes(keep) {
    var select = selectById("calc-schema");
    var slug = selectById("calc-comune").value;
    select.textContent = "";
    var offers = offersOf(slug);
    if (slug) {
      offers.forEach(function (o) { append(select, el("option", { value: o.id }, o.etichetta)); });
    } else {
      /** @type {HTMLOptGroupElement[]} */
      var groups = [];
      offers.forEach(function (o) {
        var name = o.esempio ? "Esempi illustrativi" : o.comune_nome;
        var group = groups.filter(function (g) { return g.label === name; })[0];
        if (!group) { group = el("optgroup", { label: name }); groups.push(group); }
        append(group, el("option", { value: o.id }, o.etichetta));
      });
      groups.forEach(function (g) { append(select, g); });
    }
    if (keep && offers.some(function (o) { return o.id === keep; })) { select.value = keep; }
    describeScheme();
  }

  /** @param {Source[]} fonti */
  function sourcesList(fonti) {
    if (!fonti.length) { return null; }
    return el("ul", {}, fonti.map(function (f) {
      return el("li", {}, el("a", { href: f.url }, f.titolo));
    }));
  }

  function describeScheme() {
    var box = byId("calc-schema-info");
    box.textContent = "";
    var offer = offersById[selectById("calc-schema").value];
    if (!offer) { return; }
    var slug = selectById("calc-comune").value;
    var comune = comuniBySlug[slug];
    if (offer.illustrativo) {
      append(box, badge("questo schema tariffario serve a mostrare il calcolo e non è la " +
        "tariffa deliberata da un comune."));
    }
    if (comune && !comune.schemi.length) {
      append(box, el("p", {}, "Per " + comune.nome + " non è documentato da una fonte uno " +
        "schema tariffario completo: il calcolo usa uno schema di esempio."));
      /** @param {ComuneEntry["incompleti"][number]} s */
      var named = function (s) { return s.nome + (s.anni.length ? " (" + s.anni.join(", ") + ")" : ""); };
      var partial = comune.incompleti.filter(function (s) { return s.natura !== "contributo"; });
      var contributions = comune.incompleti.filter(function (s) { return s.natura === "contributo"; });
      if (partial.length) {
        append(box, el("p", {}, "Schemi noti ma incompleti (le fonti ne danno solo una parte, " +
          "quindi la tariffa non si può calcolare): " + partial.map(named).join("; ") + "."));
      }
      if (contributions.length) {
        // Each with its rule in words ("25 % della retta, al massimo 150,00 €, con ISEE …"):
        // a capped share is not a fixed sum.
        append(box, el("p", {}, "Contributi del comune alle rette (non sono tariffe e il " +
          "calcolatore non li usa): " + contributions.map(function (s) {
            return named(s) + (s.voci.length ? ": " + s.voci.join("; ") : "");
          }).join("; ") + "."));
      }
    }
    /** @type {[string, string | null][]} */
    var facts = [offer.esempio ? ["Schema", "di esempio, non di un comune"] : ["Comune", offer.comune_nome],
      ["Servizio", offer.nome + (offer.anni.length ? " (" + offer.anni.join(", ") + ")" : "")],
      ["Rapporto con la Rete", offer.rete],
      ["Tariffa", offer.unita_testo + ", " + yearText(offer) + " all'anno"]];
    if (offer.tipo_isee) { facts.push(["ISEE richiesto", valueWord("tipo_isee", offer.tipo_isee)]); }
    if (offer.delibera) { facts.push(["Delibera", offer.delibera]); }
    if (offer.nota) { facts.push(["Nota sullo schema", offer.nota]); }
    append(box, el("dl", { class: "rete-calc__fatti" }, facts.reduce(function (out, f) {
      if (f[1] === null) { return out; } // the examples have no comune, so no relation
      return out.concat([el("dt", {}, f[0]), el("dd", {}, f[1])]);
    }, /** @type {HTMLElement[]} */ ([]))));
    var sources = sourcesList(offer.fonti);
    if (sources) { append(box, [el("p", {}, "Fonti dello schema:"), sources]); }
    append(box, newerData(offer));
  }

  // A comune's data for the same service newer than the scheme computed, which the sources
  // give only in part: said beside the older scheme, so its year is never read as current.
  /** @param {Offer} offer */
  function newerData(offer) {
    var comune = offer.comune ? comuniBySlug[offer.comune] : null;
    if (!comune) { return null; }
    var newer = comune.incompleti.filter(function (d) {
      return d.natura !== "contributo" && d.servizio === offer.schema.servizio &&
        d.chiave > offer.chiave;
    });
    if (!newer.length) { return null; }
    return el("p", { class: "rete-calc__avviso rete-calc__piu-recenti" },
      withAbbr("Dati più recenti, ma incompleti, che il calcolatore non può usare: " +
        newer.map(function (d) {
          return d.nome + " (" + d.anni.join(", ") + ")" + (d.voci.length ? ": " + d.voci.join("; ") : "");
        }).join(". ") + "."));
  }

  // --- the members of the household ---------------------------------------------------------

  /** @param {string} id @param {string} labelText @param {Control} control @param {string} [hint] */
  function field(id, labelText, control, hint) {
    var hintId = hint ? id + "-aiuto" : null;
    if (hintId) {
      control.setAttribute("aria-describedby", hintId);
      control.setAttribute("data-aiuto", hintId);
    }
    return el("div", { class: "rete-calc__campo" }, [
      el("label", { for: id }, labelText),
      hint ? el("p", { class: "rete-calc__aiuto", id: hintId }, hint) : null,
      el("p", { class: "rete-calc__errore", id: id + "-errore", hidden: true }),
      control,
    ]);
  }

  /**
   * @param {string} id @param {string} labelText @param {boolean | undefined} checked
   * @param {string} [hint]
   */
  function checkbox(id, labelText, checked, hint) {
    var hintId = hint ? id + "-aiuto" : null;
    var box = el("input", { type: "checkbox", id: id, "aria-describedby": hintId, "data-aiuto": hintId });
    box.checked = !!checked;
    return el("div", { class: "rete-calc__opzione" }, [box, " ", el("label", { for: id }, labelText),
      hint ? el("p", { class: "rete-calc__aiuto", id: hintId }, hint) : null,
      el("p", { class: "rete-calc__errore", id: id + "-errore", hidden: true })]);
  }

  // A menu of a field's values, as the form names them ("Figlio o figlia").
  /** @param {string} id @param {Choice[]} options @param {string | null | undefined} value */
  function select(id, options, value) {
    var node = el("select", { id: id }, options.map(function (o) {
      return el("option", { value: o[0] }, capital(o[1]));
    }));
    node.value = value || options[0][0];
    return node;
  }

  /** @returns {HTMLFieldSetElement[]} */
  function rows() { return [].slice.call(document.querySelectorAll("#calc-componenti > fieldset")); }

  // A member's control: its text field or menu (the menus and text fields of addMember).
  /** @param {Element} row @param {string} name */
  function control(row, name) {
    return /** @type {Control} */ (row.querySelector("[id='" + row.getAttribute("data-membro") +
      "-" + name + "']"));
  }

  // A member's checkbox (lavora, iscritto) is ticked.
  /** @param {Element} row @param {string} name */
  function ticked(row, name) { return /** @type {HTMLInputElement} */ (control(row, name)).checked; }

  /** @param {InputMember} values */
  function addMember(values) {
    memberCount += 1;
    var key = "calc-m" + memberCount;
    var v = values;
    var row = el("fieldset", { class: "rete-calc__membro", "data-membro": key }, [
      el("legend", {}, "Componente"),
      field(key + "-ruolo", label("ruolo"), select(key + "-ruolo", choices("ruolo"), v.ruolo)),
      field(key + "-eta", label("eta"), el("input", { type: "text", id: key + "-eta",
        inputmode: "numeric", autocomplete: "off", value: v.eta === undefined ? "" : String(v.eta) })),
      el("div", { "data-per": "genitore" }, checkbox(key + "-lavora", label("lavora"), v.lavora,
        "Ha lavorato almeno 6 mesi nell'anno.")),
      el("div", { "data-per": "figlio" }, [
        checkbox(key + "-iscritto", label("iscritto"), v.iscritto),
        field(key + "-frequenza", label("frequenza"),
          select(key + "-frequenza", choices("frequenza"), v.frequenza)),
        field(key + "-parto", label("parto"), el("input", { type: "text", id: key + "-parto",
          autocomplete: "off", value: v.parto === undefined || v.parto === null ? "" : String(v.parto) }),
          "Solo per gemelli o trigemini: lo stesso numero (per esempio 1) per i figli nati " +
          "dallo stesso parto. Altrimenti lascia vuoto."),
      ]),
      field(key + "-disabilita", label("disabilita"),
        select(key + "-disabilita", choices("disabilita"), v.disabilita)),
      el("button", { type: "button", class: "md-button rete-calc__rimuovi" }, "Rimuovi"),
    ]);
    control(row, "ruolo").addEventListener("change", function () { showForRole(row); });
    part(row, ".rete-calc__rimuovi").addEventListener("click", function () { removeMember(row); });
    byId("calc-componenti").appendChild(row);
    showForRole(row);
    renumber();
    return row;
  }

  /** @param {HTMLFieldSetElement} row */
  function removeMember(row) {
    var list = rows();
    var index = list.indexOf(row);
    row.remove();
    renumber();
    var rest = rows();
    var next = rest[Math.min(index, rest.length - 1)];
    (next ? control(next, "ruolo") : byId("calc-aggiungi")).focus();
    announce("Componente " + (index + 1) + " rimosso. Componenti: " + rest.length + ".");
  }

  /** @param {HTMLFieldSetElement} row */
  function showForRole(row) {
    var role = control(row, "ruolo").value;
    row.querySelectorAll("[data-per]").forEach(function (piece) {
      /** @type {HTMLElement} */ (piece).hidden = piece.getAttribute("data-per") !== role;
    });
  }

  function renumber() {
    rows().forEach(function (row, i) {
      part(row, "legend").textContent = "Componente " + (i + 1);
      part(row, ".rete-calc__rimuovi").setAttribute("aria-label", "Rimuovi il componente " + (i + 1));
    });
  }

  /** @param {InputMember[]} members */
  function setMembers(members) {
    rows().forEach(function (row) { row.remove(); });
    members.forEach(function (m) { addMember(m); });
  }

  // --- the household the form describes (the contract's famiglia) ---------------------------

  /** @param {string} id */
  function optionalText(id) {
    var value = inputById(id).value.trim();
    return value === "" ? null : value;
  }

  /** @returns {InputHousehold} */
  function household() {
    var without = inputById("calc-isee-no").checked;
    return {
      isee: without ? null : inputById("calc-isee").value,
      tipo_isee: without ? null : selectById("calc-tipo-isee").value || null,
      ise: without ? null : optionalText("calc-ise"),
      scala_isee: without ? null : optionalText("calc-scala-isee"),
      residente: inputById("calc-residente").checked,
      genitore_solo: inputById("calc-genitore-solo").checked,
      vedovo: inputById("calc-vedovo").checked,
      gravidanza: inputById("calc-gravidanza").checked,
      componenti: rows().map(function (row) {
        var role = control(row, "ruolo").value;
        var child = role === "figlio";
        return {
          ruolo: role,
          eta: control(row, "eta").value,
          lavora: role === "genitore" && ticked(row, "lavora"),
          iscritto: child && ticked(row, "iscritto"),
          frequenza: child ? control(row, "frequenza").value : "tempo_pieno",
          parto: child && control(row, "parto").value.trim() !== "" ? control(row, "parto").value : null,
          disabilita: control(row, "disabilita").value || null,
        };
      }),
    };
  }

  function showIseeFields() {
    var without = inputById("calc-isee-no").checked;
    document.querySelectorAll("[data-con-isee]").forEach(function (piece) {
      /** @type {HTMLElement} */ (piece).hidden = without;
    });
  }

  // --- errors, tied to their fields -----------------------------------------------------------

  /** @param {string} campo @returns {HTMLElement | null} */
  function controlFor(campo) {
    var parts = campo.split(".");
    if (parts[0] === "componenti" && parts.length === 3) {
      var row = rows()[Number(parts[1])];
      return row ? control(row, parts[2]) : null;
    }
    return FIELDS[campo] ? byId(FIELDS[campo]) : null;
  }

  /** @param {string} campo */
  function errorLabel(campo) {
    var parts = campo.split(".");
    if (parts[0] === "componenti" && parts.length === 3) {
      return "Componente " + (Number(parts[1]) + 1) + ", " + word(parts[2]);
    }
    return null;
  }

  function clearErrors() {
    document.querySelectorAll("#calc-form [aria-invalid]").forEach(function (node) {
      node.removeAttribute("aria-invalid");
    });
    document.querySelectorAll("#calc-form .rete-calc__errore").forEach(function (node) {
      /** @type {HTMLElement} */ (node).hidden = true;
      node.textContent = "";
    });
    document.querySelectorAll("#calc-form [data-errore]").forEach(function (node) {
      var hint = node.getAttribute("data-aiuto");
      if (hint) { node.setAttribute("aria-describedby", hint); } else { node.removeAttribute("aria-describedby"); }
      node.removeAttribute("data-errore");
    });
    var summary = byId("calc-errori");
    summary.hidden = true;
    summary.textContent = "";
    document.querySelectorAll("#calc-form .rete-calc__nota-eta").forEach(function (note) {
      var age = note.previousElementSibling;
      if (age) { describedBy(age, note.id, false); }
      note.remove();
    });
    [inputById("calc-isee"), inputById("calc-ise")].forEach(dismiss);
  }

  /** @param {FieldError[]} errors @param {boolean} moveFocus */
  function showErrors(errors, moveFocus) {
    var summary = byId("calc-errori");
    var items = errors.map(function (error) {
      var target = controlFor(error.campo);
      var message = target ? document.getElementById((target.id === FIELDS.componenti
        ? "calc-componenti" : target.id) + "-errore") : null;
      if (target && message) {
        message.textContent = (message.textContent ? message.textContent + " " : "") + error.messaggio;
        message.hidden = false;
        var described = target.getAttribute("aria-describedby");
        if (!target.hasAttribute("data-aiuto") && described) {
          target.setAttribute("data-aiuto", described);
        }
        var hint = target.getAttribute("data-aiuto");
        target.setAttribute("aria-describedby", message.id + (hint ? " " + hint : ""));
        target.setAttribute("data-errore", "");
        if (target.tagName !== "FIELDSET") { target.setAttribute("aria-invalid", "true"); }
        var details = target.closest("details");
        if (details) { details.open = true; }
      }
      var where = errorLabel(error.campo);
      var text = (where ? where + ": " : "") + error.messaggio;
      var focusTarget = target && target.tagName === "FIELDSET" ? byId("calc-aggiungi") : target;
      if (!focusTarget) { return el("li", {}, text); }
      var destination = focusTarget;
      var link = el("a", { href: "#" + destination.id }, text);
      link.addEventListener("click", function (event) {
        event.preventDefault(); // the fragment holds the simulation: never navigate to #id
        destination.focus();
      });
      return el("li", {}, link);
    });
    append(summary, [el("h2", {}, errors.length === 1 ? "C'è un dato da correggere"
      : "Ci sono " + errors.length + " dati da correggere"), el("ul", {}, items)]);
    summary.hidden = false;
    if (moveFocus) { summary.focus(); }
  }

  // --- the URL fragment: #schema=…&isee=…&m=genitore.40.lavora&m=figlio.1.iscritto ------------

  /** @param {string | number} text */
  function token(text) { return encodeURIComponent(String(text)).replace(/\./g, "%2E"); }

  /** @param {InputHousehold} h @param {Offer} offer */
  function encode(h, offer) {
    var f = T.normalizzaFamiglia(h);
    /** @type {[string, string | (string | number)[]][]} */
    var parts = [["schema", offer.id]];
    var slug = selectById("calc-comune").value;
    if (slug && slug !== offer.comune) { parts.push(["comune", slug]); }
    parts.push(["isee", f.isee === null ? "no" : f.isee.replace(/\.00$/, "")]);
    if (f.tipo_isee) { parts.push(["tipo_isee", f.tipo_isee]); }
    if (f.ise !== undefined) { // with its scale, always
      parts.push(["ise", f.ise.replace(/\.00$/, "")], ["scala_isee", String(f.scala_isee)]);
    }
    if (!f.residente) { parts.push(["residente", "no"]); }
    /** @type {("genitore_solo" | "vedovo" | "gravidanza")[]} */ (["genitore_solo", "vedovo",
      "gravidanza"]).forEach(function (key) {
      if (f[key]) { parts.push([key, "si"]); }
    });
    f.componenti.forEach(function (m) {
      /** @type {(string | number)[]} */
      var tokens = [m.ruolo, m.eta];
      if (m.lavora) { tokens.push("lavora"); }
      if (m.iscritto) { tokens.push("iscritto"); }
      if (m.frequenza) { tokens.push(m.frequenza); }
      if (m.parto !== undefined) { tokens.push("parto-" + token(m.parto)); }
      if (m.disabilita) { tokens.push(m.disabilita); }
      parts.push(["m", tokens]);
    });
    // A member's tokens are joined by dots, so a dot inside a token is escaped (%2E).
    return parts.map(function (p) {
      return p[0] + "=" + (Array.isArray(p[1]) ? p[1].map(token).join(".") : token(p[1]));
    }).join("&");
  }

  // The fragment's members (m=…, in order) and its other values by key (schema, isee, …).
  /**
   * @param {string} hash
   * @returns {{membri: InputMember[], valori: Record<string, string | undefined>}}
   */
  function decode(hash) {
    // No inherited keys: "#constructor=…" or "#membri=…" is one more unknown key, no more.
    var state = { membri: /** @type {InputMember[]} */ ([]), valori: Object.create(null) };
    hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var cut = pair.indexOf("=");
      if (cut < 0) { return; }
      var key = pair.slice(0, cut);
      var value;
      try { value = decodeURIComponent(pair.slice(cut + 1)); } catch (e) { return; }
      if (key === "m") { state.membri.push(member(value)); } else { state.valori[key] = value; }
    });
    return state;
  }

  /** @param {string} text */
  function member(text) {
    var tokens = text.split(".").map(function (t) {
      try { return decodeURIComponent(t); } catch (e) { return t; }
    });
    /** @type {InputMember} */
    var m = { ruolo: tokens[0], eta: tokens[1] };
    tokens.slice(2).forEach(function (t) {
      if (t === "lavora" || t === "iscritto") { m[t] = true; }
      else if (T.FREQUENZE.indexOf(t) >= 0) { m.frequenza = t; }
      else if (T.LIVELLI.indexOf(t) >= 0) { m.disabilita = t; }
      else if (t.indexOf("parto-") === 0) { m.parto = t.slice(6); }
    });
    return m;
  }

  /** @param {string} text */
  function italian(text) { return String(text).replace(".", ","); }

  // Fill the form from the fragment; true when it holds a whole simulation to compute.
  /** @param {string} hash */
  function restore(hash) {
    var decoded = decode(hash);
    var state = decoded.valori;
    var offer = state.schema === undefined ? undefined : offersById[state.schema];
    var slug = state.comune && comuniBySlug[state.comune] ? state.comune : offer ? offer.comune || "" : "";
    selectById("calc-comune").value = slug;
    fillSchemes(offer ? offer.id : null);
    if (state.schema && !offer) {
      append(byId("calc-schema-info"), el("p", { class: "rete-calc__avviso" }, "Lo schema indicato " +
        "nell'indirizzo («" + state.schema + "») non è disponibile: scegline uno dall'elenco."));
    }
    if (state.isee === undefined) { return false; }
    var without = state.isee === "no";
    inputById("calc-isee-no").checked = without;
    inputById("calc-isee-si").checked = !without;
    inputById("calc-isee").value = without ? "" : italian(state.isee);
    selectById("calc-tipo-isee").value = state.tipo_isee !== undefined &&
      valueWord("tipo_isee", state.tipo_isee) !== null ? state.tipo_isee : "";
    inputById("calc-ise").value = state.ise ? italian(state.ise) : "";
    inputById("calc-scala-isee").value = state.scala_isee ? italian(state.scala_isee) : "";
    inputById("calc-residente").checked = state.residente !== "no";
    inputById("calc-genitore-solo").checked = state.genitore_solo === "si";
    inputById("calc-vedovo").checked = state.vedovo === "si";
    inputById("calc-gravidanza").checked = state.gravidanza === "si";
    showIseeFields();
    if (decoded.membri.length) { setMembers(decoded.membri); }
    return true;
  }

  // --- computing and showing the result -------------------------------------------------------

  // The notes on other help (content/pagine records, written into the page hidden): the one
  // the offer names is shown beside its result, the others hidden; none without a result.
  /** @param {string | null} shown */
  function showHelp(shown) {
    document.querySelectorAll("#calcolatore .rete-calc__aiuti").forEach(function (note) {
      /** @type {HTMLElement} */ (note).hidden = shown === null || note.id !== "calc-" + shown;
    });
  }

  /** @param {boolean} moveFocus */
  function compute(moveFocus) {
    clearErrors();
    var section = byId("calc-risultato");
    showHelp(null);
    if (askAboutAmounts()) {
      section.hidden = true;
      return;
    }
    var h = household();
    var errors = T.validaFamiglia(h);
    if (errors.length) {
      section.hidden = true;
      showErrors(errors, moveFocus);
      return;
    }
    var offer = offersById[selectById("calc-schema").value];
    var result;
    try {
      result = T.calcola(h, offer.schema, params.scala);
    } catch (error) { // a scheme the engine cannot compute: say so rather than fail silently
      var why = error instanceof Error ? error.message : String(error);
      section.textContent = "";
      append(section, [el("h2", { id: "calc-risultato-titolo", tabindex: "-1" }, "Risultato"),
        el("p", { class: "rete-calc__avviso" }, "Il calcolo non è riuscito: " + why + ".")]);
      section.hidden = false;
      return;
    }
    history.replaceState(null, "", "#" + encode(h, offer));
    render(section, result, offer, h, ageNotes(h, offer));
    section.hidden = false;
    showHelp(offer.aiuti);
    var e = result.esatto;
    announce("Risultato calcolato: con l'ISEE " + euro(e.tariffa_isee) + ", con il Fattore " +
      "Famiglia " + euro(e.tariffa_ff) + ", tariffa " + offer.unita_testo + ". " + summaryText(e, offer));
    if (moveFocus) { bringIntoView(byId("calc-risultato-titolo")); }
  }

  // Scrolled to the top of the view (below the theme's sticky header: scroll-margin-top in
  // calcolatore.css) and focused, so a shared link opens at its result, on a phone too.
  /** @param {HTMLElement} target */
  function bringIntoView(target) {
    target.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  }

  // --- the children's ages against the service's (a 5-year-old at the nido) ------------------

  /** @param {InputHousehold} h @param {Offer} offer @returns {string[]} */
  function ageNotes(h, offer) {
    if (!offer.eta) { return []; }
    var ages = offer.eta;
    /** @type {string[]} */
    var notes = [];
    T.normalizzaFamiglia(h).componenti.forEach(function (m, i) {
      if (!m.iscritto || (m.eta >= ages.da && m.eta <= ages.a)) { return; }
      var text = ages.servizio + " " + ages.regola + ": il componente " + (i + 1) + ", iscritto, " +
        "ha " + (m.eta === 1 ? "1 anno" : m.eta + " anni") + ". Controlla la sua età o il servizio scelto.";
      notes.push(text);
      var row = rows()[i];
      if (!row) { return; }
      var age = control(row, "eta");
      var note = el("p", { class: "rete-calc__nota-eta", id: age.id + "-avviso" }, [
        el("strong", {}, "Attenzione: "), text]);
      age.insertAdjacentElement("afterend", note);
      describedBy(age, note.id, true);
    });
    return notes;
  }

  // --- amounts typed the Italian way: ask rather than guess ------------------------------------

  // A dot followed by three digits groups thousands (18.000), as Italian writes them; a comma
  // separates the cents. So "18,000" is 18 euro in Italian, but eighteen thousand the English
  // way: a comma followed by exactly three digits, after one to three digits, is asked about.
  var AMBIGUOUS = /^[1-9]\d{0,2},\d{3}$/;
  /** @type {Record<string, string>} */
  var confirmed = Object.create(null); // control id → the text the family confirmed

  /** @param {string} text */
  function bare(text) { return text.replace(/[\s\u00a0\u202f]/g, "").replace(/€|eur(o)?$/i, ""); }

  // An amount as exact decimal text ("18000.00"), or null when it is not one.
  /** @param {string} text @returns {string | null} */
  function amountText(text) {
    var read = T.leggiImporto(text);
    if (read.errore !== undefined) { return null; }
    return (Number(read.valore.n) / Number(read.valore.d)).toFixed(2);
  }

  // How a family would write it back: 18.000 or 18,50.
  /** @param {string} exact */
  function written(exact) { return euro(exact).replace(/ €$/, "").replace(/,00$/, ""); }

  // The first question to ask about an amount before computing; shown, true when asked.
  function askAboutAmounts() {
    if (inputById("calc-isee-no").checked) { return false; }
    var ids = ["calc-isee", "calc-ise"];
    for (var i = 0; i < ids.length; i += 1) {
      var input = inputById(ids[i]);
      var text = bare(input.value);
      if (confirmed[input.id] === input.value) { continue; }
      if (AMBIGUOUS.test(text)) {
        var thousands = /** @type {string} */ (amountText(text.replace(",", "")));
        var decimals = /** @type {string} */ (amountText(text));
        ask(input, "«" + input.value.trim() + "» si può leggere in due modi. Intendevi " +
          euro(thousands) + " o " + euro(decimals) + "?", [
          [euro(thousands), function () { settle(input, written(thousands)); }],
          [euro(decimals), function () { settle(input, written(decimals)); }],
        ]);
        return true;
      }
      var exact = input.id === "calc-isee" ? amountText(text) : null;
      var bounds = params.etichette.isee_plausibile;
      if (exact === null) { continue; }
      var value = Number(exact);
      var low = value > 0 && value < Number(bounds.da);
      if (low || value > Number(bounds.a)) {
        var keep = input.value;
        ask(input, "Un ISEE di " + euro(exact) + " è " + (low ? "molto basso (meno di " +
          euro(bounds.da) : "molto alto (più di " + euro(bounds.a)) + "). È il valore giusto?", [
          ["Sì, calcola con " + euro(exact), function () { settle(input, keep); }],
          ["No, lo correggo", function () { dismiss(input); input.focus(); input.select(); }],
        ]);
        return true;
      }
    }
    return false;
  }

  // The question under its field, with one button per answer; focus on the question.
  /**
   * @param {HTMLInputElement} input @param {string} text
   * @param {[string, () => void][]} answers
   */
  function ask(input, text, answers) {
    dismiss(input);
    var id = input.id + "-domanda";
    var details = input.closest("details");
    if (details) { details.open = true; }
    var box = el("div", { id: id, class: "rete-calc__domanda", role: "group",
      "aria-labelledby": id + "-testo" }, [
      el("p", { id: id + "-testo", tabindex: "-1" }, text),
      el("p", { class: "rete-calc__scelte" }, answers.map(function (answer) {
        var button = el("button", { type: "button", class: "md-button" }, answer[0]);
        button.addEventListener("click", answer[1]);
        return button;
      })),
    ]);
    input.insertAdjacentElement("afterend", box);
    describedBy(input, id + "-testo", true);
    announce(text);
    // The field's label and value in view with the question, which takes the focus.
    (input.closest(".rete-calc__campo") || box).scrollIntoView({ block: "start" });
    byId(id + "-testo").focus({ preventScroll: true });
  }

  /** @param {HTMLInputElement} input */
  function dismiss(input) {
    var box = document.getElementById(input.id + "-domanda");
    if (!box) { return; }
    box.remove();
    describedBy(input, box.id + "-testo", false);
  }

  // Adds (first) or removes one id in a control's aria-describedby.
  /** @param {Element} node @param {string} id @param {boolean} add */
  function describedBy(node, id, add) {
    var ids = (node.getAttribute("aria-describedby") || "").split(" ").filter(function (t) {
      return t && t !== id;
    });
    if (add) { ids.unshift(id); }
    if (ids.length) { node.setAttribute("aria-describedby", ids.join(" ")); } else { node.removeAttribute("aria-describedby"); }
  }

  // An answer: the field holds the amount as meant, confirmed, and the calculation goes on.
  /** @param {HTMLInputElement} input @param {string} value */
  function settle(input, value) {
    dismiss(input);
    input.value = value;
    confirmed[input.id] = value;
    compute(true);
  }

  /** @param {Children} name @param {string} value @param {string} key */
  function row(name, value, key) {
    return el("tr", {}, [el("th", { scope: "row" }, name), el("td", { "data-campo": key }, value)]);
  }

  /** @param {Offer} offer */
  function yearText(offer) {
    var count = offer.schema.unita_per_anno.replace(/\.0+$/, "").replace(".", ",");
    return count + " " + unitWord(offer.unita, count);
  }

  /** @param {FeeResult["esatto"]} e @param {Offer} offer */
  function summaryText(e, offer) {
    var yearly = Number(e.differenza_anno);
    if (yearly > 0) {
      return "Con il Fattore Famiglia la famiglia pagherebbe " + euro(e.differenza_anno) +
        " in meno in un anno (" + yearText(offer) + ").";
    }
    if (yearly < 0) {
      return "Con il Fattore Famiglia la famiglia pagherebbe " + euro(e.differenza_anno.replace("-", "")) +
        " in più in un anno (" + yearText(offer) + ").";
    }
    return "Con il Fattore Famiglia la tariffa non cambia.";
  }

  /**
   * @param {HTMLElement} section @param {FeeResult} r @param {Offer} offer @param {InputHousehold} h
   * @param {string[]} ageNotes
   */
  function render(section, r, offer, h, ageNotes) {
    var e = r.esatto;
    section.textContent = "";
    append(section, el("h2", { id: "calc-risultato-titolo", tabindex: "-1" }, "Risultato"));
    append(section, el("p", { id: "calc-superato", class: "rete-calc__avviso", role: "status",
      hidden: true }, "I dati del modulo sono cambiati: premi «Calcola la tariffa» per aggiornare " +
      "il risultato."));
    if (offer.illustrativo) {
      append(section, badge("lo schema tariffario usato non è la tariffa deliberata da un comune."));
    }
    append(section, el("p", {}, [offer.comune_nome ? offer.comune_nome + ", " : "Schema di esempio, ",
      el("strong", {}, offer.nome), ": tariffa " + offer.unita_testo + "."]));
    var comune = comuniBySlug[selectById("calc-comune").value];
    var known = comune && !comune.schemi.length ? comune.incompleti : [];
    append(section, el("table", { class: "rete-tabella rete-calc__totali" }, [
      el("caption", {}, known.length ? "Stima illustrativa con lo schema di esempio, tariffa " +
        offer.unita_testo : "Tariffa " + offer.unita_testo),
      el("tbody", {}, [
        row(withAbbr("Con l'ISEE"), euro(e.tariffa_isee), "tariffa_isee"),
        row("Con il Fattore Famiglia", euro(e.tariffa_ff), "tariffa_ff"),
        row("Differenza", euro(e.differenza), "differenza"),
        row("Differenza in un anno (" + yearText(offer) + ")", euro(e.differenza_anno), "differenza_anno"),
      ]),
    ]));
    append(section, el("p", { class: "rete-calc__sintesi" }, summaryText(e, offer)));
    if (offer.nota) {
      append(section, el("p", { class: "rete-calc__avviso rete-calc__nota-schema" },
        [el("strong", {}, "Nota sullo schema"), ": " + offer.nota]));
    }
    append(section, newerData(offer));
    if (known.length) { append(section, documentedFees(comune, known)); }
    append(section, [el("h3", {}, "Gli indicatori"), abbrExplained()]);
    if (e.se_isee !== undefined) {
      append(section, el("dl", { class: "rete-calc__fatti" }, [
        el("dt", {}, withAbbr("Scala di equivalenza ISEE")), el("dd", { "data-campo": "se_isee" }, T.formatoPeso(e.se_isee)),
        el("dt", {}, withAbbr("ISE")), el("dd", { "data-campo": "ise" }, euro(e.ise)),
        el("dt", {}, "Scala del Fattore Famiglia"), el("dd", { "data-campo": "se_ff" }, T.formatoPeso(e.se_ff)),
        el("dt", {}, withAbbr("ISEE con il Fattore Famiglia")), el("dd", { "data-campo": "isee_ff" }, euro(e.isee_ff)),
      ]));
    } else {
      append(section, el("p", {}, h.isee === null
        ? "Senza ISEE non si calcolano gli indicatori: si applica la tariffa massima."
        : "Per le famiglie non residenti si applica la tariffa per non residenti: gli indicatori non servono."));
    }
    append(section, [el("h3", {}, "La tariffa di ogni figlio"), childrenTable(r)]);
    var warnings = ageNotes.concat(r.avvisi);
    if (warnings.length) {
      append(section, [el("h3", {}, "Avvisi"), el("ul", { class: "rete-calc__avvisi" },
        warnings.map(function (text) { return el("li", {}, withAbbr(plain(text))); }))]);
    }
    append(section, [el("h3", {}, "Il calcolo passo per passo"), el("ol", { class: "rete-calc__passi" },
      r.passi.map(function (step) {
        return el("li", {}, [el("strong", {}, withAbbr(plain(step.titolo))), ": ",
          el("span", { class: "rete-calc__formula" }, withAbbr(plain(step.testo)))]);
      }))]);
    append(section, [el("h3", {}, "La curva della tariffa"), chart(r, offer)]);
    append(section, [el("h3", {}, "I dati inseriti"), inputs(h, offer)]);
    append(section, el("p", { class: "rete-calc__nota" }, "Il risultato è una stima calcolata nel tuo " +
      "browser con lo schema e i pesi indicati sopra: non sostituisce il calcolo ufficiale del comune. " +
      "L'indirizzo di questa pagina contiene i dati della simulazione: puoi salvarlo tra i preferiti " +
      "o condividerlo."));
    var print = el("button", { type: "button", id: "calc-stampa", class: "md-button" }, "Stampa");
    print.addEventListener("click", function () { window.print(); });
    var copy = el("button", { type: "button", id: "calc-copia", class: "md-button" },
      "Copia il collegamento");
    copy.addEventListener("click", copyLink);
    append(section, el("p", { class: "rete-calc__azioni" }, [print, " ", copy]));
  }

  // What the sources document for a comune whose scheme cannot be computed: its real range,
  // beside the illustrative estimate and labelled apart from it.
  /** @param {ComuneEntry} comune @param {Documented[]} known */
  function documentedFees(comune, known) {
    var fees = known.filter(function (d) { return d.natura !== "contributo"; });
    if (!fees.length) { return null; }
    return el("div", { class: "rete-calc__documentate" }, [
      el("h3", {}, "Le tariffe documentate a " + comune.nome),
      el("p", {}, "Dati reali riportati dalle fonti, diversi dalla stima qui sopra, che usa uno " +
        "schema di esempio: le fonti non danno abbastanza dati per calcolare la tariffa di " +
        comune.nome + "."),
      el("ul", {}, fees.map(function (d) {
        var range = d.da === null ? "" : d.da === d.a ? ": " + d.da + " " + d.unita_testo
          : ": da " + d.da + " a " + d.a + " " + d.unita_testo;
        /** @type {Child[]} */
        var first = [el("strong", {}, d.nome + (d.anni.length ? " (" + d.anni.join(", ") + ")" : ""))];
        return el("li", {}, first.concat(
          withAbbr(range + (d.voci.length ? " (" + d.voci.join("; ") + ")" : "") + ". "),
          [d.fonti.length ? "Fonti: " : ""],
        ).concat(d.fonti.reduce(function (out, f, i) {
          return out.concat([i ? "; " : "", el("a", { href: f.url }, f.titolo),
            " (consultata il " + f.consultato + ")"]);
        }, /** @type {Child[]} */ ([]))).concat(d.fonti.length ? ["."] : []));
      })),
    ]);
  }

  // The link of this simulation, to the clipboard; the fallback for browsers without the
  // Clipboard API (or without permission), then the link shown to copy by hand.
  function copyLink() {
    var link = location.href;
    var done = function () { announce("Collegamento copiato"); };
    var fallback = function () {
      if (copyByCommand(link)) { done(); } else { showLink(link); }
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(link).then(done, fallback);
    } else {
      fallback();
    }
  }

  /** @param {string} link */
  function copyByCommand(link) {
    var area = el("textarea", { class: "rete-calc__vh", readonly: true, tabindex: "-1",
      "aria-hidden": "true" });
    area.value = link;
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
    area.remove();
    byId("calc-copia").focus();
    return copied;
  }

  /** @param {string} link */
  function showLink(link) {
    var old = document.getElementById("calc-collegamento");
    if (old) { old.remove(); }
    var field = el("input", { type: "text", id: "calc-collegamento-testo", readonly: true });
    field.value = link;
    byId("calc-copia").insertAdjacentElement("afterend", el("span",
      { id: "calc-collegamento", class: "rete-calc__campo" },
      [el("label", { for: "calc-collegamento-testo" }, "Collegamento da copiare"), field]));
    field.focus();
    field.select();
    announce("Il collegamento è selezionato: copialo con Ctrl+C o con il menu.");
  }

  /** @param {FeeResult} r */
  function childrenTable(r) {
    return el("table", { class: "rete-tabella rete-calc__figli" }, [
      el("caption", {}, "Tariffa per figlio iscritto"),
      el("thead", {}, el("tr", {}, [el("th", { scope: "col" }, "Figlio"),
        el("th", { scope: "col" }, "Con l'ISEE"), el("th", { scope: "col" }, "Con il Fattore Famiglia")])),
      el("tbody", {}, r.dettaglio.map(function (d) {
        var who = d.componente === null ? d.descrizione
          : "Componente " + (d.componente + 1) + ": " + d.descrizione;
        return el("tr", {}, [el("th", { scope: "row" }, who), el("td", {}, euro(d.esatto.tariffa_isee)),
          el("td", {}, euro(d.esatto.tariffa_ff))]);
      })),
    ]);
  }

  /** @param {boolean} value */
  function yesNo(value) { return value ? "sì" : "no"; }

  /** @param {InputHousehold} h @param {Offer} offer */
  function inputs(h, offer) {
    var f = T.normalizzaFamiglia(h);
    /** @type {[string, string][]} */
    var facts = [["Schema", (offer.comune_nome ? offer.comune_nome + ": " : "Esempio: ") + offer.nome],
      [capital(word("isee")), f.isee === null ? "non presentato" : euro(f.isee) +
        (f.tipo_isee ? " (" + valueWord("tipo_isee", f.tipo_isee) + ")" : "")]];
    if (f.ise !== undefined) { // with its scale, always
      facts.push(["Dall'attestazione", "ISE " + euro(f.ise) + ", scala " +
        T.formatoPeso(String(f.scala_isee))]);
    }
    facts.push([capital(word("residente")), yesNo(f.residente)],
      [capital(word("genitore_solo")), yesNo(f.genitore_solo) +
        (f.vedovo ? " (" + word("vedovo") + ")" : "")],
      [capital(word("gravidanza")), yesNo(f.gravidanza)]);
    var list = el("dl", { class: "rete-calc__fatti" }, facts.reduce(function (out, fact) {
      return out.concat([el("dt", {}, fact[0]), el("dd", {}, fact[1])]);
    }, /** @type {HTMLElement[]} */ ([])));
    var members = el("ol", { class: "rete-calc__componenti" }, f.componenti.map(function (m) {
      var bits = [capital(String(valueWord("ruolo", m.ruolo))), m.eta === 1 ? "1 anno" : m.eta + " anni"];
      if (m.lavora) { bits.push(word("lavora")); }
      if (m.iscritto) {
        bits.push(word("iscritto") + " (" + valueWord("frequenza", m.frequenza || "tempo_pieno") + ")");
      }
      if (m.parto !== undefined) { bits.push(word("parto") + " " + m.parto); }
      if (m.disabilita) { bits.push(word("disabilita") + " " + valueWord("disabilita", m.disabilita)); }
      return el("li", {}, bits.join(", "));
    }));
    return el("div", {}, [list, el("p", {}, "Componenti del nucleo:"), members]);
  }

  // --- the chart: base fee of one full-time child against the indicator ----------------------

  /** @param {number} value */
  function niceCeil(value) {
    var step = Math.pow(10, Math.floor(Math.log10(Math.max(value, 1))));
    var options = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];
    for (var i = 0; i < options.length; i += 1) {
      if (options[i] * step >= value) { return options[i] * step; }
    }
    return 10 * step;
  }

  /** @param {number} value @param {number} decimals */
  function number(value, decimals) {
    return T.formatoNumero(value.toFixed(decimals), decimals);
  }

  /** @param {FeeResult} r @param {Offer} offer */
  function chart(r, offer) {
    var g = r.grafico;
    var xMax = niceCeil(Math.max(T.ultimaSoglia(offer.schema) * 1.2, (g.isee || 0) * 1.1, 1000));
    var points = T.curva(offer.schema, xMax);
    var yTop = Math.max.apply(null, points.map(function (p) { return p[1]; }).concat([g.base_isee, 1]));
    var yMax = niceCeil(yTop * 1.1);
    var W = 640;
    var H = 320;
    var left = 72;
    var right = 40;
    var top = 16;
    var bottom = 48;
    /** @param {number} x */
    function X(x) { return (left + (W - left - right) * x / xMax).toFixed(1); }
    /** @param {number} y */
    function Y(y) { return (H - bottom - (H - top - bottom) * y / yMax).toFixed(1); }
    var id = "calc-grafico";
    // The SVG is named by its short title; the long description is the visible caption,
    // so a screen reader hears it once, and the data table below gives every vertex.
    var chartSvg = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", class: "rete-calc__grafico",
      "aria-labelledby": id + "-titolo" });
    var description = describeChart(r, offer, points);
    chartSvg.appendChild(svg("title", { id: id + "-titolo" }, "Grafico della tariffa di base secondo " +
      "l'ISEE: " + offer.nome + " (descrizione nel testo sotto)"));
    var axes = svg("g", { class: "rete-calc__assi" });
    axes.appendChild(svg("line", { x1: left, y1: H - bottom, x2: W - right, y2: H - bottom }));
    axes.appendChild(svg("line", { x1: left, y1: top, x2: left, y2: H - bottom }));
    for (var i = 0; i <= 4; i += 1) {
      var xv = xMax * i / 4;
      var yv = yMax * i / 4;
      axes.appendChild(svg("text", { x: X(xv), y: H - bottom + 18, "text-anchor": "middle" }, number(xv, 0)));
      axes.appendChild(svg("text", { x: left - 8, y: Number(Y(yv)) + 4, "text-anchor": "end" },
        number(yv, yMax < 20 ? 2 : 0) + " €"));
      if (i) { axes.appendChild(svg("line", { class: "rete-calc__griglia", x1: left, y1: Y(yv), x2: W - right, y2: Y(yv) })); }
    }
    axes.appendChild(svg("text", { x: (left + W - right) / 2, y: H - 8, "text-anchor": "middle" }, "ISEE (euro)"));
    chartSvg.appendChild(axes);
    chartSvg.appendChild(svg("polyline", { class: "rete-calc__curva", points: points.map(function (p) {
      return X(p[0]) + "," + Y(p[1]);
    }).join(" ") }));
    if (g.isee !== null && g.isee_ff !== null) { // both or neither
      var iseeAt = [Number(X(g.isee)), Number(Y(g.base_isee))];
      var ffAt = [Number(X(g.isee_ff)), Number(Y(g.base_ff))];
      chartSvg.appendChild(marker("circle", iseeAt, "ISEE", H - bottom, ffAt, W));
      chartSvg.appendChild(marker("rect", ffAt, "Fattore Famiglia", H - bottom, iseeAt, W));
    }
    return el("figure", { class: "rete-calc__figura" }, [chartSvg, el("figcaption", {}, description),
      curveTable(points)]);
  }

  // The family's point: a circle for the ISEE, a square for the ISEE with the Fattore
  // Famiglia (shape, not only colour); its label beside it (see labelPlace).
  /**
   * @param {"circle" | "rect"} shape @param {number[]} at @param {string} label
   * @param {number} base @param {number[]} other the other point @param {number} width
   */
  function marker(shape, at, label, base, other, width) {
    var x = at[0].toFixed(1);
    var y = at[1].toFixed(1);
    var group = svg("g", { class: "rete-calc__punto rete-calc__punto--" + (shape === "circle" ? "isee" : "ff") });
    group.appendChild(svg("line", { class: "rete-calc__guida", x1: x, y1: y, x2: x, y2: base }));
    group.appendChild(shape === "circle" ? svg("circle", { cx: x, cy: y, r: 6 })
      : svg("rect", { x: Number(x) - 6, y: Number(y) - 6, width: 12, height: 12 }));
    var place = labelPlace(at, label, other, width, shape === "circle" ? -1 : 1);
    group.appendChild(svg("text", { x: place.x.toFixed(1), y: place.y.toFixed(1),
      "text-anchor": place.anchor }, label));
    return group;
  }

  // Where a point's label goes: of the places around it (left, right or centred; above or
  // below) that stay inside the chart, the one nearest its own point relative to the other
  // point, so a label never reads as the other marker's (the two are often close).
  /**
   * @param {number[]} at @param {string} label @param {number[]} other @param {number} width
   * @param {number} level -1 above, 1 below: where the label goes when the points coincide
   * @returns {{x: number, y: number, anchor: string}}
   */
  function labelPlace(at, label, other, width, level) {
    var w = label.length * 8.5; // 14px text: under 8.5px a letter
    /** @type {{x: number, y: number, anchor: string}} */
    var best = { x: at[0], y: at[1] - 10, anchor: "middle" };
    var bestScore = -Infinity;
    [[1, -1], [-1, -1], [1, 1], [-1, 1], [0, -1], [0, 1]].forEach(function (c) {
      var left = c[0] > 0 ? at[0] + 10 : c[0] < 0 ? at[0] - 10 - w : at[0] - w / 2;
      if (left < 0 || left + w > width) { return; }
      // One point on the other (the same fee and indicator): the ISEE above, the other below.
      if (Math.hypot(at[0] - other[0], at[1] - other[1]) < 12 && c[1] !== level) { return; }
      var baseline = c[1] < 0 ? at[1] - 10 : at[1] + 22;
      var centre = [left + w / 2, baseline - 5];
      var score = Math.hypot(centre[0] - other[0], centre[1] - other[1]) -
        Math.hypot(centre[0] - at[0], centre[1] - at[1]);
      if (score > bestScore) {
        bestScore = score;
        best = { x: c[0] > 0 ? at[0] + 10 : c[0] < 0 ? at[0] - 10 : at[0], y: baseline,
          anchor: c[0] > 0 ? "start" : c[0] < 0 ? "end" : "middle" };
      }
    });
    return best;
  }

  /** @param {number} value */
  function money(value) { return number(value, 2) + " €"; }

  /** @param {FeeResult} r @param {Offer} offer @param {[number, number][]} points */
  function describeChart(r, offer, points) {
    var g = r.grafico;
    var text = "Tariffa di base " + offer.unita_testo + " per un figlio a tempo pieno, prima di " +
      "part time, prolungato e riduzioni per i fratelli, per ISEE da 0 a " + money(points[points.length - 1][0]) +
      ": da " + money(points[0][1]) + " a " + money(points[points.length - 1][1]) + ".";
    if (g.isee === null || g.isee_ff === null) { // both or neither
      return text + " Per questa famiglia la tariffa non dipende dall'ISEE (" +
        (g.senza_indicatore === "non_residenti" ? "tariffa per non residenti" : "ISEE non presentato") +
        "): tariffa di base " + money(g.base_isee) + ".";
    }
    return text + " Il cerchio è la famiglia con l'ISEE (" + money(g.isee) + "): tariffa di base " +
      money(g.base_isee) + ". Il quadrato è la famiglia con l'ISEE ricalcolato con il Fattore " +
      "Famiglia (" + money(g.isee_ff) +
      "): tariffa di base " + money(g.base_ff) + ".";
  }

  // The curve's vertices as a table; one-cent-later samples kept only where the fee jumps.
  /** @param {[number, number][]} points */
  function curveTable(points) {
    var kept = points.filter(function (p, i) {
      var prev = points[i - 1];
      return !prev || Math.abs(p[0] - prev[0] - 0.01) > 1e-6 || Math.abs(p[1] - prev[1]) >= 0.005;
    });
    return el("details", { class: "rete-calc__dati-grafico" }, [
      el("summary", {}, "I punti della curva in una tabella"),
      el("table", { class: "rete-tabella" }, [
        el("caption", {}, "Tariffa di base secondo l'ISEE"),
        el("thead", {}, el("tr", {}, [el("th", { scope: "col" }, "ISEE"), el("th", { scope: "col" }, "Tariffa di base")])),
        el("tbody", {}, kept.map(function (p) {
          return el("tr", {}, [el("td", {}, money(p[0])), el("td", {}, money(p[1]))]);
        })),
      ]),
    ]);
  }

  // --- wiring --------------------------------------------------------------------------------

  function wire() {
    byId("calc-comune").addEventListener("change", function () {
      fillSchemes(selectById("calc-schema").value);
      var comune = comuniBySlug[selectById("calc-comune").value];
      if (comune && !comune.schemi.length) {
        announce("Per " + comune.nome + " non c'è uno schema completo: è proposto uno schema di esempio.");
      }
    });
    byId("calc-schema").addEventListener("change", describeScheme);
    byId("calc-isee-si").addEventListener("change", showIseeFields);
    byId("calc-isee-no").addEventListener("change", showIseeFields);
    byId("calc-aggiungi").addEventListener("click", function () {
      var added = addMember({ ruolo: "figlio" });
      control(added, "ruolo").focus();
      announce("Aggiunto il componente " + rows().length + ".");
    });
    [inputById("calc-isee"), inputById("calc-ise")].forEach(function (input) {
      input.addEventListener("input", function () { dismiss(input); });
    });
    byId("calc-form").addEventListener("submit", function (event) {
      event.preventDefault();
      compute(true);
    });
    window.addEventListener("hashchange", function () {
      // Heading permalinks change the fragment too: only a simulation (key=value) is restored.
      if (location.hash.indexOf("=") < 0) { return; }
      if (restore(location.hash)) {
        compute(true);
      } else {
        byId("calc-risultato").hidden = true; // a scheme-only link: nothing computed yet
        showHelp(null);
      }
    });
    // A result no longer matching the form says so, rather than being printed as current.
    function stale() {
      var note = document.getElementById("calc-superato"); // shown with a result only
      if (note && !byId("calc-risultato").hidden) { note.hidden = false; }
    }
    byId("calc-form").addEventListener("input", stale);
    byId("calc-form").addEventListener("change", stale);
  }

  /** @param {CalculatorParams} data */
  function start(data) {
    params = data;
    params.schemi.forEach(function (o) { offersById[o.id] = o; });
    params.comuni.forEach(function (c) { comuniBySlug[c.slug] = c; });
    fillComuni();
    fillSchemes(null);
    setMembers(DEFAULT_MEMBERS);
    wire();
    // The form was drawn by the page (its space kept, no layout shift): now it works.
    byId("calc-calcola").removeAttribute("disabled");
    byId("calc-aggiungi").removeAttribute("disabled");
    byId("calcolatore").removeAttribute("aria-busy");
    showIseeFields();
    // A shared link opens at its result: computed, scrolled to and focused.
    if (location.hash.indexOf("=") >= 0 && restore(location.hash)) { compute(true); }
  }

  function init() {
    var found = document.getElementById("calcolatore"); // absent: not the calculator page
    if (!found || !T) { return; }
    var root = found;
    fetch(/** @type {string} */ (root.getAttribute("data-parametri")), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("parametri " + response.status); }
        return response.json();
      })
      .then(start)
      .catch(function (error) {
        if (window.console) { window.console.error(error); }
        root.hidden = false;
        root.textContent = "";
        append(root, el("p", { class: "rete-calc__avviso" }, "Il calcolatore non è riuscito a " +
          "caricare i parametri delle tariffe: ricarica la pagina."));
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
