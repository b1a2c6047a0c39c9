"""Synthetic GDELT 2.0 *export* files — 61 tab-separated columns, no header, as GDELT publishes
them — for the importer's benchmark and scale tests.

The events are those of :mod:`techbloc.scale.synthetic_events` (random, seeded; real layout and
CAMEO tables), written out with the columns the Parquet file lacks:

* actor codes and names from the country codes (names: the store's English names in capitals, as
  GDELT writes them); geography: the countries' FIPS 10-4 codes (``country_codes.yaml``, read
  backwards), the action located in actor 2's country;
* ``SOURCEURL``: two events per URL (GDELT's daily files hold about that many); a share
  :data:`TECH_URL_SHARE` of the URLs carry a keyword of a techbloc domain in their slug, the rest
  a generic headline; common news words (:data:`FILLER`) make nearly every slug its own, so the
  importer's tagger, which works once per distinct text, has work of a realistic kind. The
  Parquet file's own ``domain_id`` is not written (GDELT has no such column);
* with ``bad_every`` = k, every k-th event gets one bad value in turn (QuadClass 7, SQLDATE
  20230231, GoldsteinScale 12.5, NumMentions −1), for the quarantine's share of the work.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from techbloc.ingest.gdelt.layout import EVENT_COLUMNS
from techbloc.scale.synthetic_events import event_chunks

TECH_URL_SHARE = 0.3
EVENTS_PER_URL = 2
HOSTS = (
    "www.example-news.com", "news.example.org", "www.example-times.co.uk", "economy.example.cn",
    "www.example.jp", "nltimes.example.nl", "www.example.de",
)  # fmt: skip
SECTIONS = ("world", "business", "technology", "politics", "asia-pacific", "economy")
GENERIC = ("minister-visits-capital-for-talks", "court-rules-on-election-dispute",
           "protesters-gather-outside-parliament", "leaders-sign-trade-agreement",
           "police-arrest-suspects-after-clash", "talks-end-without-deal",
           "president-meets-counterpart", "officials-deny-report")  # fmt: skip
_FILLER_WORDS = (
    "after again against amid analysts april august back ban bank before begins big bill border "
    "budget call calls case chief city claims clash colonel comment company concerns congress "
    "council country court crisis critics cut day deal debate december decision "
    "delegation deny despite dispute economy election embassy envoy europe experts face faces "
    "february fight firm first foreign forum friday future global government group growth health "
    "hits holds hopes impact industry issue january july june key labour latest law leader "
    "leaders local march market markets may meeting minister ministry monday month move national "
    "new news next november october office official officials opposition over parliament party "
    "plan plans police policy power president press price prime probe protest push rally record "
    "reform region report reports review rise rises risk rules russia saturday say says second "
    "secretary security senate september sets state statement strike summit sunday support talks "
    "tax tensions thursday ties time top trade trip tuesday union urges vote war warns wednesday "
    "week welcomes workers world year years"
)
FILLER = tuple(_FILLER_WORDS.split())
"""Common news words (none a domain keyword): two or three of them make each slug its own."""
VERBS = ("us-curbs", "new-rules-on", "talks-on", "ban-on", "exports-of", "investment-in")
BAD_VALUES = (("QuadClass", "7"), ("SQLDATE", "20230231"), ("GoldsteinScale", "12.5"),
              ("NumMentions", "-1"))  # fmt: skip


def _slug(keyword: str) -> str:
    return keyword.lower().replace(" ", "-")


def source_urls(event_ids: np.ndarray, keywords: list[str]) -> pa.Array:
    """One URL per :data:`EVENTS_PER_URL` consecutive events: host, section, a slug (a
    domain keyword for :data:`TECH_URL_SHARE` of them) and the URL's number."""
    url_id = event_ids // EVENTS_PER_URL
    mix = (url_id * 2654435761) % 2**32  # a fixed hash: the same URL for the same id
    tech = (mix % 1000) < TECH_URL_SHARE * 1000
    urls = []
    for uid, h, is_tech in zip(url_id.tolist(), mix.tolist(), tech.tolist(), strict=True):
        words = [FILLER[(uid * k * 2246822519 >> 7) % len(FILLER)] for k in (3, 5, 7)]
        if is_tech:
            slug = (f"{VERBS[h % len(VERBS)]}-{_slug(keywords[(h >> 8) % len(keywords)])}-"
                    f"{words[0]}-{words[1]}")  # fmt: skip
        else:
            slug = f"{GENERIC[h % len(GENERIC)]}-{words[0]}-{words[1]}-{words[2]}"
        host, section = HOSTS[(h >> 4) % len(HOSTS)], SECTIONS[(h >> 12) % len(SECTIONS)]
        urls.append(f"https://{host}/{section}/{slug}-{uid}")
    return pa.array(urls, pa.string())


