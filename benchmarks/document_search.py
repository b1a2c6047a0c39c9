"""Document search: relevance on the test corpus and speed on a synthetic corpus, against baselines.

Relevance: the 25 queries of tests/documents/search/relevance.yaml over the 15-document test corpus
(tests/documents/search/corpus.yaml), counting the queries whose expected document ranks first:
  * techbloc: ``search_documents`` (jieba words + character pairs, BM25 per passage, ranked per
    document with the depth weight);
  * techbloc variants: character pairs off / shared with the words, depth weight 0;
  * baseline "FTS5, same tokens": SQLite FTS5 (porter over unicode61) over the very same token
    strings, ranked by each document's best passage (bm25);
  * baseline "ILIKE": the raw text scanned for each space-separated part of the query
    (``ILIKE '%part%'``), documents ranked by how many parts they contain.
Segmentation probes (same corpus): words jieba cuts differently in query and text
(日荷, 全称, 统筹委, 学生, 留学生: the expected document must rank first) and every two-character
string that is a jieba word in one document and only a cross-boundary pair in another (the word's
documents must rank above the pair's).

Speed: PASSAGES passages (default 5,000) made by recombining the corpus's sentences at random
(seed 7) into documents of 3–8 passages of 1–3 sentences, in a fresh store. Index time: techbloc's
``index_documents`` (tokenising and the FTS build, also shown apart) and FTS5 over the same tokens;
query time: the 25 queries, REPEATS rounds, on a read-only connection for techbloc (with
snippets), per query; and the passage scoring alone, as techbloc reads it from the index's
postings and as the extension's ``match_bm25`` macro computes it over every passage.

Run:  PYTHONPATH=src .venv/bin/python benchmarks/document_search.py [PASSAGES] [REPEATS]
"""

from __future__ import annotations

import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.documents.search.corpus import (  # noqa: E402
    FixtureDocument,
    insert_corpus,
    insert_document,
    load_corpus,
)

from techbloc.documents import search as search_module  # noqa: E402
from techbloc.documents import segment  # noqa: E402
from techbloc.documents.search import (  # noqa: E402
    BM25_B,
    BM25_K,
    MATCH_BM25_SCORES,
    PASSAGE_SCORES,
    query_words,
    search_documents,
)
from techbloc.documents.search_index import FTS_SCHEMA, index_documents  # noqa: E402
from techbloc.documents.segment import tokenize, tokens_text  # noqa: E402
from techbloc.store.build import build_store  # noqa: E402

QUERIES = yaml.safe_load(
    (ROOT / "tests" / "documents" / "search" / "relevance.yaml").read_text(encoding="utf-8")
)["queries"]
DIVERGENT = {
    "日荷": "us-jp-nl-coordination",
    "全称": "wassenaar-intro",
    "统筹委": "wassenaar-intro",
    "学生": "us-proclamation-10043",
    "留学生": "us-proclamation-10043",
}
SUBJECT_OVER_MENTION = [  # (query, a document about it, a document that names it once)
    ("出口管制", "cn-export-control-law", "global-ai-governance"),
    ("export controls", "us-bis-advanced-computing", "blue-dot-network"),
]
Ranker = Callable[[str], list[str]]


