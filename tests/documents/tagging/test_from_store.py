"""The tagger built from a store equals the tagger built from the knowledge base."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from techbloc.documents.tagging import DocumentTagger
from techbloc.documents.tagging.vocabulary import vocabulary_from_kb, vocabulary_from_store
from techbloc.errors import StoreError
from techbloc.kb.loader import load_kb

TEXT = (
    "2023年1月27日，美日荷就限制对华出口光刻机达成一致，中方坚决反对。\n\n"
    "On October 7, 2022, Washington imposed export controls on advanced computing chips; "
    "the Wassenaar Arrangement (WA) did not follow. The EU-US TTC agreed to cooperate on "
    "semiconductor supply chain resilience. 港澳台 and the Quad."
)


def test_from_store_equals_from_kb(builtin_db: Path, tagger: DocumentTagger) -> None:
    con = duckdb.connect(str(builtin_db), read_only=True)
    try:
        from_store = DocumentTagger.from_store(con)
        stored = vocabulary_from_store(con)
    finally:
        con.close()
    built = vocabulary_from_kb(load_kb())
    assert stored.terms == built.terms
    assert stored.labels == built.labels
    assert stored.domain_parents == built.domain_parents
    assert stored.abbreviations == built.abbreviations
    assert from_store.tag(TEXT) == tagger.tag(TEXT)
    assert tagger.tag(TEXT).mentions  # the comparison is not between two empty results


def test_codes_are_not_terms(tagger: DocumentTagger) -> None:
    terms = {t.term for t in tagger.vocabulary.terms if t.type == "country"}
    assert {"IN", "IT", "NO", "DE", "CHN", "DDR"}.isdisjoint(terms)
    assert {"US", "USA", "EU"} <= terms  # named again as forms in country_terms.yaml


def test_a_store_without_the_tables_is_a_clear_error(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "empty.duckdb"))
    try:
        with pytest.raises(StoreError, match="lacks the knowledge-base tables") as caught:
            DocumentTagger.from_store(con)
        assert "techbloc init" in (caught.value.hint or "")
    finally:
        con.close()
