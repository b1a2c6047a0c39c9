"""Counts of what the store holds, for `techbloc stats` and the closing checks."""

from __future__ import annotations

import duckdb

from techbloc.query.rows import Row, fetch


def store_stats(con: duckdb.DuckDBPyConnection) -> Row:
    """How many alliances, memberships, measures, domains ... the store holds, and its build."""
    one = fetch(
        con,
        """SELECT
            (SELECT count(*) FROM alliances) AS alliances,
            (SELECT count(*) FROM memberships) AS memberships,
            (SELECT count(*) FROM measures) AS measures,
            (SELECT count(*) FROM domains) AS domains,
            (SELECT count(*) FROM domains d WHERE NOT EXISTS
                (SELECT 1 FROM domains c WHERE c.parent_id = d.domain_id)) AS leaf_domains,
            (SELECT count(*) FROM actors) AS actors,
            (SELECT count(DISTINCT actor_code) FROM country_attributes)
                AS economies_with_attributes,
            (SELECT count(*) FROM country_attributes) AS attribute_values,
            (SELECT count(*) FROM sources) AS sources""",
    )[0]
    one["alliances_by_kind"] = {
        r["kind"]: r["n"]
        for r in fetch(con, "SELECT kind, count(*) AS n FROM alliances GROUP BY kind ORDER BY kind")
    }
    one["measures_by_direction"] = {
        r["direction"]: r["n"]
        for r in fetch(
            con, "SELECT direction, count(*) AS n FROM measures GROUP BY direction ORDER BY 1"
        )
    }
    one["measures_by_year"] = {
        str(r["year"]): r["n"]
        for r in fetch(
            con,
            "SELECT year(measure_date) AS year, count(*) AS n FROM measures GROUP BY 1 ORDER BY 1",
        )
    }
    meta = {r["key"]: r["value"] for r in fetch(con, "SELECT key, value FROM store_meta")}
    one["kb_hash"] = meta.get("kb_hash")
    one["kb_built_at"] = meta.get("kb_built_at")
    return one
