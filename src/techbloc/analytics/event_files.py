"""News events in GDELT 2.0's event layout as an Ibis table on an engine: from a file, or from the
events ``techbloc import gdelt`` put in the store (:func:`store_events`).

The file is Parquet, or CSV with a header row (comma or tab separated). It holds GDELT 2.0 event
columns under their real names — the ones the event-pressure indicator reads are
:data:`EVENT_COLUMNS` — plus ``domain_id``, the techbloc technology domain that the importer's
tagger gives an event. **GDELT has no such field**: the events are tagged by techbloc (a leaf
domain id of the knowledge base, or empty for an event about no technology domain). Other GDELT
columns may be present and are not read.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
import ibis.expr.types as ir

from techbloc.analytics.engine import AnalyticsEngine
from techbloc.errors import InvalidArgument, NotFound

EVENT_COLUMNS: dict[str, str] = {
    "GLOBALEVENTID": "int64",
    "SQLDATE": "int64",
    "Actor1CountryCode": "string",
    "Actor2CountryCode": "string",
    "EventCode": "string",
    "EventRootCode": "string",
    "QuadClass": "int64",
    "GoldsteinScale": "float64",
    "NumMentions": "int64",
    "NumSources": "int64",
    "AvgTone": "float64",
    "domain_id": "string",
}
"""The columns read, with their Ibis types (GDELT's types; CAMEO codes stay text, as the GDELT
codebook asks, so that '010' keeps its leading zero)."""

_DUCKDB_TYPES = {"int64": "BIGINT", "string": "VARCHAR", "float64": "DOUBLE"}


def open_events(engine: AnalyticsEngine, path: str | Path) -> ir.Table:
    """The file's events, :data:`EVENT_COLUMNS` cast to their types. A CSV file is first written
    to a temporary Parquet file (kept for the process's life, as Spark reads lazily)."""
    source = Path(path)
    if not source.is_file():
        raise NotFound(f"no events file {source}", hint="give a Parquet or CSV file")
    suffix = source.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        source = _csv_to_parquet(source)
    elif suffix != ".parquet":
        raise InvalidArgument(
            f"{source.name}: not a Parquet or CSV file", hint="name it .parquet or .csv"
        )
    try:
        table = engine.backend.read_parquet(str(source))
    except Exception as exc:  # the backends raise their own types for unreadable files
        raise InvalidArgument(f"{path}: cannot read it as Parquet ({exc})") from None
    _require_columns(path, list(table.columns))
    return table.select(**{name: table[name].cast(kind) for name, kind in EVENT_COLUMNS.items()})


def _require_columns(path: str | Path, columns: list[str]) -> None:
    missing = [name for name in EVENT_COLUMNS if name not in columns]
    if missing:
        raise InvalidArgument(
            f"{path} lacks the event columns {', '.join(missing)}",
            hint="GDELT 2.0 event column names (GLOBALEVENTID, SQLDATE, Actor1CountryCode …) "
            "and domain_id; see docs/methodology.md, 'Assessment: event pressure'",
        )


def _csv_to_parquet(source: Path) -> Path:
    con = duckdb.connect()
    try:
        try:
            header = con.read_csv(str(source), header=True).columns
        except duckdb.Error as exc:
            raise InvalidArgument(f"{source}: cannot read it as CSV ({exc})") from None
        _require_columns(source, header)
        types = {name: _DUCKDB_TYPES[kind] for name, kind in EVENT_COLUMNS.items()}
        target = Path(tempfile.mkdtemp(prefix="techbloc-events-")) / f"{source.stem}.parquet"
        try:
            con.read_csv(str(source), header=True, dtype=types).write_parquet(str(target))
        except duckdb.Error as exc:
            raise InvalidArgument(f"{source}: a value does not fit its column ({exc})") from None
        return target
    finally:
        con.close()


STORE_TABLE = "news_events"
"""The store's imported GDELT events (migration 0011); its columns are the GDELT columns under
snake_case names (techbloc.ingest.gdelt.layout)."""

_STORE_NAMES = {
    "GLOBALEVENTID": "global_event_id", "SQLDATE": "sql_date",
    "Actor1CountryCode": "actor1_country_code", "Actor2CountryCode": "actor2_country_code",
    "EventCode": "event_code", "EventRootCode": "event_root_code", "QuadClass": "quad_class",
    "GoldsteinScale": "goldstein_scale", "NumMentions": "num_mentions",
    "NumSources": "num_sources", "AvgTone": "avg_tone", "domain_id": "domain_id",
}  # fmt: skip


def store_events(engine: AnalyticsEngine) -> ir.Table:
    """The store's imported events (``news_events``) under the GDELT names of
    :data:`EVENT_COLUMNS`, so the indicator reads them as it reads a file. Actor country codes
    are GDELT's original CAMEO codes, mapped by the indicator as for a file."""
    if not engine.has_table(STORE_TABLE):
        raise NotFound(
            f"the {engine.name} engine has no table {STORE_TABLE}",
            hint="import GDELT 2.0 event files first: techbloc import gdelt FILES_OR_FOLDERS",
        )
    t = engine.table(STORE_TABLE)
    return t.select(
        **{name: t[_STORE_NAMES[name]].cast(kind) for name, kind in EVENT_COLUMNS.items()}
    )
