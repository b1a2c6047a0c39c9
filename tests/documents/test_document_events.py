"""Tagged documents as dated events: the ``document_events`` view and its Python API."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from techbloc import Techbloc
from techbloc.documents.store import import_documents

DOCS = Path(__file__).resolve().parents[1] / "fixtures" / "documents"


def test_documents_become_dated_events_per_scope(fresh_store: Path) -> None:
    import_documents(
        fresh_store, [str(DOCS / "zh_briefing.txt"), str(DOCS / "en_news.html")],
        tag_with_store_kb=True,
    )  # fmt: skip
    with Techbloc.open(fresh_store) as tb:
        events = tb.document_events()
        wassenaar = tb.document_events(scope_type="alliance", scope_key="wassenaar")
        recent = tb.document_events(since="2024-01-01")
    assert {e["scope_type"] for e in events} == {"alliance", "domain", "country"}
    [w] = wassenaar
    assert (w["event_date"], w["date_basis"]) == (dt.date(2023, 10, 17), "published")
    assert (w["stance"], w["direction"]) == ("blockade", "restrictive")
    assert "瓦森纳安排" in w["evidence"]
    assert recent and all(e["event_date"] >= dt.date(2024, 1, 1) for e in recent)
    assert {e["language"] for e in recent} == {"en"}
    # every row's evidence is the sentence of the first mention of that scope in the document
    assert all(e["evidence"] for e in events)
