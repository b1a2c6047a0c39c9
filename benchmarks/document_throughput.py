"""Document throughput: PDF pages per second and MB of text per second, against named baselines.

Corpus (generated in a temporary folder, never in the repository): the passages of the labelled
tagging set (tests/documents/eval/passages.yaml, written for techbloc) shuffled (seed 11) into
  * a Chinese PDF and an English PDF of PAGES pages each (reportlab; STSong-Light for Chinese,
    Helvetica for English; a running header and a page number on every page), and
  * Chinese and English plain-text files of about MB megabytes each.

Measured, each once after one warm-up on the first pages:
  * PDF, pages/s: techbloc's reader (``extract_file``: pypdf text with positions, then paragraphs,
    headers and footers, Chinese line joins) against the baseline **pdfplumber**
    (``page.extract_text()`` on every page, no paragraph work) and pypdf's plain
    ``page.extract_text()`` (the raw layer techbloc builds on);
  * text, MB/s of UTF-8: techbloc's reader on the TXT files (paragraphs, dateline, hashes), the
    tagger (``DocumentTagger.tag``) against the baseline **per-term scan** (every gazetteer term
    looked for with ``str.find`` over the text, the naive way to tag), and the whole import
    (``import_documents``: read, tag, store, index, one transaction) of the TXT files.

Run:  PYTHONPATH=src .venv/bin/python benchmarks/document_throughput.py [PAGES] [MB]
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from techbloc.documents.extract import extract_file
from techbloc.documents.store import import_documents
from techbloc.documents.tagging import DocumentTagger
from techbloc.kb.loader import load_kb
from techbloc.store.build import build_store

ROOT = Path(__file__).resolve().parents[1]
PASSAGES = ROOT / "tests" / "documents" / "eval" / "passages.yaml"


def passages(lang: str) -> list[str]:
    data = yaml.safe_load(PASSAGES.read_text(encoding="utf-8"))
    items = data["passages"] if isinstance(data, dict) else data
    return [p["text"].strip() for p in items if p["lang"] == lang]


def write_pdf(path: Path, paragraphs: list[str], pages: int, chinese: bool) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    font = "Helvetica"
    if chinese:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        font = "STSong-Light"
    style = ParagraphStyle("body", fontName=font, fontSize=11, leading=17, spaceAfter=8)
    rng = random.Random(11)
    story: list[object] = []
    per_page = 4 if chinese else 3
    for _ in range(pages):
        for _ in range(per_page):
            story.append(Paragraph(rng.choice(paragraphs).replace("\n", " "), style))
        story.append(PageBreak())

    def furniture(canvas: object, doc: object) -> None:
        c = canvas  # reportlab's canvas: setFont / drawString
        c.setFont(font, 8)  # type: ignore[attr-defined]
        c.drawString(72, 810, "techbloc throughput corpus")  # type: ignore[attr-defined]
        c.drawString(290, 30, str(c.getPageNumber()))  # type: ignore[attr-defined]

    SimpleDocTemplate(str(path), pagesize=A4).build(
        story, onFirstPage=furniture, onLaterPages=furniture
    )


def write_txt(path: Path, paragraphs: list[str], megabytes: float) -> None:
    rng = random.Random(11)
    out: list[str] = []
    size = 0
    while size < megabytes * 1e6:
        p = rng.choice(paragraphs)
        out.append(p)
        size += len(p.encode("utf-8")) + 2
    path.write_text("\n\n".join(out) + "\n", encoding="utf-8")


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def pdfplumber_text(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            page.extract_text()


def pypdf_text(path: Path) -> None:
    from pypdf import PdfReader

    for page in PdfReader(str(path)).pages:
        page.extract_text()


def per_term_scan(terms: list[str], text: str) -> int:
    found = 0
    lowered = text.lower()
    for term in terms:
        start = lowered.find(term)
        while start >= 0:
            found += 1
            start = lowered.find(term, start + 1)
    return found


def gazetteer_terms() -> list[str]:
    kb = load_kb()
    terms: set[str] = set()
    for a in kb.alliances.values():
        terms.update(x for x in (a.name.en, a.name.zh, *a.aliases) if x)
        if a.short_name:
            terms.update(x for x in (a.short_name.en, a.short_name.zh) if x)
    for actor in kb.actors.values():
        terms.update(x for x in (actor.name.en, actor.name.zh, *actor.aliases) if x)
    for d in kb.domains.values():
        terms.update(d.keywords.en + d.keywords.zh)
    for group in (kb.instruments, kb.stages, kb.dimensions):
        for t in group.values():
            terms.update(x for x in (t.name.en, t.name.zh) if x)
            keywords = getattr(t, "keywords", None)
            if keywords is not None:
                terms.update(keywords.en + keywords.zh)
    return sorted({t.lower() for t in terms if len(t) > 1})


def main(pages: int, megabytes: float) -> None:
    load = os.getloadavg()
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="techbloc-throughput-") as tmp:
        folder = Path(tmp)
        zh, en = passages("zh"), passages("en")
        pdfs = {"zh": folder / "zh.pdf", "en": folder / "en.pdf"}
        write_pdf(pdfs["zh"], zh, pages, chinese=True)
        write_pdf(pdfs["en"], en, pages, chinese=False)
        txt_dir = folder / "txt"
        txt_dir.mkdir()
        write_txt(txt_dir / "zh.txt", zh, megabytes)
        write_txt(txt_dir / "en.txt", en, megabytes)
        extract_file(pdfs["zh"])  # warm-up: imports, fonts
        pdfplumber_text(pdfs["en"])
        for lang, path in pdfs.items():
            n = pdf_pages(path)
            for name, fn in (
                ("techbloc extract_file", lambda p=path: extract_file(p)),
                ("baseline: pdfplumber extract_text", lambda p=path: pdfplumber_text(p)),
                ("pypdf extract_text (raw layer)", lambda p=path: pypdf_text(p)),
            ):
                seconds = timed(fn)
                rows.append((f"PDF {lang}, {n} pages", name, f"{n / seconds:,.1f} pages/s",
                             f"{seconds:.2f} s"))  # fmt: skip
        tagger = DocumentTagger.from_kb()
        terms = gazetteer_terms()
        for lang in ("zh", "en"):
            path = txt_dir / f"{lang}.txt"
            text = path.read_text(encoding="utf-8")
            mb = len(text.encode("utf-8")) / 1e6
            for name, fn in (
                ("techbloc extract_file (TXT)", lambda p=path: extract_file(p)),
                ("techbloc DocumentTagger.tag", lambda t=text: tagger.tag(t)),
                (f"baseline: per-term scan ({len(terms):,} terms)",
                 lambda t=text: per_term_scan(terms, t)),
            ):  # fmt: skip
                seconds = timed(fn)
                rows.append((f"text {lang}, {mb:.1f} MB", name, f"{mb / seconds:,.2f} MB/s",
                             f"{seconds:.2f} s"))  # fmt: skip
        mb_all = sum(p.stat().st_size for p in txt_dir.iterdir()) / 1e6
        db = folder / "store.duckdb"
        build_store(db)  # the store is built before the clock starts
        seconds = timed(lambda: import_documents(db, [str(txt_dir)], tag_with_store_kb=True))
        rows.append((f"text zh+en, {mb_all:.1f} MB", "techbloc import docs (read, tag, store, "
                     "index; one transaction)", f"{mb_all / seconds:,.2f} MB/s",
                     f"{seconds:.2f} s"))  # fmt: skip
    print(f"load average at start: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; "
          f"at end: {os.getloadavg()[0]:.1f}; {os.cpu_count()} cores\n")  # fmt: skip
    print("| input | method | throughput | time |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 100,
        float(sys.argv[2]) if len(sys.argv) > 2 else 2.0,
    )
