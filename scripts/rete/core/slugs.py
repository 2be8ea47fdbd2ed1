"""Slugs from Italian names: "Muggiò" → "muggio", "Sesto San Giovanni" → "sesto-san-giovanni"."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
