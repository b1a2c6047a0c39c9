"""The backtest over the real detectors: no look-ahead, the chunked runs equal single runs, and
the CLI end to end."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import duckdb
from typer.testing import CliRunner

from techbloc.cli.app import app
from techbloc.warning.backtest.history import replay
from techbloc.warning.backtest.run import StoreDetectors
from techbloc.warning.run import run_detectors

D = dt.date
AS_OF = D(2022, 6, 30)
LATER = D(2022, 9, 30)


def _alerts(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> list[dict[str, Any]]:
    return sorted((a.to_dict() for a in run_detectors(con, as_of)), key=lambda a: a["alert_id"])


def _add_the_future(con: duckdb.DuckDBPyConnection) -> None:
    """Severe measures against CN in every domain, new members of blockade alliances, all dated
    after AS_OF; then every measure and membership rewritten in another row order."""
    con.execute(
        """INSERT INTO measures SELECT * REPLACE (
               'future-' || measure_id AS measure_id,
               DATE '2022-07-01' + CAST(abs(hash(measure_id)) % 90 AS INTEGER) AS measure_date,
               'day' AS date_precision, 'restrictive' AS direction, 5 AS severity_score,
               ['CN'] AS target_codes)
           FROM measures WHERE measure_date >= DATE '2018-01-01'"""
    )
    for alliance in ("wassenaar", "australia-group", "mtcr", "us-japan-netherlands-sme"):
        con.execute(
            "INSERT INTO memberships (alliance_id, actor_code, role, joined_date, joined_precision,"
            " source_ids) VALUES (?, 'BR', 'member', DATE '2022-07-15', 'day', [])",
            [alliance],
        )
    for table, key in (("measures", "measure_id"), ("memberships", "alliance_id, actor_code")):
        con.execute(f"CREATE TEMP TABLE shuffled AS SELECT * FROM {table} ORDER BY hash({key})")
        con.execute(f"DELETE FROM {table}")
        con.execute(f"INSERT INTO {table} SELECT * FROM shuffled")
        con.execute("DROP TABLE shuffled")


def test_data_dated_after_as_of_changes_nothing_at_as_of(fresh_store: Path) -> None:
    con = duckdb.connect(str(fresh_store))
    before, later_before = _alerts(con, AS_OF), _alerts(con, LATER)
    _add_the_future(con)
    assert _alerts(con, AS_OF) == before
    # … while the same data does change what is seen once it is in the past: the test can fail
    assert _alerts(con, LATER) != later_before
    con.close()


def test_chunked_runs_give_the_alerts_of_single_runs(
    builtin_con: duckdb.DuckDBPyConnection,
) -> None:
    dates = [D(2019, 5, 31), D(2020, 8, 31), D(2022, 10, 31), D(2023, 3, 31), D(2025, 1, 31)]
    detect = StoreDetectors(builtin_con)
    seen: dict[dt.date, list[dict[str, Any]]] = {}

    def record(as_of: dt.date) -> Any:
        found = detect(as_of)
        seen[as_of] = sorted((a.to_dict() for a in found), key=lambda a: a["alert_id"])
        return found

    record.prepare = detect.prepare  # type: ignore[attr-defined]
    replay(record, dates, chunk=3)
    assert seen == {d: _alerts(builtin_con, d) for d in dates}
    assert any(seen.values())


def test_cli_backtest_on_the_built_in_store(builtin_db: Path) -> None:
    result = CliRunner().invoke(
        app, ["backtest", "--to", "2024-12-31", "--json", "--db", str(builtin_db)]
    )
    assert result.exit_code == 0, result.output + result.stderr
    data = json.loads(result.stdout)
    assert data["params"]["as_of_dates"] == 84
    rows = {(r["period"], r["level"]): r for r in data["summary"]}
    assert rows[("tune", "yellow")]["escalations"] == 14
    assert rows[("report", "yellow")]["escalations"] == 6  # 2023-01-27 … 2024-12-02
    assert {e["status"] for e in data["escalations"]} <= {"early", "no_lead", "missed"}
    assert {b["baseline"] for b in data["baselines"]} == {"echo", "random"}
    table = CliRunner().invoke(app, ["backtest", "--to", "2019-06-30", "--db", str(builtin_db)])
    assert (
        table.exit_code == 0 and "重大升级事件" in table.stdout and "Traceback" not in table.output
    )
