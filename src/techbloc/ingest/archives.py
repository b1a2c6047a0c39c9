"""What Python's zip reader raises on a damaged archive, for the readers that open ZIP files
(GDELT exports, Word documents)."""

from __future__ import annotations

import zipfile
import zlib

ZIP_ERRORS = (zipfile.BadZipFile, EOFError, OSError, zlib.error, NotImplementedError, RuntimeError,
              ValueError)  # fmt: skip
"""BadZipFile (no central directory, bad CRC), EOFError (cut short), OSError (an offset before
the file's start), zlib.error (damaged compressed data), NotImplementedError (a compression method
or a zip version it lacks: "zip file version 10.4", found by atheris), RuntimeError (encrypted),
ValueError (a member name that is not UTF-8 though flagged so)."""
