"""What DuckDB's CSV reader cannot take in a GDELT file, mended before it reads it: carriage
returns and bytes that are not UTF-8.

GDELT writes UTF-8 with LF line breaks, and such a file is read as it is (after one pass that
checks it). Others are read from a copy:

* **Carriage returns.** Copies made on Windows use CRLF; some files mix CRLF and LF (lines of two
  files run together) or hold a CR that ends no line (inside a name or a URL). DuckDB 1.4.4
  refuses a whole file that mixes them or holds a lone CR ("the CSV Parser state machine reached
  an invalid state"), so every good row in it would be lost; its ``strict_mode=false`` reads on
  but splits the row at the CR, which shifts every later row's line number and lets a cut-off
  quoted cell land. Even a pure CRLF file was unsafe: with a long line of multi-byte characters
  it failed where the same file with LF read. In the copy every CRLF is an LF and every other CR
  is :data:`CR_MARK`: line numbers stay those of the file (a lone CR is no line break).
* **Bytes that are not UTF-8.** DuckDB rejects such a row by itself, but a row holding both such
  bytes and a cell of some thousands of multi-byte characters made it fail the whole file
  ("Invalid unicode (byte sequence mismatch) detected in segment statistics update"; found by
  fuzzing). In the copy every undecodable byte sequence is :data:`NOT_UTF8_MARK`.

* **Long rows with too many fields** (GDELT's own layout: tab-separated, nothing quoted). DuckDB
  rejects a row with more fields than it reads and keeps the row's text in its rejects table cut
  to about 10,000 bytes, sometimes inside a multi-byte character; the table then cannot be
  written or read ("Invalid unicode … detected in segment statistics update" / "in value"; found
  by fuzzing), and the file fails. In the copy such a row (over :data:`LONG_ROW_BYTES`) is
  :data:`TOO_MANY_MARK` and its first characters, its tabs shown as spaces.

The staging (:mod:`stage`) quarantines each row holding a mark, with its reason, and shows its
value with the CR, or U+FFFD for the bytes. The marks are characters of Unicode's private use
area, which GDELT does not write; a file that holds them itself and also needs mending would see
its rows holding them quarantined.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

CR_MARK = "\ue00d"
NOT_UTF8_MARK = "\ue0ff"
TOO_MANY_MARK = "\ue0fe"
LONG_ROW_BYTES = 8_000
"""Rows longer than this are checked for their field count before DuckDB reads them."""
_CHUNK = 1 << 20
_LONGEST_HELD = 1 << 20
"""A line longer than this is copied as it comes (not held whole to count its fields)."""
_MARKED = "techbloc-gdelt-not-utf8"
_SHOWN_CHARS = 200


def _mark(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    return NOT_UTF8_MARK, error.end


codecs.register_error(_MARKED, _mark)


@dataclass(frozen=True)
class Mending:
    path: Path  # the file to read: the one given, or a mended copy
    marks: tuple[str, ...] = ()  # the marks the copy holds


def mend(path: Path, workdir: Path, max_fields: int | None = None) -> Mending:
    """``path`` itself when it is UTF-8 without CR (and, given ``max_fields`` for a file
    separated by unquoted tabs, has no long row of more fields), else a mended copy under
    ``workdir``."""
    if _clean(path, max_fields):
        return Mending(path)
    target = workdir / f"{len(list(workdir.iterdir()))}-mended-{path.name}"
    decoder = codecs.getincrementaldecoder("utf-8")(errors=_MARKED)
    marks: set[str] = set()
    with path.open("rb") as src, target.open("w", encoding="utf-8", newline="") as dst:
        held = ""
        streamed = False  # the text begins inside a line longer than a chunk, partly written
        while True:
            chunk = src.read(_CHUNK)
            text = held + decoder.decode(chunk, final=not chunk)
            held = ""
            if chunk:  # the last line may go on in the next chunk (and a CR's LF open it)
                cut = text.rfind("\n") + 1
                if cut == 0 and len(text) > _LONGEST_HELD:  # written as it comes
                    cut = len(text) - text.endswith("\r")
                text, held = text[:cut], text[cut:]
            text = text.replace("\r\n", "\n")
            if not chunk and text.endswith("\r"):  # a CRLF file cut between its CR and LF
                text = text[:-1] + "\n"
            if max_fields is not None:
                text = _too_many_marked(text, max_fields, streamed)
            marks |= {m for m in (NOT_UTF8_MARK, TOO_MANY_MARK) if m in text}
            if "\r" in text:
                marks.add(CR_MARK)
            dst.write(text.replace("\r", CR_MARK))
            streamed = bool(text) and not text.endswith("\n")
            if not chunk:
                break
    return Mending(target, tuple(sorted(marks)))


def _too_many_marked(text: str, max_fields: int, streamed: bool) -> str:
    """``text`` (whole lines, the first one's start already written when ``streamed``) with
    each long line of more than ``max_fields`` tab-separated fields as a marked line."""
    long = LONG_ROW_BYTES // 4  # characters of up to four bytes
    lines = text.split("\n")
    if all(len(line) <= long for line in lines):
        return text
    return "\n".join(
        TOO_MANY_MARK + line[:_SHOWN_CHARS].replace("\t", " ")
        if len(line) > long and line.count("\t") >= max_fields and (i or not streamed)
        else line
        for i, line in enumerate(lines)
    )


def _long_row_of_too_many(data: bytes, max_fields: int) -> bool:
    """Whether a whole line of ``data`` is long and has more than ``max_fields`` fields (one
    ``find`` per line: splitting into lines took seven times longer)."""
    start = 0
    while (end := data.find(b"\n", start)) >= 0:
        if end - start > LONG_ROW_BYTES and data.count(b"\t", start, end) >= max_fields:
            return True
        start = end + 1
    return False


def _clean(path: Path, max_fields: int | None) -> bool:
    """Whether the file is UTF-8 text without a CR (and without a long row of too many
    fields)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    carried = b""  # the last, unfinished line of the chunk before (when counting fields)
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if b"\r" in chunk:
                return False
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return False
            if max_fields is not None:
                carried += chunk
                if _long_row_of_too_many(carried, max_fields):
                    return False
                carried = carried[carried.rfind(b"\n") + 1 :]
                if len(carried) > _LONGEST_HELD:  # such a line is checked by the copy
                    return False
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:  # cut inside its last character
        return False
    if max_fields is None:
        return True
    return not (len(carried) > LONG_ROW_BYTES and carried.count(b"\t") >= max_fields)
