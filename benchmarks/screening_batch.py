"""Screening speed and accuracy on a 50,000-name batch of real names, against named baselines.

Run (about ten minutes on 2 cores; --rows for a shorter run):
    PYTHONPATH=src .venv/bin/python benchmarks/screening_batch.py [--rows 50000] [--seed 20231130]

The list: the real US Consolidated Screening List snapshot of 2023-11-30
(../shared/datasets/us-csl-watchman/csl_2023.csv), imported with `import_list_file` into a fresh
store built from the knowledge base; its names and aliases are what every matcher searches.

The batch (fixed seed; recipe also in docs/benchmarks.md), every name real:
* positives (about 10 %), each labelled with the listed entities it must find: a name or alias of
  a CSL row that is not an individual or a vessel, written as listed or changed in one way —
  case, punctuation, legal form (removed, added or swapped), word order; plus the Chinese names
  of the knowledge base's name bridge (src/techbloc/kb/data/names/organisations.yaml) whose
  English name is a CSL name or alias. Half the positives carry the listed entity's country.
  The labels are every CSL entity with the same name after case and punctuation folding.
* negatives (the rest): real organisation names from sources that are not restricted-party lists —
  semiconductor firms (eto-chip-explorer providers and company info), the organisations and
  companies on the target's own countermeasure lists (English and Chinese names; foreign
  defence firms and bodies), the publishers of the OpenSanctions dataset index and the sanctions
  issuers of OpenSanctions' catalogue, and the alliances and regimes of the knowledge base
  (English, Chinese, aliases) — each row one such name as given or changed in the same ways, with
  the source's country where it gives one. A name equal (after folding) to a CSL name or alias is
  left out. Lists of sanctioned or restricted parties (DoD 1260H, NDAA 1286, Japan's end-user
  lists, the FtM samples) are not used as negatives: many of their entries are on the CSL too.
  gdelt-reference holds event codes and news-site domains, and alliances-atop-cow country codes:
  no organisation names, so neither is used.

Measured in one run, for each matcher: index build time and memory (tracemalloc peak of the build;
RSS growth), single-name queries per second (one core; first 1,000 rows, nomenklatura 50), the
whole batch's wall time and rows per second with 2 workers, and precision and recall on the labels
(top 5 hits per name). Matchers:
* techbloc: `ScreeningIndex.from_store` + `NameBridge`, `screen_queries(workers=2)`, threshold 0.80;
* rapidfuzz brute force: WRatio of the query against every name and alias (rapidfuzz's
  default_process on both sides), a hit at >= 80, best score per entity; the batch on a pool of 2
  processes each running `process.extract` (the same as `process.cdist(workers=2)`, which needs
  numpy, not a project dependency);
* nomenklatura (its blocking index and name-based matcher, threshold 0.70) through
  benchmarks/nomenklatura_baseline.py, when the separate virtualenv --nk-python exists.

Precision = correct hits / all hits, a hit being one (row, listed entity) pair among a row's top 5;
recall = positive rows with one of their labelled entities among the hits / positive rows;
false alarms = negative rows with any hit / negative rows.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import multiprocessing
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import yaml
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from techbloc.ingest.lists import import_list_file
from techbloc.matching.batch import screen_queries
from techbloc.matching.bridge import NameBridge
from techbloc.matching.index import ScreeningIndex
from techbloc.matching.names import analyse
from techbloc.matching.screen import DEFAULT_THRESHOLD, Query, screen
from techbloc.store.build import build_store

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "datasets"
CSL = DATA / "us-csl-watchman" / "csl_2023.csv"
KB = ROOT / "src" / "techbloc" / "kb" / "data"
POSITIVE_SHARE = 0.10
LIMIT = 5
SINGLE_ROWS = 1_000
WORKERS = 2
RAPIDFUZZ_CUTOFF = 80
NK_THRESHOLD = 0.70  # yente's match threshold (SCORE_THRESHOLD)
LEGAL_FORMS = ["Co., Ltd.", "Ltd", "Limited", "LLC", "Inc.", "Corporation", "GmbH", "JSC", "S.A."]
_LEGAL_END = re.compile(
    r"[\s,]+(co\.?,?\s*ltd\.?|ltd\.?|limited|llc|inc\.?|corp\.?|corporation|gmbh|jsc|s\.a\.|"
    r"company|co\.)\s*$",
    re.IGNORECASE,
)


@dataclass
class Row:
    text: str
    country: str | None
    kind: str  # how the name was made: as listed, case, punctuation, legal form, ...
    labels: frozenset[str] = frozenset()  # the listed entities it must find (none: a negative)


@dataclass
class Outcome:
    name: str
    build_seconds: float
    build_peak_mb: float
    rss_growth_mb: float
    single_qps: float
    batch_seconds: float
    hits: list[list[str]]
    notes: list[str] = field(default_factory=list)


def fold(text: str) -> str:
    """Case and punctuation folded (the label key: same folded name, same entity)."""
    return " ".join(re.findall(r"\w+", text.casefold()))


# --- the batch ------------------------------------------------------------------------------


def variant(name: str, kind: str, rng: random.Random) -> str:
    """``name`` changed in one way (kind), or as given."""
    if kind == "case":
        return rng.choice([name.upper(), name.lower(), name.title()])
    if kind == "punctuation":
        return re.sub(r"\s+", " ", re.sub(r"[.,;:()'\"&/-]", rng.choice(["", " "]), name)).strip()
    if kind == "legal form":
        stripped = _LEGAL_END.sub("", name)
        if stripped != name and rng.random() < 0.5:
            return stripped
        return f"{stripped}{rng.choice([' ', ', '])}{rng.choice(LEGAL_FORMS)}"
    if kind == "word order":
        words = _LEGAL_END.sub("", name).split()
        if len(words) < 2:
            return name
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
        return " ".join(words)
    return name


KINDS = ["as listed", "case", "punctuation", "legal form", "word order"]


def listed_names(
    con: duckdb.DuckDBPyConnection,
) -> tuple[list[tuple[str, str, str]], dict[str, set[str]]]:
    """(entity id, name or alias, first country) of organisations; entity ids per folded name."""
    rows = con.execute(
        "SELECT entity_id, name, aliases, countries, entity_type FROM listed_entities"
        " WHERE is_active ORDER BY entity_id"
    ).fetchall()
    names, by_fold = [], defaultdict(set)
    for entity_id, name, aliases, countries, entity_type in rows:
        for alias in dict.fromkeys([name, *(aliases or [])]):
            by_fold[fold(alias)].add(entity_id)
            if (entity_type or "").lower() not in ("individual", "vessel") and fold(alias):
                names.append((entity_id, alias, (countries or [""])[0]))
    return names, by_fold


def bridge_chinese(
    con: duckdb.DuckDBPyConnection, by_fold: dict[str, set[str]]
) -> list[tuple[str, frozenset[str]]]:
    """Chinese names of the name bridge whose organisation's English name is a CSL name."""
    rows = con.execute(
        "SELECT org_id, lang, name FROM organisation_names ORDER BY org_id, rowid"
    ).fetchall()
    english, chinese = defaultdict(set), defaultdict(list)
    for org, lang, name in rows:
        if lang == "en":
            english[org] |= by_fold.get(fold(name), set())
        elif lang == "zh":
            chinese[org].append(name)
    return [
        (zh, frozenset(english[org]))
        for org in sorted(chinese)
        if english[org]
        for zh in chinese[org]
    ]


