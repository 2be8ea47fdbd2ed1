"""Slugs: the one identifier rule of the project, and slugs made from Italian names.

A slug names a record file, a page address and a contract id (a service, a scheme), so the
same rule and the same message apply everywhere: "Muggiò" → "muggio".
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
MAX_SLUG = 80  # a file name on every system, and a readable address


def slugify(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def check_slug(value: str) -> str:
    if len(value) > MAX_SLUG:
        raise ValueError(f"identificativo troppo lungo ({len(value)} caratteri, al massimo "
                         f"{MAX_SLUG})")
    if not _SLUG.match(value):
        raise ValueError(
            f'"{value}" non è un identificativo valido: solo lettere minuscole senza accenti, '
            "cifre e trattini (es. besana-in-brianza)")
    return value


def int_as_text(value: Any) -> Any:
    """Vocabulary ids may be written as numbers (obiettivi: [1, 4]): compare them as text."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Slug = Annotated[str, AfterValidator(check_slug)]
TermId = Annotated[str, BeforeValidator(int_as_text), AfterValidator(check_slug)]
"""A vocabulary term id (`obiettivi: [1, 4]` is read as text)."""
