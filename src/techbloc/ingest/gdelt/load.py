"""Writing a staged run to the store: one transaction for all its files.

Rows with a problem go to ``news_quarantine`` (one row per problem), as do later copies of a key
within one file ("duplicate of row N"). A key already in the store, or in an earlier file of the
run, is skipped and counted as already stored: re-running files changes nothing. Events get their
mapped country codes and their domain tag by joins on the run's temporary tables.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from techbloc.ingest.gdelt.layout import KEYS, LAYOUTS, FileKind
from techbloc.ingest.gdelt.stage import StagedFile


@dataclass
class FileCounts:
    rows_read: int = 0
    rows_kept: int = 0
    rows_rejected: int = 0
    rows_already_stored: int = 0


_DOMAIN = """
    CASE WHEN u.text IS NOT NULL THEN u.{c} WHEN n1.text IS NOT NULL THEN n1.{c}
         ELSE n2.{c} END"""

_EVENT_EXTRAS = {
    "event_date": "s.event_date",
    "actor1_actor_code": "m1.actor_code",
    "actor2_actor_code": "m2.actor_code",
    "actor1_geo_actor_code": "g1.actor_code",
    "actor2_geo_actor_code": "g2.actor_code",
    "action_geo_actor_code": "g3.actor_code",
    "domain_id": _DOMAIN.format(c="domain_id"),
    "domain_parent_id": _DOMAIN.format(c="domain_parent_id"),
    "domain_method": "CASE WHEN u.text IS NOT NULL THEN 'url' WHEN n1.text IS NOT NULL "
    "THEN 'actor1-name' WHEN n2.text IS NOT NULL THEN 'actor2-name' END",
    "domain_terms": _DOMAIN.format(c="terms"),
}
_EVENT_JOINS = """
    LEFT JOIN gdelt_cameo_map m1 ON m1.code = upper(s.actor1_country_code)
    LEFT JOIN gdelt_cameo_map m2 ON m2.code = upper(s.actor2_country_code)
    LEFT JOIN gdelt_fips_map g1 ON g1.code = upper(s.actor1_geo_country_code)
    LEFT JOIN gdelt_fips_map g2 ON g2.code = upper(s.actor2_geo_country_code)
    LEFT JOIN gdelt_fips_map g3 ON g3.code = upper(s.action_geo_country_code)
    LEFT JOIN gdelt_url_tags u ON u.text = s.source_url
    LEFT JOIN gdelt_name_tags n1 ON n1.text = s.actor1_name
    LEFT JOIN gdelt_name_tags n2 ON n2.text = s.actor2_name"""


def classify(con: duckdb.DuckDBPyConnection, kind: FileKind) -> None:
    """``gdelt_sorted_<kind>`` (file_no, source_row, action, first_row): each good staged row's
    action — insert | stored | duplicate — and for a duplicate the row of the first copy in its
    file. Hash aggregates and joins, no window: the files can be large."""
    keys = ", ".join(KEYS[kind])
    table = "news_events" if kind == "events" else "news_mentions"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE gdelt_sorted_{kind} AS
        WITH good AS (
            SELECT file_no, source_row, {keys} FROM gdelt_stage_{kind} WHERE len(problems) = 0),
        per_file AS (
            SELECT file_no, {keys}, min(source_row) AS first_row FROM good GROUP BY ALL),
        per_run AS (SELECT {keys}, min(file_no) AS first_file FROM per_file GROUP BY ALL),
        stored AS (SELECT {keys}, true AS is_stored FROM {table}
                   WHERE global_event_id IN (SELECT global_event_id FROM good))
        SELECT g.file_no, g.source_row, f.first_row,
               CASE WHEN g.source_row > f.first_row THEN 'duplicate'
                    WHEN g.file_no > r.first_file OR t.is_stored THEN 'stored'
                    ELSE 'insert' END AS action
        FROM good g JOIN per_file f USING (file_no, {keys}) JOIN per_run r USING ({keys})
        LEFT JOIN stored t USING ({keys})""")  # noqa: S608 - names from the layout


