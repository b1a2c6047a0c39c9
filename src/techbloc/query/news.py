"""What the imported GDELT news events hold: the daily counts the early warning reads
(view ``news_event_counts``), lists of events, import statistics and the quarantine."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from techbloc.errors import InvalidArgument
from techbloc.query.resolve import resolve_actor, resolve_term
from techbloc.query.rows import Row

QUAD_CLASSES: dict[int, tuple[str, str]] = {
    1: ("verbal cooperation", "口头合作"),
    2: ("material cooperation", "物质合作"),
    3: ("verbal conflict", "口头冲突"),
    4: ("material conflict", "物质冲突"),
}
"""GDELT's QuadClass (CAMEO's four primary classes), labelled in English and Chinese."""


class NewsFilter:
    """The WHERE clause and parameters of the common filters (dates, countries, domain, class)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.where: list[str] = ["TRUE"]
        self.params: dict[str, Any] = {}

    def dates(self, since: dt.date | None, until: dt.date | None) -> NewsFilter:
        if since and until and since > until:
            raise InvalidArgument(f"--since {since} is after --until {until}")
        if since:
            self.where.append("event_date >= $since")
            self.params["since"] = since
        if until:
            self.where.append("event_date <= $until")
            self.params["until"] = until
        return self

    def actor(self, column: str, typed: str | None) -> NewsFilter:
        if typed:
            self.params[column] = resolve_actor(self.con, typed)
            self.where.append(f"{column} = ${column}")
        return self

    def country(self, typed: str | None) -> NewsFilter:
        """Either actor is the country."""
        if typed:
            self.params["country"] = resolve_actor(self.con, typed)
            self.where.append("(actor1_actor_code = $country OR actor2_actor_code = $country)")
        return self

    def domain(self, typed: str | None) -> NewsFilter:
        """A leaf domain, or a top-level domain with all its leaves and the events naming only
        it."""
        if typed:
            self.params["domain"] = resolve_term(self.con, "domains", "domain_id", typed)
            self.where.append("(domain_id = $domain OR domain_parent_id = $domain)")
        return self

    def quad_class(self, value: int | None) -> NewsFilter:
        if value is not None:
            if value not in QUAD_CLASSES:
                raise InvalidArgument(f"QuadClass is 1–4, not {value}",
                                      hint="1 verbal cooperation, 2 material cooperation, "
                                      "3 verbal conflict, 4 material conflict")  # fmt: skip
            self.where.append("quad_class = $quad")
            self.params["quad"] = value
        return self

    def root_code(self, value: str | None) -> NewsFilter:
        if value:
            code = value.strip().zfill(2)
            self.where.append("event_root_code = $root")
            self.params["root"] = code
        return self

    @property
    def sql(self) -> str:
        return " AND ".join(self.where)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None = None) -> (
    list[Row]
):  # fmt: skip
    cursor = con.execute(sql, params or {})
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def news_event_counts(
    con: duckdb.DuckDBPyConnection,
    since: dt.date | None = None,
    until: dt.date | None = None,
    actor1: str | None = None,
    actor2: str | None = None,
    domain: str | None = None,
    quad_class: int | None = None,
    root_code: str | None = None,
) -> list[Row]:
    """Rows of the view ``news_event_counts`` (day × actor1 × actor2 × domain × QuadClass ×
    EventRootCode: events, mentions, mean Goldstein, mean tone), filtered."""
    f = (NewsFilter(con).dates(since, until).actor("actor1_actor_code", actor1)
         .actor("actor2_actor_code", actor2).domain(domain).quad_class(quad_class)
         .root_code(root_code))  # fmt: skip
    return _rows(
        con,
        f"SELECT * FROM news_event_counts WHERE {f.sql} ORDER BY event_date, actor1_actor_code "
        "NULLS LAST, actor2_actor_code NULLS LAST, domain_parent_id NULLS LAST, domain_id "
        "NULLS LAST, quad_class, event_root_code",
        f.params,
    )


def list_news_events(
    con: duckdb.DuckDBPyConnection,
    since: dt.date | None = None,
    until: dt.date | None = None,
    country: str | None = None,
    domain: str | None = None,
    quad_class: int | None = None,
    limit: int = 50,
) -> list[Row]:
    """Imported events, newest first, with their mapped countries, domain and source URL."""
    if limit < 1:
        raise InvalidArgument(f"--limit must be at least 1, not {limit}")
    f = NewsFilter(con).dates(since, until).country(country).domain(domain).quad_class(quad_class)
    return _rows(
        con,
        f"""SELECT global_event_id, event_date, actor1_country_code, actor1_actor_code,
                   actor1_name, actor2_country_code, actor2_actor_code, actor2_name, event_code,
                   event_root_code, quad_class, goldstein_scale, num_mentions, avg_tone,
                   action_geo_country_code, action_geo_actor_code, domain_id, domain_parent_id,
                   domain_method, domain_terms, source_url,
                   (SELECT count(*) FROM news_mentions m
                    WHERE m.global_event_id = e.global_event_id) AS mentions_stored
            FROM news_events e WHERE {f.sql}
            ORDER BY event_date DESC, global_event_id DESC LIMIT {int(limit)}""",
        f.params,
    )


