// Runs the browser engine (scripts/rete/web/assets/tariffa.js) under node for the parity
// tests: one JSON request on stdin, one JSON answer on stdout, so a whole batch costs one
// node process.
//
//   {"scala": …, "casi": [[famiglia, schema, retta?], …]}  → {"risultati": [full result, …]}
//   {"scala": …, "schemi": […], "famiglie": […], "testi": k, "retta": r?}
//       → {"righe": [[row per famiglia] per schema]}, row = the exact decimal text of
//         se_isee, ise, se_ff, isee_ff, tariffa_isee, tariffa_ff, differenza, differenza_anno
//         (null where not computed); the first k households of each scheme also carry
//         their rules, per-child details and warnings, to compare the explanations.
//         `retta` (a contribution's fee per enrolled child) applies to every household.
// An invalid household gives {"errori": [...]} in its place.
"use strict";

const fs = require("fs");
const path = require("path");

const T = require(path.join(__dirname, "..", "..", "scripts", "rete", "web", "assets", "tariffa.js"));
const KEYS = ["se_isee", "ise", "se_ff", "isee_ff", "tariffa_isee", "tariffa_ff", "differenza",
  "differenza_anno"];

function attempt(compute) {
  try {
    return compute();
  } catch (error) {
    if (error.errori) { return { errori: error.errori }; }
    throw error;
  }
}

function texts(result) {
  return {
    regole: result.regole,
    avvisi: result.avvisi,
    dettaglio: result.dettaglio.map((d) => [d.componente, d.descrizione, d.regola_isee, d.regola_ff]),
  };
}

const request = JSON.parse(fs.readFileSync(0, "utf8"));
let answer;
if (request.casi) {
  answer = {
    risultati: request.casi.map(([famiglia, schema, retta]) => attempt(() => {
      const result = T.calcola(famiglia, schema, request.scala, retta);
      delete result.grafico;
      return result;
    })),
    errori: request.casi.map(([famiglia]) => T.validaFamiglia(famiglia)),
  };
} else {
  const withTexts = request.testi || 0;
  answer = {
    righe: request.schemi.map((schema) => request.famiglie.map((famiglia, i) => attempt(() => {
      const result = T.calcola(famiglia, schema, request.scala, request.retta);
      const row = KEYS.map((key) => (key in result.esatto ? result.esatto[key] : null));
      return i < withTexts ? { riga: row, testi: texts(result) } : row;
    }))),
  };
}
process.stdout.write(JSON.stringify(answer));