def _iso2_by_iso3() -> dict[str, str]:
    path = DATA / "country-groups" / "country_converter_country_data.tsv"
    with path.open(encoding="utf-8") as handle:
        return {r["ISO3"]: r["ISO2"] for r in csv.DictReader(handle, delimiter="\t")}


def unlisted_names() -> list[tuple[str, str | None, str]]:
    """(name, ISO-2 country or None, source) of real organisations from non-list sources."""
    out: list[tuple[str, str | None, str]] = []
    iso2 = _iso2_by_iso3()
    with (DATA / "eto-chip-explorer" / "providers.csv").open(encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            if r["provider_type"] == "organization":
                out.append((r["provider_name"], iso2.get(r["country"]), "eto providers"))
    path = DATA / "eto-chip-explorer" / "basic_company_info_2022.csv"
    with path.open(encoding="utf-8-sig") as handle:
        for r in csv.DictReader(handle):
            if r["Company"].strip() and not r["Company"].startswith("[Test]"):
                out.append((r["Company"].strip(), None, "eto company info"))
    path = DATA / "opensanctions-lists" / "cn_countermeasures_uel_export_control.csv"
    with path.open(encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            if r["Type"] in ("Organization", "Company"):
                country = r["Country"].split(";")[0].strip().upper() or None
                for name in (r["Name"], r["Chinese name"]):
                    if name.strip():
                        out.append((name.strip(), country, "cn countermeasure lists"))
    index = json.loads(
        (DATA / "opensanctions-ftm-samples" / "opensanctions_index_2024-06-13.json").read_text(
            "utf-8"
        )
    )
    for ds in index["datasets"]:
        publisher = ds.get("publisher") or {}
        if publisher.get("name"):
            out.append(
                (
                    publisher["name"],
                    (publisher.get("country") or "").upper() or None,
                    "opensanctions publishers",
                )
            )
    for issuer in json.loads(
        (DATA / "opensanctions-lists" / "meta_issuers.json").read_text("utf-8")
    ):
        out.append(
            (
                issuer["name"],
                (issuer.get("territory") or "").upper() or None,
                "opensanctions issuers",
            )
        )
    for path in sorted((KB / "alliances").glob("*.yaml")):
        alliance = yaml.safe_load(path.read_text("utf-8"))
        names = [alliance["name"]["en"], alliance["name"]["zh"], *(alliance.get("aliases") or [])]
        out += [(str(n), None, "knowledge-base alliances") for n in names if str(n).strip()]
    return out


def make_batch(
    rows: int, seed: int, con: duckdb.DuckDBPyConnection
) -> tuple[list[Row], dict[str, Any]]:
    rng = random.Random(seed)
    listed, by_fold = listed_names(con)
    chinese = bridge_chinese(con, by_fold)
    unlisted_all = unlisted_names()
    unlisted = list(
        {fold(n): (n, c, s) for n, c, s in unlisted_all if fold(n) not in by_fold}.values()
    )
    positives_wanted = round(rows * POSITIVE_SHARE)
    batch = [Row(zh, None, "Chinese (name bridge)", labels) for zh, labels in chinese][
        :positives_wanted
    ]
    while len(batch) < positives_wanted:
        entity_id, name, country = rng.choice(listed)
        kind = rng.choice(KINDS)
        text = variant(name, kind, rng)
        if fold(text):
            labels = frozenset(by_fold[fold(name)])
            batch.append(
                Row(text, country if rng.random() < 0.5 and country else None, kind, labels)
            )
    while len(batch) < rows:
        name, country, _ = rng.choice(unlisted)
        text = variant(name, rng.choice(KINDS), rng)
        if fold(text) and fold(text) not in by_fold:
            batch.append(Row(text, country, "negative"))
    rng.shuffle(batch)
    facts = {
        "rows": len(batch),
        "positives": sum(1 for r in batch if r.labels),
        "distinct strings": len({r.text for r in batch}),
        "listed names used": len(listed),
        "unlisted source names": len(unlisted),
        "unlisted names dropped as equal to a CSL name": len({fold(n) for n, _, _ in unlisted_all})
        - len(unlisted),
        "unlisted by source": dict(Counter(s for _, _, s in unlisted)),
        "Chinese bridge names": len(chinese),
    }
    return batch, facts


# --- techbloc ---------------------------------------------------------------------------------


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run_techbloc(db: Path, batch: list[Row], progress: Callable[[str], None]) -> Outcome:
    con = duckdb.connect(str(db), read_only=True)
    rss_before = rss_mb()
    started = time.perf_counter()
    index = ScreeningIndex.from_store(con)
    bridge = NameBridge.from_store(con)
    build = time.perf_counter() - started
    rss_growth = rss_mb() - rss_before
    analyse.cache_clear()  # a second, traced build from cold, for its memory
    tracemalloc.start()
    ScreeningIndex.from_store(con)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    con.close()
    queries = [Query(r.text, r.country, i) for i, r in enumerate(batch)]
    analyse.cache_clear()
    started = time.perf_counter()
    for query in queries[:SINGLE_ROWS]:
        screen(index, query, DEFAULT_THRESHOLD, LIMIT, bridge)
    single = min(SINGLE_ROWS, len(queries)) / (time.perf_counter() - started)
    analyse.cache_clear()
    progress("techbloc batch")
    started = time.perf_counter()
    results = screen_queries(index, queries, DEFAULT_THRESHOLD, LIMIT, None, bridge, WORKERS)
    hits = [[h.entity_id for h in found] for _, found in results]
    seconds = time.perf_counter() - started
    analyse.cache_clear()
    started = time.perf_counter()
    one = list(screen_queries(index, queries, DEFAULT_THRESHOLD, LIMIT, None, bridge, 1))
    assert [[h.entity_id for h in found] for _, found in one] == hits, "1 and 2 workers differ"
    notes = [
        f"techbloc: the same batch in one process (workers=1) took "
        f"{time.perf_counter() - started:.1f} s, with the same hits"
    ]
    name = f"techbloc (threshold {DEFAULT_THRESHOLD})"
    return Outcome(name, build, peak, rss_growth, single, seconds, hits, notes)


# --- rapidfuzz brute force --------------------------------------------------------------------

_rf_state: tuple[list[str], list[str]] = ([], [])


def _rf_start(choices: list[str], owners: list[str]) -> None:
    global _rf_state
    _rf_state = (choices, owners)


def _rf_screen(texts: list[str]) -> list[list[str]]:
    choices, owners = _rf_state
    out = []
    for text in texts:
        best: dict[str, float] = {}
        found = process.extract(
            default_process(text), choices, scorer=fuzz.WRatio, processor=None,
            score_cutoff=RAPIDFUZZ_CUTOFF, limit=None,
        )  # fmt: skip
        for _, score, i in found:
            owner = owners[i]
            best[owner] = max(best.get(owner, 0.0), score)
        out.append([e for e, _ in sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:LIMIT]])
    return out


def run_rapidfuzz(db: Path, batch: list[Row], progress: Callable[[str], None]) -> Outcome:
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT entity_id, name, aliases FROM listed_entities WHERE is_active ORDER BY entity_id"
    ).fetchall()
    con.close()
    rss_before = rss_mb()
    tracemalloc.start()
    started = time.perf_counter()
    owners, choices = [], []
    for entity_id, name, aliases in rows:
        for alias in dict.fromkeys([name, *(aliases or [])]):
            owners.append(entity_id)
            choices.append(default_process(alias))
    build = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    rss_growth = rss_mb() - rss_before
    _rf_start(choices, owners)
    texts = [r.text for r in batch]
    started = time.perf_counter()
    _rf_screen(texts[:SINGLE_ROWS])
    single = min(SINGLE_ROWS, len(texts)) / (time.perf_counter() - started)
    progress("rapidfuzz batch")
    started = time.perf_counter()
    chunks = [texts[i : i + 250] for i in range(0, len(texts), 250)]
    context = multiprocessing.get_context("forkserver")
    with context.Pool(WORKERS, initializer=_rf_start, initargs=(choices, owners)) as pool:
        hits = [ids for part in pool.imap(_rf_screen, chunks) for ids in part]
    seconds = time.perf_counter() - started
    name = f"rapidfuzz WRatio brute force (>= {RAPIDFUZZ_CUTOFF}, {len(choices):,} names)"
    return Outcome(name, build, peak, rss_growth, single, seconds, hits)


