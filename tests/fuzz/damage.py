"""Ways a downloaded file goes wrong, as Hypothesis strategies over the bytes of a good file.

Truncation (a download cut off), bytes inserted, deleted or repeated, NUL bytes, one huge field,
another encoding (GBK, UTF-16 with or without a byte-order mark, Shift-JIS, Latin-1 …), two files
run together, an empty file. ``damaged`` applies up to three of them, or none.
"""

from __future__ import annotations

from hypothesis import strategies as st

ENCODINGS = (
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "gbk",
    "gb18030",
    "shift_jis",
    "big5",
    "latin-1",
    "cp1252",
)
JUNK = st.one_of(
    st.binary(min_size=1, max_size=40),
    st.sampled_from(
        [
            b"\x00",
            b"\x00" * 7,
            b"\xff\xfe",
            b"\xef\xbb\xbf",
            b"\r",
            b"\r\n",
            b'"',
            b",",
            b";",
            b"\n\n\n",
            b"\xe5\x8d",
            b"\xc3",
            b"{",
            b"[",
            b"]}",
            b"<",
            b"&#0;",
            b"\\",
            b"\x1a",
            "华为".encode("gbk"),
            "華為".encode("big5"),
        ]
    ),
)
HUGE = st.sampled_from(
    [
        b"x" * 200_000,
        b'"' + b"y" * 150_000,
        b"," * 20_000,
        b"\n" * 5_000,
        "长".encode() * 60_000,
        b"[" * 3_000,
        b"{" * 3_000,
        b"<a>" * 5_000,
    ]
)


def reencoded(data: bytes, encoding: str) -> bytes:
    """The same text in another encoding (characters it cannot hold become '?')."""
    return data.decode("utf-8", "replace").encode(encoding, "replace")


@st.composite
def damage_once(draw: st.DrawFn, data: bytes) -> bytes:
    at = draw(st.integers(0, len(data)))
    kind = draw(
        st.sampled_from(
            [
                "truncate",
                "insert",
                "delete",
                "repeat",
                "overwrite",
                "encode",
                "huge",
                "nul",
                "empty",
                "double",
            ]
        )
    )
    if kind == "truncate":
        return data[:at]
    if kind == "insert":
        return data[:at] + draw(JUNK) + data[at:]
    if kind == "delete":
        return data[:at] + data[at + draw(st.integers(1, 64)) :]
    if kind == "repeat":
        end = draw(st.integers(at, min(len(data), at + 500)))
        return data[:end] + data[at:end] * draw(st.integers(1, 3)) + data[end:]
    if kind == "overwrite":
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at + 8 :]
    if kind == "encode":
        return reencoded(data, draw(st.sampled_from(ENCODINGS)))
    if kind == "huge":
        return data[:at] + draw(HUGE) + data[at:]
    if kind == "nul":
        return data[:at] + b"\x00" * draw(st.integers(1, 4)) + data[at:]
    if kind == "empty":
        return draw(st.sampled_from([b"", b"\n", b"   \r\n", b"\xef\xbb\xbf", b"\xff\xfe"]))
    return data + data  # two copies of a file run together


@st.composite
def damaged(draw: st.DrawFn, data: bytes, max_damage: int = 3) -> bytes:
    """``data`` with up to ``max_damage`` damages (often none: the structure alone may be odd)."""
    for _ in range(draw(st.integers(0, max_damage))):
        data = draw(damage_once(data))
    return data
