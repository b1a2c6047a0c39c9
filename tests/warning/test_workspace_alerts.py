"""The Python API over alerts: list, show and change state with one Techbloc session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from techbloc import Techbloc
from techbloc.errors import InvalidArgument
from techbloc.warning.alert_store import record_alerts
from techbloc.warning.model import Level
from tests.warning.alerts import make_alert


def test_alerts_through_the_python_api(fresh_store: Path) -> None:
    con = duckdb.connect(str(fresh_store))
    record_alerts(con, [make_alert(level=Level.RED),
                        make_alert(level=Level.BLUE, scope="country:NL")],
                  dt.datetime(2025, 6, 1))  # fmt: skip
    con.close()
    with Techbloc.open(fresh_store) as tb:
        assert [a["scope_key"] for a in tb.alerts(level="orange")] == ["semiconductors"]
        assert [a["scope_key"] for a in tb.alerts(scope="country:荷兰")] == ["NL"]
        alert_id = tb.alerts(scope="domain:半导体")[0]["alert_id"]
        assert tb.set_alert_state(alert_id, "acknowledged", "seen")["state"] == "acknowledged"
        # the session reads on after the write, and sees it
        assert tb.alert(alert_id)["history"][-1]["note"] == "seen"
        assert tb.alerts(state="acknowledged")[0]["alert_id"] == alert_id
        with pytest.raises(InvalidArgument, match="already acknowledged"):
            tb.set_alert_state(alert_id, "acknowledged")
        assert tb.stats()["alliances"] > 0  # the connection is usable after a refused change
        assert tb.watch_runs() == []
