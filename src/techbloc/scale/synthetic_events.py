"""Synthetic news events in GDELT 2.0's event layout, for benchmarks and scale tests.

Only the layout and the code tables are real; the events are random (numpy, seeded):

* dates uniform over 2018-01-01 … 2025-12-31 (``SQLDATE``, ``MonthYear``, ``Year``);
* actors: the given CAMEO country codes (ISO alpha-3, as CAMEO uses for countries) drawn with a
  Zipf-like skew in the order given — put the most reported countries first — and blank
  (no country) for :data:`BLANK_ACTOR1` / :data:`BLANK_ACTOR2` of the events;
* event codes from the CAMEO table of the GDELT reference files (``cameo_codes.json``), the root
  drawn with :data:`ROOT_WEIGHTS` (cooperation-heavy, as GDELT's stream is; the weights are a
  rough shape, not measured), the code uniform within its root; ``GoldsteinScale`` is the table's
  score for the code and ``QuadClass`` the root's class (:func:`quad_class`), so they agree;
* ``NumMentions`` heavy-tailed (Zipf, exponent 2.2, capped at 5,000), ``NumSources`` and
  ``NumArticles`` at most the mentions; ``AvgTone`` normal around a Goldstein-dependent mean;
* ``domain_id``: a techbloc leaf domain with a Zipf-like skew, or null for
  :data:`UNTAGGED` of the events (GDELT has no such column; see event_files.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

FIRST_DAY = dt.date(2018, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
BLANK_ACTOR1 = 0.15
BLANK_ACTOR2 = 0.25
UNTAGGED = 0.3
ROOT_WEIGHTS = {
    "01": 17, "02": 6, "03": 7, "04": 20, "05": 8, "06": 3, "07": 3, "08": 3, "09": 2, "10": 2,
    "11": 5, "12": 3, "13": 2, "14": 2, "15": 1, "16": 2, "17": 4, "18": 4, "19": 5, "20": 1,
}  # fmt: skip
CHUNK_ROWS = 1_000_000
MOST_REPORTED = (
    "USA", "CHN", "RUS", "GBR", "IND", "ISR", "IRN", "UKR", "JPN", "DEU", "FRA", "KOR", "PRK",
    "TWN", "PAK", "TUR", "AUS", "CAN", "SAU", "NLD",
)  # fmt: skip
"""Put first, in this order, by :func:`cameo_countries` (a choice of skew, not a measurement)."""
REGIONS = ("EUR", "AFR", "ASA", "MEA", "WST")
"""CAMEO region codes (Europe, Africa, Asia, Middle East, the West): actors that are no country,
as in GDELT; they match no country of the store."""


def quad_class(root: str) -> int:
    """CAMEO's four classes by root code: 01–05 verbal cooperation (1), 06–08 material
    cooperation (2), 09–13 verbal conflict (3), 14–20 material conflict (4)."""
    code = int(root)
    return 1 if code <= 5 else 2 if code <= 8 else 3 if code <= 13 else 4


def cameo_countries(iso3_codes: list[str]) -> list[str]:
    """The actor codes to draw from: :data:`MOST_REPORTED` first, then the other given ISO
    alpha-3 codes (the store's countries and territories) in alphabetical order, then
    :data:`REGIONS`."""
    rest = sorted(set(iso3_codes) - set(MOST_REPORTED) - set(REGIONS))
    leading = [code for code in MOST_REPORTED if code in set(iso3_codes)]
    return [*leading, *rest, *REGIONS]


def load_cameo(path: Path) -> dict[str, float]:
    """Event code → Goldstein score, for the codes of three or four digits."""
    table = json.loads(path.read_text(encoding="utf-8"))["GoldsteinScale"]
    return {code: float(score) for code, score in table.items() if len(code) >= 3}


def _zipf_weights(n: int, exponent: float) -> np.ndarray:
    weights: np.ndarray = 1.0 / np.arange(1, n + 1, dtype=np.float64) ** exponent
    weights /= float(weights.sum())
    return weights


def _strings(values: np.ndarray, index: np.ndarray, blank: np.ndarray | None) -> pa.Array:
    """values[index] as a plain string column (null where ``blank``)."""
    chosen = pa.DictionaryArray.from_arrays(
        pa.array(index.astype(np.int32), mask=blank), pa.array(values)
    )
    return chosen.cast(pa.string())


def event_chunks(
    rows: int,
    countries: list[str],
    domains: list[str],
    cameo: dict[str, float],
    seed: int = 2025,
) -> Iterator[pa.Table]:
    """The events in Arrow tables of at most :data:`CHUNK_ROWS` rows."""
    rng = np.random.default_rng(seed)
    codes = np.array(sorted(cameo))
    roots = np.array([c[:2] for c in codes])
    root_names = sorted(ROOT_WEIGHTS)
    root_p = np.array([ROOT_WEIGHTS[r] for r in root_names], dtype=np.float64)
    root_p /= root_p.sum()
    within = [np.flatnonzero(roots == r) for r in root_names]
    goldstein = np.array([cameo[c] for c in codes])
    quads = np.array([quad_class(r) for r in roots], dtype=np.int64)
    country_values = np.array(countries)
    country_p = _zipf_weights(len(countries), 1.1)
    domain_values = np.array(domains)
    domain_p = _zipf_weights(len(domains), 0.8)
    start, days = np.datetime64(FIRST_DAY, "D"), (LAST_DAY - FIRST_DAY).days + 1
    bases = np.array([c[:3] for c in codes])
    done = 0
    while done < rows:
        n = min(CHUNK_ROWS, rows - done)
        root = rng.choice(len(root_names), size=n, p=root_p)
        code = np.empty(n, dtype=np.int64)
        for i, members in enumerate(within):
            picked = root == i
            code[picked] = members[rng.integers(0, len(members), size=int(picked.sum()))]
        day = start + rng.integers(0, days, size=n).astype("timedelta64[D]")
        month = day.astype("datetime64[M]")
        sqldate = (
            (day.astype("datetime64[Y]").astype(np.int64) + 1970) * 10000
            + (month.astype(np.int64) % 12 + 1) * 100
            + (day - month.astype("datetime64[D]")).astype(np.int64)
            + 1
        )
        mentions = np.minimum(rng.zipf(2.2, size=n), 5000).astype(np.int64)
        sources = np.minimum(mentions, rng.zipf(2.5, size=n)).astype(np.int64)
        articles = np.maximum(sources, np.minimum(mentions, rng.zipf(2.3, size=n)))
        score = goldstein[code]
        tone = np.clip(rng.normal(-2.0 + 0.4 * score, 3.0), -30.0, 30.0)
        yield pa.table(
            {
                "GLOBALEVENTID": np.arange(done + 1, done + n + 1, dtype=np.int64) + 700_000_000,
                "SQLDATE": sqldate,
                "MonthYear": sqldate // 100,
                "Year": sqldate // 10000,
                "Actor1CountryCode": _strings(
                    country_values,
                    rng.choice(len(countries), size=n, p=country_p),
                    rng.random(n) < BLANK_ACTOR1,
                ),
                "Actor2CountryCode": _strings(
                    country_values,
                    rng.choice(len(countries), size=n, p=country_p),
                    rng.random(n) < BLANK_ACTOR2,
                ),
                "EventCode": codes[code],
                "EventBaseCode": bases[code],
                "EventRootCode": roots[code],
                "QuadClass": quads[code],
                "GoldsteinScale": score,
                "NumMentions": mentions,
                "NumSources": sources,
                "NumArticles": articles,
                "AvgTone": tone,
                "domain_id": _strings(
                    domain_values,
                    rng.choice(len(domains), size=n, p=domain_p),
                    rng.random(n) < UNTAGGED,
                ),
            }
        )
        done += n


def write_events(
    path: Path,
    rows: int,
    countries: list[str],
    domains: list[str],
    cameo: dict[str, float],
    seed: int = 2025,
) -> Path:
    """Write ``rows`` synthetic events to a Parquet file, chunk by chunk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    writer: pq.ParquetWriter | None = None
    try:
        for chunk in event_chunks(rows, countries, domains, cameo, seed):
            if writer is None:
                writer = pq.ParquetWriter(str(path), chunk.schema)
            writer.write_table(chunk)
    finally:
        if writer is not None:
            writer.close()
    return path
