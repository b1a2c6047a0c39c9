"""How long the early-warning detectors take: at one as-of date, and at 100 monthly as-of dates
as the backtest runs them.

Stores:

  * ``builtin``: the store built from the built-in knowledge base (measures 2018–2026,
    memberships, alliances; no listings, documents or news), as ``make run`` builds it;
  * ``news``: the same with ``--news-events`` synthetic news events (default 1,000,000) in a
    ``news_events`` table and a ``news_event_counts`` view of the layout the GDELT import gives
    (day × actor1 × actor2 × domain × QuadClass × EventRootCode), over the two years before
    2025-12-31: 40 source countries with a Zipf-like skew, 70 % of the events aimed at CN,
    the 27 leaf domains and 30 % untagged, a weekday/weekend rhythm. Synthetic, for speed only.

Timings (wall clock, one process, the store opened read-only):

  * ``one date``: ``run_detectors`` at 2025-06-30 — the first call (rules file read, Python
    modules warm) and the median of 5 more;
  * ``100 dates, one at a time`` (the baseline): ``run_detectors`` at the first day of each of
    100 months from 2017-09-01, one call per date, as a backtest loop calls it;
  * ``100 dates, one load``: ``detect_at_dates`` for the same dates (the store read once, the
    streams cut back to each date); its alerts are checked to equal the one-at-a-time ones.

Run:  PYTHONPATH=src .venv/bin/python benchmarks/detect_speed.py [--news-events 1000000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from techbloc.store.build import build_store
from techbloc.warning.config import load_config
from techbloc.warning.run import detect_at_dates, run_detectors

ONE_DAY = dt.date(2025, 6, 30)
NEWS_END = dt.date(2025, 12, 31)


def monthly_dates(count: int = 100, first: dt.date = dt.date(2017, 9, 1)) -> list[dt.date]:
    return [
        dt.date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1)
        for i in range(count)
    ]


def add_synthetic_news(path: Path, events: int, seed: int = 7) -> None:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    with duckdb.connect(str(path)) as con:
        leaves = [
            r[0]
            for r in con.execute(
                "SELECT domain_id FROM domains WHERE parent_id IS NOT NULL ORDER BY 1"
            ).fetchall()
        ]
        actors = [r[0] for r in con.execute(
            "SELECT actor_code FROM actors WHERE actor_kind = 'country' AND actor_code <> 'CN' "
            "ORDER BY actor_code").fetchall()][:40]  # fmt: skip
        weights = 1 / np.arange(1, len(actors) + 1)
        days = np.array([NEWS_END - dt.timedelta(days=int(d)) for d in range(730)])
        weekday = np.array([d.weekday() for d in days])
        day_p = np.where(weekday >= 5, 0.4, 1.0)
        frame = pd.DataFrame({
            "globaleventid": np.arange(1, events + 1),
            "event_date": rng.choice(days, events, p=day_p / day_p.sum()),
            "actor1_code": rng.choice(actors, events, p=weights / weights.sum()),
            "actor2_code": np.where(rng.random(events) < 0.7, "CN",
                                    rng.choice(actors, events)),
            "domain_id": np.where(rng.random(events) < 0.3, None, rng.choice(leaves, events)),
            "quad_class": rng.integers(1, 5, events),
            "event_root_code": rng.choice([f"{i:02d}" for i in range(1, 21)], events),
            "num_mentions": rng.zipf(2.0, events).clip(1, 500),
            "goldstein_scale": rng.uniform(-10, 10, events).round(1),
            "avg_tone": rng.normal(-2, 3, events).round(2),
        })  # fmt: skip
        frame["source_url"] = "https://news.example/" + frame.globaleventid.astype(str)
        con.register("frame", frame)
        # Into the GDELT import's own table (migration 0011) and so its news_event_counts view.
        con.execute(
            "INSERT INTO news_events (global_event_id, sql_date, event_date, actor1_actor_code, "
            "actor2_actor_code, domain_id, quad_class, event_code, event_root_code, "
            "num_mentions, goldstein_scale, avg_tone, source_url, import_id, source_row) "
            "SELECT globaleventid, CAST(strftime(event_date, '%Y%m%d') AS INTEGER), event_date, "
            "actor1_code, actor2_code, domain_id, quad_class, event_root_code || '0', "
            "event_root_code, num_mentions, goldstein_scale, avg_tone, source_url, 1, "
            "globaleventid FROM frame"
        )


def time_store(name: str, path: Path) -> list[str]:
    rows = []
    config = load_config()
    with duckdb.connect(str(path), read_only=True) as con:
        start = time.perf_counter()
        first = run_detectors(con, ONE_DAY)
        cold = time.perf_counter() - start
        warm = []
        for _ in range(5):
            start = time.perf_counter()
            run_detectors(con, ONE_DAY)
            warm.append(time.perf_counter() - start)
        rows.append(f"| {name} | one date (first call) | 1 | {cold:.2f} | {len(first)} |")
        rows.append(f"| {name} | one date (median of 5) | 1 | {statistics.median(warm):.2f} | "
                    f"{len(first)} |")  # fmt: skip
        dates = monthly_dates()
        start = time.perf_counter()
        single = {d: run_detectors(con, d) for d in dates}
        loop = time.perf_counter() - start
        start = time.perf_counter()
        together = detect_at_dates(con, dates, config)
        once = time.perf_counter() - start
    total = sum(len(v) for v in single.values())
    same = all(
        [a.to_dict() for a in together[d]] == [a.to_dict() for a in single[d]] for d in dates
    )
    rows.append(f"| {name} | 100 dates, one at a time (`run_detectors`) | 100 | {loop:.1f} | "
                f"{total} |")  # fmt: skip
    rows.append(
        f"| {name} | 100 dates, one load (`detect_at_dates`) | 100 | {once:.1f} | "
        f"{sum(len(v) for v in together.values())} (same: {'yes' if same else 'NO'}) |"
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--news-events", type=int, default=1_000_000)
    args = parser.parse_args()
    load_start = os.getloadavg()[0]
    began = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="techbloc-detect-bench-"))
    builtin = folder / "builtin.duckdb"
    build_store(builtin)
    news = folder / "news.duckdb"
    news.write_bytes(builtin.read_bytes())
    add_synthetic_news(news, args.news_events)
    lines = ["| store | what | as-of dates | seconds | alerts |", "|---|---|---|---|---|"]
    lines += time_store("built-in", builtin)
    lines += time_store(f"built-in + {args.news_events:,} news events", news)
    shutil.rmtree(folder, ignore_errors=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"`PYTHONPATH=src .venv/bin/python benchmarks/detect_speed.py` — run on "
          f"{dt.date.today()} ({platform.python_version()}, {os.cpu_count()} cores, "
          f"{platform.system()}), {time.perf_counter() - began:.0f} s in all; load average "
          f"{load_start:.2f} at the start, {os.getloadavg()[0]:.2f} at the end; peak RSS "
          f"{rss:.0f} MiB.\n")  # fmt: skip
    print("\n".join(lines))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
