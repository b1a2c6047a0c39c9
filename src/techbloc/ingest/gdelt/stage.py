"""Reading one GDELT file into the run's staging tables with DuckDB's CSV reader, in one pass.

Every column is read as text (VARCHAR), with room for :data:`EXTRA_COLUMNS` more than the file
should have: short rows are padded with NULL, which — as empty fields are read as '' — tells how
many fields each row really had. Rows the reader cannot take (still more fields) are recorded
with their line by DuckDB's ``store_rejects``; what DuckDB cannot take at all (stray carriage
returns, bytes that are not UTF-8, long rows of too many fields) is marked in a mended copy
first (:mod:`mend`), and the rows holding a mark are quarantined with its reason. The same
statement checks every value (:mod:`checks`) and writes the typed values, the problems and the
row's number to ``gdelt_stage_events`` or ``gdelt_stage_mentions``.

Row numbers: the reader keeps the file's order (DuckDB's ``preserve_insertion_order``, on by
default, which a streaming ``row_number() OVER ()`` respects; a test on a file of 250,000 rows
holds it to that), so a row's ordinal plus the header and the lines rejected before it is its
line in the file.

Staging happens outside the import's transaction, in temporary tables only: the store is not
touched until every file is read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from techbloc.errors import InvalidArgument
from techbloc.ingest.gdelt.checks import VALUE_CHARS, check_sql, cross_checks, lit, typed_sql
from techbloc.ingest.gdelt.files import GdeltFile
from techbloc.ingest.gdelt.layout import LAYOUTS, FileKind
from techbloc.ingest.gdelt.mend import CR_MARK, NOT_UTF8_MARK, TOO_MANY_MARK, mend
from techbloc.ingest.gdelt.temp_tables import temp_table

EXTRA_COLUMNS = 4
_NULL_MARK = "\x01\x02"  # no field holds it: empty fields read as '', padding as NULL
_PROBLEM = "STRUCT(field VARCHAR, reason VARCHAR, value VARCHAR)"


@dataclass(frozen=True)
class StagedFile:
    file: GdeltFile
    file_no: int
    sha256: str
    rows_read: int


def create_stage_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Empty staging tables for a run: one per kind, and the reader's rejects."""
    con.execute("SET preserve_insertion_order = true")
    for kind, layout in LAYOUTS.items():
        typed = ", ".join(f"{c.store} {c.sql_type}" for c in layout)
        extra = ", event_date DATE" if kind == "events" else ""
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE gdelt_stage_{kind} (file_no INTEGER, "
            f"source_row BIGINT, problems {_PROBLEM}[], {typed}{extra})"
        )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE gdelt_stage_rejects (file_no INTEGER, source_row BIGINT, "
        "field VARCHAR, reason VARCHAR, value VARCHAR)"
    )


def stage_file(con: duckdb.DuckDBPyConnection, file: GdeltFile, file_no: int, sha256: str) -> (
    StagedFile
):  # fmt: skip
    """Read ``file`` into the staging tables as file number ``file_no``."""
    first = 2 if file.has_header else 1
    try:
        loaded = _load(con, file, file_no, first)
        rejected = _reader_rejects(con, file, file_no, first)
        return StagedFile(file, file_no, sha256, loaded + rejected)
    finally:
        for name in (
            "gdelt_rejects",
            "gdelt_reject_scans",
            "gdelt_reject_pos",
            "gdelt_file_rejects",
        ):
            con.execute(f"DROP TABLE IF EXISTS {name}")


def _load(con: duckdb.DuckDBPyConnection, file: GdeltFile, file_no: int, first: int) -> int:
    width = len(file.columns)
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width + EXTRA_COLUMNS))
    # a file with a header row is CSV, quoted: a quoted cell may hold a line break, which
    # DuckDB's parallel scanner cannot take together with null_padding (it refuses the file)
    quoting = (
        "quote='\"', escape='\"', parallel=false" if file.has_header else "quote='', escape=''"
    )
    reader = (
        f"read_csv({lit(str(file.readable))}, delim={lit(file.delimiter)}, {quoting}, "
        f"header={str(file.has_header).lower()}, columns={{{columns}}}, auto_detect=false, "
        f"null_padding=true, nullstr={lit(_NULL_MARK)}, store_rejects=true, "
        "rejects_table='gdelt_rejects', rejects_scan='gdelt_reject_scans')"
    )
    before = _count(con, f"SELECT count(*) FROM gdelt_stage_{file.kind}")
    try:
        con.execute(_insert_sql(file, file_no, width, first, reader))
    except duckdb.Error as exc:
        raise InvalidArgument(
            f"{file.source.name}: cannot read it as a GDELT {file.kind} file ({exc})"
        ) from None
    return _count(con, f"SELECT count(*) FROM gdelt_stage_{file.kind}") - before


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