def news_stats(con: duckdb.DuckDBPyConnection, top: int = 15) -> Row:
    """The imports, totals, and events by day, country, domain and class; the country codes that
    map to no actor; the quarantine's reasons."""
    totals = _rows(
        con,
        """
        SELECT (SELECT count(*) FROM news_events) AS events,
               (SELECT count(*) FROM news_mentions) AS mentions,
               (SELECT count(DISTINCT (import_id, source_row)) FROM news_quarantine)
                   AS quarantined_rows,
               (SELECT min(event_date) FROM news_events) AS first_day,
               (SELECT max(event_date) FROM news_events) AS last_day,
               (SELECT count(*) FROM news_events WHERE domain_id IS NOT NULL) AS with_leaf_domain,
               (SELECT count(*) FROM news_events WHERE domain_id IS NULL
                   AND domain_parent_id IS NOT NULL) AS with_parent_domain_only""",
    )[0]
    return {
        "totals": totals,
        "imports": _rows(con, "SELECT * FROM news_imports ORDER BY import_id"),
        "by_day": _rows(
            con,
            f"""
            SELECT event_date, count(*) AS events, sum(num_mentions) AS num_mentions,
                   count(*) FILTER (WHERE quad_class >= 3) AS conflict_events
            FROM news_events GROUP BY event_date ORDER BY event_date DESC LIMIT {int(top)}""",
        ),
        "by_country": _rows(
            con,
            f"""
            SELECT c AS actor_code, a.name_en, a.name_zh, count(*) AS events,
                   count(*) FILTER (WHERE side = 1) AS as_actor1,
                   count(*) FILTER (WHERE side = 2) AS as_actor2
            FROM (SELECT actor1_actor_code AS c, 1 AS side FROM news_events
                  UNION ALL SELECT actor2_actor_code, 2 FROM news_events) x
            LEFT JOIN actors a ON a.actor_code = x.c
            WHERE c IS NOT NULL GROUP BY ALL ORDER BY events DESC, actor_code LIMIT {int(top)}""",
        ),
        "by_domain": _rows(
            con,
            """
            SELECT e.domain_parent_id, e.domain_id, d.name_en, d.name_zh, count(*) AS events,
                   count(*) FILTER (WHERE e.domain_method = 'url') AS from_url,
                   count(*) FILTER (WHERE e.domain_method <> 'url') AS from_actor_names
            FROM news_events e LEFT JOIN domains d
                 ON d.domain_id = coalesce(e.domain_id, e.domain_parent_id)
            GROUP BY ALL ORDER BY e.domain_parent_id NULLS LAST, e.domain_id NULLS FIRST""",
        ),
        "by_quad_class": [
            {
                **r,
                "label_en": QUAD_CLASSES[r["quad_class"]][0],
                "label_zh": QUAD_CLASSES[r["quad_class"]][1],
            }
            for r in _rows(
                con,
                "SELECT quad_class, count(*) AS events FROM news_events "
                "GROUP BY quad_class ORDER BY quad_class",
            )
        ],  # fmt: skip
        "unmapped_codes": _rows(
            con,
            f"""
            SELECT code_system, code, count(*) AS events FROM (
                SELECT 'CAMEO' AS code_system, actor1_country_code AS code FROM news_events
                WHERE actor1_country_code IS NOT NULL AND actor1_actor_code IS NULL
                UNION ALL SELECT 'CAMEO', actor2_country_code FROM news_events
                WHERE actor2_country_code IS NOT NULL AND actor2_actor_code IS NULL
                UNION ALL SELECT 'FIPS 10-4', action_geo_country_code FROM news_events
                WHERE action_geo_country_code IS NOT NULL AND action_geo_actor_code IS NULL)
            GROUP BY ALL ORDER BY events DESC, code LIMIT {int(top)}""",
        ),
        "quarantine_reasons": _rows(
            con,
            """
            SELECT coalesce(field, '(row)') AS field, reason, count(*) AS problems
            FROM news_quarantine GROUP BY ALL ORDER BY problems DESC, field, reason""",
        ),
    }


def news_quarantine(con: duckdb.DuckDBPyConnection, limit: int = 50) -> list[Row]:
    """The quarantined problems, latest import first, by row."""
    if limit < 1:
        raise InvalidArgument(f"--limit must be at least 1, not {limit}")
    return _rows(
        con,
        "SELECT import_id, source_location, source_row, field, reason, value FROM news_quarantine "
        f"ORDER BY import_id DESC, source_row, field NULLS FIRST LIMIT {int(limit)}",
    )
