"""Documents and Federal Register files, generated and damaged: their readers raise only a
DocumentError (a kind and a reason), and the import records a failure with that reason or adds
the document; the catch-all for reader libraries is never what answers."""

from __future__ import annotations

import duckdb
from hypothesis import given
from hypothesis import strategies as st

from techbloc.documents.errors import DocumentError
from techbloc.documents.extract import read_documents
from techbloc.documents.store import Tagger, import_files, store_tagger
from tests.fuzz.conftest import Stores, tally
from tests.fuzz.document_files import SUFFIXES, damaged_fixture, docx_file, pdf_file, text_file
from tests.fuzz.json_files import fr_json
from tests.fuzz.markup_files import DEEP_MARKUP, fr_xml, html_page
from tests.fuzz.settings import FUZZ

_TAGGERS: dict[int, Tagger] = {}


def _tagger(stores: Stores, con: duckdb.DuckDBPyConnection) -> Tagger:
    """The store's own tagger (as `techbloc import docs` tags), built once per store."""
    if stores.count not in _TAGGERS:
        _TAGGERS.clear()
        _TAGGERS[stores.count] = store_tagger(con)[0]
    return _TAGGERS[stores.count]


def read_and_import(stores: Stores, data: bytes, name: str, importer: str) -> None:
    tally(importer)
    try:
        found = read_documents(data, name)
    except DocumentError as exc:
        assert exc.reason.strip() and exc.kind
        found = []
    for item in found:
        assert item.document.text.strip() and item.document.content_sha256
    path = stores.file(data, name)
    con = stores.connection()
    before = con.execute("SELECT count(*) FROM documents").fetchone()[0]  # type: ignore[index]
    report = import_files(con, [str(path)], tagger=_tagger(stores, con), tagger_version="fuzz")
    after = con.execute("SELECT count(*) FROM documents").fetchone()[0]  # type: ignore[index]
    assert after - before == len(report.added)
    assert len(report.added) + len(report.duplicates) <= max(len(found), 1)
    for failure in report.failures:
        assert failure.reason.strip()
        # the store's last resort for reader libraries ("cannot be read (KeyError: …)") must
        # never be what answers: every reader explains its own failures
        assert not failure.reason.startswith("cannot be read ("), failure.reason


NAME = st.tuples(st.sampled_from(["doc", "规则", "a b"]), st.sampled_from(SUFFIXES)).map("".join)


@FUZZ
@given(data=fr_json(), name=st.sampled_from(["fr.json", "2022-21658.json", "fr.txt"]))
def test_federal_register_json(stores: Stores, data: bytes, name: str) -> None:
    read_and_import(stores, data, name, "fr-json")


@FUZZ
@given(data=fr_xml(), name=st.sampled_from(["fr.xml", "2022-21658.xml", "fr"]))
def test_federal_register_xml(stores: Stores, data: bytes, name: str) -> None:
    read_and_import(stores, data, name, "fr-xml")


@FUZZ
@given(data=pdf_file(), name=NAME)
def test_pdf(stores: Stores, data: bytes, name: str) -> None:
    read_and_import(stores, data, name, "documents-pdf")


@FUZZ
@given(data=docx_file(), name=NAME)
def test_docx(stores: Stores, data: bytes, name: str) -> None:
    read_and_import(stores, data, name, "documents-docx")


@FUZZ
@given(data=st.one_of(html_page(), DEEP_MARKUP), name=NAME)
def test_html(stores: Stores, data: bytes, name: str) -> None:
    """HTML pages (also named .pdf, .txt …) and markup nested deeper than any parser recurses."""
    read_and_import(stores, data, name, "documents-html")


@FUZZ
@given(data=text_file(), name=NAME)
def test_text_and_markdown(stores: Stores, data: bytes, name: str) -> None:
    read_and_import(stores, data, name, "documents-txt-md")


@FUZZ
@given(data=st.one_of(damaged_fixture(), st.binary(max_size=300)), name=NAME)
def test_damaged_fixtures_and_bytes(stores: Stores, data: bytes, name: str) -> None:
    read_and_import(stores, data, name, "documents-damaged")