def _reader_rejects(
    con: duckdb.DuckDBPyConnection, file: GdeltFile, file_no: int, first: int
) -> int:
    """Record the rows the reader rejected, and move the later rows' numbers past them."""
    try:
        lines = con.execute(
            "SELECT line, string_agg(DISTINCT error_type, ', '), max(csv_line) FROM gdelt_rejects "
            "GROUP BY line ORDER BY line"
        ).fetchall()
    except duckdb.Error as exc:  # the row's text cut inside a character: see mend.py
        raise InvalidArgument(
            f"{file.source.name}: cannot read it as a GDELT {file.kind} file (DuckDB cannot "
            f"read back the rows its reader rejected: {exc})",
            hint="a row too long with too many fields, in a CSV file with a header row",
        ) from None
    if not lines:
        return 0
    temp_table(con, "gdelt_file_rejects", {
        "source_row": ("BIGINT", [int(line) for line, _, _ in lines]),
        "reason": ("VARCHAR", [_reject_reason(str(kinds)) for _, kinds, _ in lines]),
        "value": ("VARCHAR", [str(raw or "")[:VALUE_CHARS] for _, _, raw in lines]),
    })  # fmt: skip
    con.execute(
        f"INSERT INTO gdelt_stage_rejects SELECT {file_no}, source_row, NULL, reason, value "
        "FROM gdelt_file_rejects"
    )
    # the j-th rejected line (0-based) sits before every loaded row of ordinal ≥ line − first − j
    temp_table(con, "gdelt_reject_pos", {
        "pos": ("BIGINT", [int(line) - first - j for j, (line, _, _) in enumerate(lines)]),
    })  # fmt: skip
    con.execute(
        f"UPDATE gdelt_stage_{file.kind} s SET source_row = s.source_row + "
        f"(SELECT count(*) FROM gdelt_reject_pos p WHERE p.pos <= s.source_row - {first}) "
        f"WHERE s.file_no = {file_no}"
    )
    return len(lines)


def _reject_reason(kinds: str) -> str:
    if "TOO MANY COLUMNS" in kinds:
        return f"wrong column count: more fields than the layout has (+{EXTRA_COLUMNS} read)"
    if "INVALID ENCODING" in kinds:
        return "not valid UTF-8 text"
    return f"unreadable row ({kinds.lower()})"


def mend_file(file: GdeltFile, workdir: Path) -> GdeltFile:
    """``file`` to be read from a mended copy under ``workdir`` where it needs one
    (:mod:`mend`); a GDELT file without header is checked for long rows of too many fields."""
    width = None if file.has_header else len(file.columns) + EXTRA_COLUMNS
    mending = mend(file.readable, workdir, width)
    return replace(file, readable=mending.path, marks=mending.marks)


MARK_REASONS = {
    NOT_UTF8_MARK: "not valid UTF-8 text",
    TOO_MANY_MARK: f"wrong column count: more fields than the layout has (+{EXTRA_COLUMNS} read)",
    CR_MARK: "a carriage return (CR) inside the row, not at its end",
}


def _marked(file: GdeltFile, raw: list[str]) -> str:
    """The cases of a row holding a mark of :mod:`mend`, or ''."""
    if not file.marks:
        return ""
    row = f"concat_ws({lit(file.delimiter)}, {', '.join(raw)})"
    shown = row
    for mark, char in ((CR_MARK, "chr(13)"), (NOT_UTF8_MARK, "chr(65533)"), (TOO_MANY_MARK, "''")):
        shown = f"replace({shown}, {lit(mark)}, {char})"
    return "".join(
        f"WHEN contains({row}, {lit(mark)}) THEN [{{'field': NULL::VARCHAR, "
        f"'reason': {lit(MARK_REASONS[mark])}, 'value': left({shown}, {VALUE_CHARS})}}] "
        for mark in sorted(MARK_REASONS)
        if mark in file.marks
    )


def _insert_sql(file: GdeltFile, file_no: int, width: int, first: int, reader: str) -> str:
    kind: FileKind = file.kind
    layout = LAYOUTS[kind]
    position = {name: i for i, name in enumerate(file.columns) if name}
    value = {c.gdelt: (f"c{position[c.gdelt]}" if c.gdelt in position else "''") for c in layout}
    checks = [check_sql(c, value[c.gdelt]) for c in layout]
    checks = [sql for sql in checks if sql != "NULL"] + cross_checks(kind, value)
    raw = [f"c{i}" for i in range(width + EXTRA_COLUMNS)]
    # the usual case first: the last field present and the first padding column empty
    fields = (
        f"CASE WHEN c{width - 1} IS NOT NULL AND c{width} IS NULL THEN {width} "
        f"ELSE {' + '.join(f'({c} IS NOT NULL)::INTEGER' for c in raw)} END"
    )
    wrong = (
        f"[{{'field': NULL::VARCHAR, 'reason': 'wrong column count: ' || fields || "
        f"' fields, expected {width}', 'value': left(concat_ws({lit(file.delimiter)}, "
        f"{', '.join(raw)}), {VALUE_CHARS})}}]"
    )
    # a row's checks are listed only when one of them fails (most rows pass)
    problems = (
        f"CASE {_marked(file, raw)}WHEN fields <> {width} THEN {wrong} "
        f"WHEN coalesce({', '.join(checks)}) IS NULL THEN []::{_PROBLEM}[] "
        f"ELSE list_filter([{', '.join(checks)}], x -> x IS NOT NULL) END"
    )
    typed = [typed_sql(c, value[c.gdelt]) for c in layout]
    if kind == "events":
        typed.append(f"TRY_STRPTIME(NULLIF({value['SQLDATE']}, ''), '%Y%m%d')::DATE")
    return (
        f"INSERT INTO gdelt_stage_{kind} SELECT {file_no}, ordinal + {first - 1}, {problems}, "
        f"{', '.join(typed)} FROM (SELECT *, {fields} AS fields, "
        f"row_number() OVER () AS ordinal FROM {reader})"
    )