# ---------------------------------------------------------------- baselines
def fts5_ranker(con: duckdb.DuckDBPyConnection) -> tuple[Ranker, sqlite3.Connection, float]:
    """SQLite FTS5 over the same token strings; a document scores its best passage."""
    rows = con.execute("SELECT passage_id, doc_id, tokens FROM document_search").fetchall()
    started = time.perf_counter()
    lite = sqlite3.connect(":memory:")
    lite.execute(
        "CREATE VIRTUAL TABLE p USING fts5(passage_id UNINDEXED, doc_id UNINDEXED, tokens, "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    lite.executemany("INSERT INTO p VALUES (?, ?, ?)", rows)
    lite.commit()
    seconds = time.perf_counter() - started

    stop = {r[0] for r in con.execute(f"SELECT sw FROM {FTS_SCHEMA}.stopwords").fetchall()}

    def rank(query: str) -> list[str]:
        words = [w for w in dict.fromkeys(tokenize(query)) if w not in stop]
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        found = lite.execute(
            "SELECT doc_id FROM p WHERE p MATCH ? ORDER BY bm25(p), doc_id", [match]
        ).fetchall()
        return list(dict.fromkeys(str(r[0]) for r in found))[:20]  # each document's best

    return rank, lite, seconds


def ilike_ranker(con: duckdb.DuckDBPyConnection) -> Ranker:
    """The raw text scanned for each space-separated part of the query."""

    def rank(query: str) -> list[str]:
        parts = [p for p in query.split() if p]
        score = " + ".join("CAST(d.text ILIKE ? AS INTEGER)" for _ in parts)
        found = con.execute(
            f"SELECT doc_id FROM (SELECT d.doc_id, {score} AS s FROM documents d) "
            "WHERE s > 0 ORDER BY s DESC, doc_id LIMIT 20",
            [f"%{p}%" for p in parts],
        ).fetchall()
        return [str(r[0]) for r in found]

    return rank


def techbloc_ranker(con: duckdb.DuckDBPyConnection) -> Ranker:
    def rank(query: str) -> list[str]:
        return [str(r["doc_id"]) for r in search_documents(con, query)]

    return rank


def scores_ranker(con: duckdb.DuckDBPyConnection, sql: str) -> Ranker:
    """Passage scores alone (no ranking per document, filters or snippets)."""

    def rank(query: str) -> list[str]:
        params = {"query": " ".join(query_words(con, query)), "k": BM25_K, "b": BM25_B}
        return [str(r[0]) for r in con.execute(sql, params).fetchall()]

    return rank


# ---------------------------------------------------------------- relevance
def corpus_store(base: Path, folder: Path, name: str) -> tuple[duckdb.DuckDBPyConnection, dict]:
    path = folder / f"{name}.duckdb"
    shutil.copyfile(base, path)
    con = duckdb.connect(str(path))
    ids = insert_corpus(con)
    index_documents(con)
    return con, {v: k for k, v in ids.items()}


def first_count(rank: Ranker, key: dict[str, str]) -> int:
    return sum(1 for q in QUERIES if [key.get(d) for d in rank(q["query"])[:1]] == [q["expect"]])


def subject_first(rank: Ranker, key: dict[str, str]) -> int:
    good = 0
    for query, about, once in SUBJECT_OVER_MENTION:
        ranked = [key.get(d) for d in rank(query)]
        good += about in ranked and (once not in ranked or ranked.index(about) < ranked.index(once))
    return good


def divergent_first(rank: Ranker, key: dict[str, str]) -> int:
    return sum(1 for w, k in DIVERGENT.items() if [key.get(d) for d in rank(w)[:1]] == [k])


def pair_cases(docs: list[FixtureDocument]) -> dict[str, tuple[set[str], set[str]]]:
    """Two-character strings that are a word in some documents and only a pair in others."""
    words = {d.key: set(tokenize(d.text, bigrams="off")) for d in docs}
    texts = {d.key: segment.fold(d.text)[0] for d in docs}
    cases = {}
    for text in texts.values():
        for run in re.findall(r"[\u4e00-\u9fff]+", text):
            for i in range(len(run) - 1):
                pair = run[i : i + 2]
                as_word = {k for k, ws in words.items() if pair in ws}
                as_pair = {k for k, t in texts.items() if pair in t} - as_word
                if as_word and as_pair:
                    cases[pair] = (as_word, as_pair)
    return cases


def words_above_pairs(rank: Ranker, key: dict[str, str], cases: dict[str, Any]) -> int:
    good = 0
    for pair, (as_word, as_pair) in cases.items():
        ranked = [key.get(d) for d in rank(pair)]
        pos = [ranked.index(k) for k in as_word if k in ranked]
        neg = [ranked.index(k) for k in as_pair if k in ranked]
        good += len(pos) == len(as_word) and (not neg or max(pos) < min(neg))
    return good


def relevance(base: Path, folder: Path) -> None:
    docs = load_corpus()
    cases = pair_cases(docs)
    print(f"\n### Relevance: {len(QUERIES)} queries, {len(docs)} documents\n")
    print(
        f"| method | expected document first (of {len(QUERIES)}) | divergent words first "
        f"(of {len(DIVERGENT)}) | word above pair (of {len(cases)}) | subject above single "
        f"mention (of {len(SUBJECT_OVER_MENTION)}) | tokens indexed |"
    )
    print("|---|---|---|---|---|---|")
    variants: list[tuple[str, segment.BigramMode, float]] = [
        ("techbloc (pairs separate, depth 0.25)", "separate", 0.25),
        ("techbloc, depth weight 0", "separate", 0.0),
        ("techbloc, pairs shared with words", "shared", 0.25),
        ("techbloc, no pairs", "off", 0.25),
    ]
    default_mode, default_depth = segment.HAN_BIGRAMS, search_module.DEPTH_WEIGHT
    for label, mode, depth in variants:
        segment.HAN_BIGRAMS, search_module.DEPTH_WEIGHT = mode, depth
        con, key = corpus_store(base, folder, f"rel-{mode}-{depth}")
        tokens = con.execute(
            "SELECT sum(len(string_split(tokens, ' '))) FROM document_search"
        ).fetchone()
        rank = techbloc_ranker(con)
        print(
            f"| {label} | {first_count(rank, key)} | {divergent_first(rank, key)} | "
            f"{words_above_pairs(rank, key, cases)} | {subject_first(rank, key)} | "
            f"{tokens[0] if tokens else 0:,} |"
        )
        if mode == default_mode and depth == default_depth:
            fts5, lite, _ = fts5_ranker(con)
            ilike = ilike_ranker(con)
            baselines = [("FTS5, same tokens", fts5), ("ILIKE scan of the text", ilike)]
            for name, ranker in baselines:
                print(
                    f"| baseline: {name} | {first_count(ranker, key)} | "
                    f"{divergent_first(ranker, key)} | {words_above_pairs(ranker, key, cases)} "
                    f"| {subject_first(ranker, key)} | — |"
                )
            lite.close()
        con.close()
    segment.HAN_BIGRAMS, search_module.DEPTH_WEIGHT = default_mode, default_depth


# ---------------------------------------------------------------- speed
def synthetic_documents(passages: int, seed: int = 7) -> list[FixtureDocument]:
    sentences = [
        s.strip()
        for d in load_corpus()
        for p in [d.title, *d.paragraphs]
        for s in re.split(r"(?<=[。.;；])\s*", p)
        if len(s.strip()) > 8
    ]
    rng = random.Random(seed)
    docs, made = [], 0
    while made < passages:
        count = min(rng.randint(3, 8), passages - made)
        paras = [" ".join(rng.sample(sentences, rng.randint(1, 3))) for _ in range(count)]
        han = sum(1 for ch in "".join(paras) if "\u4e00" <= ch <= "\u9fff")
        language = "zh" if han > len("".join(paras)) / 3 else "en"
        docs.append(FixtureDocument(f"syn-{len(docs)}", language, None, paras[0], paras[1:], []))
        made += count
    return docs


def timed(func: Callable[[], Any]) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def query_ms(rank: Ranker, repeats: int) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        for q in QUERIES:
            times.append(timed(lambda q=q: rank(q["query"])) * 1000)
    return statistics.median(times), max(times)


def speed(base: Path, folder: Path, passages: int, repeats: int) -> None:
    docs = synthetic_documents(passages)
    path = folder / "speed.duckdb"
    shutil.copyfile(base, path)
    with duckdb.connect(str(path)) as con:
        for doc in docs:
            insert_document(con, doc)
        n_passages = con.execute("SELECT count(*) FROM document_blocks").fetchone()
        texts = [r[0] for r in con.execute("SELECT text FROM documents").fetchall()]
        tokenise_s = timed(lambda: [tokens_text(t) for t in texts])
        index_s = timed(lambda: index_documents(con))
        _, lite, fts5_build_s = fts5_ranker(con)
        lite.close()
    chars = sum(len(t) for t in texts)
    print(
        f"\n### Speed: {len(docs):,} documents, {n_passages[0] if n_passages else 0:,} passages, "
        f"{chars:,} characters; {len(QUERIES)} queries × {repeats} rounds\n"
    )
    print("| method | index (s) | query median (ms) | query max (ms) |")
    print("|---|---|---|---|")
    with duckdb.connect(str(path), read_only=True) as ro:
        med, worst = query_ms(techbloc_ranker(ro), repeats)
        print(
            f"| techbloc search_documents (read-only, with snippets) | {index_s:.2f} "
            f"(tokenising {tokenise_s:.2f}) | {med:.1f} | {worst:.1f} |"
        )
        fts5, lite, _ = fts5_ranker(ro)
        med, worst = query_ms(fts5, repeats)
        print(
            f"| baseline: SQLite FTS5, same tokens | {fts5_build_s:.2f} (+ tokenising) | "
            f"{med:.1f} | {worst:.1f} |"
        )
        lite.close()
        med, worst = query_ms(ilike_ranker(ro), repeats)
        print(f"| baseline: ILIKE scan of the text | 0 | {med:.1f} | {worst:.1f} |")
        for label, sql in (
            ("passage scores only: postings of the query terms (used)", PASSAGE_SCORES),
            ("passage scores only: match_bm25 over every passage", MATCH_BM25_SCORES),
        ):
            med, worst = query_ms(scores_ranker(ro, sql), repeats)
            print(f"| techbloc {label} | — | {med:.1f} | {worst:.1f} |")


def main() -> None:
    passages = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = folder / "base.duckdb"
        build_store(base)
        relevance(base, folder)
        speed(base, folder, passages, repeats)


if __name__ == "__main__":
    main()
