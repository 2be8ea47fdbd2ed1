"""Italian wording for argparse's own messages (usage, errors, help headings)."""

from __future__ import annotations

import argparse

_IT = {
    "usage: ": "uso: ",
    "positional arguments": "argomenti",
    "options": "opzioni",
    "show this help message and exit": "mostra questo aiuto ed esce",
    "the following arguments are required: %s": "mancano gli argomenti obbligatori: %s",
    "unrecognized arguments: %s": "argomenti non riconosciuti: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "scelta non valida: %(value)r (scegli tra %(choices)s)",
    "%(prog)s: error: %(message)s\n": "%(prog)s: errore: %(message)s\n",
    "expected one argument": "serve un valore",
    "invalid %(type)s value: %(value)r": "valore non valido: %(value)r",
    "argument %(argument_name)s: %(message)s": "argomento %(argument_name)s: %(message)s",
    "not allowed with argument %s": "non si può usare insieme a %s",
    "one of the arguments %s is required": "serve uno tra gli argomenti %s",
}


def _translate(message: str) -> str:
    return _IT.get(message, message)


def install() -> None:
    """argparse looks its strings up through its module-level `_` at call time."""
    argparse._ = _translate  # type: ignore[attr-defined]
