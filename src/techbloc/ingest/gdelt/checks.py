"""The validation of GDELT values as DuckDB SQL, derived from the layout (:mod:`layout`).

Every value is read as text first. For each column this module gives the expression of its
problem (a struct ``{field, reason, value}``, or NULL when the value passes) and the expression of
its typed value. The checks run in one pass over the staged rows; a row with any problem goes to
the quarantine with one entry per problem, the others land typed.
"""

from __future__ import annotations

from techbloc.ingest.gdelt.layout import Column, FileKind

_INT = "-?[0-9]{1,18}"
_FLOAT = r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?"
_DATE_FORMATS = {"date8": ("[0-9]{8}", "%Y%m%d"), "ts14": ("[0-9]{14}", "%Y%m%d%H%M%S")}
VALUE_CHARS = 200
"""The quarantine keeps at most this many characters of a bad value."""


def lit(text: str) -> str:
    """``text`` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _number(value: float) -> str:
    return f"{value:g}".replace("-", "−")


def problem(field: str, reason_sql: str, value_sql: str) -> str:
    return (
        f"{{'field': {lit(field)}, 'reason': {reason_sql}, "
        f"'value': left({value_sql}, {VALUE_CHARS})}}"
    )


def _format_ok(col: Column, v: str) -> tuple[str, str] | None:
    """(the SQL test a non-empty value must pass, the reason when it fails), or None for text."""
    if col.kind in ("int", "bigint"):
        sql_type = "BIGINT" if col.kind == "bigint" else "INTEGER"
        return (f"regexp_full_match({v}, '{_INT}') AND TRY_CAST({v} AS {sql_type}) IS NOT NULL",
                "not an integer")  # fmt: skip
    if col.kind == "float":
        return (f"regexp_full_match({v}, '{_FLOAT}') AND isfinite(TRY_CAST({v} AS DOUBLE))",
                "not a number")  # fmt: skip
    if col.kind == "flag":
        return f"{v} IN ('0', '1')", "not 0 or 1"
    if col.kind in _DATE_FORMATS:
        pattern, fmt = _DATE_FORMATS[col.kind]
        what = "YYYYMMDD" if col.kind == "date8" else "and time YYYYMMDDHHMMSS"
        return (f"regexp_full_match({v}, '{pattern}') AND TRY_STRPTIME({v}, '{fmt}') IS NOT NULL",
                f"not a real date {what}")  # fmt: skip
    if col.kind == "code" and col.pattern:
        return f"regexp_full_match({v}, '{col.pattern}')", f"not {col.pattern_says}"
    return None


def _range(col: Column, v: str) -> tuple[str, str] | None:
    if col.low is None and col.high is None:
        return None
    number = f"TRY_CAST({v} AS DOUBLE)"
    tests = []
    if col.low is not None:
        tests.append(f"{number} >= {col.low}")
    if col.high is not None:
        tests.append(f"{number} <= {col.high}")
    if col.high is None:
        says = "negative" if col.low == 0 else f"below {_number(col.low or 0)}"
    elif col.low is None:
        says = f"above {_number(col.high)}"
    else:
        says = f"outside {_number(col.low)}…{_number(col.high)}"
    return " AND ".join(tests), says


def check_sql(col: Column, v: str) -> str:
    """The problem of the value ``v`` (an SQL expression, text, '' when empty), or NULL."""
    parts = [f"WHEN {v} = '' THEN " + (problem(col.gdelt, "'missing'", v) if col.required
                                          else "NULL")]  # fmt: skip
    if col.max_bytes:
        says = lit(f"longer than {col.max_bytes:,} bytes (a key of the store's index)")
        parts.append(f"WHEN strlen({v}) > {col.max_bytes} THEN {problem(col.gdelt, says, v)}")
    fmt = _format_ok(col, v)
    if fmt:
        parts.append(f"WHEN NOT ({fmt[0]}) THEN {problem(col.gdelt, lit(fmt[1]), v)}")
    bounds = _range(col, v)
    if bounds:
        parts.append(f"WHEN NOT ({bounds[0]}) THEN {problem(col.gdelt, lit(bounds[1]), v)}")
    if len(parts) == 1 and not col.required:
        return "NULL"
    return "CASE " + " ".join(parts) + " END"


def typed_sql(col: Column, v: str) -> str:
    """The value ``v`` in the column's store type (NULL when empty or when it fails its check)."""
    empty = f"NULLIF({v}, '')"
    if col.kind in ("text", "code"):
        return empty
    if col.kind == "flag":
        return f"CASE {v} WHEN '1' THEN true WHEN '0' THEN false END"
    if col.kind in _DATE_FORMATS:
        _, fmt = _DATE_FORMATS[col.kind]
        parsed = f"TRY_STRPTIME({empty}, '{fmt}')"
        return f"TRY_CAST({empty} AS INTEGER)" if col.kind == "date8" else parsed
    return f"TRY_CAST({empty} AS {col.sql_type})"


def cross_checks(kind: FileKind, value: dict[str, str]) -> list[str]:
    """Checks between columns: an event's code and base code begin with its root code
    (``value`` gives each GDELT column's text expression)."""
    if kind != "events":
        return []
    root = value["EventRootCode"]
    found = []
    for name in ("EventCode", "EventBaseCode"):
        code = value[name]
        reason = f"'does not begin with its root code ' || {root}"
        found.append(
            f"CASE WHEN regexp_full_match({code}, '[0-9]{{2,4}}') "
            f"AND regexp_full_match({root}, '[0-9]{{2}}') AND NOT starts_with({code}, {root}) "
            f"THEN {problem(name, reason, code)} END"
        )
    return found
