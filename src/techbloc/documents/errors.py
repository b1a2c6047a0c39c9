"""Why a file could not be read as a document: one error with the file, a kind and a reason."""

from __future__ import annotations

from typing import Literal

from techbloc.errors import TechblocError

ErrorKind = Literal["encrypted", "broken", "unsupported", "empty", "too-large", "unreadable"]
"""encrypted: needs a password; broken: damaged or truncated; unsupported: not a format techbloc
reads; empty: no text (a scan without a text layer); too-large: over the size limit; unreadable:
the file or URL could not be read at all (permissions, download failure)."""


class DocumentError(TechblocError):
    """A file that cannot become a document; an import records it as a failure and goes on."""

    def __init__(self, file: str, kind: ErrorKind, reason: str, hint: str | None = None) -> None:
        super().__init__(f"{file}: {reason}", hint)
        self.file = file
        self.kind: ErrorKind = kind
        self.reason = reason
