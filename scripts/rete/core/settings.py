"""Project root and the few settings editors may change, read from pyproject.toml.

The publisher, the contacts and the data controller are facts about real people and bodies:
the repository leaves them unset rather than invent them, pages say honestly that they are
missing, `rete build` warns and `rete build --produzione` refuses to publish without them.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from rete.core.diagnostics import Diagnostic, Severity
from rete.core.fields import email_problem

PYPROJECT = "pyproject.toml"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "0.0.0.0", "::1")
"""Hosts that mean "not published yet", as do example.* domains (RFC 2606)."""



@dataclass(frozen=True)
class Settings:
    root: Path
    git_host_edit_url: str = ""  # empty: pages carry no "modifica questa scheda" link
    site_url: str = "http://127.0.0.1:8000/"  # absolute URLs of the sitemap and the feed
    publisher: str = ""  # editore: who publishes the site (privacy, accessibility, DCAT)
    publisher_id: str = ""  # codice_editore: IPA code or tax code, DCAT-AP_IT's dct:identifier
    contact_email: str = ""  # email_contatto: the site's contact and feedback channel
    data_controller: str = ""  # titolare_trattamento: the GDPR data controller
    controller_email: str = ""  # email_titolare: how to reach the data controller
    accessibility_check: date | None = None  # verifica_accessibilita: last check (AgID)

    @property
    def site_is_local(self) -> bool:
        """True while site_url points at this machine or an example domain."""
        host = (urlsplit(self.site_url).hostname or "").lower()
        return host in LOCAL_HOSTS or host == "example" or host.startswith("example.") \
            or host.endswith((".example", ".localhost")) or ".example." in host


REQUIRED = {
    "editore": "chi pubblica il sito (nome dell'ente o dell'associazione)",
    "codice_editore": "il codice IPA (o il codice fiscale) dell'editore, che il catalogo dei dati "
                      "aperti DCAT-AP_IT richiede",
    "email_contatto": "l'indirizzo di posta per contatti e segnalazioni sull'accessibilità",
    "titolare_trattamento": "il titolare del trattamento dei dati (informativa privacy)",
    "email_titolare": "l'indirizzo di posta del titolare del trattamento",
    "verifica_accessibilita": "la data dell'ultima verifica di accessibilità (AAAA-MM-GG)",
}
"""Keys a published site needs, with what to write in each (Italian, for the message)."""


def is_project(folder: Path) -> bool:
    candidate = folder / PYPROJECT
    return candidate.is_file() and "[tool.rete]" in candidate.read_text(encoding="utf-8")


def find_root(start: Path | None = None) -> Path:
    """The nearest folder upwards that has a pyproject.toml with a [tool.rete] table."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_project(folder):
            return folder
    return here


def _table(root: Path) -> dict[str, object]:
    pyproject = root / PYPROJECT
    if not pyproject.is_file():
        return {}
    table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("rete", {})
    return table if isinstance(table, dict) else {}


def _text(table: dict[str, object], key: str) -> str:
    value = table.get(key, "")
    return value.strip() if isinstance(value, str) else ""


def _date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _code_problem(code: str) -> str | None:
    """IPA codes and Italian tax codes are letters and digits only (no spaces)."""
    if code and not re.fullmatch(r"[A-Za-z0-9_]{2,16}", code):
        return (f'"{code}" non è un codice IPA o un codice fiscale: solo lettere e cifre, '
                "senza spazi (da 2 a 16 caratteri)")
    return None


def load_settings(root: Path) -> Settings:
    """Settings as pages use them; a malformed value reads as unset (`check_settings` says why)."""
    table = _table(root)
    emails = {key: _text(table, key) for key in ("email_contatto", "email_titolare")}
    emails = {key: "" if email_problem(value) else value for key, value in emails.items()}
    return Settings(
        root=root,
        git_host_edit_url=_text(table, "git_host_edit_url"),
        site_url=_text(table, "site_url") or Settings.site_url,
        publisher=_text(table, "editore"),
        publisher_id="" if _code_problem(_text(table, "codice_editore"))
        else _text(table, "codice_editore"),
        contact_email=emails["email_contatto"],
        data_controller=_text(table, "titolare_trattamento"),
        controller_email=emails["email_titolare"],
        accessibility_check=_date(table.get("verifica_accessibilita")),
    )


def key_position(text: str, key: str) -> tuple[int, int]:
    """(line, column) of `key`'s value in the [tool.rete] table, or of the table's header
    when the key is absent: where an editor has to write. (1, 1) if there is no table."""
    header = (1, 1)
    in_table = False
    pattern = re.compile(rf"\s*(?:{re.escape(key)}|\"{re.escape(key)}\")\s*=\s*")
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = stripped.split("#")[0].strip() == "[tool.rete]"
            if in_table:
                header = (number, line.index("[") + 1)
            continue
        match = pattern.match(line) if in_table else None
        if match:
            return number, match.end() + 1
    return header


_FORMAT_CHECKS: dict[str, Callable[[str], str | None]] = {
    "email_contatto": email_problem, "email_titolare": email_problem,
    "codice_editore": _code_problem,
}
"""Keys whose value has a form to check; a malformed value is an error in any build."""


def check_settings(root: Path, *, production: bool = False) -> list[Diagnostic]:
    """Malformed values are errors; missing publication facts and a local site_url are
    warnings, or errors for a production build, each located in pyproject.toml."""
    path = root / PYPROJECT
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    table = _table(root)
    settings = load_settings(root)
    missing: Severity = "errore" if production else "avviso"
    out: list[Diagnostic] = []

    def report(key: str, severity: Severity, message: str) -> None:
        line, col = key_position(text, key)
        out.append(Diagnostic(PYPROJECT, line, col, f"tool.rete.{key}", severity, message))

    for key, what in REQUIRED.items():
        raw = table.get(key, "")
        if key not in table:
            report(key, missing, f'manca: aggiungi in [tool.rete] {key} = "…" con {what} '
                                 "(necessario per pubblicare: rete build --produzione)")
        elif raw in ("", None):
            report(key, missing, f"vuoto: scrivi {what} "
                                 "(necessario per pubblicare: rete build --produzione)")
        elif key in _FORMAT_CHECKS and (problem := _FORMAT_CHECKS[key](str(raw).strip())):
            report(key, "errore", problem)
        elif key == "verifica_accessibilita" and settings.accessibility_check is None:
            report(key, "errore", f'"{raw}" non è una data nel formato AAAA-MM-GG')
        elif not isinstance(raw, str | date):
            report(key, "errore", "deve essere un testo tra virgolette")
    site_url = urlsplit(settings.site_url)
    if site_url.scheme not in ("http", "https") or not site_url.hostname:
        report("site_url", "errore", f'"{settings.site_url}" non è un indirizzo http(s) valido')
    elif settings.site_is_local:
        report("site_url", missing, f'"{settings.site_url}" è un indirizzo locale o di '
                                    "esempio: scrivi l'indirizzo pubblico del sito")
    return out
