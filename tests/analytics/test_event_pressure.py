"""Event pressure: hand-computed weights on a dozen hand-made events in GDELT 2.0's layout, the
coalition taken on each event's date, the exposure join, the CLI, and the pandas baseline giving
the same rows on 10,000 synthetic events."""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from techbloc.analytics.coalition_days import coalition_on_days
from techbloc.analytics.coalitions import coalition_members, resolve_coalition
from techbloc.analytics.engine import AnalyticsEngine, duckdb_engine
from techbloc.analytics.event_files import open_events
from techbloc.analytics.event_pressure import event_pressure, event_pressure_series
from techbloc.analytics.event_pressure_pandas import (
    differences,
    event_pressure_pandas,
    frame_rows,
)
from techbloc.cli.app import app
from techbloc.errors import InvalidArgument, NotFound
from techbloc.ingest.supply import import_supply_source
from techbloc.scale.synthetic_events import cameo_countries, load_cameo, quad_class, write_events
from tests.shared_data import shared_dataset

ROOT = Path(__file__).resolve().parents[1]
EVENTS = ROOT / "fixtures" / "events" / "gdelt_events_small.csv"
SHARES = ROOT / "fixtures" / "supply" / "shares_percent.csv"
AT = dt.date(2024, 6, 30)
LN = math.log
EQUIPMENT, MATERIALS = "semiconductor-equipment", "semiconductor-materials"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, builtin_db: Path) -> Path:
    """The built-in store with the fixture shares; EUV scanners in semiconductor equipment,
    photoresist X in materials (a CSV's inputs have no domain of their own)."""
    path = tmp_path_factory.mktemp("event-pressure") / "store.duckdb"
    shutil.copyfile(builtin_db, path)
    import_supply_source(path, str(SHARES))
    con = duckdb.connect(str(path))
    con.execute(
        f"UPDATE supply_inputs SET domain_id = '{EQUIPMENT}' WHERE input_id = 'euv-scanners'"
    )
    con.execute(
        f"UPDATE supply_inputs SET domain_id = '{MATERIALS}' WHERE input_id = 'photoresist-x'"
    )
    con.close()
    return path


