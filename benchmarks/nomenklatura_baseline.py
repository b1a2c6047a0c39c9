"""nomenklatura as a baseline for benchmarks/screening_batch.py, run in its own environment.

nomenklatura pins duckdb<2 and an exact scikit-learn, so it never enters the project's
environment: screening_batch.py runs this file with the Python of a separate virtualenv
(/work/bench-nk-venv by default; `python3.11 -m venv /work/bench-nk-venv &&
/work/bench-nk-venv/bin/pip install nomenklatura`) and exchanges JSON files with it.

What it measures, the way nomenklatura matches a batch against a list:
* build: the list entities (FollowTheMoney LegalEntity, name + aliases + countries) go into a
  MemoryStore and nomenklatura's blocking index (DuckDB) is built;
* batch: ``Index.match_entities`` blocks all queries at once (its top candidates per query), then
  the chosen algorithm scores every query-candidate pair, in ``workers`` processes; hits are the
  entities scoring at or above the threshold (yente's match threshold, 0.70), best first;
* single: the same for one query at a time (blocking one entity per call), on the first rows.

Input (argv[1], JSON): {"listed": [[id, [names], [countries]]], "queries": [[name, country]],
"threshold", "limit", "workers", "single", "algorithm"}. Output (argv[2], JSON): timings, memory
and the hit ids per query.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import resource
import sys
import tempfile
import time
import tracemalloc
from importlib.metadata import version
from pathlib import Path
from typing import Any

from followthemoney import Dataset, StatementEntity
from nomenklatura.blocker.index import Index
from nomenklatura.matching import get_algorithm
from nomenklatura.resolver import Linker
from nomenklatura.store import MemoryStore

LISTED = Dataset.make({"name": "listed", "title": "Listed entities"})
QUERIES = Dataset.make({"name": "queries", "title": "Screened names"})

_listed: dict[str, StatementEntity] = {}
_settings: dict[str, Any] = {}


def _entity(dataset: Dataset, entity_id: str, names: list[str], countries: list[str]) -> Any:
    properties = {"name": names[:1], "alias": names[1:], "country": countries}
    data = {"id": entity_id, "schema": "LegalEntity", "properties": properties}
    return StatementEntity.from_data(dataset, data)


def _query_entities(queries: list[list[Any]], start: int = 0) -> list[Any]:
    return [
        _entity(QUERIES, f"query-{start + i}", [name], [country.lower()] if country else [])
        for i, (name, country) in enumerate(queries)
    ]


def _start(listed: list[list[Any]], settings: dict[str, Any]) -> None:
    _listed.update({row[0]: _entity(LISTED, row[0], row[1], row[2]) for row in listed})
    _settings.update(settings)


def _score(task: tuple[list[Any], list[list[str]]]) -> list[list[str]]:
    """Hit ids for each query of a chunk, given its candidates from the blocking index."""
    queries, candidates = task
    algorithm = get_algorithm(_settings["algorithm"])
    assert algorithm is not None
    config = algorithm.default_config()
    out = []
    for query, ids in zip(_query_entities(queries), candidates, strict=True):
        scored = []
        for entity_id in ids:
            score = algorithm.compare(query, _listed[entity_id], config).score
            if score >= _settings["threshold"]:
                scored.append((-score, entity_id))
        out.append([entity_id for _, entity_id in sorted(scored)[: _settings["limit"]]])
    return out


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    logging.disable(logging.INFO)
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    listed, queries = spec["listed"], spec["queries"]
    settings = {k: spec[k] for k in ("threshold", "limit", "algorithm")}
    _start(listed, settings)
    work = Path(tempfile.mkdtemp(prefix="nk-bench-"))

    rss_before = _rss_mb()
    tracemalloc.start()
    started = time.perf_counter()
    store = MemoryStore(LISTED, Linker({}))
    with store.writer() as writer:
        for entity in _listed.values():
            writer.add_entity(entity)
    index = Index(store.default_view(), work / "index")
    index.build()
    build_seconds = time.perf_counter() - started
    build_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    rss_growth = _rss_mb() - rss_before

    single_rows = queries[: spec["single"]]
    started = time.perf_counter()
    for i, row in enumerate(single_rows):
        entity = _query_entities([row], start=i)[0]
        ids = [m.id for _, matches in index.match_entities([entity]) for m, _ in matches]
        _score(([row], [ids]))
    single_seconds = time.perf_counter() - started

    started = time.perf_counter()
    entities = _query_entities(queries)
    candidates: list[list[str]] = [[] for _ in queries]
    for query_id, matches in index.match_entities(entities):
        candidates[int(query_id.id.removeprefix("query-"))] = [m.id for m, _ in matches]
    blocked = time.perf_counter() - started
    chunk = 500
    tasks = [
        (queries[i : i + chunk], candidates[i : i + chunk]) for i in range(0, len(queries), chunk)
    ]
    context = multiprocessing.get_context("forkserver")
    with context.Pool(spec["workers"], initializer=_start, initargs=(listed, settings)) as pool:
        hits = [ids for part in pool.imap(_score, tasks) for ids in part]
    batch_seconds = time.perf_counter() - started

    result = {
        "version": version("nomenklatura"),
        "algorithm": spec["algorithm"],
        "build_seconds": build_seconds,
        "build_peak_mb": build_peak,
        "rss_growth_mb": rss_growth,
        "single_rows": len(single_rows),
        "single_seconds": single_seconds,
        "batch_seconds": batch_seconds,
        "blocking_seconds": blocked,
        "hits": hits,
    }
    Path(sys.argv[2]).write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main()
