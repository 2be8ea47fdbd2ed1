"""Errors the engine raises on valid input it still cannot compute (Italian, for the CLI)."""

from __future__ import annotations


class TariffError(ValueError):
    """A household and scheme that are valid but cannot give a fee; the message is Italian."""


class IncompleteScheme(TariffError):
    """The scheme says `completo: false`: shown on the site, never computed."""

    def __init__(self, servizio: str) -> None:
        super().__init__(
            f"lo schema tariffario «{servizio}» è incompleto (completo: false): le fonti ne "
            "danno solo una parte, quindi la tariffa non si può calcolare"
        )
        self.servizio = servizio
