"""Search over documents as the importer writes them (the real extraction of the document
fixtures): an import indexes what it adds, in its own transaction."""

from __future__ import annotations

from pathlib import Path

import duckdb

from techbloc.documents.search import search_documents
from techbloc.documents.search_index import index_status
from techbloc.documents.store import import_documents
from tests.documents.fixtures import DOCS, tag_word


def test_imported_documents_are_searchable_at_once(fresh_store: Path) -> None:
    files = ["zh_briefing.pdf", "en_briefing.pdf", "en_news.html", "chip4_bilingual.docx"]
    report = import_documents(fresh_store, [str(DOCS / f) for f in files], tagger=tag_word)
    assert len(report.added) == 4
    with duckdb.connect(str(fresh_store), read_only=True) as con:
        assert not index_status(con).is_stale
        titles = {d.doc_id: d.title for d in report.added}
        pdf = next(d.doc_id for d in report.added if d.location.endswith("zh_briefing.pdf"))
        rows = search_documents(con, "先进计算 半导体制造设备")
        assert rows[0]["doc_id"] == pdf
        assert rows[0]["page"] in {1, 2} and "«" in rows[0]["snippet"]
        # the PDF's wrapped line "半导体制造\n设备" is one word again in the clean text
        assert "«半导体制造设备»" in " ".join(r["snippet"] for r in rows)
        english = search_documents(con, "dual-use controls", language="en")
        assert english and all(titles[r["doc_id"]] is not None for r in english)
        assert {r["doc_id"] for r in search_documents(con, "出口管制", alliance="瓦森纳")} <= {
            d.doc_id for d in report.added
        }
    again = import_documents(fresh_store, [str(DOCS / "zh_briefing.pdf")])
    assert again.import_id is None  # a duplicate: nothing written, the index untouched
