"""The Python API: one object over a store, with the same questions as the CLI.

>>> from techbloc import Techbloc
>>> tb = Techbloc.open()                      # --db / $TECHBLOC_DB / per-user default
>>> tb.alliances(at="1990-01-01", kind="blockade")
>>> tb.alliance("瓦森纳")["name_en"]
'Wassenaar Arrangement ...'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import duckdb

from techbloc.errors import NotFound
from techbloc.matching.bridge import NameBridge
from techbloc.matching.index import ScreeningIndex
from techbloc.matching.screen import DEFAULT_THRESHOLD, Hit, Query, explain, screen
from techbloc.query import memberships as membership_queries
from techbloc.query import overview
from techbloc.query.alignment import ALIGN_THRESHOLD, list_alignment
from techbloc.query.alliances import alliance_profile, list_alliances, sources_for
from techbloc.query.countries import country_profile, list_countries
from techbloc.query.listings import (
    entity_history,
    list_state_at,
    listing_counts,
    restricted_lists,
)
from techbloc.query.measures import list_measures
from techbloc.query.ownership import derived_listings
from techbloc.query.resolve import parse_date
from techbloc.query.rows import Row
from techbloc.query.stats import store_stats
from techbloc.query.taxonomy import domain_tree, vocabulary
from techbloc.settings import focal_country
from techbloc.store.connection import OpenedStore, open_store
from techbloc.store.location import resolve_db_path
from techbloc.warning.alert_queries import alert_detail, list_alerts, resolve_scope

if TYPE_CHECKING:  # the analytics import Ibis, which the other commands need not load
    import ibis.expr.types as ir

    from techbloc.analytics.coalitions import Coalition
    from techbloc.analytics.engine import AnalyticsEngine
    from techbloc.analytics.exposure import ExposureBy
    from techbloc.analytics.partners import PartnerWeights
    from techbloc.warning.model import Alert

DateLike = str | dt.date | None


class SharedCaches:
    """What a session builds once from the store (the screening index, the name bridge), shareable
    by the sessions of one process over the same store (the API server's requests); thread-safe.
    ``reset`` drops them when the store has changed."""

    def __init__(self) -> None:
        self.index: ScreeningIndex | None = None
        self.bridge: NameBridge | None = None
        self.lock = threading.Lock()

    def reset(self) -> None:
        with self.lock:
            self.index = None
            self.bridge = None


class Techbloc:
    """A read-only session over the store. Results are plain dicts and lists (JSON-ready)."""

    def __init__(self, opened: OpenedStore, caches: SharedCaches | None = None) -> None:
        self._opened = opened
        self.con = opened.con
        self.path = opened.path
        self.notices = opened.notices
        self._caches = caches or SharedCaches()

    @classmethod
    def open(cls, db: str | Path | None = None, build_if_missing: bool = True) -> Techbloc:
        """Open the store (building it from the knowledge base when it does not exist yet)."""
        return cls(open_store(resolve_db_path(db), build_if_missing=build_if_missing))

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Techbloc:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def export(self, out: str | Path | None = None) -> Row:
        """Write every table of the store as Parquet, with a manifest (``manifest.json``), to
        the new folder ``out`` (default ``./techbloc-export-<time>``)."""
        from techbloc.store.export import default_export_folder, export_store

        report = export_store(self.con, Path(out) if out else default_export_folder())
        return {"folder": str(report.folder), "tables": report.tables, "rows": report.rows,
                "bytes": report.bytes}  # fmt: skip

    @staticmethod
    def restore(folder: str | Path, db: str | Path | None = None, force: bool = False) -> Row:
        """Rebuild the store at ``db`` (the usual store by default) from an export folder: the
        files are checked against the manifest first, the store is built aside and swapped in
        at once; an existing store is replaced only with ``force``."""
        from techbloc.store.restore import restore_store

        report = restore_store(Path(folder), resolve_db_path(db), force)
        return {
            "db": str(report.db_path), "tables": report.tables, "rows": report.rows,
            "replaced": report.replaced, "migrations_after": report.migrations_after,
        }  # fmt: skip

    def alliances(
        self,
        at: DateLike = None,
        kind: str | None = None,
        domain: str | None = None,
        stage: str | None = None,
        member: str | None = None,
    ) -> list[Row]:
        return list_alliances(self.con, at=at, kind=kind, domain=domain, stage=stage, member=member)

    def alliance(self, name: str, at: DateLike = None) -> Row:
        return alliance_profile(self.con, name, at=at)

    def country(self, name: str, at: DateLike = None) -> Row:
        return country_profile(self.con, name, at=at)

    def measures(
        self,
        since: DateLike = None,
        until: DateLike = None,
        domain: str | None = None,
        instrument: str | None = None,
        direction: str | None = None,
        actor: str | None = None,
        target: str | None = None,
        alliance: str | None = None,
        limit: int | None = None,
        with_sources: bool = False,
    ) -> list[Row]:
        return list_measures(
            self.con, since=since, until=until, domain=domain, instrument=instrument,
            direction=direction, actor=actor, target=target, alliance=alliance, limit=limit,
            with_sources=with_sources,
        )  # fmt: skip

    def stats(self) -> Row:
        return store_stats(self.con)

    def memberships(
        self,
        at: DateLike = None,
        alliance: str | None = None,
        country: str | None = None,
        kind: str | None = None,
    ) -> list[Row]:
        """Counted memberships (founding, member, partner) in force on ``at``, with sources."""
        return membership_queries.memberships_at(self.con, at, alliance, country, kind)

    def membership_changes(
        self,
        since: DateLike,
        until: DateLike = None,
        alliance: str | None = None,
        country: str | None = None,
        kind: str | None = None,
    ) -> list[Row]:
        """Joins and departures between two dates (both inclusive), oldest first."""
        return membership_queries.membership_changes(
            self.con, since, until, alliance, country, kind
        )

    def membership_map(self, at: DateLike = None, kind: str | None = None) -> Row:
        """Each country's alliances on ``at`` (for a world map)."""
        return membership_queries.alliances_by_country(self.con, at, kind)

    def countries(self, at: DateLike = None, region: str | None = None) -> list[Row]:
        """Every actor with its names and the number of alliances it belongs to on ``at``."""
        return list_countries(self.con, at, region)

    def domains(self) -> list[Row]:
        """The technology-domain tree (top-level domains with their children)."""
        return domain_tree(self.con)

    def vocabulary(self, name: str) -> list[Row]:
        """Stages, instruments or dimensions with their en/zh names."""
        return vocabulary(self.con, name)

    def measure_timeline(
        self,
        since: DateLike = None,
        until: DateLike = None,
        period: str = "year",
        domain: str | None = None,
        actor: str | None = None,
        target: str | None = None,
        alliance: str | None = None,
        instrument: str | None = None,
    ) -> list[Row]:
        """Measures per period and direction (count, summed severity, ids)."""
        return overview.measure_timeline(
            self.con, since, until, period, domain, actor, target, alliance, instrument
        )

    def domain_alliance_matrix(
        self, at: DateLike = None, kind: str | None = None, level: str = "top"
    ) -> Row:
        """Alliances × technology domains on ``at``: declared coverage and measures per cell."""
        return overview.domain_alliance_matrix(self.con, at, kind, level)

    def restricted_lists(self) -> list[Row]:
        """The imported restricted-party lists with their entity counts."""
        return restricted_lists(self.con)

    def listings(
        self,
        by: list[str],
        country: str | None = None,
        list_id: str | None = None,
        active_only: bool = True,
        domain: str | None = None,
    ) -> list[Row]:
        """Listed entities counted by year, list, country and/or technology domain."""
        return listing_counts(self.con, by, country, list_id, active_only, domain)

    def listed(self, list_id: str, at: DateLike = None) -> list[Row]:
        """The entities on an imported list on a date."""
        return list_state_at(self.con, list_id, at)

    def listing_history(self, entity_id: str) -> Row:
        """One listed entity with its added / changed / removed events."""
        return entity_history(self.con, entity_id)

    def alignment(
        self,
        lists: list[str] | None = None,
        country: str | None = None,
        threshold: float = ALIGN_THRESHOLD,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> Row:
        """Organisations held by several imported lists, and per pair of lists who listed first
        and the median lag in days."""
        return list_alignment(self.con, lists, country, threshold, on_progress)

    def derived_listings(self, list_id: str | None = None, at: DateLike = None) -> Row:
        """Entities that inherit a list under the 50 % rule: owned 50 % or more, in the
        aggregate, directly or indirectly, by parties on the list (ownership links in force on
        ``at``, default today), each with its owners and chains of ownership."""
        return derived_listings(self.con, list_id, at)

    def screening_index(self) -> ScreeningIndex:
        """The index of every name and alias of the imported lists (built once per session)."""
        with self._caches.lock:
            if self._caches.index is None:
                self._caches.index = ScreeningIndex.from_store(self.con)
            return self._caches.index

    def name_bridge(self) -> NameBridge:
        """The bilingual organisation names of the knowledge base (built once per session)."""
        with self._caches.lock:
            if self._caches.bridge is None:
                self._caches.bridge = NameBridge.from_store(self.con)
            return self._caches.bridge

    def screen(
        self,
        name: str,
        country: str | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        limit: int = 5,
        index: ScreeningIndex | None = None,
    ) -> list[Hit]:
        """Restricted-party hits for one organisation name, best first, each explained."""
        query = Query(name, country.upper() if country else None)
        return screen(index or self.screening_index(), query, threshold, limit, self.name_bridge())

    def screen_csv(
        self,
        path: str | Path,
        column: str = "name",
        country_column: str | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        limit: int = 5,
        workers: int = 1,
    ) -> list[Row]:
        """Screen a CSV column of names (as ``techbloc screen FILE.csv --json``): per name its
        row, country and hits, each hit with its explanation."""
        from techbloc.matching.batch import screen_file

        results = screen_file(
            self.screening_index(), Path(path), column, country_column, threshold, limit,
            bridge=self.name_bridge(), workers=workers,
        )  # fmt: skip
        return [
            {"query": q.text, "country": q.country, "row": q.row,
             "hits": [{**dataclasses.asdict(h), "why": explain(h)} for h in hits]}
            for q, hits in results
        ]  # fmt: skip

    # Assessment indicators: comprehensiveness, COCOM vs today, shift, containment pressure.
    # ``engine`` is "duckdb" (the store itself) or "spark" (its tables on a local Spark session).
    # Imported when asked: Ibis adds a tenth of a second to every other command otherwise.

    def assess_comprehensiveness(
        self,
        at: DateLike = None,
        alliance: str | None = None,
        kind: str | None = None,
        focal: str | None = None,
        engine: str = "duckdb",
    ) -> Row:
        from techbloc.analytics.assess_core import open_engine, run_comprehensiveness

        return run_comprehensiveness(open_engine(self.con, engine), self.con, at, alliance, kind,
                                     focal)  # fmt: skip

    def assess_cocom_vs_today(
        self,
        then: DateLike = None,
        now: DateLike = None,
        focal: str | None = None,
        engine: str = "duckdb",
    ) -> Row:
        from techbloc.analytics.assess_core import open_engine, run_cocom_vs_today

        return run_cocom_vs_today(open_engine(self.con, engine), then, now, focal)

    def assess_shift(
        self,
        year_from: int | None = None,
        year_to: int | None = None,
        by: str = "scope",
        focal: str | None = None,
        engine: str = "duckdb",
    ) -> Row:
        from techbloc.analytics.assess_core import open_engine, run_shift

        return run_shift(open_engine(self.con, engine), year_from, year_to, by, focal)

    def assess_pressure(
        self,
        at: DateLike = None,
        year_from: int | None = None,
        year_to: int | None = None,
        domain: str | None = None,
        half_life: float = 3.0,
        focal: str | None = None,
        weights: dict[str, float] | None = None,
        window_days: int = 365,
        top: int = 3,
        engine: str = "duckdb",
    ) -> Row:
        """Containment pressure per technology domain; ``weights`` may set ``measures``,
        ``listings`` and ``documents`` (docs/methodology.md)."""
        from techbloc.analytics.assess_core import open_engine, run_pressure
        from techbloc.analytics.pressure import PressureWeights

        return run_pressure(
            open_engine(self.con, engine), self.con, at, year_from, year_to, domain, half_life,
            focal, PressureWeights(**(weights or {})), window_days, top,
        )  # fmt: skip

    def search_documents(
        self,
        query: str,
        domain: str | None = None,
        alliance: str | None = None,
        since: DateLike = None,
        language: str | None = None,
        limit: int = 20,
    ) -> list[Row]:
        """Documents matching a query in Chinese, English or both, best first, each with its best
        passage (words marked «…»); filters as for :meth:`documents`."""
        from techbloc.documents.search import search_documents

        return search_documents(
            self.con, query, domain=domain, alliance=alliance, since=since, language=language,
            limit=limit,
        )  # fmt: skip

    def search_documents_page(
        self,
        query: str,
        domain: str | None = None,
        alliance: str | None = None,
        since: DateLike = None,
        language: str | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> tuple[list[Row], int]:
        """One page of :meth:`search_documents` and the number of matching documents (counted up
        to 1,000)."""
        from techbloc.documents.search import search_page

        return search_page(
            self.con, query, domain=domain, alliance=alliance, since=since, language=language,
            limit=limit, offset=offset,
        )  # fmt: skip

    def documents(
        self,
        domain: str | None = None,
        alliance: str | None = None,
        since: DateLike = None,
        language: str | None = None,
        limit: int | None = 50,
    ) -> list[Row]:
        """The documents in the store, newest first."""
        from techbloc.documents.browse import list_documents

        return list_documents(
            self.con, domain=domain, alliance=alliance, since=since, language=language,
            limit=limit,
        )  # fmt: skip

    def document(self, doc_id: str) -> Row:
        """One document: metadata, blocks, mentions by type, stances, event dates."""
        from techbloc.documents.browse import document_detail

        return document_detail(self.con, doc_id)

    def sources(self, source_ids: list[str]) -> list[Row]:
        """The cited sources (publisher, title, date, URL) of the given ids, in that order; ids
        the store does not hold are left out."""
        return sources_for(self.con, list(dict.fromkeys(source_ids)))

    def tag_file(self, path: str | Path) -> list[Row]:
        """Tag a document file without storing it: for each document the file holds (a Federal
        Register search response holds several), what was read and everything the tagger found,
        by the knowledge base in this store."""
        from techbloc.documents.extract import read_file
        from techbloc.documents.tagging import TAGGER_VERSION, DocumentTagger

        file = Path(path).expanduser()
        if not file.is_file():
            raise NotFound(f"no such file: {path}", hint="give the path of a document file")
        tagger = DocumentTagger.from_store(self.con)
        results: list[Row] = []
        for item in read_file(file, location=str(file)):
            doc = item.document
            tags = tagger.tag(doc.text, doc.blocks)
            results.append(
                {
                    "file": str(file), "doc_id": doc.doc_id, "title": doc.title,
                    "language": doc.language, "published": doc.published, "format": doc.format,
                    "pages": doc.pages, "chars": len(doc.text), "tagger_version": TAGGER_VERSION,
                    **tags.to_json(),
                }
            )  # fmt: skip
        return results

    # -- assessment: structure of the alliance system (docs/methodology.md, "Assessment: …") --
    def analytics_engine(self) -> AnalyticsEngine:
        """The store's tables on DuckDB as an analytics engine."""
        from techbloc.analytics.engine import duckdb_engine

        return duckdb_engine(self.con)

    def trajectory(
        self,
        at: DateLike = None,
        alliances: list[str] | None = None,
        from_year: int | None = None,
        to_year: int | None = None,
        engine: AnalyticsEngine | None = None,
    ) -> Row:
        """Trajectory profiles (rating, activity, combined score per dimension) of the named
        alliances, else of the nine recent US-led groupings; a yearly series with the years."""
        from techbloc.analytics import structure_report

        return structure_report.trajectory_report(
            self.con, engine or self.analytics_engine(), at, alliances, from_year, to_year
        )

    def cohesion(
        self,
        at: DateLike = None,
        alliances: list[str] | None = None,
        focal: str | None = None,
        from_year: int | None = None,
        to_year: int | None = None,
        engine: AnalyticsEngine | None = None,
    ) -> Row:
        """Cohesion and limits of alliances against the focal country: ties, lead measures not
        adopted, carve-outs and the cohesion score (blockade alliances by default)."""
        from techbloc.analytics import structure_report

        return structure_report.cohesion_report(
            self.con, engine or self.analytics_engine(), at, alliances, focal, from_year, to_year
        )

    def network(
        self,
        at: DateLike = None,
        focal: str | None = None,
        from_year: int | None = None,
        to_year: int | None = None,
        engine: AnalyticsEngine | None = None,
    ) -> Row:
        """The country-alliance network: nodes, edges, centrality, overlaps and bridges."""
        from techbloc.analytics import structure_report

        return structure_report.network_report(
            self.con, engine or self.analytics_engine(), at, focal, from_year, to_year
        )

    def partners(
        self,
        domains: list[str] | None = None,
        at: DateLike = None,
        focal: str | None = None,
        weights: PartnerWeights | str | None = None,
        from_year: int | None = None,
        to_year: int | None = None,
        engine: AnalyticsEngine | None = None,
    ) -> Row:
        """Partner candidates per technology domain, scored with visible weights."""
        if weights is None or isinstance(weights, str):
            from techbloc.analytics.partners import PartnerWeights

            weights = PartnerWeights.parse(weights)
        from techbloc.analytics import structure_report

        return structure_report.partners_report(
            self.con, engine or self.analytics_engine(), domains, at, focal, weights,
            from_year, to_year,
        )  # fmt: skip

    # ------------------------------------------------------------ supply chains (choke points)

    def _supply(
        self, at: DateLike, coalition: str | None, focal: str | None,
        engine: AnalyticsEngine | None,
    ) -> tuple[AnalyticsEngine, Coalition, dt.date, str]:  # fmt: skip
        from techbloc.analytics.coalitions import resolve_coalition
        from techbloc.analytics.engine import duckdb_engine
        from techbloc.analytics.supply_queries import require_supply_data

        require_supply_data(self.con)
        day = parse_date(at, "--at") or dt.date.today()
        return (
            engine or duckdb_engine(self.con),
            resolve_coalition(self.con, coalition),
            day,
            focal_country(focal),
        )

    def chokepoints(
        self,
        at: DateLike = None,
        coalition: str | None = None,
        focal: str | None = None,
        year: int | None = None,
        stage: str | None = None,
        top: int | None = None,
        engine: AnalyticsEngine | None = None,
    ) -> list[Row]:
        """Supply-chain inputs ranked by choke-point score against a coalition (default the
        blockade side) on ``at``: coalition, focal and outside shares, HHI, first backups."""
        from techbloc.analytics import supply_queries as sq

        eng, group, day, code = self._supply(at, coalition, focal, engine)
        stage_id = sq.resolve_stage(self.con, stage) if stage else None
        return sq.chokepoint_rows(eng, day, group, code, year, stage_id, top)

    def chokepoint_series(
        self,
        years: list[int],
        coalition: str | None = None,
        focal: str | None = None,
        stage: str | None = None,
        top: int | None = None,
        engine: AnalyticsEngine | None = None,
    ) -> list[Row]:
        """:meth:`chokepoints` for each year (coalition as of 31 December, data up to the year)."""
        from techbloc.analytics import supply_queries as sq

        eng, group, _, code = self._supply(None, coalition, focal, engine)
        stage_id = sq.resolve_stage(self.con, stage) if stage else None
        return sq.chokepoint_series_rows(eng, years, group, code, stage_id, top)

    def backups(
        self,
        input_name: str,
        at: DateLike = None,
        coalition: str | None = None,
        focal: str | None = None,
        year: int | None = None,
        engine: AnalyticsEngine | None = None,
    ) -> Row:
        """One input (id or name): its choke-point row and every supplier outside the coalition
        and the focal country (备胎), countries and organisations, by share."""
        from techbloc.analytics import supply_queries as sq

        eng, group, day, code = self._supply(at, coalition, focal, engine)
        return sq.backup_report(eng, day, group, code, sq.resolve_input(self.con, input_name), year)

    def exposure(
        self,
        by: ExposureBy = "domain",
        at: DateLike = None,
        coalition: str | None = None,
        focal: str | None = None,
        year: int | None = None,
        engine: AnalyticsEngine | None = None,
    ) -> list[Row]:
        """Choke-point scores of the leaf inputs summarised per technology domain or stage."""
        from techbloc.analytics import supply_queries as sq

        eng, group, day, code = self._supply(at, coalition, focal, engine)
        return sq.exposure_rows(eng, day, group, code, by, year)

    def exposure_series(
        self,
        years: list[int],
        by: ExposureBy = "domain",
        coalition: str | None = None,
        focal: str | None = None,
        engine: AnalyticsEngine | None = None,
    ) -> list[Row]:
        """:meth:`exposure` for each year."""
        from techbloc.analytics import supply_queries as sq

        eng, group, _, code = self._supply(None, coalition, focal, engine)
        return sq.exposure_series_rows(eng, years, group, code, by)

    def document_events(
        self, since: DateLike = None, scope_type: str | None = None, scope_key: str | None = None
    ) -> list[Row]:
        """Tagged documents as dated events (view ``document_events``): one row per document and
        alliance, domain or country it mentions, with the stance and the first evidence sentence;
        what the indicators and the early warning read."""
        from techbloc.query.resolve import parse_date

        where: list[str] = ["TRUE"]
        params: dict[str, object] = {}
        day = parse_date(since, "--since")
        if day:
            where.append("event_date >= $since")
            params["since"] = day
        if scope_type:
            where.append("scope_type = $type")
            params["type"] = scope_type
        if scope_key:
            where.append("scope_key = $key")
            params["key"] = scope_key
        sql = (
            f"SELECT * FROM document_events WHERE {' AND '.join(where)} "
            "ORDER BY event_date, doc_id, scope_type, scope_key"
        )
        cursor = self.con.execute(sql, params)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    # ------------------------------------------- early warning: stored alerts and their states

    def alerts(
        self,
        state: str | None = None,
        level: str | None = None,
        scope: str | None = None,
        since: DateLike = None,
        detector: str | None = None,
        limit: int | None = 50,
        offset: int = 0,
    ) -> list[Row]:
        """Stored alerts, last seen first: ``level`` keeps that level and above (orange, 橙),
        ``scope`` one scope as TYPE:KEY (domain:半导体, alliance:wassenaar, country:NL)."""
        scope_type, scope_key = resolve_scope(self.con, scope) if scope else (None, None)
        return list_alerts(
            self.con, state=state, level_at_least=level, scope_type=scope_type,
            scope_key=scope_key, since=since, detector=detector, limit=limit, offset=offset,
        )  # fmt: skip

    def alert(self, alert_id: str) -> Row:
        """One alert (id or a unique beginning): figures, evidence with labels and links,
        history, merged ids and notifications."""
        return alert_detail(self.con, alert_id)

    def set_alert_state(self, alert_id: str, state: str, note: str | None = None) -> Row:
        """Acknowledge (``acknowledged``), close (``closed``) or reopen (``new`` / ``reopen``) an
        alert, with a note in its history. The session's read-only connection is set aside for
        the write and opened again afterwards."""
        from techbloc.warning.alert_store import set_state

        self.con.close()
        try:
            con = duckdb.connect(str(self.path))
            try:
                return set_state(con, alert_id, state, note)
            finally:
                con.close()
        finally:
            self.con = self._opened.con = duckdb.connect(str(self.path), read_only=True)

    def watch_runs(self, limit: int = 20) -> list[Row]:
        """The latest runs of `techbloc watch` (counts of new, escalated and notified alerts)."""
        from techbloc.warning.watch import watch_runs

        return watch_runs(self.con, limit)

    # ---------------------------------------------- news events (GDELT 2.0; docs/methodology.md)
    def import_gdelt(
        self,
        locations: list[str | Path],
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Row:
        """Import GDELT 2.0 event and mention files (or folders of them) into this store, in one
        transaction; re-importing a file changes nothing. The session's read-only connection is
        closed for the import and opened again after it."""
        import dataclasses

        from techbloc.ingest.gdelt.importer import import_gdelt

        self.con.close()
        try:
            report = import_gdelt(self.path, [str(p) for p in locations], on_progress)
        finally:
            self._opened = open_store(self.path)
            self.con = self._opened.con
        return dataclasses.asdict(report)

    def news_event_counts(
        self,
        since: DateLike = None,
        until: DateLike = None,
        actor1: str | None = None,
        actor2: str | None = None,
        domain: str | None = None,
        quad_class: int | None = None,
        root_code: str | None = None,
    ) -> list[Row]:
        """Imported news events counted per day × actor1 × actor2 (knowledge-base codes) ×
        domain × QuadClass × CAMEO root code, with mentions, mean Goldstein and mean tone (view
        ``news_event_counts``): what the early-warning detectors read."""
        from techbloc.query.news import news_event_counts

        return news_event_counts(
            self.con, parse_date(since, "--since"), parse_date(until, "--until"), actor1, actor2,
            domain, quad_class, root_code,
        )  # fmt: skip

    def news_events(
        self,
        since: DateLike = None,
        until: DateLike = None,
        country: str | None = None,
        domain: str | None = None,
        quad_class: int | None = None,
        limit: int = 50,
    ) -> list[Row]:
        """Imported news events, newest first (``country``: either actor)."""
        from techbloc.query.news import list_news_events

        return list_news_events(
            self.con, parse_date(since, "--since"), parse_date(until, "--until"), country, domain,
            quad_class, limit,
        )  # fmt: skip

    def news_stats(self, top: int = 15) -> Row:
        """What the news imports hold: files, totals, events by day, country, domain and class,
        unmapped country codes, quarantine reasons."""
        from techbloc.query.news import news_stats

        return news_stats(self.con, top)

    def news_quarantine(self, limit: int = 50) -> list[Row]:
        """Rows of news files that did not pass, with file, row, field and reason."""
        from techbloc.query.news import news_quarantine

        return news_quarantine(self.con, limit)

    # ------------------------------------------- decision support: priorities and scenarios
    # ``engine`` is an analytics engine, or "duckdb" (the store) / "spark" (a local session).

    def _decision_engine(self, engine: AnalyticsEngine | str | None) -> AnalyticsEngine:
        from techbloc.analytics.priority_report import open_engine

        if engine is None or isinstance(engine, str):
            return open_engine(self.con, engine or "duckdb")
        return engine

    def priorities(
        self,
        at: DateLike = None,
        weights: str | dict[str, float] | None = None,
        coalition: str | None = None,
        focal: str | None = None,
        top: int | None = None,
        sensitivity: bool = False,
        samples: int = 1000,
        seed: int = 1,
        from_year: int | None = None,
        to_year: int | None = None,
        engine: AnalyticsEngine | str | None = None,
    ) -> Row:
        """Technology domains ranked for R&D priority (pressure, exposure, importance, capability
        gap; weights visible, default pressure=0.35,exposure=0.3,importance=0.2,gap=0.15), with
        the parents' roll-up and, with ``sensitivity``, how the ranking moves with the weights."""
        from techbloc.analytics.priority_report import priorities_report

        return priorities_report(
            self.con, self._decision_engine(engine), at, weights, coalition, focal, top,
            sensitivity, samples, seed, from_year, to_year,
        )  # fmt: skip

    def scenario(
        self,
        changes: list[tuple[str, dict[str, object]]],
        at: DateLike = None,
        focal: str | None = None,
        coalition: str | None = None,
        weights: str | dict[str, float] | None = None,
        name: str | None = None,
        engine: AnalyticsEngine | str | None = None,
    ) -> Row:
        """A what-if scenario: ``changes`` such as ("leave", {"country": "NL", "alliance":
        "us-japan-netherlands-sme"}), ("join", …), ("add-domain", {"domain": …, "alliance": …,
        "severity": 4}), ("strictest", {}) applied in memory, and exposure, pressure and
        priorities before → after. The store is not changed."""
        from techbloc.analytics.scenario_report import scenario_report

        return scenario_report(
            self.con, self._decision_engine(engine), list(changes), at, focal, coalition, weights,
            name,
        )  # fmt: skip

    def scenario_doc(
        self,
        doc: object,
        weights: str | dict[str, float] | None = None,
        engine: AnalyticsEngine | str | None = None,
    ) -> Row:
        """A scenario given as data: the mapping a scenario file holds (``name``, ``at``,
        ``focal``, ``coalition``, ``changes: [{leave: {country, alliance}}, …]``)."""
        from techbloc.analytics.scenario_report import scenario_doc_report

        return scenario_doc_report(self.con, self._decision_engine(engine), doc, weights)

    def scenario_file(
        self,
        path: str | Path,
        at: DateLike = None,
        focal: str | None = None,
        coalition: str | None = None,
        weights: str | dict[str, float] | None = None,
        engine: AnalyticsEngine | str | None = None,
    ) -> Row:
        """A scenario read from a YAML file (``at``, ``focal``, ``coalition`` override the file)."""
        from techbloc.analytics.scenario_report import scenario_file_report

        return scenario_file_report(
            self.con, self._decision_engine(engine), path, at, focal, coalition, weights
        )

    def _events_table(
        self, eng: AnalyticsEngine, events: str | Path | None, from_store: bool
    ) -> ir.Table:
        """The events the event-pressure indicator reads: a file, or the imported news events."""
        from techbloc.analytics.event_files import open_events, store_events
        from techbloc.errors import InvalidArgument

        if from_store == (events is not None):
            raise InvalidArgument(
                "give a file of events or read the store's, not both or neither",
                hint="--events FILE, or --from-store after 'techbloc import gdelt'",
            )
        if events is not None:
            return open_events(eng, events)
        row = self.con.execute("SELECT count(*) FROM news_events").fetchone()
        if not row or not row[0]:
            raise NotFound(
                "the store holds no news events",
                hint="import GDELT 2.0 event files: techbloc import gdelt FILES_OR_FOLDERS",
            )
        return store_events(eng)

    def event_pressure(
        self,
        events: str | Path | None = None,
        at: DateLike = None,
        coalition: str | None = None,
        focal: str | None = None,
        period: str = "month",
        half_life_days: float | None = None,
        engine: AnalyticsEngine | None = None,
        from_store: bool = False,
    ) -> Row:
        """Pressure on the focal country from news events in GDELT 2.0's layout with a techbloc
        ``domain_id`` — a file, or with ``from_store`` the events imported by ``import_gdelt``:
        coalition members' conflict events against it per domain and month (or day), weighted
        by intensity, mentions and decay, times supply exposure."""
        from techbloc.analytics import event_pressure as ep
        from techbloc.analytics.coalitions import resolve_coalition
        from techbloc.analytics.engine import duckdb_engine

        eng = engine or duckdb_engine(self.con)
        table = self._events_table(eng, events, from_store)
        day = parse_date(at, "--at") or dt.date.today()
        return ep.event_pressure_rows(
            eng, table, day, resolve_coalition(self.con, coalition),
            focal_country(focal), ep.check_period(period),
            ep.HALF_LIFE_DAYS if half_life_days is None else half_life_days,
        )  # fmt: skip

    def event_pressure_series(
        self,
        events: str | Path | None,
        years: list[int],
        coalition: str | None = None,
        focal: str | None = None,
        half_life_days: float | None = None,
        engine: AnalyticsEngine | None = None,
        from_store: bool = False,
    ) -> Row:
        """:meth:`event_pressure` per domain as of 31 December of each year (today for this
        year), every earlier event decayed to that date."""
        from techbloc.analytics import event_pressure as ep
        from techbloc.analytics.coalitions import resolve_coalition
        from techbloc.analytics.engine import duckdb_engine

        eng = engine or duckdb_engine(self.con)
        table = self._events_table(eng, events, from_store)
        return ep.event_pressure_series_rows(
            eng, table, years, resolve_coalition(self.con, coalition),
            focal_country(focal), ep.HALF_LIFE_DAYS if half_life_days is None else half_life_days,
        )  # fmt: skip

    # ------------------------------------------------------------------- the assessment report

    def report(
        self,
        at: DateLike = None,
        lang: str = "en",
        fmt: str = "pdf",
        out: str | Path | None = None,
        focal: str | None = None,
        on_step: Callable[[str], None] | None = None,
    ) -> Row:
        """Write the assessment report (``fmt`` pdf, html or md; ``lang`` en or zh) on ``at``
        (default today) for ``focal`` (default CN) to ``out`` (default
        ``./techbloc-report-CN-<date>-<lang>.<fmt>``); returns the path, pages and contents.
        ``on_step`` is called with the name of each step (techbloc.reports.report.STEPS)."""
        from techbloc.reports.report import write_report

        return write_report(self.con, at, lang, fmt, out, focal, on_step, store_name=self.path.name)

    # Early warning: the detectors over the store (docs/methodology.md, "Early warning: …").

    def detect(
        self,
        at: DateLike = None,
        since: DateLike = None,
        rules: str | Path | None = None,
        level: str | None = None,
        focal: str | None = None,
    ) -> Row:
        """The early-warning alerts as of ``at`` (default today), most severe first: those at or
        above ``level`` (blue, yellow, orange, red; or 蓝 黄 橙 红) whose period ends on or after
        ``since``, from the rules file ``rules`` (default the built-in one). Nothing is stored
        (storing is the watcher's job). ``streams`` says which streams had data."""
        from techbloc.warning.report import detect_report

        return detect_report(
            self.con,
            parse_date(at, "--at") or dt.date.today(),
            parse_date(since, "--since"),
            Path(rules) if rules is not None else None,
            level,
            focal_country(focal),
        )

    def backtest(
        self,
        start: DateLike = "2018-01-01",
        end: DateLike = None,
        step: str = "month",
        level: str = "yellow",
        rules: str | Path | None = None,
        escalations: str | Path | None = None,
        focal: str | None = None,
        lead_days: int | None = None,
        grace_days: int | None = None,
        on_step: Callable[[int, int, dt.date], None] | None = None,
        detect: Callable[[dt.date], Sequence[Alert]] | None = None,
    ) -> Row:
        """Backtest of the early warning: the detectors run at every month end (or Sunday) from
        ``start`` to ``end`` seeing only data dated up to then, and the alerts they raise are
        scored against the list of major escalations (hits, lead times, misses, false alarms)
        for 2018–2022 (tuning) and 2023 on (report). ``detect`` replaces the built-in
        detectors (a function of the as-of date)."""
        from techbloc.warning.backtest.matching import MatchRules
        from techbloc.warning.backtest.run import BacktestSpec, run_backtest, spec_level

        spec = BacktestSpec(
            start=parse_date(start, "--from") or BacktestSpec().start,
            end=parse_date(end, "--to") or dt.date.today(),
            step=step,
            level=spec_level(level),
            match=MatchRules.checked(lead_days, grace_days),
            focal=focal_country(focal),
        )
        return run_backtest(
            self.con, spec, detect=detect, rules=_path(rules, "--rules"),
            escalations_file=_path(escalations, "--escalations"), on_step=on_step,
        )  # fmt: skip


def _path(value: str | Path | None, option: str) -> Path | None:
    if value is None:
        return None
    path = Path(value)
    if not path.is_file():
        raise NotFound(f"no file {path} for {option}", hint="give the path of an existing file")
    return path