@pytest.fixture(scope="module")
def con(store: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(store), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def engine(con: duckdb.DuckDBPyConnection) -> AnalyticsEngine:
    return duckdb_engine(con)


def run(engine: AnalyticsEngine, con: duckdb.DuckDBPyConnection, coalition: str, **kw: Any) -> dict[
    tuple[str | None, dt.date], dict[str, Any]
]:  # fmt: skip
    table = event_pressure(
        engine, open_events(engine, EVENTS), AT, resolve_coalition(con, coalition), "CN", **kw
    )
    return {(r["domain_id"], r["period_start"]): r for r in engine.rows(table)}


# Hand-computed: weight = −Goldstein × ln(1 + mentions) × 0.5 ** (days before 2024-06-30 / 180).
EXPECTED = {  # (domain, month): (events, sources, mentions, pressure, top event, exposure)
    (EQUIPMENT, dt.date(2023, 1, 1)): (1, ["NL"], 7, 5.0 * LN(8) * 0.5 ** (527 / 180), 13, 0.9504),
    (EQUIPMENT, dt.date(2024, 1, 1)): (1, ["NL"], 3, 2.0 * LN(4) * 0.5, 2, 0.9504),
    (MATERIALS, dt.date(2024, 3, 1)): (1, ["US"], 99, 9.2 * LN(100) * 0.5 ** (121 / 180), 10,
                                       0.7125),
    (None, dt.date(2024, 5, 1)): (1, ["JP"], 2, 7.0 * LN(3) * 0.5 ** (51 / 180), 11, None),
    (EQUIPMENT, dt.date(2024, 6, 1)): (2, ["JP", "US"], 10,
                                       6.5 * LN(10) + 5.0 * LN(2) * 0.5 ** (15 / 180), 1, 0.9504),
}  # fmt: skip


def test_hand_computed_pressure_per_domain_and_month(
    engine: AnalyticsEngine, con: duckdb.DuckDBPyConnection
) -> None:
    rows = run(engine, con, "US,JP,NL")
    assert set(rows) == set(EXPECTED)
    for key, (events, sources, mentions, pressure, top, exposure) in EXPECTED.items():
        row = rows[key]
        assert (row["events"], row["source_countries"], row["num_mentions"]) == (
            events, sources, mentions
        ), key  # fmt: skip
        assert row["pressure"] == pytest.approx(pressure, rel=1e-12), key
        assert row["top_event_id"] == top, key
        if exposure is None:
            assert row["exposure_score"] is None and row["pressure_x_exposure"] is None
        else:
            assert row["exposure_score"] == pytest.approx(exposure, rel=1e-12)
            assert row["pressure_x_exposure"] == pytest.approx(pressure * exposure, rel=1e-12)
    june = rows[(EQUIPMENT, dt.date(2024, 6, 1))]
    assert june["top_event_code"] == "163" and june["top_event_weight"] == pytest.approx(
        6.5 * LN(10)
    )
    assert june["conflict_intensity"] == pytest.approx(11.5)
    assert june["exposure_inputs"] == 1 and june["exposure_top_input_id"] == "euv-scanners"
    assert june["coalition_supply_share_pct"] == pytest.approx(96.0)
    assert rows[(MATERIALS, dt.date(2024, 3, 1))]["coalition_supply_share_pct"] == 75.0


def test_the_coalition_is_taken_on_each_events_date(
    engine: AnalyticsEngine, con: duckdb.DuckDBPyConnection
) -> None:
    """The Netherlands' event of 20 January 2023 presses as a listed country, but not as a
    member of the US–Japan–Netherlands understanding, which began on 27 January 2023."""
    rows = run(engine, con, "us-japan-netherlands-sme")
    assert set(rows) == set(EXPECTED) - {(EQUIPMENT, dt.date(2023, 1, 1))}


def test_days_and_half_life(engine: AnalyticsEngine, con: duckdb.DuckDBPyConnection) -> None:
    rows = run(engine, con, "US,JP,NL", period="day", half_life_days=30.0)
    assert len(rows) == 6
    one = rows[(EQUIPMENT, dt.date(2024, 6, 15))]
    assert one["top_event_id"] == 3
    assert one["pressure"] == pytest.approx(5.0 * LN(2) * 0.5 ** (15 / 30), rel=1e-12)
    with pytest.raises(InvalidArgument):
        run(engine, con, "US,JP,NL", half_life_days=0.0)


def test_series_decays_to_each_year_end(
    engine: AnalyticsEngine, con: duckdb.DuckDBPyConnection
) -> None:
    group = resolve_coalition(con, "US,JP,NL")
    table = event_pressure_series(
        engine, open_events(engine, EVENTS), [2023, 2024], group, "CN", today=AT
    )
    rows = {(r["as_of_year"], r["domain_id"]): r for r in engine.rows(table)}
    assert set(rows) == {(2023, EQUIPMENT), (2024, EQUIPMENT), (2024, MATERIALS), (2024, None)}
    first = rows[(2023, EQUIPMENT)]  # 20 January → 31 December 2023: 345 days
    assert first["pressure"] == pytest.approx(5.0 * LN(8) * 0.5 ** (345 / 180), rel=1e-12)
    assert rows[(2024, EQUIPMENT)]["events"] == 4  # this year's 'today' is 2024-06-30
    assert rows[(2024, EQUIPMENT)]["at_date"] == AT


def test_coalition_on_days_matches_coalition_members(
    builtin_con: duckdb.DuckDBPyConnection,
) -> None:
    engine = duckdb_engine(builtin_con)
    days = [dt.date(1995, 1, 1), dt.date(2019, 6, 30), dt.date(2023, 1, 26), dt.date(2023, 1, 27),
            dt.date(2025, 12, 31)]  # fmt: skip
    table = engine.memtable([{"day": d} for d in days], {"day": "date"})
    for name in ("blockade", "us-japan-netherlands-sme", "wassenaar", "US,JP,NL"):
        group = resolve_coalition(builtin_con, name)
        found: dict[dt.date, set[str]] = {d: set() for d in days}
        for row in engine.rows(coalition_on_days(engine, group, table, "CN")):
            found[row["day"]].add(row["actor_code"])
        for day in days:
            members = engine.rows(coalition_members(engine, group, day, "CN"))
            assert found[day] == {r["actor_code"] for r in members}, (name, day)
    assert found[dt.date(2023, 1, 26)] == {"US", "JP", "NL"}


def test_cli_prints_json_and_a_table(store: Path) -> None:
    runner = CliRunner()
    args = ["assess", "event-pressure", "--events", str(EVENTS), "--at", "2024-06-30",
            "--coalition", "US,JP,NL", "--db", str(store)]  # fmt: skip
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["parameters"]["half_life_days"] == 180.0
    assert [(r["domain_id"], r["period_start"]) for r in report["rows"]] == [
        (k[0], k[1].isoformat()) for k in sorted(EXPECTED, key=lambda k: (k[1], k[0] or ""))
    ]
    shown = runner.invoke(app, [*args, "--top", "2"])
    assert shown.exit_code == 0 and "semiconductor-equipment" in shown.stdout
    assert "700" not in shown.stdout and "2 row(s)" in shown.stdout


def test_a_file_without_the_gdelt_columns_is_refused(
    engine: AnalyticsEngine, store: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "events.csv"
    bad.write_text("GLOBALEVENTID,SQLDATE\n1,20240101\n", encoding="utf-8")
    with pytest.raises(InvalidArgument, match="Actor1CountryCode"):
        open_events(engine, bad)
    with pytest.raises(NotFound):
        open_events(engine, tmp_path / "missing.parquet")
    result = CliRunner().invoke(
        app, ["assess", "event-pressure", "--events", str(bad), "--db", str(store)]
    )
    assert result.exit_code == 2 and "lacks the event columns" in result.output


def test_quad_classes_of_the_cameo_roots() -> None:
    assert [quad_class(f"{r:02d}") for r in (1, 5, 6, 8, 9, 13, 14, 20)] == [1, 1, 2, 2, 3, 3, 4, 4]


def test_pandas_baseline_gives_the_same_rows_on_10000_synthetic_events(
    con: duckdb.DuckDBPyConnection, engine: AnalyticsEngine, tmp_path: Path
) -> None:
    cameo = load_cameo(shared_dataset("gdelt-reference", "cameo_codes.json"))
    iso3 = [
        str(r[0]) for r in con.execute("SELECT iso3 FROM actors WHERE iso3 IS NOT NULL").fetchall()
    ]
    domains = [EQUIPMENT, MATERIALS, "quantum", "telecom-5g"]
    path = write_events(tmp_path / "events.parquet", 10_000, cameo_countries(iso3), domains, cameo)
    at = dt.date(2025, 12, 31)
    for name, period in (("blockade", "month"), ("US,JP,NL", "day")):
        group = resolve_coalition(con, name)
        events = open_events(engine, path)
        rows = engine.rows(event_pressure(engine, events, at, group, "CN", period))
        baseline = frame_rows(event_pressure_pandas(con, path, at, group, "CN", period))
        assert sum(r["events"] for r in rows) > 40, name
        assert any(r["exposure_score"] for r in rows)
        assert differences(rows, baseline) == []


def test_python_api(store: Path) -> None:
    from techbloc.workspace import Techbloc

    with Techbloc.open(store) as tb:
        report = tb.event_pressure(EVENTS, at="2024-06-30", coalition="US,JP,NL")
        series = tb.event_pressure_series(EVENTS, [2024], coalition="US,JP,NL", half_life_days=90)
    assert report["parameters"]["coalition"] == "JP,NL,US"
    assert len(report["rows"]) == len(EXPECTED)
    assert {r["domain_id"] for r in series["rows"]} == {EQUIPMENT, MATERIALS, None}
    assert series["parameters"]["half_life_days"] == 90
