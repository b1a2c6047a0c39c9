"""`ingest/gdelt/mend.py`: which files are read as they are, and what a mended copy holds —
also when a CRLF, a character or a long row is split between two chunks of the reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from techbloc.ingest.gdelt import mend as mending
from techbloc.ingest.gdelt.mend import CR_MARK, NOT_UTF8_MARK, TOO_MANY_MARK, mend


@pytest.fixture(params=[1 << 20, 7], ids=["one-chunk", "chunks-of-7"])
def chunk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(mending, "_CHUNK", request.param)
    monkeypatch.setattr(mending, "LONG_ROW_BYTES", 40)
    return int(request.param)


@pytest.mark.parametrize(
    ("data", "copied", "marks"),
    [
        (b"a\tb\nc\td\n", None, ()),
        ("华为\t中兴\n".encode(), None, ()),
        (b"a\tb\r\nc\td\r\n", b"a\tb\nc\td\n", ()),
        (b"a\tb\nc\r\td\n", f"a\tb\nc{CR_MARK}\td\n".encode(), (CR_MARK,)),
        (b"a\tb\r", b"a\tb\n", ()),
        (b"\xff\xfe\tx\n", f"{NOT_UTF8_MARK * 2}\tx\n".encode(), (NOT_UTF8_MARK,)),
        ("华".encode()[:2], NOT_UTF8_MARK.encode(), (NOT_UTF8_MARK,)),
        (b"a\t" * 30 + b"\nok\tline\n", f"{TOO_MANY_MARK}{'a ' * 30}\nok\tline\n".encode(),
         (TOO_MANY_MARK,)),
        (b"a" * 60 + b"\tb\n", None, ()),  # long, but not too many fields
    ],
)  # fmt: skip
def test_mend(
    tmp_path: Path, chunk: int, data: bytes, copied: bytes | None, marks: tuple[str, ...]
) -> None:
    path = tmp_path / "x.CSV"
    path.write_bytes(data)
    work = tmp_path / "work"
    work.mkdir()
    found = mend(path, work, max_fields=5)
    assert found.path.read_bytes() == (data if copied is None else copied)
    assert (found.path == path) == (copied is None)
    assert found.marks == marks