# --- nomenklatura -----------------------------------------------------------------------------


def run_nomenklatura(db: Path, batch: list[Row], nk_python: Path, work: Path) -> Outcome | str:
    if not nk_python.exists():
        return (
            f"nomenklatura skipped: no separate environment at {nk_python} (create it with "
            "`python3.11 -m venv /work/bench-nk-venv && /work/bench-nk-venv/bin/pip install "
            "nomenklatura`; it pins duckdb<2 and an exact scikit-learn, so never the main venv)"
        )
    con = duckdb.connect(str(db), read_only=True)
    listed = [
        [
            entity_id,
            list(dict.fromkeys([name, *(aliases or [])])),
            [c.lower() for c in countries or []],
        ]
        for entity_id, name, aliases, countries in con.execute(
            "SELECT entity_id, name, aliases, countries FROM listed_entities WHERE is_active"
            " ORDER BY entity_id"
        ).fetchall()
    ]
    con.close()
    spec = {
        "listed": listed, "queries": [[r.text, r.country] for r in batch],
        "threshold": NK_THRESHOLD, "limit": LIMIT, "workers": WORKERS,
        "single": min(50, len(batch)), "algorithm": "name-based",
    }  # fmt: skip
    (work / "nk_in.json").write_text(json.dumps(spec), encoding="utf-8")
    script = Path(__file__).with_name("nomenklatura_baseline.py")
    done = subprocess.run(
        [str(nk_python), str(script), str(work / "nk_in.json"), str(work / "nk_out.json")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        return f"nomenklatura failed (exit {done.returncode}): {done.stderr.strip()[-800:]}"
    out = json.loads((work / "nk_out.json").read_text(encoding="utf-8"))
    name = f"nomenklatura {out['version']} {out['algorithm']} (>= {NK_THRESHOLD})"
    notes = [
        f"nomenklatura: single q/s on the first {out['single_rows']} rows (one blocking query "
        f"per name); batch blocking {out['blocking_seconds']:.1f} s of {out['batch_seconds']:.1f} s"
    ]
    return Outcome(
        name, out["build_seconds"], out["build_peak_mb"], out["rss_growth_mb"],
        out["single_rows"] / out["single_seconds"], out["batch_seconds"], out["hits"], notes,
    )  # fmt: skip


# --- evaluation and report --------------------------------------------------------------------


def evaluate(batch: list[Row], hits: list[list[str]]) -> dict[str, Any]:
    correct = total = found = alarms = 0
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row, ids in zip(batch, hits, strict=True):
        total += len(ids)
        good = sum(1 for e in ids if e in row.labels)
        correct += good
        if row.labels:
            by_kind[row.kind][1] += 1
            if good:
                found += 1
                by_kind[row.kind][0] += 1
        elif ids:
            alarms += 1
    positives = sum(1 for r in batch if r.labels)
    return {
        "precision": correct / total if total else 0.0,
        "recall": found / positives if positives else 0.0,
        "false_alarms": alarms / (len(batch) - positives),
        "hits": total,
        "by_kind": {k: v[0] / v[1] for k, v in sorted(by_kind.items())},
    }


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), platform.processor(),
    )  # fmt: skip
    memory = next(
        int(line.split()[1]) / 2**20 for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )  # fmt: skip
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def report(
    batch: list[Row], facts: dict[str, Any], outcomes: list[Outcome], skipped: list[str]
) -> None:
    print(f"\nMachine: {machine()}")
    print(f"Batch: {json.dumps(facts, ensure_ascii=False)}\n")
    print(
        "| matcher | index build (s) | build memory: traced peak / RSS growth (MiB) | single q/s "
        "(1 core) | 50k batch wall time (s, 2 workers) | rows/s | precision | recall | "
        "negatives flagged |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    evaluations = {}
    for o in outcomes:
        e = evaluations[o.name] = evaluate(batch, o.hits)
        print(
            f"| {o.name} | {o.build_seconds:.2f} | {o.build_peak_mb:.0f} / {o.rss_growth_mb:.0f} | "
            f"{o.single_qps:,.0f} | {o.batch_seconds:.1f} | {len(batch) / o.batch_seconds:,.0f} | "
            f"{e['precision']:.3f} | {e['recall']:.3f} | {e['false_alarms']:.3f} |"
        )
    kinds = sorted({k for e in evaluations.values() for k in e["by_kind"]})
    counts = Counter(r.kind for r in batch if r.labels)
    print("\nRecall by kind of positive:\n")
    print("| kind (rows) | " + " | ".join(evaluations) + " |")
    print("|---|" + "---|" * len(evaluations))
    for kind in kinds:
        cells = " | ".join(f"{e['by_kind'].get(kind, 0.0):.3f}" for e in evaluations.values())
        print(f"| {kind} ({counts[kind]:,}) | {cells} |")
    for o in outcomes:
        for note in o.notes:
            print(f"\n{note}")
        flagged = Counter(
            batch[i].text for i, ids in enumerate(o.hits) if ids and not batch[i].labels
        )
        print(f"\n{o.name}: most frequent flagged negatives: {flagged.most_common(8)}")
    for message in skipped:
        print(f"\n{message}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=20231130)
    parser.add_argument("--nk-python", type=Path, default=Path("/work/bench-nk-venv/bin/python"))
    parser.add_argument(
        "--skip", action="append", default=[], choices=["rapidfuzz", "nomenklatura"]
    )
    args = parser.parse_args()
    if not CSL.exists():
        sys.exit(f"missing {CSL} (the shared datasets live beside the repository)")

    loads: list[str] = []

    def progress(step: str) -> None:
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        loads.append(f"{step}: load average {load}")
        print(f"[{time.strftime('%H:%M:%S')}] {step} (load {load})", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="techbloc-bench-") as tmp:
        work = Path(tmp)
        db = work / "bench.duckdb"
        progress("building the store and importing the CSL snapshot")
        build_store(db)
        import_list_file(db, str(CSL), retrieved=dt.date(2023, 11, 30))
        con = duckdb.connect(str(db), read_only=True)
        batch, facts = make_batch(args.rows, args.seed, con)
        con.close()
        progress(f"batch of {len(batch):,} rows; techbloc")
        outcomes = [run_techbloc(db, batch, progress)]
        skipped = []
        if "rapidfuzz" not in args.skip:
            progress("rapidfuzz")
            outcomes.append(run_rapidfuzz(db, batch, progress))
        if "nomenklatura" not in args.skip:
            progress("nomenklatura")
            result = run_nomenklatura(db, batch, args.nk_python, work)
            if isinstance(result, str):
                skipped.append(result)
            else:
                outcomes.append(result)
    progress("done")
    report(batch, facts, outcomes, skipped)
    print("\nLoad on the machine (other processes compete for the same 2 cores):")
    print("\n".join(f"  {line}" for line in loads))


if __name__ == "__main__":
    main()
