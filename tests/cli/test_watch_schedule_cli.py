"""`techbloc watch --every`: runs, waits, and stops cleanly on Ctrl-C (a real process)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
DETECTOR = "tests.warning.alerts:measure_counts"


def test_ctrl_c_while_waiting_stops_the_watch(fresh_store: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    command = [sys.executable, "-c", "from techbloc.cli.app import main; main()", "watch",
               "--every", "1h", "--detector", DETECTOR, "--at", "2023-10-20", "--db",
               str(fresh_store)]  # fmt: skip
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:  # the first run is done once the next one is announced
        seen.append(line)
        if "next run at" in line:
            break
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, "".join(seen) + err
    assert "watch run #1" in out and "RED 红" in out
    assert "stop requested" in err and "watch stopped" in err
    con = duckdb.connect(str(fresh_store), read_only=True)
    try:
        assert con.execute("SELECT run_id, status FROM watch_runs").fetchall() == [(1, "ok")]
    finally:
        con.close()
