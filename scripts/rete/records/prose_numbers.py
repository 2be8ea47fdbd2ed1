"""Numbers written in a record's Markdown body need a footnote to one of the record's sources.

The sourcing rule (`rules.check_sourced`) binds the numbers of the YAML keys; a figure typed in
the body ("250-300 famiglie") escaped it. Here a number is a claim unless it is a year, an
ordinal, a list or heading number, a version ("WCAG 2.1"), a label's number ("obiettivo 4",
"art. 3") or code; a claim is sourced when a footnote reference follows it in the same
paragraph or list item and the footnote's text holds the URL of one of the record's `fonti`.
Two kinds of text carry numbers that are not claims: a paragraph or list item that says it
is an example («illustrativo», «ipotesi»), and the list under a «Fonti» heading, which is
the citation itself. A line scanner like `markdown_safety`: it explains on the line, it does
not parse Markdown.
"""

from __future__ import annotations

import re

from rete.records.markdown_safety import BodyProblem

_FENCE = re.compile(r"^\s*(```|~~~)")
_FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:\s?(.*)$")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")  # a list item starts a new block
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?:\d+(?:\.\d+)*[.)]?\s+)?")
# What is not prose: code spans, link targets, autolinks and bare URLs, HTML tags, attribute
# lists, footnote references. Masked with spaces so columns stay right.
_MASK = re.compile(r"`[^`]*`|\]\([^)]*\)|<[^>\s][^>]*>|https?://\S+|\{:?[^{}]*\}|\[\^[^\]]*\]")
_NUM = r"\d+(?:[.,]\d+)*"
_TOKEN = re.compile(rf"(?<![\w/:.,])(?:\d{{1,2}}/\d{{1,2}}/\d{{2,4}}"
                    rf"|{_NUM}(?:\s?[\u2013-]\s?{_NUM})?)(?![\w/])")
_YEAR = re.compile(r"(?:1[89]\d\d|20\d\d)(?:\s?[\u2013-]\s?(?:1[89]\d\d|20\d\d))?\Z")
_VERSION = re.compile(r"\d+\.\d{1,2}(?:\.\d+)*\Z")  # Italian thousands take 3 digits: 2.1, 4.0
_ORDINAL_AFTER = ("°", "ª", "º")
_UNIT_AFTER = re.compile(r"\s?(?:%|€|euro\b)")
_LABELS = {"obiettivo", "obiettivi", "allegato", "allegati", "art.", "artt.", "articolo",
           "articoli", "comma", "commi", "n.", "nn.", "punto", "punti", "modulo", "moduli",
           "capitolo", "pagina", "pag.", "p.", "pp.", "riga", "righe", "colonna", "esercizio",
           "versione", "suppl.", "lettera", "livello", "esercizi", "paragrafo",
           "paragrafi", "caso", "casi"}
_EXAMPLE = re.compile(r"illustrativ|ipotesi", re.IGNORECASE)
_SOURCES_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+Fonti\s*$", re.IGNORECASE)
_JOINERS = {",", "e", "ed", "o", "\u2013", "-", "/"}


def _masked(line: str) -> str:
    return _MASK.sub(lambda m: " " * len(m.group(0)), line)


def _is_label_number(text: str, start: int) -> bool:
    """True when the number follows a label word, possibly through a list: «obiettivi 1, 4 e 5»."""
    words = re.findall(r"[^\s(]+", text[:start])
    for word in reversed(words):
        bare = re.split("['\u2019]", word.strip("(«\"*_"))[-1]  # L'obiettivo → obiettivo
        if bare.casefold() in _LABELS:
            return True
        if bare.rstrip(",") in _JOINERS or re.fullmatch(rf"{_NUM}[,]?", bare) or bare == ",":
            continue
        return False
    return False


def _is_claim(token: str, text: str, start: int, end: int) -> bool:
    after = text[end:end + 6]
    if after.startswith(_ORDINAL_AFTER):
        return False
    if _UNIT_AFTER.match(after):
        return True  # "2015 euro" or "1%" is an amount, whatever it looks like
    if _YEAR.match(token) or _VERSION.match(token):
        return False
    before = text[:start]
    if before.endswith("-") and before[:-1][-1:].isalpha():
        return False  # a name with a number: Covid-19
    return not _is_label_number(text, start)


def unsourced_numbers(body: str, source_urls: set[str]) -> list[BodyProblem]:
    """Numbers in `body` that no footnote citing one of `source_urls` follows in their block."""
    lines = body.split("\n")
    definitions: dict[str, str] = {}
    prose: list[tuple[int, str]] = []  # (line number, masked text); "" ends a block
    fenced = False
    label: str | None = None
    sources_level = 0  # inside a «Fonti» section of this heading level
    for number, line in enumerate(lines, start=1):
        heading_level = re.match(r"^\s{0,3}(#{1,6})\s", line) if not fenced else None
        if heading_level:
            level = len(heading_level.group(1))
            if sources_level and level <= sources_level:
                sources_level = 0
            found = _SOURCES_HEADING.match(line)
            if found:
                sources_level = level
        if _FENCE.match(line):
            fenced = not fenced
            prose.append((number, ""))
            continue
        definition = _FOOTNOTE_DEF.match(line)
        continuation = label is not None and line.startswith(("    ", "\t"))
        if sources_level and not definition and not continuation:
            label = None
            prose.append((number, ""))  # the list of sources is the citation itself
            continue
        if fenced or definition or continuation:
            if definition:
                label = definition.group(1)
                definitions[label] = definition.group(2)
            elif label and not fenced:
                definitions[label] += " " + line.strip()
            prose.append((number, ""))
            continue
        label = None
        if not line.strip():
            prose.append((number, ""))
            continue
        heading = _HEADING.match(line)
        item = _ITEM.match(line)
        marker = heading or item
        if marker:
            prose.append((number, ""))  # a heading or a list item opens its own block
        text = " " * marker.end() + line[marker.end():] if marker else line
        prose.append((number, _masked(text)))
        if heading:
            prose.append((number, ""))

    def cites(ref: str) -> bool:
        text = definitions.get(ref, "")
        return any(url in text or url.rstrip("/") in text for url in source_urls)

    problems: list[BodyProblem] = []
    block: list[tuple[int, str, list[tuple[int, str]]]] = []
    original = dict(enumerate(lines, start=1))

    def close() -> None:
        if _EXAMPLE.search(" ".join(original[n] for n, _, _ in block)):
            block.clear()  # an example says so: its numbers are not claims
            return
        refs = [(n, m.start(), m.group(1)) for n, _, _ in block
                for m in _FOOTNOTE_REF.finditer(original[n])]
        for n, _, claims in block:
            for col, token in claims:
                following = [ref for rn, rc, ref in refs if (rn, rc) > (n, col)]
                if any(cites(ref) for ref in following):
                    continue
                if following:
                    why = (f"la nota [^{following[0]}] che lo segue non cita nessuna delle "
                           "'fonti' della scheda")
                else:
                    why = ("aggiungi una nota [^1] dopo la frase e in fondo «[^1]: [titolo](url)» "
                           "con l'url di una delle 'fonti', o togli il numero")
                problems.append(BodyProblem(
                    n, col + 1, f"il numero «{token}» non ha una nota con la sua fonte: {why}"))
        block.clear()

    for number, text in prose:
        if not text:
            close()
            continue
        claims = [(m.start(), m.group(0)) for m in _TOKEN.finditer(text)
                  if _is_claim(m.group(0), text, m.start(), m.end())]
        block.append((number, text, claims))
    close()
    return problems
