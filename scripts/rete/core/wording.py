"""How messages quote what an editor wrote and name what was meant, worded once.

Records, contract files and CSV columns all report an unknown key the same way, so one file
never shows the same mistake in two styles.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def quoted(value: object) -> str:
    """Show an offending value in Italian quotes, as editors wrote it."""
    return f"«{value}»"


def suggestion(word: str, allowed: Iterable[str]) -> str:
    """' (forse «eta»?)' when a close allowed spelling exists, else ''."""
    close = difflib.get_close_matches(word, list(allowed), n=1, cutoff=0.6)
    return f" (forse {quoted(close[0])}?)" if close else ""


def unknown_key(key: object, allowed: Iterable[str], what: str = "chiave non prevista") -> str:
    """«chiave non prevista «eta_anni» (forse «eta»?)», or the allowed keys when none is close.

    `what` names the kind of key where a plainer noun helps ("colonna non prevista").
    """
    allowed = list(allowed)
    hint = suggestion(str(key), allowed)
    listed = "" if hint or not allowed else ": ammesse " + ", ".join(allowed)
    return f"{what} {quoted(key)}{hint}{listed}"