def export_chunks(
    rows: int,
    countries: list[str],
    domains: list[str],
    cameo: dict[str, float],
    names: dict[str, str],
    fips: dict[str, str],
    keywords: list[str],
    seed: int = 2025,
    bad_every: int = 0,
) -> Iterator[pa.Table]:
    """The events as 61 text columns named as in GDELT's codebook (``names``: CAMEO code →
    actor name; ``fips``: CAMEO code → FIPS 10-4 code; ``keywords``: domain keywords for URLs)."""
    for chunk in event_chunks(rows, countries, domains, cameo, seed):
        n = chunk.num_rows
        text = {name: pa.array([""] * n, pa.string()) for name in (c.gdelt for c in EVENT_COLUMNS)}
        for name in ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "EventCode",
                     "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
                     "NumMentions", "NumSources", "NumArticles", "AvgTone"):  # fmt: skip
            text[name] = pc.cast(chunk[name], pa.string())
        sqldate = chunk["SQLDATE"].to_numpy()
        text["FractionDate"] = pa.array([f"{d // 10000 + (d // 100 % 100 * 30 + d % 100) / 365:.4f}"
                                         for d in sqldate.tolist()])  # fmt: skip
        text["IsRootEvent"] = pa.array(["1"] * n)
        text["DATEADDED"] = pc.cast(pa.array(sqldate * 1_000_000 + 121500), pa.string())
        for side in ("Actor1", "Actor2"):
            codes = pc.fill_null(chunk[f"{side}CountryCode"], "")
            text[f"{side}Code"] = codes
            text[f"{side}CountryCode"] = codes
            text[f"{side}Name"] = _lookup(codes, names)
            text[f"{side}Geo_CountryCode"] = _lookup(codes, fips)
            text[f"{side}Geo_Type"] = pa.array(["1" if c else "0" for c in codes.to_pylist()])
        text["ActionGeo_CountryCode"] = text["Actor2Geo_CountryCode"]
        text["ActionGeo_Type"] = text["Actor2Geo_Type"]
        ids = chunk["GLOBALEVENTID"].to_numpy()
        text["SOURCEURL"] = source_urls(ids, keywords)
        if bad_every > 0:
            for i, (name, bad) in enumerate(BAD_VALUES):
                hit = pa.array((ids % bad_every == 0) & (ids // bad_every % len(BAD_VALUES) == i))
                text[name] = pc.if_else(hit, bad, text[name])
        yield pa.table(text)


def _lookup(codes: pa.Array | pa.ChunkedArray, table: dict[str, str]) -> pa.Array:
    keys = list(table)
    index = pc.index_in(codes, value_set=pa.array(keys, pa.string()))
    values = pa.array([table[k] for k in keys] + [""], pa.string())
    return pc.take(values, pc.fill_null(index, len(keys)))


def write_export(
    path: Path,
    rows: int,
    countries: list[str],
    domains: list[str],
    cameo: dict[str, float],
    names: dict[str, str],
    fips: dict[str, str],
    keywords: list[str],
    seed: int = 2025,
    bad_every: int = 0,
) -> Path:
    """Write ``rows`` synthetic events to ``path`` in GDELT 2.0's export layout."""
    path.parent.mkdir(parents=True, exist_ok=True)
    options = pacsv.WriteOptions(include_header=False, delimiter="\t", quoting_style="none")
    chunks = export_chunks(rows, countries, domains, cameo, names, fips, keywords, seed, bad_every)
    with path.open("wb") as handle:
        for table in chunks:
            pacsv.write_csv(table, handle, write_options=options)
    return path
