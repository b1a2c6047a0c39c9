"""GDELT 2.0 event and mention files as GDELT publishes them (tab-separated, no header, zipped or
not) and as other tools copy them (a header row, tab- or comma-separated): rows built column by
column from the layout (``techbloc.ingest.gdelt.layout``), most values fitting their column, some
not (bad dates, non-numeric numbers, out of range, hostile text), rows cut short or too long; then
damaged like any download (``damage.py``), and zip archives broken or holding the wrong files."""

from __future__ import annotations

import io
import zipfile

from hypothesis import strategies as st

from techbloc.ingest.gdelt.layout import LAYOUTS, Column, FileKind
from tests.fuzz.damage import damaged
from tests.fuzz.values import CELL, NAMES, NUMBERS

EVENT_IDS = st.sampled_from(["1085000001", "1085000002", "1085000003", "1085000004", "7"])
"""A small pool: rows of one file, of two files and of two runs share ids (duplicates)."""
BAD_INTEGERS = st.sampled_from(
    ["", "x", "1.5", "1e3", "-", "0x10", "９", "99999999999999999999", "１２", " 1", "1 "]
)
DATE8 = st.one_of(
    st.dates().map(lambda d: d.strftime("%Y%m%d")),
    st.sampled_from(["20230231", "20231301", "00000000", "2023013", "2023-01-28", "yesterday"]),
)
TS14 = st.one_of(
    st.datetimes().map(lambda d: d.strftime("%Y%m%d%H%M%S")),
    st.sampled_from(["20230128246000", "2023012812000", "20230128120000.0", "20230231000000"]),
)
ROOTS = [f"{n:02d}" for n in range(1, 21)]
URLS = st.sampled_from(
    [
        "https://www.reuters.com/technology/us-tightens-export-controls-on-advanced-chips-2022/",
        "https://example.nl/2023/01/27/asml-euv-lithography-exports-china",
        "https://example.com/huawei-5g-ban?x=1#y",
        "https://example.com/%E5%8D%8A%E5%AF%BC%E4%BD%93/%ZZ%",
        "https://example.com/" + "quantum-" * 300,
        "BBC Monitoring",
        "",
    ]
)


def _fitting(col: Column) -> st.SearchStrategy[str]:
    """A value that passes the column's check most of the time."""
    if col.gdelt == "GLOBALEVENTID":
        return EVENT_IDS
    if col.kind in ("int", "bigint"):
        low = int(col.low) if col.low is not None else -5
        high = int(col.high) if col.high is not None else 10**6
        return st.integers(low - 1, high + 1).map(str)
    if col.kind == "float":
        low = col.low if col.low is not None else -1e6
        high = col.high if col.high is not None else 1e6
        return st.floats(low - 1, high + 1).map(lambda x: f"{x:.4f}")
    if col.kind == "flag":
        return st.sampled_from(["0", "1", "1", "2", ""])
    if col.kind == "date8":
        return DATE8
    if col.kind == "ts14":
        return TS14
    if col.gdelt in ("SOURCEURL", "MentionIdentifier"):
        return URLS
    if col.gdelt.endswith("CountryCode"):
        return st.sampled_from(["USA", "CHN", "CH", "JA", "EUR", "XYZ", "", "us"])
    if col.gdelt.endswith("Name"):
        return st.sampled_from(["HUAWEI", "UNITED STATES", "CHINA", "SEMICONDUCTOR", "", "ai"])
    return st.sampled_from(["", "", "GOV", "BUS", "CHN"])


def _hostile(col: Column) -> st.SearchStrategy[str]:
    if col.kind in ("int", "bigint", "float", "flag"):
        return st.one_of(BAD_INTEGERS, NUMBERS)
    if col.kind in ("date8", "ts14"):
        return st.one_of(DATE8, TS14, BAD_INTEGERS)
    return st.one_of(CELL, NAMES)


@st.composite
def event_codes(draw: st.DrawFn) -> tuple[str, str, str]:
    """(EventCode, EventBaseCode, EventRootCode): mostly consistent, sometimes not."""
    root = draw(st.sampled_from([*ROOTS, "1", "21", "00", "", "ab"]))
    base = root + draw(st.sampled_from(["", "0", "1", "2"]))
    code = base + draw(st.sampled_from(["", "", "1"]))
    if draw(st.integers(0, 5)) == 0:
        code = draw(st.sampled_from(["140", "", "01234", "x"]))
    return code, base, root


