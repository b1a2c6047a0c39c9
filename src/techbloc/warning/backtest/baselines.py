"""Baselines every backtest scores beside the detectors, under the same matching rules.

* ``echo``: reads the register of measures and nothing else. At each as-of date it raises a yellow
  alert on every domain of each restrictive measure of severity ≥ 4 against the focal country,
  by another country, dated in the step that ends on the as-of date (orange for severity 5).
  That is the selection rule of the escalation list, so it *notifies* rather than warns: its hits
  on an escalation come with no lead, and its early hits are only the clustering of escalations in
  a domain. A detector is worth something where it beats this.
* ``random``: a yellow alert on each leaf domain at each as-of date with probability 1/6 (a
  domain about twice a year), drawn from a hash of domain and date so every run draws the same.
  Its precision is that of chance under the matching rules: the share of (domain, step) cells that
  fall in some escalation's window. Its recall depends on the rate, its precision hardly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict

import duckdb

from techbloc.warning.backtest.history import Detect
from techbloc.warning.model import Alert, Evidence, Level

BASELINES = ("echo", "random")
#: The random baseline raises each leaf domain at each as-of date with this probability.
RANDOM_RATE = 1 / 6
STEP_DAYS = {"month": 31, "week": 7}


def echo_baseline(con: duckdb.DuckDBPyConnection, focal: str, step: str = "month") -> Detect:
    window = dt.timedelta(days=STEP_DAYS[step])

    def detect(as_of: dt.date) -> list[Alert]:
        since = as_of - window
        rows = con.execute(
            """SELECT measure_id, measure_date, severity_score, domain
               FROM (SELECT *, unnest(domains) AS domain FROM measures)
               WHERE direction = 'restrictive' AND severity_score >= 4
                 AND list_contains(target_codes, ?) AND actor_code <> ?
                 AND measure_date > ? AND measure_date <= ?
               ORDER BY domain, measure_date, measure_id""",
            [focal, focal, since, as_of],
        ).fetchall()
        found: dict[str, list[tuple[str, dt.date, int]]] = defaultdict(list)
        for measure_id, day, severity, domain in rows:
            found[str(domain)].append((str(measure_id), day, int(severity)))
        return [
            Alert(
                detector="baseline:echo", scope_type="domain", scope_key=domain,
                period_start=since + dt.timedelta(days=1), period_end=as_of,
                level=Level.ORANGE if max(s for *_, s in items) >= 5 else Level.YELLOW,
                statistic="severe_measures", value=float(len(items)), threshold=1.0,
                title_en=f"Severe measure against {focal} in {domain}",
                title_zh=f"{domain}领域出现针对{focal}的严重措施",
                evidence=[Evidence("measure", m, d) for m, d, _ in items],
            )
            for domain, items in sorted(found.items())
        ]  # fmt: skip

    return detect


def random_baseline(
    con: duckdb.DuckDBPyConnection, step: str = "month", rate: float = RANDOM_RATE
) -> Detect:
    leaves = [
        str(row[0])
        for row in con.execute(
            "SELECT domain_id FROM domains WHERE parent_id IS NOT NULL ORDER BY domain_id"
        ).fetchall()
    ]
    window = dt.timedelta(days=STEP_DAYS[step])

    def drawn(domain: str, as_of: dt.date) -> bool:
        digest = hashlib.sha256(f"{domain}|{as_of.isoformat()}".encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64 < rate

    def detect(as_of: dt.date) -> list[Alert]:
        return [
            Alert(
                detector="baseline:random", scope_type="domain", scope_key=domain,
                period_start=as_of - window + dt.timedelta(days=1), period_end=as_of,
                level=Level.YELLOW, statistic="coin", value=None, threshold=rate,
                title_en=f"Random alert on {domain}", title_zh=f"{domain}领域随机预警",
            )
            for domain in leaves
            if drawn(domain, as_of)
        ]  # fmt: skip

    return detect


def baseline_detectors(con: duckdb.DuckDBPyConnection, focal: str, step: str) -> dict[str, Detect]:
    return {
        "echo": echo_baseline(con, focal, step),
        "random": random_baseline(con, step),
    }
