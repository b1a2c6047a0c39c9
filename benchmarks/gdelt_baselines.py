"""The two baselines of benchmarks/gdelt_import.py: the same import of a GDELT 2.0 events export
file (61 tab-separated columns, no header) done with pandas, and done with a Python row loop.

Both apply the importer's rules — taken from the same declared layout
(``techbloc.ingest.gdelt.layout``): every typed column's format and range, the required
columns, the root-code prefix of EventCode and EventBaseCode, the column count, duplicates within
the file — map the country codes with the same tables and tag domains with the same tagger (once
per distinct URL and actor name), and write the same rows, quarantine and import record to a
store, in one transaction. What differs is how the file is read, checked and written:

* ``pandas``: ``read_csv`` (C parser, every column as text), vectorised checks
  (``str.fullmatch``, ``to_numeric``, ``to_datetime``), and DuckDB's scan of the DataFrame for the
  insert — the fastest way from pandas into DuckDB (``DataFrame.to_sql`` needs SQLAlchemy and a
  DuckDB dialect, which techbloc does not install; it would be slower still);
* ``loop``: ``csv.reader``, checks per value in Python, ``executemany`` of the typed tuples.

Simplifications, stated: pandas cannot tell a short row from one with empty last fields (it pads
both with ''), skips rows with more fields than the layout plus one (``on_bad_lines="skip"``)
instead of quarantining them, and reads bytes that are not UTF-8 as replacement characters; the
synthetic benchmark file has none of these.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path
from typing import Any

import duckdb

from techbloc.ingest.gdelt.countries import country_maps
from techbloc.ingest.gdelt.domains import DomainTag, DomainTagger
from techbloc.ingest.gdelt.layout import EVENT_COLUMNS, Column

INT = re.compile(r"-?[0-9]{1,18}")
FLOAT = re.compile(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")
FORMATS = {"date8": ("%Y%m%d", re.compile("[0-9]{8}")),
           "ts14": ("%Y%m%d%H%M%S", re.compile("[0-9]{14}"))}  # fmt: skip
EXTRA = ["event_date", "actor1_actor_code", "actor2_actor_code", "actor1_geo_actor_code",
         "actor2_geo_actor_code", "action_geo_actor_code", "domain_id", "domain_parent_id",
         "domain_method", "domain_terms"]  # fmt: skip


def _range_reason(c: Column) -> str:
    def num(x: float) -> str:
        return f"{x:g}".replace("-", "−")

    if c.high is None:
        return "negative" if c.low == 0 else f"below {num(c.low or 0)}"
    if c.low is None:
        return f"above {num(c.high)}"
    return f"outside {num(c.low)}…{num(c.high)}"


def _domain(url: str | None, name1: str | None, name2: str | None,
            url_tags: dict[str, DomainTag | None], name_tags: dict[str, DomainTag | None]) -> (
    tuple[str | None, str | None, str | None, list[str] | None]
):  # fmt: skip
    for text, tags, method in ((url, url_tags, "url"), (name1, name_tags, "actor1-name"),
                               (name2, name_tags, "actor2-name")):  # fmt: skip
        tag = tags.get(text) if text else None
        if tag:
            return tag.domain_id, tag.domain_parent_id, method, list(tag.terms)
    return None, None, None, None


def _record(con: duckdb.DuckDBPyConnection, path: Path, read: int, kept: int, rejected: int,
            problems: list[tuple[Any, ...]]) -> int:  # fmt: skip
    row = con.execute("SELECT nextval('news_import_ids')").fetchone()
    run = con.execute("SELECT nextval('news_run_ids')").fetchone()
    assert row and run
    import_id = int(row[0])
    con.execute(
        "INSERT INTO news_imports VALUES (?, ?, ?, 'events', 'gdelt-tab', 'baseline', now(), "
        "?, ?, ?, 0, 'gdelt-url-1')", [import_id, int(run[0]), str(path), read, kept, rejected],
    )  # fmt: skip
    con.executemany(
        "INSERT INTO news_quarantine VALUES (?, ?, ?, ?, ?, ?)",
        [(import_id, str(path), r, f, why, v) for r, f, why, v in problems],
    )
    return import_id


# ------------------------------------------------------------------------------------ pandas
def pandas_import(store: Path, path: Path) -> dict[str, int]:
    import pandas as pd

    names = [c.gdelt for c in EVENT_COLUMNS]
    df = pd.read_csv(path, sep="\t", header=None, names=[*names, "_extra"], dtype=str,
                     keep_default_na=False, quoting=csv.QUOTE_NONE, on_bad_lines="skip",
                     encoding_errors="replace")  # fmt: skip
    df.index = pd.RangeIndex(1, len(df) + 1)  # the line numbers (no header, no skipped line)
    wrong = df["_extra"] != ""  # pandas pads short rows with '' too: it sees only long ones
    problems: list[pd.DataFrame] = [pd.DataFrame({
        "row": df.index[wrong], "field": None,
        "reason": "wrong column count", "value": None})]  # fmt: skip
    typed: dict[str, Any] = {}
    bad = wrong.copy()
    for c in EVENT_COLUMNS:
        v = df[c.gdelt].fillna("")
        empty = v == ""
        fails: list[tuple[pd.Series, str]] = []
        if c.required:
            fails.append((empty, "missing"))
        value: Any = v.where(~empty)
        if c.kind in ("int", "bigint", "float"):
            ok = v.str.fullmatch((INT if c.kind != "float" else FLOAT).pattern)
            number = pd.to_numeric(v.where(ok & ~empty), errors="coerce")
            fails.append((~empty & ~ok.astype(bool), "not a number" if c.kind == "float"
                          else "not an integer"))  # fmt: skip
            if c.low is not None or c.high is not None:
                inside = number.between(c.low if c.low is not None else -1e300,
                                        c.high if c.high is not None else 1e300)  # fmt: skip
                fails.append((number.notna() & ~inside, _range_reason(c)))
            value = number.astype("Int64" if c.kind != "float" else "float64")
        elif c.kind in FORMATS:
            fmt, pattern = FORMATS[c.kind]
            when = pd.to_datetime(v.where(v.str.fullmatch(pattern.pattern)), format=fmt,
                                  errors="coerce")  # fmt: skip
            what = "YYYYMMDD" if c.kind == "date8" else "and time YYYYMMDDHHMMSS"
            fails.append((~empty & when.isna(), f"not a real date {what}"))
            value = pd.to_numeric(v.where(when.notna()), errors="coerce").astype("Int64") \
                if c.kind == "date8" else when  # fmt: skip
            if c.gdelt == "SQLDATE":
                typed["event_date"] = when.dt.date
        elif c.kind == "flag":
            fails.append((~empty & ~v.isin(["0", "1"]), "not 0 or 1"))
            value = v.map({"1": True, "0": False})
        elif c.kind == "code" and c.pattern:
            fails.append((~empty & ~v.str.fullmatch(c.pattern).astype(bool),
                          f"not {c.pattern_says}"))  # fmt: skip
        typed[c.store] = value
        for mask, reason in fails:
            mask = mask & ~wrong
            if mask.any():
                problems.append(pd.DataFrame({"row": df.index[mask], "field": c.gdelt,
                                              "reason": reason, "value": v[mask].str[:200]}))  # fmt: skip
                bad |= mask
    root = df["EventRootCode"].fillna("")
    for name in ("EventCode", "EventBaseCode"):
        code = df[name].fillna("")
        mask = (~wrong & code.str.fullmatch("[0-9]{2,4}") & root.str.fullmatch("[0-9]{2}")
                & (code.str[:2] != root))  # fmt: skip
        if mask.any():
            problems.append(pd.DataFrame({"row": df.index[mask], "field": name,
                                          "reason": "does not begin with its root code " + root[mask],
                                          "value": code[mask]}))  # fmt: skip
            bad |= mask
    ids = typed["global_event_id"]
    duplicate = ~bad & ids.duplicated(keep="first") & ids.notna()
    if duplicate.any():
        first = (
            ids[~bad]
            .reset_index()
            .drop_duplicates("global_event_id")
            .set_index("global_event_id")["index"]
        )
        problems.append(pd.DataFrame({
            "row": df.index[duplicate], "field": "GLOBALEVENTID",
            "reason": "duplicate of row " + ids[duplicate].map(first).astype(str) + " of this file",
            "value": ids[duplicate].astype(str)}))  # fmt: skip
        bad |= duplicate
    out = pd.DataFrame(typed)[~bad]
    con = duckdb.connect(str(store))
    maps = country_maps(con)
    stored = {int(r[0]) for r in con.execute("SELECT global_event_id FROM news_events").fetchall()}
    out = out[~out["global_event_id"].isin(stored)]
    for side in ("actor1", "actor2"):
        out[f"{side}_actor_code"] = out[f"{side}_country_code"].str.upper().map(maps.cameo)
    for geo in ("actor1_geo", "actor2_geo", "action_geo"):
        out[f"{geo}_actor_code"] = out[f"{geo}_country_code"].str.upper().map(maps.fips)
    tagger = DomainTagger.from_store(con)
    url_tags = {u: tagger.tag_url(u) for u in out["source_url"].dropna().unique()}
    names = set(out["actor1_name"].dropna()) | set(out["actor2_name"].dropna())
    name_tags = {n: tagger.tag(n) for n in names}
    tags = [_domain(u, a, b, url_tags, name_tags) for u, a, b in
            zip(out["source_url"], out["actor1_name"], out["actor2_name"], strict=True)]  # fmt: skip
    for i, name in enumerate(("domain_id", "domain_parent_id", "domain_method", "domain_terms")):
        out[name] = [t[i] for t in tags]
    out["source_row"] = out.index
    quarantine = pd.concat(problems, ignore_index=True).sort_values(["row", "field"])
    rejected = int(bad.sum())
    columns = [c.store for c in EVENT_COLUMNS] + EXTRA
    con.execute("BEGIN TRANSACTION")
    try:
        import_id = _record(con, path, len(df), len(out), rejected,
                            [(int(r.row), r.field, r.reason, r.value)
                             for r in quarantine.itertuples()])  # fmt: skip
        out["import_id"] = import_id
        con.register("baseline_events", out)
        con.execute(f"INSERT INTO news_events ({', '.join(columns)}, import_id, source_row) "
                    f"SELECT {', '.join(columns)}, import_id, source_row FROM baseline_events")  # fmt: skip
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.close()
    return {"rows_read": len(df), "rows_kept": len(out), "rows_rejected": rejected}


# -------------------------------------------------------------------------------- row loop
def _check(c: Column, v: str) -> tuple[Any, str | None]:
    """(typed value, reason) of one value."""
    if v == "":
        return None, ("missing" if c.required else None)
    if c.kind in ("int", "bigint", "float"):
        if not (FLOAT if c.kind == "float" else INT).fullmatch(v):
            return None, "not a number" if c.kind == "float" else "not an integer"
        number = float(v) if c.kind == "float" else int(v)
        if (c.low is not None and number < c.low) or (c.high is not None and number > c.high):
            return None, _range_reason(c)
        return number, None
    if c.kind in FORMATS:
        fmt, pattern = FORMATS[c.kind]
        what = "YYYYMMDD" if c.kind == "date8" else "and time YYYYMMDDHHMMSS"
        if not pattern.fullmatch(v):
            return None, f"not a real date {what}"
        try:
            when = dt.datetime.strptime(v, fmt)
        except ValueError:
            return None, f"not a real date {what}"
        return (int(v) if c.kind == "date8" else when), None
    if c.kind == "flag":
        return ({"1": True, "0": False}.get(v), None if v in ("0", "1") else "not 0 or 1")
    if c.kind == "code" and c.pattern and not re.fullmatch(c.pattern, v):
        return None, f"not {c.pattern_says}"
    return v, None


def loop_import(store: Path, path: Path, limit: int) -> dict[str, int]:
    con = duckdb.connect(str(store))
    maps = country_maps(con)
    tagger = DomainTagger.from_store(con)
    url_tags: dict[str, DomainTag | None] = {}
    name_tags: dict[str, DomainTag | None] = {}
    seen: dict[int, int] = {}
    good: list[tuple[Any, ...]] = []
    problems: list[tuple[Any, ...]] = []
    read = 0
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        for line, fields in enumerate(csv.reader(handle, delimiter="\t",
                                                 quoting=csv.QUOTE_NONE), start=1):  # fmt: skip
            if line > limit:
                break
            read += 1
            if len(fields) != len(EVENT_COLUMNS):
                problems.append((line, None, f"wrong column count: {len(fields)} fields", None))
                continue
            values, found = [], []
            for c, v in zip(EVENT_COLUMNS, fields, strict=True):
                value, reason = _check(c, v)
                values.append(value)
                if reason:
                    found.append((line, c.gdelt, reason, v[:200]))
            row = dict(zip((c.gdelt for c in EVENT_COLUMNS), fields, strict=True))
            for name in ("EventCode", "EventBaseCode"):
                code, root = row[name], row["EventRootCode"]
                if (re.fullmatch("[0-9]{2,4}", code) and re.fullmatch("[0-9]{2}", root)
                        and not code.startswith(root)):  # fmt: skip
                    found.append((line, name, f"does not begin with its root code {root}", code))
            gid = values[0]
            if not found and gid in seen:
                found.append((line, "GLOBALEVENTID", f"duplicate of row {seen[gid]} of this file",
                              str(gid)))  # fmt: skip
            if found:
                problems += found
                continue
            seen[gid] = line
            url, a1, a2 = row["SOURCEURL"] or None, row["Actor1Name"], row["Actor2Name"]
            if url and url not in url_tags:
                url_tags[url] = tagger.tag_url(url)
            for name in (a1, a2):
                if name and name not in name_tags:
                    name_tags[name] = tagger.tag(name)
            sqldate = str(values[1])
            extra = [
                dt.date(int(sqldate[:4]), int(sqldate[4:6]), int(sqldate[6:])),
                maps.cameo.get(row["Actor1CountryCode"].upper()),
                maps.cameo.get(row["Actor2CountryCode"].upper()),
                maps.fips.get(row["Actor1Geo_CountryCode"].upper()),
                maps.fips.get(row["Actor2Geo_CountryCode"].upper()),
                maps.fips.get(row["ActionGeo_CountryCode"].upper()),
                *_domain(url, a1 or None, a2 or None, url_tags, name_tags),
            ]
            good.append((*values, *extra, line))
    stored = {int(r[0]) for r in con.execute("SELECT global_event_id FROM news_events").fetchall()}
    good = [g for g in good if g[0] not in stored]
    rejected = len({p[0] for p in problems})
    columns = [c.store for c in EVENT_COLUMNS] + EXTRA
    con.execute("BEGIN TRANSACTION")
    try:
        import_id = _record(con, path, read, len(good), rejected, problems)
        marks = ", ".join("?" * (len(columns) + 2))
        con.executemany(
            f"INSERT INTO news_events ({', '.join(columns)}, source_row, import_id) "
            f"VALUES ({marks})", [(*g, import_id) for g in good],
        )  # fmt: skip
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.close()
    return {"rows_read": read, "rows_kept": len(good), "rows_rejected": rejected}
