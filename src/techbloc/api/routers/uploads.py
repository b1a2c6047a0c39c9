"""Uploaded files: copied to a temporary file as they arrive (the server's body limit stops
larger ones while they stream), handed to the core by path, then deleted."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import UploadFile

from techbloc.errors import InvalidArgument

CHUNK = 1024 * 1024


@contextmanager
def saved_upload(upload: UploadFile, suffixes: tuple[str, ...]) -> Iterator[Path]:
    """The upload as a temporary file keeping its name's suffix (importers read formats by it)."""
    name = Path(upload.filename or "upload")
    suffix = "".join(name.suffixes[-2:]).lower() or suffixes[0]
    if not any(suffix.endswith(s) for s in suffixes):
        raise InvalidArgument(
            f"cannot read a {suffix or 'nameless'} file here",
            hint=f"upload a file ending in {', '.join(suffixes)}",
        )
    with tempfile.TemporaryDirectory(prefix="techbloc-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as out:
            shutil.copyfileobj(upload.file, out, CHUNK)
        yield path
