"""A problem found in the knowledge base, located by file and field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, order=True)
class Problem:
    """One finding of `techbloc kb validate`; errors fail validation, warnings do not."""

    file: str
    field: str
    code: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message} [{self.code}]"
