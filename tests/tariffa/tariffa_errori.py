"""Helper of the error tests: validate raw data and return (loc, Italian message) pairs."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError


def errori(model: type[BaseModel], data: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """Every error as the project's translator sees it: a value_error with its own message."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    found = []
    for error in caught.value.errors():
        assert error["type"] == "value_error", error  # so the translator passes it verbatim
        found.append((tuple(error["loc"]), str(error["ctx"]["error"])))
    return found


def unico(model: type[BaseModel], data: Any) -> tuple[tuple[str | int, ...], str]:
    """The single error expected for data with one mistake."""
    found = errori(model, data)
    assert len(found) == 1, found
    return found[0]
