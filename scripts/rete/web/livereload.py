"""Live reload for `rete serve`: what the preview server adds to the pages it serves.

Nothing here reaches site/: the server injects a small script into each HTML response at
request time. The script polls a version number on the same origin (no socket, no CDN) and
reloads the page when a rebuild, good or failed, changes it. While the records are broken,
every page request gets the validator's messages instead of the stale page.
"""

from __future__ import annotations

import html
import json
import posixpath

VERSION_PATH = "/_rete/versione"
"""Answers {"versione": N}; N grows by one after every rebuild, successful or not."""

POLL_MS = 1000
MAX_POLL_MS = 10000
"""Polls every second; while the server does not answer, waits twice as long each time,
up to ten seconds, so a stopped server is not hammered."""

_SCRIPT = """<script id="rete-ricarica">(function () {
  var versione = %(versione)s, attesa = %(poll)d;
  function controlla() {
    fetch(%(url)s, {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (d) {
        if (d.versione !== versione) { location.reload(); return; }
        attesa = %(poll)d;
        setTimeout(controlla, attesa);
      }, function () {
        attesa = Math.min(attesa * 2, %(max)d);
        setTimeout(controlla, attesa);
      });
  }
  setTimeout(controlla, attesa);
})();</script>"""


def script(version: int) -> str:
    """The reload script for a page served at `version`."""
    return _SCRIPT % {"versione": json.dumps(version), "url": json.dumps(VERSION_PATH),
                      "poll": POLL_MS, "max": MAX_POLL_MS}


def is_page(path: str) -> bool:
    """An HTML page by its URL path: a folder (its index.html), a .html file, or a name
    without extension; assets (CSS, scripts, JSON, images) are served untouched."""
    name = posixpath.basename(path)
    return path.endswith("/") or name.endswith((".html", ".htm")) or "." not in name


def inject(page: bytes, version: int) -> bytes:
    """The page with the reload script before its last </body> (appended if none)."""
    tag = script(version).encode("utf-8")
    end = page.lower().rfind(b"</body>")
    return page + tag if end < 0 else page[:end] + tag + page[end:]


def error_page(messages: str, version: int) -> bytes:
    """The validator's messages (file:line:col: errore: …), escaped, in a page that reloads
    itself when the records are fixed."""
    lines = "\n".join(f"<li><code>{html.escape(line)}</code></li>"
                      for line in messages.splitlines() if line.strip())
    return f"""<!doctype html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Errori nelle schede — anteprima di rete serve</title>
<style>
body {{ font: 1rem/1.5 system-ui, sans-serif; margin: 0; padding: 1rem; color: #1b1b1b;
       background: #fff; }}
main {{ max-width: 60rem; margin: 0 auto; }}
h1 {{ font-size: 1.4rem; border-left: 0.4rem solid #a4000f; padding-left: 0.6rem; }}
ol {{ padding-left: 1.2rem; }}
li {{ margin-bottom: 0.5rem; }}
code {{ white-space: pre-wrap; overflow-wrap: anywhere; }}
</style>
</head>
<body>
<main>
<h1>L'anteprima non è aggiornata: ci sono errori</h1>
<p>Il sito non si può ricostruire finché questi problemi restano. Correggi i file indicati
(file:riga:colonna) e salva: questa pagina si ricarica da sola.</p>
<ol id="rete-errori">
{lines}
</ol>
</main>
{script(version)}
</body>
</html>
""".encode()
