"""Speed of DocumentTagger.tag on 1 MB of English and 1 MB of Chinese, against a per-term baseline.

English: the text of a real Federal Register rule (../shared/datasets/federal-register-samples,
tags stripped), repeated to 1 MB. Chinese: a paragraph written for this benchmark in the style of a
policy commentary, dense with terms (about one mention every 20 characters, a worst case), repeated
to 1 MB, and the same sentences shuffled with varying lead-ins ("Chinese varied"). Baseline: what
the tagger avoids — one ``re.finditer`` per term of the same vocabulary over the text (literal,
case-sensitive matching only: no boundaries, checks, resolution, stance or dates); beside it, the
tagger's own matching alone (find and resolve, without mentions, stance and dates).

    PYTHONPATH=src .venv/bin/python benchmarks/tagging_speed.py

CPU time of this process (``time.process_time``) is reported beside wall time, as the machine is
shared; the load average is printed with the results.
"""

from __future__ import annotations

import os
import random
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import duckdb

from techbloc.documents.tagging import DocumentTagger
from techbloc.documents.tagging.gazetteer import resolve
from techbloc.documents.tagging.textprep import matching_text
from techbloc.kb.loader import load_kb
from techbloc.store.build import build_store

T = TypeVar("T")

ROOT = Path(__file__).resolve().parent.parent
FR_XML = ROOT.parent / "shared" / "datasets" / "federal-register-samples"
CHINESE = (
    "2023年10月17日，美国商务部工业与安全局发布出口管制新规，进一步限制对华出口先进计算芯片和"
    "半导体制造设备，并将13家中国实体列入实体清单。中方对此坚决反对，认为美方泛化国家安全概念，"
    "滥用出口管制措施。荷兰和日本随后也宣布加强光刻机出口管制，美日荷三国在半导体领域的协调日益"
    "紧密。瓦森纳安排成员国就两用物项管制清单进行了讨论。与此同时，中欧在人工智能、数据跨境流动等"
    "领域开展对话与合作，双方同意加强标准制定方面的交流。\n"
)
SIZE = 1_000_000
FILLERS = "据报道有关方面表示相关部门近日指出专家认为分析人士称值得注意的是另据消息"


def english_text() -> str:
    xml = (FR_XML / "FR_2023-03929_entity_list_additions.xml").read_text(encoding="utf-8")
    return re.sub(r"[ \t]+", " ", re.sub(r"<[^>]+>", " ", xml))


def repeated(text: str) -> str:
    return text * (SIZE // len(text.encode("utf-8")) + 1)


def varied(text: str) -> str:
    """The paragraph's sentences shuffled, each with a different short lead-in and a number, to
    1 MB: fewer repeated contexts than plain repetition (jieba's cache hits less often)."""
    sentences = [s for s in text.replace("\n", "").split("。") if s]
    rng = random.Random(1)
    parts, size = [], 0
    while size < SIZE:
        start = rng.randint(0, len(FILLERS) - 6)
        lead = FILLERS[start : start + rng.randint(2, 6)]
        piece = f"{lead}{rng.choice(sentences)}（{rng.randint(1, 999)}）。"
        parts.append(piece)
        size += len(piece.encode("utf-8"))
    return "".join(parts)


def per_term_baseline(tagger: DocumentTagger, text: str) -> int:
    count = 0
    for term in {t.term for t in tagger.vocabulary.terms}:
        count += sum(1 for _ in re.finditer(re.escape(term), text))
    return count


def measure(label: str, func: object, text: str) -> None:
    size = len(text.encode("utf-8")) / 1e6
    wall, cpu = time.perf_counter(), time.process_time()
    out = func(text)  # type: ignore[operator]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    found = len(out.mentions) if hasattr(out, "mentions") else out
    row = [label, f"{size:.2f} MB", f"{wall:.2f} s", f"{cpu:.2f} s", f"{size / cpu:.2f} MB/s"]
    print("| " + " | ".join([*row, f"{found:,}"]) + " |")


def matching_only(tagger: DocumentTagger, text: str) -> int:
    return len(resolve(tagger.gazetteer.find(matching_text(text))))


def timed(label: str, func: Callable[[], T]) -> T:
    wall, cpu = time.perf_counter(), time.process_time()
    out = func()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label}: {wall:.2f} s wall, {cpu:.2f} s CPU")
    return out


def main() -> None:
    kb = timed("load the knowledge base", load_kb)
    re.purge()  # no compiled pattern from an earlier build
    tagger = timed("DocumentTagger.from_kb(kb)", lambda: DocumentTagger.from_kb(kb))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "store.duckdb"
        build_store(path, kb)
        con = duckdb.connect(str(path), read_only=True)
        re.purge()
        timed("DocumentTagger.from_store(con)", lambda: DocumentTagger.from_store(con))
        con.close()
    print(f"{len(tagger.vocabulary.terms):,} terms")
    tagger.tag("中美关系")  # jieba's dictionary loads on first use (once per process)
    print(f"load average: {os.getloadavg()[0]:.1f}")
    print("| run | text | wall | CPU | CPU throughput | mentions (or raw matches) |")
    print("|---|---|---|---|---|---|")
    texts = (
        ("English", repeated(english_text())),
        ("Chinese", repeated(CHINESE)),
        ("Chinese varied", varied(CHINESE)),
    )
    for name, text in texts:
        measure(f"tag() {name}", tagger.tag, text)
        measure(f"matching only {name}", lambda t: matching_only(tagger, t), text)
        measure(f"per-term baseline {name}", lambda t: per_term_baseline(tagger, t), text)


if __name__ == "__main__":
    main()
