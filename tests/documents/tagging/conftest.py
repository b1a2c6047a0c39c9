"""One tagger over the built-in knowledge base for the tagging tests (built once per run)."""

from __future__ import annotations

import pytest

from techbloc.documents.tagging import DocumentTagger


@pytest.fixture(scope="session")
def tagger() -> DocumentTagger:
    return DocumentTagger.from_kb()