def file_counts(con: duckdb.DuckDBPyConnection, staged: list[StagedFile]) -> dict[int, FileCounts]:
    """Per file number: rows read, kept, rejected (distinct rows quarantined), already stored."""
    counts = {s.file_no: FileCounts(rows_read=s.rows_read) for s in staged}
    for kind in LAYOUTS:
        for file_no, kept, stored in con.execute(
            f"SELECT file_no, count(*) FILTER (WHERE action = 'insert'), "
            f"count(*) FILTER (WHERE action = 'stored') FROM gdelt_sorted_{kind} GROUP BY file_no"
        ).fetchall():
            counts[int(file_no)].rows_kept += int(kept)
            counts[int(file_no)].rows_already_stored += int(stored)
    for file_no, rejected in con.execute(_REJECTED_ROWS).fetchall():
        counts[int(file_no)].rows_rejected += int(rejected)
    return counts


_REJECTED_ROWS = """
    SELECT file_no, count(DISTINCT source_row) FROM (
        SELECT file_no, source_row FROM gdelt_stage_events WHERE len(problems) > 0
        UNION ALL SELECT file_no, source_row FROM gdelt_stage_mentions WHERE len(problems) > 0
        UNION ALL SELECT file_no, source_row FROM gdelt_sorted_events WHERE action = 'duplicate'
        UNION ALL SELECT file_no, source_row FROM gdelt_sorted_mentions
                  WHERE action = 'duplicate'
        UNION ALL SELECT file_no, source_row FROM gdelt_stage_rejects)
    GROUP BY file_no"""


def insert_rows(con: duckdb.DuckDBPyConnection, kind: FileKind) -> None:
    """The staged rows marked insert, into news_events or news_mentions."""
    layout = LAYOUTS[kind]
    names = [c.store for c in layout]
    values = [f"s.{c.store}" for c in layout]
    joins = ""
    if kind == "events":
        names += list(_EVENT_EXTRAS)
        values += list(_EVENT_EXTRAS.values())
        joins = _EVENT_JOINS
    table = "news_events" if kind == "events" else "news_mentions"
    con.execute(
        f"INSERT INTO {table} ({', '.join(names)}, import_id, source_row) "
        f"SELECT {', '.join(values)}, f.import_id, s.source_row FROM gdelt_stage_{kind} s "
        f"JOIN gdelt_sorted_{kind} k USING (file_no, source_row) "
        f"JOIN gdelt_file_ids f USING (file_no) {joins} WHERE k.action = 'insert'"
    )


def insert_quarantine(con: duckdb.DuckDBPyConnection) -> None:
    """Every problem of the run's files, with the file's import id and location."""
    con.execute("""
        INSERT INTO news_quarantine
        SELECT f.import_id, f.source_location, q.source_row, q.field, q.reason, q.value
        FROM (
            SELECT file_no, source_row, p.field, p.reason, p.value FROM (
                SELECT file_no, source_row, unnest(problems) AS p FROM gdelt_stage_events
                WHERE len(problems) > 0
                UNION ALL
                SELECT file_no, source_row, unnest(problems) AS p FROM gdelt_stage_mentions
                WHERE len(problems) > 0)
            UNION ALL
            SELECT file_no, source_row, 'GLOBALEVENTID',
                   'duplicate of row ' || first_row || ' of this file',
                   CAST(global_event_id AS VARCHAR)
            FROM gdelt_sorted_events JOIN gdelt_stage_events USING (file_no, source_row)
            WHERE action = 'duplicate'
            UNION ALL
            SELECT file_no, source_row, NULL,
                   'duplicate of row ' || first_row || ' of this file (same event, document, '
                   || 'sentence and offsets)', CAST(global_event_id AS VARCHAR)
            FROM gdelt_sorted_mentions JOIN gdelt_stage_mentions USING (file_no, source_row)
            WHERE action = 'duplicate'
            UNION ALL
            SELECT file_no, source_row, field, reason, value FROM gdelt_stage_rejects) q
        JOIN gdelt_file_ids f USING (file_no)""")
