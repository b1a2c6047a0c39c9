"""Opening the text files analysts download: the encoding from the byte-order mark, else UTF-8,
with every byte kept.

A file with a UTF-8, UTF-16 or UTF-32 byte-order mark is read in that encoding; any other file is
read as UTF-8. A byte that does not decode (a GBK row, a damaged byte, an odd byte at the end of
a UTF-16 file) does not stop the reading: it becomes a lone surrogate U+DC00 + byte (as Python's
``surrogateescape`` does, for every byte value), which :func:`undecodable` finds, so the reader
quarantines that row alone, its bytes kept by :func:`escaped`.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import TextIO

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)  # fmt: skip
_ESCAPED = re.compile("[\udc00-\udcff]")
ERRORS = "techbloc.escape"


def _escape_bytes(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return "".join(chr(0xDC00 + byte) for byte in bad), exc.end


codecs.register_error(ERRORS, _escape_bytes)
NOT_UTF8_HINT = "save the file as UTF-8 (e.g. from a GBK file: iconv -f GBK -t UTF-8)"


def file_encoding(path: Path) -> str:
    """The encoding its byte-order mark names, else UTF-8."""
    with path.open("rb") as probe:
        head = probe.read(4)
    return next((encoding for bom, encoding in _BOMS if head.startswith(bom)), "utf-8")


def open_text(path: Path, newline: str | None = "") -> TextIO:
    """``path`` opened for reading text (see the module docstring)."""
    return path.open(encoding=file_encoding(path), errors=ERRORS, newline=newline)


def decode_bytes(data: bytes) -> str:
    """``data`` as text, as :func:`open_text` would read it."""
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), "utf-8")
    return data.decode(encoding, errors=ERRORS)


def undecodable(text: str) -> str | None:
    """Why ``text`` (read by :func:`open_text`) is not all text, or None when it is."""
    found = _ESCAPED.search(text)
    if found:
        byte = ord(found.group()) - 0xDC00
        return (
            f"not UTF-8 text (byte 0x{byte:02x} at character {found.start() + 1}): save the "
            "file as UTF-8 (from GBK: iconv -f GBK -t UTF-8)"
        )
    if "\x00" in text:
        return "holds NUL bytes (binary data, or UTF-16 text without a byte-order mark)"
    return None


def escaped(text: str) -> str:
    """``text`` with every byte that was not UTF-8 written as ``\\xNN``: printable, and lossless."""
    return _ESCAPED.sub(lambda found: f"\\x{ord(found.group()) - 0xDC00:02x}", text)