@st.composite
def gdelt_row(draw: st.DrawFn, kind: FileKind) -> list[str]:
    """One row of the layout: each value fitting, or (one time in eight) hostile."""
    layout = LAYOUTS[kind]
    row = [draw(_hostile(col) if draw(st.integers(0, 7)) == 0 else _fitting(col)) for col in layout]
    if kind == "events" and draw(st.booleans()):
        names = [c.gdelt for c in layout]
        codes = draw(event_codes())
        for name, value in zip(("EventCode", "EventBaseCode", "EventRootCode"), codes, strict=True):
            row[names.index(name)] = value
    return row


def _cell(value: str, delimiter: str) -> str:
    """A value as a field: in a tab-separated file as it is (GDELT quotes nothing, so a tab or
    a line break in it splits it); in a comma-separated one quoted when it must be, or not."""
    if delimiter == "," and any(c in value for c in ',"\n\r'):
        return '"' + value.replace('"', '""') + '"'
    return value


@st.composite
def gdelt_text(draw: st.DrawFn, kind: FileKind, max_rows: int = 10) -> bytes:
    """A GDELT file's bytes: rows of the layout (some too short or too long), with a header row
    now and then (all or part of the columns, any case), tab- or comma-separated."""
    layout = LAYOUTS[kind]
    style = draw(st.sampled_from(["gdelt", "gdelt", "gdelt", "tsv-header", "csv-header"]))
    delimiter = "," if style == "csv-header" else "\t"
    names = [c.gdelt for c in layout]
    keep = list(range(len(layout)))
    lines = []
    if style != "gdelt":
        required = [i for i, c in enumerate(layout) if c.required]
        dropped = draw(st.lists(st.sampled_from(keep), unique=True, max_size=len(keep)))
        keep = [i for i in keep if i not in dropped or (i in required and draw(st.booleans()))]
        head = [draw(st.sampled_from([names[i], names[i].lower(), names[i].upper()])) for i in keep]
        if draw(st.integers(0, 9)) == 0:
            head.insert(draw(st.integers(0, len(head))), draw(st.sampled_from(["Extra", names[0]])))
        lines.append(delimiter.join(head))
    for _ in range(draw(st.integers(0, max_rows))):
        row = draw(gdelt_row(kind))
        cells = [row[i] for i in keep]
        width = len(cells) + draw(st.sampled_from([0, 0, 0, 0, 0, 0, -1, 1, 5, -len(cells)]))
        cells = (cells + [""] * 8)[: max(width, 0)]
        lines.append(delimiter.join(_cell(c, delimiter) for c in cells))
    end = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    text = end.join(lines) + (end if lines and draw(st.booleans()) else "")
    return text.encode("utf-8", "surrogatepass")


NAMES_OF: dict[FileKind, tuple[str, ...]] = {
    "events": ("20230128000000.export.CSV", "events.csv", "events.tsv", "BIGQUERY.CSV"),
    "mentions": ("20230128000000.mentions.CSV", "mentions.csv", "x.mentions.csv"),
}
"""Names that give the kind (``.export.``, ``.mentions.``) and names that leave it to the
header or to the column count."""


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


@st.composite
def gdelt_file(draw: st.DrawFn) -> tuple[bytes, str]:
    """(bytes, file name): a GDELT file, damaged (or not), zipped (or not); a zip sometimes
    broken (cut short, bytes changed), empty, or holding two files or a folder."""
    kind: FileKind = draw(st.sampled_from(["events", "events", "mentions"]))
    data = draw(gdelt_text(kind).flatmap(damaged))
    name = draw(st.sampled_from([*NAMES_OF[kind], "20230128000000.gkg.csv", "notes.txt"]))
    if draw(st.integers(0, 3)):
        return data, name
    inner = name if name.lower().endswith((".csv", ".tsv")) else f"{name}.csv"
    shape = draw(st.sampled_from(["one", "one", "one", "two", "none", "folder"]))
    files = {
        "one": {inner: data},
        "two": {inner: data, "README.txt": b"two files"},
        "none": {},
        "folder": {"sub/": b"", inner: data},
    }[shape]
    archive = zipped(files)
    if draw(st.integers(0, 3)) == 0:  # a download cut off, or bytes changed inside
        archive = draw(damaged(archive, 2))
    return archive, f"{inner}.zip"
