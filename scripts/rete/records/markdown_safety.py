"""Reject what a Markdown body must not publish: scripts, frames, handlers, remote images.

A fast line scanner, not a Markdown renderer: it runs on thousands of bodies per check, and
anything it flags is something an editor can fix on the reported line. It explains; it does
not protect: every body is sanitised after rendering (`rete.web.sanitize`), so what this
scanner misses is still removed from the page. Link targets are read as a browser reads them
(entities decoded, tabs and newlines dropped) so that `java&#x09;script:` is still named.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from rete.core.fields import SAFE_SCHEMES

_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)")
_REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")
_FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "style", "form", "frame", "frameset",
                   "base", "meta", "link", "svg", "math", "applet", "template"}
_URL_ATTRS = {"href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href",
              "background", "cite", "longdesc", "usemap", "manifest", "codebase", "ping"}
_SCRIPT_URL = re.compile(r"(?:java|vb|live)script:", re.IGNORECASE)  # in any attribute
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")  # what browsers drop from a link's scheme
_ATTR_LIST = re.compile(r"\{:?([^{}]*)\}")
_ATTR_LIST_BAD = re.compile(r"(?:^|\s)(on[a-z]+|style)\s*=", re.IGNORECASE)


@dataclass(frozen=True)
class BodyProblem:
    line: int  # 1-based within the body
    col: int
    message: str


def _has_scheme(url: str) -> bool:
    return bool(re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", url))


def _as_browser_reads(url: str) -> str:
    """Entities decoded, spaces, tabs and newlines dropped: `java&#x09;script:` → javascript:."""
    return _IGNORED_IN_URLS.sub("", html.unescape(url))


def _bad_link(url: str) -> str | None:
    url = _as_browser_reads(url)
    if _has_scheme(url) and not url.lower().startswith(SAFE_SCHEMES):
        scheme = url.split(":", 1)[0]
        return f'collegamento "{scheme}:" non ammesso: usa https://, http:// o mailto:'
    return None


def _bad_image(url: str) -> str | None:
    if _has_scheme(url) or url.startswith("//"):
        return (f'immagine esterna "{url[:60]}": le pagine non caricano nulla da altri siti; '
                "salva l'immagine nel progetto e usa un percorso relativo")
    return None


class _HtmlScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, str]] = []

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, col = self.getpos()
        if tag in _FORBIDDEN_TAGS:
            self.found.append((line, col + 1, f"il tag HTML <{tag}> non è ammesso nel testo"))
        for name, value in attrs:
            problem = None
            if name.startswith("on"):
                problem = f"l'attributo HTML '{name}' (codice eseguibile) non è ammesso"
            elif name == "style":
                problem = ("l'attributo HTML 'style' non è ammesso: l'aspetto del testo lo "
                           "decide il sito")
            elif name in _URL_ATTRS and value:
                problem = (_bad_image(value) if tag == "img" and name == "src"
                           else _bad_link(value))
            elif value and _SCRIPT_URL.match(_as_browser_reads(value)):
                problem = f"l'attributo HTML '{name}' contiene un indirizzo eseguibile"
            if problem:
                self.found.append((line, col + 1, problem))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)


def scan(body: str, links: list[BodyProblem] | None = None) -> list[BodyProblem]:
    """Problems of a body; relative links (message = target) go into `links` if given, so
    the site check can find each one. One pass over the text for both."""
    problems: list[BodyProblem] = []
    for number, line in enumerate(body.split("\n"), start=1):
        if "{" in line:
            for match in _ATTR_LIST.finditer(line):
                bad = _ATTR_LIST_BAD.search(match.group(1))
                if bad:
                    problems.append(BodyProblem(
                        number, match.start() + 1,
                        f"l'attributo '{bad.group(1)}' in {{: … }} non è ammesso: con un "
                        "elenco di attributi si possono dare solo classi (es. {: .nota })"))
        if "](" not in line and "]:" not in line and "<" not in line:
            continue
        for match in _IMAGE.finditer(line):
            problem = _bad_image(match.group(1))
            if problem:
                problems.append(BodyProblem(number, match.start() + 1, problem))
        for pattern in (_LINK, _REFDEF, _AUTOLINK):
            for match in pattern.finditer(line):
                target = match.group(1)
                problem = _bad_link(target)
                if problem:
                    problems.append(BodyProblem(number, match.start() + 1, problem))
                elif (links is not None and pattern is not _AUTOLINK
                      and not _has_scheme(target) and not target.startswith(("#", "/"))):
                    links.append(BodyProblem(number, match.start() + 1, target))
    if "<" in body:
        scanner = _HtmlScanner()
        scanner.feed(body)
        scanner.close()
        problems.extend(BodyProblem(line, col, msg) for line, col, msg in scanner.found)
    return problems
